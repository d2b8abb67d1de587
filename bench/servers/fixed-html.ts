/**
 * Scenario 2 ceiling: a bare Express app serving, at the demo page's path, the same HTML as a fixed
 * string. argv[2] 'end' writes it with res.end (the ceiling), 'send' with res.send, 'session-end'
 * with res.end behind jpSession() (to split the page's cost into session and rendering).
 * The HTML arrives over IPC (`setHtml`) because it is whatever the demo rendered.
 */
import http from 'node:http';
import express from 'express';
import { BENCH_SECRET, PAGE_PATH } from '../lib/constants.js';
import { serveChild } from './serve-child.js';

const mode = process.argv[2] ?? 'end';
if (!['end', 'send', 'session-end'].includes(mode)) throw new TypeError(`mode must be end, send or session-end, got ${mode}`);

const page = { html: '<!doctype html><title>not set</title>' };
const app = express();
if (mode === 'session-end') {
  const { jpSession } = await import('../../lib/session/index.js');
  app.use(jpSession({ secretKey: BENCH_SECRET, loadEnv: false }));
}
app.get(PAGE_PATH, (_req, res) => {
  if (mode === 'send') {
    res.type('html').send(page.html);
    return;
  }
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.end(page.html);
});

await serveChild(http.createServer(app), {
  ops: {
    setHtml: (arg) => {
      if (typeof arg !== 'string') throw new TypeError('setHtml takes the page HTML');
      page.html = arg;
      return Buffer.byteLength(page.html);
    },
  },
});
