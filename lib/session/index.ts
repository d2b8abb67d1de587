// justpy-ts/session: JustPy's signed session cookie as Express middleware.
import './express-request.js';

export { jpSession, type JpSessionMiddleware } from './jp-session.js';
export type { JpConfig, SessionDataOf, SessionId } from './session-mode.js';
export { type JpSessionData, type NonNumberFields, type SessionData } from './session-data.js';
export { createCookieReader } from './cookie-reader.js';
export type { CookieCheck } from './verify.js';
export { signSessionId } from './sign-session-id.js';
export { regenerateSession, destroySession, newSession } from './regenerate.js';
export { loadSessionEnv, type SessionEnvSource } from './env.js';
export type {
  BadCookieHandler,
  BadCookieReason,
  JpSessionOptions,
  ResolvedSessionOptions,
  SameSite,
} from './options.js';
export type { SignerDigest } from './signer.js';
export {
  createStore,
  isStoreError,
  memoryStore,
  redisStore,
  sqliteStore,
  StoreError,
  MEMORY_STORE_DEFAULTS,
  REDIS_STORE_DEFAULTS,
  SQLITE_STORE_DEFAULTS,
  type CreateStoreOptions,
  type MemorySessionStore,
  type MemoryStoreOptions,
  type RedisSessionStore,
  type RedisStoreOptions,
  type SessionStore,
  type SqliteSessionStore,
  type SqliteStoreOptions,
  type StoreErrorCode,
  type StoreValue,
  type SweepReport,
} from './store/index.js';
