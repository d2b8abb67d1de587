// Reading one cookie from a Cookie header and writing Set-Cookie headers. The only file that
// imports `cookie`: the same parser cookie-parser uses, so `req.cookies[name]` and our own
// header parsing agree (first value of a duplicated name wins, quotes and %-escapes decoded).
import type { ServerResponse } from 'node:http';
import { parse, serialize, type CookieSerializeOptions } from 'cookie';
import { wireCookieName, type ResolvedSessionOptions } from './options.js';

/** The cookie's value in a Cookie header; undefined when absent or empty (an empty value counts as absent). */
export function readCookieValue(header: string | undefined, name: string): string | undefined {
  if (header === undefined || header.length === 0 || !header.includes(name)) return undefined;
  const jar = parse(header);
  const value = Object.hasOwn(jar, name) ? jar[name] : undefined;
  return value === '' ? undefined : value;
}

/** Set-Cookie builders for one resolved configuration; attributes are validated here, at start-up. */
export interface CookieWriter {
  readonly name: string;
  /** `name=value; Max-Age=…; Path=…; HttpOnly; [Secure; ]SameSite=…` */
  issue(value: string, secure: boolean): string;
  /** The same attributes with an empty value and Max-Age=0, so the browser drops the cookie. */
  clear(secure: boolean): string;
}

export function createCookieWriter(options: ResolvedSessionOptions): CookieWriter {
  const name = wireCookieName(options);
  const attrs = (secure: boolean, maxAge: number): CookieSerializeOptions => ({
    maxAge,
    domain: options.domain,
    path: options.path,
    httpOnly: true,
    secure,
    sameSite: options.sameSite,
  });
  let cleared: [string, string];
  try {
    serialize(name, 'x', attrs(true, options.maxAge));
    cleared = [serialize(name, '', attrs(false, 0)), serialize(name, '', attrs(true, 0))];
  } catch (err) {
    throw new TypeError(`jpSession: invalid cookie settings (${(err as Error).message}): name ${JSON.stringify(name)}, domain ${JSON.stringify(options.domain)}, path ${JSON.stringify(options.path)}`);
  }
  return {
    name,
    issue: (value, secure) => serialize(name, value, attrs(secure, options.maxAge)),
    clear: (secure) => cleared[secure ? 1 : 0],
  };
}

/** Adds a Set-Cookie header, replacing one this response already carries for the same cookie. */
export function putSetCookie(res: ServerResponse, name: string, header: string): void {
  const prior = res.getHeader('Set-Cookie');
  if (prior === undefined) {
    res.setHeader('Set-Cookie', header);
    return;
  }
  const list = (Array.isArray(prior) ? prior : [String(prior)]).filter((h) => !h.startsWith(name + '='));
  list.push(header);
  res.setHeader('Set-Cookie', list);
}
