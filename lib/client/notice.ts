import { NOTICE_ID } from './constants.js';

/**
 * A polite notice for a failure the visitor should see rather than only the console: a click the
 * server could not store (its session store is down) otherwise just does nothing. Outside the page
 * root, so no morph removes it; the next event the server acknowledges takes it away.
 */
export function showNotice(text: string): void {
  let notice = document.getElementById(NOTICE_ID);
  if (notice === null) {
    notice = document.createElement('div');
    notice.id = NOTICE_ID;
    notice.setAttribute('role', 'status');
    notice.style.cssText =
      'position:fixed;bottom:0;left:0;right:0;padding:8px;background:#fef3c7;color:#78350f;font:14px sans-serif;text-align:center;z-index:2147483647';
    document.body.append(notice);
  }
  notice.textContent = text;
}

export function clearNotice(): void {
  document.getElementById(NOTICE_ID)?.remove();
}
