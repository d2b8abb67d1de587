// What the client talks to: an app it starts on 127.0.0.1 port 0, a server (started here if it is
// not listening yet) or the URL of a running instance.
import http, { type RequestListener, type Server } from 'node:http';
import { closeServer, listenOn, urlOf } from '../app/http-server.js';
import { TestKitError } from './errors.js';

/**
 * An Express 4 or 5 app (any `(req, res)` listener), an `http.Server`, or the URL of a running
 * instance (a deployed one, or a load balancer in front of several).
 */
export type TestTarget = RequestListener | Server | string | URL;

/** Opens the renderer's socket endpoint on a server: a renderer (`jp`), or a function. */
export type AttachSockets = { attach(server: Server): void } | ((server: Server) => void);

export interface ResolvedTarget {
  /** `http://127.0.0.1:<port>` (or the given URL's origin and path). */
  baseUrl: string;
  /** The server the client started, null when it talks to a server or URL it was given running. */
  started: Server | null;
  /** The server the client talks to in this process, if any. */
  server: Server | null;
}

export async function resolveTarget(target: TestTarget, attach: AttachSockets | undefined): Promise<ResolvedTarget> {
  if (typeof target === 'string' || target instanceof URL) {
    if (attach) throw new TestKitError('attach is for an app or a server the client starts; a URL is already running');
    return { baseUrl: new URL(target).href, started: null, server: null };
  }
  const server = target instanceof http.Server ? target : http.createServer(target);
  if (server.listening) {
    if (attach) throw new TestKitError('attach is for a server the client starts; this one is already listening (attach it yourself)');
    return { baseUrl: baseUrlOf(server), started: null, server };
  }
  if (attach) (typeof attach === 'function' ? attach : attach.attach.bind(attach))(server);
  await listenOn(server, 0, '127.0.0.1');
  return { baseUrl: baseUrlOf(server), started: server, server };
}

function baseUrlOf(server: Server): string {
  const url = urlOf(server);
  if (url === null) throw new TestKitError('the server does not listen on a TCP port');
  return url;
}

/** Closes a server the client started, its keep-alive and upgraded connections included. */
export const closeStarted = closeServer;
