// Keeps signing keys (and a store URL's password) out of logs: `console.log(session)`, `util.inspect` and JSON.stringify of the
// resolved options show every setting except the keys themselves.
import { inspect } from 'node:util';

const REDACTED = '[redacted]';

interface HasKeys {
  readonly secretKey: string;
  readonly secretKeyFallbacks: readonly string[];
  readonly store: string | { readonly kind: string };
}

/** Adds non-enumerable inspect/toJSON views with the keys replaced; call before freezing. */
export function redactSecrets<T extends HasKeys>(options: T): T {
  const shown = (): object => ({
    ...options,
    secretKey: REDACTED,
    secretKeyFallbacks: options.secretKeyFallbacks.map(() => REDACTED),
    store: typeof options.store === 'string' ? withoutPassword(options.store) : `[${options.store.kind} store]`,
  });
  Object.defineProperty(options, inspect.custom, {
    value: (_depth: number, opts: object, show: typeof inspect) => show(shown(), opts),
  });
  Object.defineProperty(options, 'toJSON', { value: shown });
  return options;
}

/** `redis://user:pw@host` becomes `redis://user:[redacted]@host`. */
function withoutPassword(spec: string): string {
  return spec.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]*):[^@/]*@/i, `$1:${REDACTED}@`);
}
