// What the client talks to: an app it starts on 127.0.0.1 port 0, a server (started here if it is
// not listening yet) or the URL of a running instance.
import http, { type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
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
    return { baseUrl: urlOf(server), started: null, server };
  }
  if (attach) (typeof attach === 'function' ? attach : attach.attach.bind(attach))(server);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  return { baseUrl: urlOf(server), started: server, server };
}

function urlOf(server: Server): string {
  const address = server.address() as AddressInfo | string | null;
  if (address === null || typeof address === 'string') throw new TestKitError('the server does not listen on a TCP port');
  const wildcard = address.address === '0.0.0.0' || address.address === '::';
  const host = wildcard ? '127.0.0.1' : address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `http://${host}:${address.port}/`;
}

/** Closes a server the client started, its keep-alive and upgraded connections included. */
export async function closeStarted(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}
