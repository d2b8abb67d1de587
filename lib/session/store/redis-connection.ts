// How the Redis store talks to Redis so that an outage is a fast, clear error and never a hang
// (connect-redis users saw requests hang while Redis was down: tj/connect-redis#373): no offline
// queue, a timeout on every command, no resending after a reconnect (a resent HINCRBY could count
// twice), and reconnecting forever, at most a second apart, so it works again soon after Redis does.
import type { Redis, RedisOptions } from 'ioredis';
import { StoreError } from './session-store.js';

export function connectionOptions(commandTimeoutMs: number): RedisOptions {
  return {
    enableOfflineQueue: false,
    commandTimeout: commandTimeoutMs,
    connectTimeout: Math.max(1000, commandTimeoutMs),
    maxRetriesPerRequest: 0,
    autoResendUnfulfilledCommands: false,
    retryStrategy: (attempt) => Math.min(100 * attempt, 1000),
  };
}

/** A client made elsewhere must be set up the same way, or the store's promise does not hold. */
export function checkClientOptions(client: Redis): void {
  const { enableOfflineQueue, commandTimeout } = client.options;
  if (enableOfflineQueue !== false || !(typeof commandTimeout === 'number' && commandTimeout > 0)) {
    throw new TypeError(
      'redisStore: the client needs enableOfflineQueue: false and a commandTimeout, or a Redis outage would hang requests (or pass url instead)',
    );
  }
}

/**
 * Waits (at most `timeoutMs`) for the client to be ready, so that the first requests after start
 * or a reconnect get through; one 'ready' listener however many operations wait.
 */
export class ReadyGate {
  private waiting: Promise<void> | undefined;

  constructor(
    private readonly client: Redis,
    private readonly timeoutMs: number,
    private readonly where: string,
  ) {}

  async ready(): Promise<void> {
    const { status } = this.client;
    if (status === 'ready') return;
    if (status === 'end') throw this.unavailable('the connection was closed for good');
    if (status === 'wait') this.client.connect().catch(() => undefined); // a lazyConnect client: errors arrive as events
    this.waiting ??= new Promise<void>((resolve) =>
      this.client.once('ready', () => {
        this.waiting = undefined;
        resolve();
      }),
    );
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(this.unavailable(`not connected within ${this.timeoutMs} ms (${this.client.status})`)), this.timeoutMs);
    });
    try {
      await Promise.race([this.waiting, timedOut]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Any failure of the client: not reachable, timed out, or refused (out of memory, loading, read-only). */
  unavailable(reason: string, cause?: unknown): StoreError {
    return new StoreError('unavailable', `redis at ${this.where}: ${reason}`, { cause });
  }
}

/** host:port of the client, for messages. */
export function describeClient(client: Redis): string {
  const { host, port, path } = client.options as { host?: string; port?: number; path?: string };
  return path ?? `${host ?? '127.0.0.1'}:${port ?? 6379}`;
}

/** Logs once when Redis becomes unreachable and once when it is back (our own client only). */
export function reportOutages(client: Redis, where: string, warn: (message: string) => void): void {
  let down = false;
  client.on('error', (err: Error) => {
    if (down) return;
    down = true;
    warn(`session store: redis at ${where} is unreachable (${err.message}); operations reject 'unavailable' until it is back`);
  });
  client.on('ready', () => {
    if (!down) return;
    down = false;
    warn(`session store: redis at ${where} is reachable again`);
  });
}
