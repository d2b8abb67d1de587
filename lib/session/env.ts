// Session settings from the environment, under JustPy's names (plus ours). Separate from
// option resolution so tests pass plain objects and never touch process.env.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse as parseDotenv } from 'dotenv';
import type { JpSessionOptions } from './options.js';

export interface SessionEnvSource {
  /** Folder holding .env and justpy.env. [default process.cwd()] */
  cwd?: string;
  /** Variables that win over both files. [default process.env] */
  env?: Readonly<Record<string, string | undefined>>;
}

/** Every variable read, in the order of .env.example. */
export const SESSION_ENV_NAMES = [
  'SESSIONS', 'SESSION_COOKIE_NAME', 'SECRET_KEY', 'SECRET_KEY_FALLBACKS', 'COOKIE_MAX_AGE',
  'SESSION_DIGEST', 'COOKIE_SECURE', 'COOKIE_SAMESITE', 'COOKIE_DOMAIN', 'COOKIE_PATH',
  'COOKIE_HOST_PREFIX', 'SESSION_ROLLING', 'SESSION_ON_BAD_COOKIE', 'SESSION_STORE', 'NODE_ENV',
] as const;

type EnvName = (typeof SESSION_ENV_NAMES)[number];

/**
 * Reads session settings: process environment first, then `.env` (dotenv syntax), then
 * `justpy.env` (JustPy's syntax). The first place that sets a name wins. Throws an Error naming
 * the variable when a value cannot be used.
 * @example app.use(jpSession({ ...loadSessionEnv({ cwd: __dirname }), loadEnv: false }))
 */
export function loadSessionEnv(source: SessionEnvSource = {}): JpSessionOptions {
  return optionsFromEnv(readEnvVars(SESSION_ENV_NAMES, source));
}

/**
 * The variables `names` as strings, each from the first place that sets it: the process
 * environment, then `.env`, then `justpy.env` (read from `source.cwd`).
 */
export function readEnvVars<N extends string>(names: readonly N[], source: SessionEnvSource = {}): Partial<Record<N, string>> {
  const cwd = source.cwd ?? process.cwd();
  const env = source.env ?? process.env;
  const files = [parseDotenv(readIfPresent(resolve(cwd, '.env'))), parseJustpyEnv(readIfPresent(resolve(cwd, 'justpy.env')))];
  const vars: Partial<Record<N, string>> = {};
  for (const name of names) {
    const value = env[name] ?? files[0]?.[name] ?? files[1]?.[name];
    if (value !== undefined) vars[name] = value;
  }
  return vars;
}

/** Turns variables (as strings) into options; throws an Error naming the variable on a bad value. */
export function optionsFromEnv(vars: Partial<Record<EnvName, string>>): JpSessionOptions {
  const o: JpSessionOptions = {};
  const v = (name: EnvName): string | undefined => vars[name]?.trim();
  if (v('SESSIONS') !== undefined) o.sessions = bool('SESSIONS', v('SESSIONS') as string);
  if (v('SESSION_COOKIE_NAME')) o.cookieName = v('SESSION_COOKIE_NAME');
  if (vars.SECRET_KEY !== undefined) o.secretKey = vars.SECRET_KEY;
  const fallbacks = vars.SECRET_KEY_FALLBACKS;
  if (fallbacks !== undefined) o.secretKeyFallbacks = fallbacks.split(',').map((k) => k.trim()).filter((k) => k !== '');
  if (v('COOKIE_MAX_AGE') !== undefined) o.maxAge = seconds('COOKIE_MAX_AGE', v('COOKIE_MAX_AGE') as string);
  const digest = v('SESSION_DIGEST')?.toLowerCase();
  if (digest !== undefined) o.digest = oneOf('SESSION_DIGEST', digest, ['sha1', 'sha256'] as const);
  const secure = v('COOKIE_SECURE');
  if (secure !== undefined) o.secure = secure.toLowerCase() === 'auto' ? 'auto' : bool('COOKIE_SECURE', secure, "'auto'");
  const sameSite = v('COOKIE_SAMESITE')?.toLowerCase();
  if (sameSite !== undefined) o.sameSite = oneOf('COOKIE_SAMESITE', sameSite, ['lax', 'strict', 'none'] as const);
  if (vars.COOKIE_DOMAIN !== undefined) o.domain = v('COOKIE_DOMAIN');
  if (v('COOKIE_PATH')) o.path = v('COOKIE_PATH');
  if (v('COOKIE_HOST_PREFIX') !== undefined) o.hostPrefix = bool('COOKIE_HOST_PREFIX', v('COOKIE_HOST_PREFIX') as string);
  if (v('SESSION_ROLLING') !== undefined) o.rolling = bool('SESSION_ROLLING', v('SESSION_ROLLING') as string);
  const onBad = v('SESSION_ON_BAD_COOKIE')?.toLowerCase();
  if (onBad !== undefined) o.onBadCookie = oneOf('SESSION_ON_BAD_COOKIE', onBad, ['reject', 'renew'] as const);
  if (v('SESSION_STORE')) o.store = v('SESSION_STORE');
  if (vars.NODE_ENV !== undefined) o.production = vars.NODE_ENV.trim() === 'production';
  return o;
}

/** JustPy's (starlette's) file syntax: KEY=VALUE, `#` lines skipped, both sides trimmed, runs of
 * quotes stripped. Unlike dotenv, `#` inside a value is kept (`SECRET_KEY=a#b` is `a#b`). */
export function parseJustpyEnv(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const eq = line.indexOf('=');
    if (line.trimStart().startsWith('#') || eq < 0) continue;
    out[line.slice(0, eq).trim()] = line.slice(eq + 1).trim().replace(/^["']+|["']+$/g, '');
  }
  return out;
}

function readIfPresent(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw err;
  }
}

function bool(name: EnvName, value: string, alsoAllowed = ''): boolean {
  const lower = value.toLowerCase();
  if (lower === 'true' || lower === '1') return true;
  if (lower === 'false' || lower === '0') return false;
  const extra = alsoAllowed === '' ? '' : ` or ${alsoAllowed}`;
  throw new Error(`${name} must be true, false, 1 or 0${extra} (case-insensitive), got ${JSON.stringify(value)}`);
}

function seconds(name: EnvName, value: string): number {
  const n = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n) || n <= 0) {
    throw new Error(`${name} must be a positive whole number of seconds, got ${JSON.stringify(value)}`);
  }
  return n;
}

function oneOf<T extends string>(name: EnvName, value: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new Error(`${name} must be one of ${allowed.join(', ')}, got ${JSON.stringify(value)}`);
}
