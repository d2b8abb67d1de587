// Reading an upgrade request's target and answering an upgrade on the raw socket. Whatever bytes a
// client sends as the target, nothing here throws: the upgrade listener must never crash the process.
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';

export interface UpgradeTarget {
  pathname: string;
  query: URLSearchParams;
}

// The absolute form (`GET http://host/path`) is valid HTTP/1.1; only its path and query matter here.
const SCHEME_AND_AUTHORITY = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?#]*/;

/**
 * The path and query of a request target, taken as the bytes are (no dot-segment or %-decoding of the
 * path, like the renderer's own URLs need). `new URL()` would throw on targets such as `//[`.
 */
export function upgradeTarget(target: string | undefined): UpgradeTarget {
  const raw = (target ?? '/').replace(SCHEME_AND_AUTHORITY, '');
  const hash = raw.indexOf('#');
  const bare = hash === -1 ? raw : raw.slice(0, hash);
  const q = bare.indexOf('?');
  return q === -1
    ? { pathname: bare, query: new URLSearchParams() }
    : { pathname: bare.slice(0, q), query: new URLSearchParams(bare.slice(q + 1)) };
}

/** Answers an upgrade with a plain HTTP status and destroys the socket once the answer is flushed. */
export function answerUpgrade(socket: Duplex, status: number): void {
  if (socket.destroyed) return;
  const text = STATUS_CODES[status] ?? 'Error';
  socket.once('finish', () => socket.destroy());
  socket.end(
    `HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(text)}\r\n\r\n${text}`,
  );
}
