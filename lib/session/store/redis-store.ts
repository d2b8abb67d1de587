// Session data in Redis, shared by every instance that reaches it: one hash per session with one
// expiry (Redis 7.0 has no per-field TTL: HEXPIRE needs 7.4), native HINCRBY, a tombstone key
// per ended id, and every write as one Lua script (redis-scripts.ts).
import { inspect } from 'node:util';
import type { Redis } from 'ioredis';
import { loadPeer } from './load-peer.js';
import { checkClientOptions, connectionOptions, describeClient, ReadyGate, reportOutages } from './redis-connection.js';
import { defineScripts, type ScriptReply, type StoreScripts } from './redis-scripts.js';
import { StoreError, type SessionStore, type StoreValue } from './session-store.js';
import { checkIncrement, checkKey, checkUpdateResult, decodeValue, encodeValue, notAnInteger, sessionEnded, storeClosed } from './store-args.js';
import { DEFAULT_TTL_SECONDS, requireFunction, requirePositiveInteger, resolveOptions } from './store-options.js';

export interface RedisStoreOptions {
  /** `redis://[user:password@]host:port/db` or `rediss://...` (TLS): the store opens, owns and closes the connection. Give url or client. */
  url?: string;
  /**
   * An ioredis client you made and close yourself. It must have `enableOfflineQueue: false` and a
   * `commandTimeout`; give it `maxRetriesPerRequest: 0` and `autoResendUnfulfilledCommands: false`
   * too, as the store's own connection has, or a write cut off by a disconnect may be sent twice.
   */
  client?: Redis;
  /** Key prefix: a session is the hash `<prefix>s:{sid}`, an ended id the key `<prefix>e:{sid}`. [default 'jp:'] */
  prefix?: string;
  /** Seconds data lives after its last write; give it COOKIE_MAX_AGE. [default 604800 (7 days)] */
  ttlSeconds?: number;
  /** Bytes one value may take as JSON (UTF-8); writes past it reject `too-large`. [default 1048576] */
  maxValueBytes?: number;
  /** An operation without an answer (or a connection) after this many ms rejects `unavailable`. [default 500] */
  commandTimeoutMs?: number;
  /** Tries of update() while other writers keep changing the field, then it rejects `conflict`. [default 100] */
  maxUpdateAttempts?: number;
  /** Where "unreachable" and "reachable again" go, once per outage (for a url; a client is yours to watch). [default console.warn] */
  warn?: (message: string) => void;
}

export const REDIS_STORE_DEFAULTS = Object.freeze({
  prefix: 'jp:',
  ttlSeconds: DEFAULT_TTL_SECONDS,
  maxValueBytes: 1_048_576,
  commandTimeoutMs: 500,
  maxUpdateAttempts: 100,
  warn: console.warn as (message: string) => void,
});

export interface RedisSessionStore extends SessionStore {
  readonly kind: 'redis';
}

/**
 * Session data in Redis (ioredis, an optional peer dependency loaded here). Shared by every
 * process and host that uses the same Redis; durable as far as Redis is configured to be.
 * While Redis is down, operations reject `unavailable` within about commandTimeoutMs; the
 * connection comes back by itself.
 * @param options see RedisStoreOptions (each field documents its default)
 * @example const store = redisStore({ url: 'redis://127.0.0.1:6379/0', ttlSeconds: 3600 });
 */
