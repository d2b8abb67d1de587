// Argument checks and the JSON encoding every backend shares, so that all three accept and
// refuse exactly the same calls (the contract suite runs unchanged against each).
import { StoreError, type StoreValue } from './session-store.js';

export function checkKey(what: 'sid' | 'field' | 'from' | 'to', value: unknown): void {
  if (typeof value !== 'string' || value === '') {
    throw new TypeError(`session store: ${what} must be a non-empty string, got ${JSON.stringify(value) ?? String(value)}`);
  }
}

export function checkIncrement(by: unknown): void {
  if (!Number.isSafeInteger(by)) throw new TypeError(`session store: incr by must be a safe integer, got ${String(by)}`);
}

/** JSON text of `value`; TypeError for what JSON cannot hold, `too-large` past `maxBytes` (UTF-8). */
export function encodeValue(value: unknown, maxBytes: number): string {
  if (typeof value === 'number' && !Number.isFinite(value)) {
    throw new TypeError(`session store: a value must be JSON, got ${String(value)}`);
  }
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch (err) {
    throw new TypeError(`session store: a value must be JSON (${(err as Error).message})`, { cause: err });
  }
  if (json === undefined) throw new TypeError(`session store: a value must be JSON, got ${typeof value}`);
  const bytes = Buffer.byteLength(json);
  if (bytes > maxBytes) throw new StoreError('too-large', `a value of ${bytes} bytes is past the bound of ${maxBytes}`);
  return json;
}

export function decodeValue(json: string): StoreValue {
  return JSON.parse(json) as StoreValue;
}

/** What update()'s function returned, checked: it must be synchronous (it may run again). */
export function checkUpdateResult(result: unknown): void {
  if (typeof (result as { then?: unknown } | null)?.then === 'function') {
    throw new TypeError('session store: the update function must return a value, not a promise (it may run more than once)');
  }
}

// Messages name fields, never session ids: ids end up in logs, and a log is no place for them.
export function sessionEnded(): StoreError {
  return new StoreError('session-ended', 'the session was destroyed or renamed; its data cannot be written');
}

export function notAnInteger(field: string, detail: string): StoreError {
  return new StoreError('not-a-number', `cannot incr field ${JSON.stringify(field)}: ${detail}`);
}

export function storeClosed(kind: string): StoreError {
  return new StoreError('unavailable', `the ${kind} store is closed`);
}
