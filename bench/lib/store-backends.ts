/** The three session stores the `store` scenario compares, opened fresh for one run and removed after. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { memoryStore, redisStore, sqliteStore, type SessionStore } from '../../lib/session/store/index.js';
// The cluster's launcher: a private redis-server on a free 127.0.0.1 port, stopped by pid.
import { findRedisServer, REDIS_SERVER_MISSING } from '../../demo/cluster/executables.js';
import { startRedisServer } from '../../demo/cluster/redis-server.js';

export type BackendName = 'memory' | 'sqlite' | 'redis';
export const BACKENDS: readonly BackendName[] = ['memory', 'sqlite', 'redis'];

export interface OpenBackends {
  stores: Partial<Record<BackendName, SessionStore>>;
  /** Why a backend is missing from `stores` (redis-server not installed). */
  missing: Partial<Record<BackendName, string>>;
  close(): Promise<void>;
}

/** One week: nothing expires during a run. */
const TTL_SECONDS = 604800;

export async function openBackends(): Promise<OpenBackends> {
  const dir = mkdtempSync(join(tmpdir(), 'jp-bench-store-'));
  const stores: OpenBackends['stores'] = {
    memory: memoryStore({ ttlSeconds: TTL_SECONDS }),
    sqlite: sqliteStore({ path: join(dir, 'sessions.db'), ttlSeconds: TTL_SECONDS }),
  };
  const missing: OpenBackends['missing'] = {};
  const redis = findRedisServer() === undefined ? undefined : await startRedisServer();
  if (redis) stores.redis = redisStore({ url: redis.url, ttlSeconds: TTL_SECONDS });
  else missing.redis = REDIS_SERVER_MISSING;
  return {
    stores,
    missing,
    async close() {
      for (const store of Object.values(stores)) await store.close();
      await redis?.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
