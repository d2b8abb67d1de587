/**
 * Scenario 1 server: one route returning a short text behind one of three session layers, or behind
 * a middleware that does nothing (what any app.use() costs, for reference).
 * argv[2]: 'bare' | 'noop' | 'jp-session' | 'express-session'.
 */
import http from 'node:http';
import express from 'express';
import { BENCH_SECRET, HELLO_PATH, HELLO_TEXT } from '../lib/constants.js';
import { serveChild } from './serve-child.js';

export const SESSION_VARIANTS = ['bare', 'noop', 'jp-session', 'express-session'] as const;
export type SessionVariant = (typeof SESSION_VARIANTS)[number];

const variant = process.argv[2] as SessionVariant;
const app = express();

if (variant === 'jp-session') {
  const { jpSession } = await import('../../lib/session/index.js');
  app.use(jpSession({ secretKey: BENCH_SECRET, loadEnv: false }));
} else if (variant === 'express-session') {
  const { default: session } = await import('express-session');
  // MemoryStore; saveUninitialized issues a cookie on the first visit, as jpSession does.
  app.use(session({ secret: BENCH_SECRET, resave: false, saveUninitialized: true }));
} else if (variant === 'noop') {
  app.use((_req, _res, next) => next());
} else if (variant !== 'bare') {
  throw new TypeError(`unknown variant '${variant}' (one of ${SESSION_VARIANTS.join(', ')})`);
}

app.get(HELLO_PATH, (_req, res) => {
  res.send(HELLO_TEXT);
});

await serveChild(http.createServer(app));
