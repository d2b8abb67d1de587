import { MISROUTED_RELOAD, RELOAD_GUARD, misroutedReloadDelayMs } from '../render/close-policy.js';
import { reportError } from './errors.js';

/**
 * Reloads the page unless the runtime already forced a reload within RELOAD_GUARD.windowMs;
 * then (or when sessionStorage is unavailable) it shows a message, so a broken server never
 * puts the tab into a reload loop.
 */
export function guardedReload(why: string): void {
  const now = Date.now();
  let allowed = false;
  try {
    const last = Number(sessionStorage.getItem(RELOAD_GUARD.storageKey) ?? 0);
    allowed = !(now - last < RELOAD_GUARD.windowMs);
    if (allowed) sessionStorage.setItem(RELOAD_GUARD.storageKey, String(now));
  } catch {
    allowed = false;
  }
  if (allowed) {
    location.reload();
    return;
  }
  reportError('reload-loop', `not reloading again (${why})`);
  showBanner('This page lost its connection to the server. Reload to continue.');
}

/**
 * The socket reached another instance than its page's (a failover, a drained instance, a load
 * balancer without affinity): reload through the load balancer, after a backoff that grows with
 * each such reload in a row (none for the first) and never gives up, so a failover cannot end on
 * the banner. Without sessionStorage every such reload waits the longest backoff.
 */
export function reloadElsewhere(): void {
  let before = Number.POSITIVE_INFINITY;
  try {
    before = Number(sessionStorage.getItem(MISROUTED_RELOAD.storageKey) ?? 0) || 0;
    sessionStorage.setItem(MISROUTED_RELOAD.storageKey, String(before + 1));
  } catch {
    // storage refused: keep the longest wait
  }
  const wait = misroutedReloadDelayMs(before);
  if (wait === 0) location.reload();
  else setTimeout(() => location.reload(), wait);
}

/** A socket said hello: the next wrong-instance reload is a first one again. */
export function resetMisroutedReloads(): void {
  try {
    sessionStorage.removeItem(MISROUTED_RELOAD.storageKey);
  } catch {
    // nothing to reset without storage
  }
}

function showBanner(text: string): void {
  const banner = document.createElement('div');
  banner.setAttribute('role', 'alert');
  banner.textContent = text;
  banner.style.cssText =
    'position:fixed;top:0;left:0;right:0;padding:8px;background:#b91c1c;color:#fff;font:14px sans-serif;text-align:center;z-index:2147483647';
  document.body.append(banner);
}
