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
  /** `http://127.0.0.1:<port>/`, or the given URL with its path ending in '/'. */
  baseUrl: string;
  /** The server the client started, null when it talks to a server or URL it was given running. */
  started: Server | null;
  /** The server the client talks to in this process, if any. */
  server: Server | null;
}

export async function resolveTarget(target: TestTarget, attach: AttachSockets | undefined): Promise<ResolvedTarget> {
  if (typeof target === 'string' || target instanceof URL) {
    if (attach) throw new TestKitError('attach is for an app or a server the client starts; a URL is already running');
    return { baseUrl: mountPoint(target), started: null, server: null };
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

/** A URL's path is where the app is mounted (behind a proxy that adds a prefix): it ends with '/'. */
function mountPoint(target: string | URL): string {
  const url = new URL(target);
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  url.search = '';
  url.hash = '';
  return url.href;
}

/**
 * Where a path the test gives goes: `'/x'` and `'x'` both below the base URL's path (the app's mount
 * point), a full URL as it is. What the server sends (Location, redirect, ws_path) is resolved as a
 * browser resolves it, not through this.
 */
export function resolvePath(baseUrl: string, path: string | URL): string {
  const relative = typeof path === 'string' && path.startsWith('/') && !path.startsWith('//') ? `.${path}` : path;
  return new URL(relative, baseUrl).href;
}

function baseUrlOf(server: Server): string {
  const url = urlOf(server);
  if (url === null) throw new TestKitError('the server does not listen on a TCP port');
  return url;
}

/** Closes a server the client started, its keep-alive and upgraded connections included. */
export const closeStarted = closeServer;
