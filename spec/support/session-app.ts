// A real Express app (4 or 5) behind jpSession, listening on 127.0.0.1:0, plus cookie assertions.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express5 from 'express';
import express4 from 'express4';
import cookieParser from 'cookie-parser';
import { expect } from 'vitest';
import { jpSession, type JpSessionOptions } from '../../lib/session/index.js';

export const TEST_KEY = 'test-secret-key-0123456789abcdef';

export const EXPRESS_VERSIONS = [
  { label: 'Express 5', create: () => express5() },
  { label: 'Express 4', create: () => express4() as unknown as ReturnType<typeof express5> },
] as const;

export type ExpressFactory = (typeof EXPRESS_VERSIONS)[number]['create'];

export interface SessionApp {
  server: Server;
  url: string;
  /** How many times the route ran. */
  calls: () => number;
  close: () => Promise<void>;
}

export interface SessionAppOptions {
  session?: JpSessionOptions;
  cookieParser?: boolean;
  trustProxy?: boolean;
  /** Extra routes mounted after jpSession. */
  routes?: (app: ReturnType<typeof express5>) => void;
}

/** GET /id answers the session id as text (or "none"). */
export async function startSessionApp(create: ExpressFactory, opts: SessionAppOptions = {}): Promise<SessionApp> {
  const app = create();
  if (opts.trustProxy) app.set('trust proxy', true);
  if (opts.cookieParser) app.use(cookieParser());
  app.use(jpSession({ loadEnv: false, secretKey: TEST_KEY, ...opts.session }));
  let calls = 0;
  app.get('/id', (req, res) => {
    calls++;
    res.type('text/plain').send(req.session_id ?? 'none');
  });
  opts.routes?.(app);
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    server,
    url: `http://127.0.0.1:${port}`,
    calls: () => calls,
    close: () => new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve()))),
  };
}

/** The Set-Cookie headers of a response, always as an array. */
export function setCookies(res: { headers: Record<string, unknown> }): string[] {
  const raw = res.headers['set-cookie'];
  return raw === undefined ? [] : Array.isArray(raw) ? (raw as string[]) : [String(raw)];
}

const ID = '[0-9a-f]{32}';
const SIG = '[A-Za-z0-9_-]{27}';

/** Asserts exactly one Set-Cookie issuing a JustPy-format session cookie; returns id and cookie pair. */
export function shouldIssueSessionCookie(res: { headers: Record<string, unknown> }, name = 'jp_token', attrs = 'Max-Age=604800; Path=/; HttpOnly; SameSite=Lax'): { id: string; pair: string } {
  const cookies = setCookies(res);
  expect(cookies).toHaveLength(1);
  const header = cookies[0] as string;
  expect(header).toMatch(new RegExp(`^${name}=${ID}\\.${SIG}; ${attrs.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`));
  const pair = header.slice(0, header.indexOf(';'));
  return { id: pair.slice(name.length + 1, name.length + 33), pair };
}

/** Asserts the 400 Bad Cookie answer that clears the cookie. */
export function shouldRejectBadCookie(res: { status: number; text: string; headers: Record<string, unknown> }, name = 'jp_token'): void {
  expect(res.status).toBe(400);
  expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
  expect(res.text).toBe('Bad Cookie');
  expect(setCookies(res)).toEqual([`${name}=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax`]);
}
