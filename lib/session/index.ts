// justpy-ts/session: JustPy's signed session cookie as Express middleware.
import './express-request.js';

export { jpSession, type JpSessionMiddleware } from './jp-session.js';
export type { JpConfig, SessionDataOf, SessionId } from './session-mode.js';
export { type JpSessionData, type NonNumberFields, type SessionData } from './session-data.js';
export * from './store/index.js';
export { createCookieReader } from './cookie-reader.js';
export type { CookieCheck } from './verify.js';
export { signSessionId } from './sign-session-id.js';
export { regenerateSession, destroySession } from './regenerate.js';
export { loadSessionEnv, SESSION_ENV_NAMES, type SessionEnvSource } from './env.js';
export {
  DEFAULTS,
  DEFAULT_SECRET_KEY,
  resolveSessionOptions,
  type BadCookieHandler,
  type BadCookieReason,
  type JpSessionOptions,
  type ResolvedSessionOptions,
  type SameSite,
} from './options.js';
export { createSigner, deriveKey, type Signer, type SignerDigest, type UnsignResult } from './signer.js';
