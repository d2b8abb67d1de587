import { RELOAD_GUARD } from './constants.js';
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

function showBanner(text: string): void {
  const banner = document.createElement('div');
  banner.setAttribute('role', 'alert');
  banner.textContent = text;
  banner.style.cssText =
    'position:fixed;top:0;left:0;right:0;padding:8px;background:#b91c1c;color:#fff;font:14px sans-serif;text-align:center;z-index:2147483647';
  document.body.append(banner);
}
