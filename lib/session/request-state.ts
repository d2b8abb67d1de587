// What the middleware leaves on a request: its runtime (for regenerateSession / destroySession and
// `req.session_data`).
import { IncomingMessage } from 'node:http';
import type { SessionRuntime } from './configure.js';
import type { ResolvedSessionOptions } from './options.js';
import { createSessionData, type SessionData } from './session-data.js';

const RUNTIME = Symbol('justpy-ts.session.runtime');
const DATA = Symbol('justpy-ts.session.data');

type Tagged = IncomingMessage & { session_id?: string | null; [RUNTIME]?: SessionRuntime; [DATA]?: SessionData };

export function attachRuntime(req: IncomingMessage, runtime: SessionRuntime): void {
  (req as Tagged)[RUNTIME] = runtime;
}

/** Sets `req.session_id` whatever JpConfig declares (the request's type follows the app's declaration). */
export function setSessionId(req: IncomingMessage, session_id: string | null): void {
  (req as Tagged).session_id = session_id;
}

/** The runtime of the jpSession() that handled this request; throws if none did. */
export function runtimeOf(req: IncomingMessage, caller: string): SessionRuntime {
  const runtime = (req as Tagged)[RUNTIME];
  if (runtime === undefined) throw new Error(`${caller}: jpSession() has not run for this request; mount it first (app.use(jpSession()))`);
  return runtime;
}

/** Whether the cookie gets the Secure attribute; 'auto' follows req.secure, which honours `trust proxy`. */
export function secureFor(req: IncomingMessage & { secure?: boolean }, options: ResolvedSessionOptions): boolean {
  return options.secure === 'auto' ? req.secure === true : options.secure;
}

/**
 * `req.session_data` as a getter on the prototype that every Express 4 and 5 request inherits
 * from: a request that never reads it costs nothing (no property added, no store round trip), and
 * the handle follows `req.session_id` when regenerateSession changes it.
 */
export function installSessionDataGetter(): void {
  if (Object.hasOwn(IncomingMessage.prototype, 'session_data')) return;
  Object.defineProperty(IncomingMessage.prototype, 'session_data', {
    configurable: true,
    get(this: Tagged): SessionData {
      const { store, options } = runtimeOf(this, 'req.session_data');
      if (store === null) throw new Error('req.session_data: SESSIONS is off, there is no session data');
      const id = this.session_id;
      if (typeof id !== 'string') throw new Error('req.session_data: this request has no session id');
      const cached = this[DATA];
      if (cached !== undefined && cached.session_id === id) return cached;
      return (this[DATA] = createSessionData(store, id, options.rolling));
    },
  });
}
