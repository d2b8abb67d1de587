// SESSION_STORE, the one setting that picks a backend: `memory`, `sqlite:PATH`, `redis://...`.
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { memoryStore } from './memory-store.js';
import { redisStore } from './redis-store.js';
import type { SessionStore } from './session-store.js';
import { sqliteStore } from './sqlite-store.js';

export interface CreateStoreOptions {
  /** Seconds data lives after its last write: COOKIE_MAX_AGE. */
  ttlSeconds: number;
  /** Folder a relative sqlite path starts from. [default process.cwd()] */
  cwd?: string;
}

const FORMS = 'memory, sqlite:PATH (relative to the working directory), redis://HOST:PORT/DB or rediss://HOST:PORT/DB';

/**
 * The store a SESSION_STORE value names, with each backend's defaults. Creates the folder of a
 * sqlite file. Throws a TypeError naming SESSION_STORE and the accepted forms on anything else.
 * @param spec `memory` | `sqlite:PATH` | `redis://HOST:PORT/DB` | `rediss://HOST:PORT/DB`
 * @example const store = createStore(process.env.SESSION_STORE ?? 'memory', { ttlSeconds: 604800 });
 */
export function createStore(spec: string, options: CreateStoreOptions): SessionStore {
  const value = typeof spec === 'string' ? spec.trim() : '';
  const { ttlSeconds } = options;
  const scheme = value.slice(0, value.indexOf(':') + 1).toLowerCase();
  if (value.toLowerCase() === 'memory') return memoryStore({ ttlSeconds });
  if (scheme === 'sqlite:' && value.length > scheme.length) {
    const path = resolve(options.cwd ?? process.cwd(), value.slice(scheme.length));
    mkdirSync(dirname(path), { recursive: true });
    return sqliteStore({ path, ttlSeconds });
  }
  if ((scheme === 'redis:' || scheme === 'rediss:') && isRedisUrl(value)) return redisStore({ url: value, ttlSeconds });
  throw new TypeError(`SESSION_STORE must be one of ${FORMS}; got ${JSON.stringify(spec)}`);
}

function isRedisUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.hostname !== '' && /^(\/\d*)?$/.test(url.pathname);
  } catch {
    return false;
  }
}