export function redisStore(options: RedisStoreOptions): RedisSessionStore {
  const o = resolveOptions('redisStore', REDIS_STORE_DEFAULTS, options ?? {}, ['url', 'client']);
  if ((o.url === undefined) === (o.client === undefined)) throw new TypeError('redisStore: give either url or client');
  if (o.url !== undefined && !/^rediss?:\/\//.test(o.url)) throw new TypeError(`redisStore: url must start with redis:// or rediss://, got ${o.url}`);
  if (typeof o.prefix !== 'string') throw new TypeError('redisStore: prefix must be a string');
  for (const name of ['ttlSeconds', 'maxValueBytes', 'commandTimeoutMs', 'maxUpdateAttempts'] as const) {
    requirePositiveInteger('redisStore', name, o[name]);
  }
  requireFunction('redisStore', 'warn', o.warn);
  if (o.client !== undefined) {
    checkClientOptions(o.client);
    return new RedisStore(o.client, false, o);
  }
  const { Redis: RedisClient } = loadPeer<typeof import('ioredis')>('ioredis', '^6', 'redisStore');
  const client = new RedisClient(o.url as string, connectionOptions(o.commandTimeoutMs));
  reportOutages(client, describeClient(client), o.warn);
  return new RedisStore(client, true, o);
}

type Resolved = typeof REDIS_STORE_DEFAULTS & RedisStoreOptions;

class RedisStore implements RedisSessionStore {
  readonly kind = 'redis';
  readonly ttlSeconds: number;
  private readonly ttlMs: number;
  private readonly scripts: StoreScripts;
  private readonly gate: ReadyGate;
  private closed = false;

  constructor(
    private readonly client: Redis,
    private readonly ownsClient: boolean,
    private readonly o: Resolved,
  ) {
    this.ttlSeconds = o.ttlSeconds;
    this.ttlMs = o.ttlSeconds * 1000;
    this.scripts = defineScripts(client);
    this.gate = new ReadyGate(client, o.commandTimeoutMs, describeClient(client));
  }

  /** `console.log(store)` names the server, never the client's options (they hold the password). */
  [inspect.custom](): string {
    return `RedisSessionStore { at: ${describeClient(this.client)}, prefix: ${JSON.stringify(this.o.prefix)}, ttlSeconds: ${this.ttlSeconds} }`;
  }

  async get(sid: string, field: string): Promise<StoreValue | undefined> {
    checkKey('sid', sid);
    checkKey('field', field);
    const json = await this.call(() => this.client.hget(this.hash(sid), field));
    return json === null ? undefined : decodeValue(json);
  }

  async getAll(sid: string): Promise<Record<string, StoreValue>> {
    checkKey('sid', sid);
    const hash = await this.call(() => this.client.hgetall(this.hash(sid)));
    return Object.fromEntries(Object.entries(hash).map(([field, json]) => [field, decodeValue(json)]));
  }

  async set(sid: string, field: string, value: StoreValue): Promise<void> {
    checkKey('sid', sid);
    checkKey('field', field);
    const json = encodeValue(value, this.o.maxValueBytes);
    this.expectOk(await this.call(() => this.scripts.jpStoreSet(this.hash(sid), this.tombstone(sid), field, json, this.ttlMs)));
  }

  async incr(sid: string, field: string, by = 1): Promise<number> {
    checkKey('sid', sid);
    checkKey('field', field);
    checkIncrement(by);
    const [status, data] = await this.call(() => this.scripts.jpStoreIncr(this.hash(sid), this.tombstone(sid), field, by, this.ttlMs));
    if (status === 'ok') return Number(data);
    if (status === 'unsafe') throw notAnInteger(field, 'the result would pass Number.MAX_SAFE_INTEGER');
    if (status === 'not-a-number') throw notAnInteger(field, `it holds ${String(data)}`);
    throw this.refusal(status);
  }

  async update<T extends StoreValue>(sid: string, field: string, fn: (current: StoreValue | undefined) => T | undefined): Promise<T | undefined> {
    checkKey('sid', sid);
    checkKey('field', field);
    // Optimistic compare-and-set: compute in JS, write only if the field still holds what fn saw
    // (the script answers the fresh value otherwise, so a retry costs one round trip, not two).
    let held = await this.call(() => this.client.hget(this.hash(sid), field));
    for (let attempt = 1; attempt <= this.o.maxUpdateAttempts; attempt++) {
      const next = fn(held === null ? undefined : decodeValue(held));
      checkUpdateResult(next);
      const json = next === undefined ? undefined : encodeValue(next, this.o.maxValueBytes);
      const expected = held === null ? '0' : `1${held}`;
      const [status, fresh] = await this.call(() =>
        this.scripts.jpStoreCas(this.hash(sid), this.tombstone(sid), field, expected, json === undefined ? '0' : `1${json}`, this.ttlMs),
      );
      if (status === 'ok') return json === undefined ? undefined : (decodeValue(json) as T);
      if (status !== 'changed') throw this.refusal(status);
      held = fresh === undefined ? null : String(fresh);
    }
    throw new StoreError('conflict', `update of field ${JSON.stringify(field)} lost to other writers ${this.o.maxUpdateAttempts} times`);
  }

  async delete(sid: string, field: string): Promise<void> {
    checkKey('sid', sid);
    checkKey('field', field);
    this.expectOk(await this.call(() => this.scripts.jpStoreDelete(this.hash(sid), this.tombstone(sid), field, this.ttlMs)));
  }

  async destroy(sid: string): Promise<void> {
    checkKey('sid', sid);
    this.expectOk(await this.call(() => this.scripts.jpStoreDestroy(this.hash(sid), this.tombstone(sid), this.ttlMs)));
  }

  async rename(from: string, to: string): Promise<void> {
    checkKey('from', from);
    checkKey('to', to);
    if (from === to) throw new TypeError('session store: rename needs two different ids');
    this.expectOk(
      await this.call(() => this.scripts.jpStoreRename(this.hash(from), this.tombstone(from), this.hash(to), this.tombstone(to), this.ttlMs)),
    );
  }

  async touch(sid: string): Promise<void> {
    checkKey('sid', sid);
    await this.call(() => this.client.pexpire(this.hash(sid), this.ttlMs));
  }

  async ping(): Promise<void> {
    await this.call(() => this.client.ping());
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (!this.ownsClient) return;
    if (this.client.status !== 'ready') return this.client.disconnect();
    await this.client.quit().catch(() => this.client.disconnect());
  }

  private hash(sid: string): string {
    return `${this.o.prefix}s:{${sid}}`;
  }

  private tombstone(sid: string): string {
    return `${this.o.prefix}e:{${sid}}`;
  }

  /** Runs one command once connected; every failure of the client becomes `unavailable`. */
  private async call<T>(command: () => Promise<T>): Promise<T> {
    if (this.closed) throw storeClosed(this.kind);
    await this.gate.ready();
    try {
      return await command();
    } catch (err) {
      throw this.gate.unavailable((err as Error).message, err);
    }
  }

  private expectOk([status]: ScriptReply): void {
    if (status !== 'ok') throw this.refusal(status);
  }

  private refusal(status: string): StoreError {
    if (status === 'ended') return sessionEnded();
    return new StoreError('unavailable', `redis answered an unexpected ${JSON.stringify(status)}`);
  }
}
