// A real Express app (4 or 5) behind jpSession, listening on 127.0.0.1:0, plus cookie assertions.
import http, { type Server } from 'node:http';
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

export interface RawResponse {
  status: number;
  text: string;
  headers: Record<string, unknown>;
}

/** A GET with an exact Cookie header (latin1 bytes allowed), over a keep-alive agent for bulk runs. */
export function rawGet(url: string, cookie: string | undefined, agent: http.Agent, headers: Record<string, string> = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent, headers: cookie === undefined ? headers : { ...headers, cookie } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8'), headers: res.headers }));
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

/** Deterministic junk cookie values: printable ASCII and latin1, never empty, never containing ';'. */
export function junkCookieValues(count: number, seed = 1): string[] {
  let state = seed >>> 0;
  const next = (n: number): number => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state % n;
  };
  const chars: string[] = [];
  for (let c = 0x21; c <= 0x7e; c++) if (c !== 0x3b) chars.push(String.fromCharCode(c));
  for (let c = 0xa1; c <= 0xff; c++) chars.push(String.fromCharCode(c));
  const b64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  const hex = '0123456789abcdef';
  const pick = (alphabet: string | string[], len: number): string =>
    Array.from({ length: len }, () => alphabet[next(alphabet.length)] as string).join('');
  return Array.from({ length: count }, (_, i) => {
    switch (i % 4) {
      case 0: // looks like a real cookie: 32 hex, a dot, 27 base64url
        return pick(hex, 32) + '.' + pick(b64, 27);
      case 1: // right shape with a sha256-length or off-by-a-few signature
        return pick(hex, 32) + '.' + pick(b64, 20 + next(30));
      default: // a leading '"' could pair with a trailing one and unquote to an empty (absent) value
        return 'x' + pick(chars, next(120));
    }
  });
}
