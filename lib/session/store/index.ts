// Session-data stores: the contract and its backends. better-sqlite3 and ioredis are optional
// peer dependencies, loaded only when sqliteStore() or redisStore() is called.
export { isStoreError, StoreError, type SessionStore, type StoreErrorCode, type StoreValue } from './session-store.js';
export { memoryStore, MEMORY_STORE_DEFAULTS, type MemorySessionStore, type MemoryStoreOptions } from './memory-store.js';
export { sqliteStore, SQLITE_STORE_DEFAULTS, type SqliteSessionStore, type SqliteStoreOptions, type SweepReport } from './sqlite-store.js';
export { redisStore, REDIS_STORE_DEFAULTS, type RedisSessionStore, type RedisStoreOptions } from './redis-store.js';
export { createStore, type CreateStoreOptions } from './create-store.js';
