// What the middleware leaves on a request for regenerateSession / destroySession.
import type { IncomingMessage } from 'node:http';
import type { SessionRuntime } from './configure.js';
import type { ResolvedSessionOptions } from './options.js';

const RUNTIME = Symbol('justpy-ts.session.runtime');

type Tagged = IncomingMessage & { [RUNTIME]?: SessionRuntime };

export function attachRuntime(req: IncomingMessage, runtime: SessionRuntime): void {
  (req as Tagged)[RUNTIME] = runtime;
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
