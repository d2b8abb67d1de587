/**
 * What a page does when its socket closes, and how long it waits. The browser runtime
 * (lib/client/connection.ts) and justpy-ts/testing (lib/testing) both follow this one table, so the
 * kit recovers a page exactly as a browser tab would. Pure: no Node or DOM imports.
 */
import { CLOSE } from './wire.js';

/**
 * - `reconnect`: a dropped connection, 1001 (server closing), 1013 (try again later), too-slow:
 *   reconnect with backoff and resend what the server's hello says it has not applied.
 * - `reconnect-dropping`: the server refused an event (1007, 1009, too-many-events): resending it
 *   would be refused again, so the unacknowledged events are dropped, then reconnect.
 * - `reload`: the page is gone (4404) or the cookie is bad: reload, at most once per
 *   {@link RELOAD_GUARD}.windowMs (a second time, stop and say so, never a reload loop).
 * - `reload-elsewhere`: the socket reached another instance than its page's (4421): reload through
 *   the load balancer, which sends the reload to a live instance, where the factory runs again.
 *   Its own backoff ({@link misroutedReloadDelayMs}), never the reload guard: a failover must not
 *   end on "gave up".
 * - `stop`: the origin was refused: retrying cannot help.
 */
export type CloseAction = 'reconnect' | 'reconnect-dropping' | 'reload' | 'reload-elsewhere' | 'stop';

export function closeAction(code: number, reason: string): CloseAction {
  if (code === CLOSE.pageGone.code) return 'reload';
  if (code === CLOSE.wrongInstance.code) return 'reload-elsewhere';
  if (code === CLOSE.badCookie.code && reason === CLOSE.badCookie.reason) return 'reload';
  if (code === CLOSE.badOrigin.code && reason === CLOSE.badOrigin.reason) return 'stop';
  if (code === CLOSE.badMessage.code || code === CLOSE.tooBig.code || reason === CLOSE.tooManyEvents.reason) {
    return 'reconnect-dropping';
  }
  return 'reconnect';
}

/** Reconnect backoff after a dropped socket. */
export const RECONNECT = Object.freeze({
  /** First retry after a dropped socket. */
  initialMs: 250,
  /** Retries double up to this. */
  maxMs: 5000,
});

/** The guard of `reload` closes: no reload loop against a server that keeps answering 4404. */
export const RELOAD_GUARD = Object.freeze({
  /** sessionStorage key holding the time of the last reload the runtime asked for. */
  storageKey: 'jp:reload-at',
  /** A second forced reload within this window shows a message instead (no reload loop). */
  windowMs: 10_000,
});

/** The backoff of `reload-elsewhere` closes, counted per tab until a socket says hello again. */
export const MISROUTED_RELOAD = Object.freeze({
  /** sessionStorage key holding how many wrong-instance reloads in a row this tab has done. */
  storageKey: 'jp:misrouted',
  /** The second one in a row waits this long; each further one twice as long. */
  stepMs: 500,
  maxMs: 5000,
});

/**
 * How long to wait before a wrong-instance reload, given how many came before it without a
 * working socket in between: 0 (a failover reloads at once), then 500 ms doubling to 5 s. A load
 * balancer without affinity makes a tab retry every 5 s at worst, and it gets there by chance.
 */
export function misroutedReloadDelayMs(before: number): number {
  if (!(before > 0)) return 0;
  return Math.min(MISROUTED_RELOAD.stepMs * 2 ** Math.min(before - 1, 16), MISROUTED_RELOAD.maxMs);
}
