// Waiting for something a page will show later: re-checked on every change of the page (and on a
// short poll, for conditions on state outside it), failing after a timeout with what it saw.
import { TestKitError } from './errors.js';

export interface WaitSource {
  /** Calls `listener` after every change of the page; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void;
  /** Appended to the timeout message: the page as it is now. */
  snapshot(): string;
}

/** Re-checks at least this often, for conditions on state the page does not announce. */
const POLL_MS = 25;

/**
 * Resolves with the first truthy result of `check`; a throw counts as "not yet" and its message
 * goes into the timeout error.
 */
export function waitUntil<T>(
  check: () => T | Promise<T>,
  what: string,
  timeoutMs: number,
  source: WaitSource,
): Promise<NonNullable<T>> {
  return new Promise((resolve, reject) => {
    let lastProblem = 'it stayed false';
    let done = false;
    let checking = false;
    const finish = (): void => {
      done = true;
      unsubscribe();
      clearInterval(poll);
      clearTimeout(timer);
    };
    const attempt = async (): Promise<void> => {
      if (done || checking) return;
      checking = true;
      try {
        const value = await check();
        if (value && !done) {
          finish();
          resolve(value as NonNullable<T>);
        }
      } catch (err) {
        lastProblem = (err as Error).message ?? String(err);
      } finally {
        checking = false;
      }
    };
    const unsubscribe = source.subscribe(() => void attempt());
    const poll = setInterval(() => void attempt(), POLL_MS);
    const timer = setTimeout(() => {
      if (done) return;
      finish();
      reject(new TestKitError(`waitFor(${what}) timed out after ${timeoutMs} ms: ${lastProblem}.\n${source.snapshot()}`));
    }, timeoutMs);
    void attempt();
  });
}
