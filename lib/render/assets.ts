import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

/** The files the page needs, served from our own origin under `${basePath}/static/`. */
export interface Assets {
  /** URL path of the client bundle, with a content hash: `${basePath}/static/client-<8 hex>.js`. */
  clientSrc: string;
  /** URL path of Tailwind's browser build: `${basePath}/static/tailwind-<version>.js`. */
  tailwindSrc: string;
  /** Serves both with year-long immutable caching; calls next() for anything else. */
  handler: (req: IncomingMessage & { originalUrl?: string }, res: ServerResponse, next: (err?: unknown) => void) => void;
}

const IMMUTABLE = 'public, max-age=31536000, immutable';
const JS_TYPE = 'text/javascript; charset=utf-8';

/** Locates the built client bundle from lib/render (sources, tsx, vitest) or dist/lib/render (the package). */
export function findClientBundle(): string | null {
  const candidates = [
    new URL('../../client/jp-client.js', import.meta.url), // dist/lib/render -> dist/client
    new URL('../../dist/client/jp-client.js', import.meta.url), // lib/render -> dist/client
  ];
  for (const url of candidates) {
    const path = fileURLToPath(url);
    if (existsSync(path)) return path;
  }
  return null;
}

/** Reads the bundle once (it is small) and resolves Tailwind lazily (it is not). Throws if the bundle is missing. */
export function createAssets(basePath: string, clientBundle: string | null): Assets {
  const bundlePath = clientBundle ?? findClientBundle();
  if (!bundlePath || !existsSync(bundlePath)) {
    throw new Error(
      `justpy-ts: the browser runtime is not built (${bundlePath ?? 'dist/client/jp-client.js'} is missing); run npm run build:client`,
    );
  }
  const client = readFileSync(bundlePath);
  const hash = createHash('sha256').update(client).digest('hex').slice(0, 8);
  const require = createRequire(import.meta.url);
  const tailwindFile = require.resolve('@tailwindcss/browser');
  const tailwindVersion = (require('@tailwindcss/browser/package.json') as { version: string }).version;
  const clientSrc = `${basePath}/static/client-${hash}.js`;
  const tailwindSrc = `${basePath}/static/tailwind-${tailwindVersion}.js`;
  let tailwind: Promise<Buffer> | null = null;

  const handler: Assets['handler'] = (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    const path = requestPath(req);
    if (path === clientSrc) return sendJs(req, res, client);
    if (path !== tailwindSrc) return next();
    tailwind ??= readFile(tailwindFile);
    tailwind.then(
      (body) => sendJs(req, res, body),
      (err: unknown) => {
        tailwind = null;
        next(err);
      },
    );
  };
  return { clientSrc, tailwindSrc, handler };
}

/** The request's path without its query (Express's originalUrl when mounted under a prefix). */
export function requestPath(req: IncomingMessage & { originalUrl?: string }): string {
  const url = req.originalUrl ?? req.url ?? '';
  const q = url.indexOf('?');
  return q === -1 ? url : url.slice(0, q);
}

function sendJs(req: IncomingMessage, res: ServerResponse, body: Buffer): void {
  res.writeHead(200, {
    'Content-Type': JS_TYPE,
    'Content-Length': body.length,
    'Cache-Control': IMMUTABLE,
    'X-Content-Type-Options': 'nosniff',
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}
