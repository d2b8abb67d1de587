// Keeps signing keys out of logs: `console.log(session)`, `util.inspect` and JSON.stringify of the
// resolved options show every setting except the keys themselves.
import { inspect } from 'node:util';

const REDACTED = '[redacted]';

interface HasKeys {
  readonly secretKey: string;
  readonly secretKeyFallbacks: readonly string[];
}

/** Adds non-enumerable inspect/toJSON views with the keys replaced; call before freezing. */
export function redactSecrets<T extends HasKeys>(options: T): T {
  const shown = (): object => ({
    ...options,
    secretKey: REDACTED,
    secretKeyFallbacks: options.secretKeyFallbacks.map(() => REDACTED),
  });
  Object.defineProperty(options, inspect.custom, {
    value: (_depth: number, opts: object, show: typeof inspect) => show(shown(), opts),
  });
  Object.defineProperty(options, 'toJSON', { value: shown });
  return options;
}
