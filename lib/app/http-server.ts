// Listening and stopping an http.Server: shared by justpy() and justpy-ts/testing.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Listens on host:port (0 picks a free port); rejects with the listen error (EADDRINUSE, ...). */
export function listenOn(server: Server, port: number, host: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/**
 * `http://host:port/` of a listening server, as this machine reaches it: a wildcard address
 * (0.0.0.0, ::) reads as 127.0.0.1. Null when it does not listen on a TCP port.
 */
export function urlOf(server: Server): string | null {
  const address = server.address() as AddressInfo | string | null;
  if (address === null || typeof address === 'string') return null;
  const wildcard = address.address === '0.0.0.0' || address.address === '::';
  const host = wildcard ? '127.0.0.1' : address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `http://${host}:${address.port}/`;
}

/** Stops a server, its keep-alive and upgraded connections included. */
export async function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

/**
 * Stops a server gracefully: no new connections, idle keep-alive ones closed at once, requests in
 * flight finish (for `timeoutMs` at most, then every connection is closed).
 */
export async function closeServerGracefully(server: Server, timeoutMs: number): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      server.closeAllConnections();
      resolve();
    }, timeoutMs);
  });
  await Promise.race([closed, late]);
  clearTimeout(timer);
  await closed;
}
