import { isPageAddress, isSafeUrl, type PageOptions } from '../render/wire.js';
import { reportError } from './errors.js';

/**
 * Applies title, display_url and redirect. A redirect wins and the rest of the message is ignored
 * (as in JustPy); returns true when the page is navigating away. Never throws: a URL that cannot be
 * followed or shown is reported as `bad-url` and the page goes on.
 * @param mode 'boot' replaces the history entry (first load), 'update' pushes one.
 */
export function applyPageOptions(options: PageOptions | undefined, mode: 'boot' | 'update'): boolean {
  if (!options) return false;
  if (options.redirect && !refused(options.redirect, isSafeUrl)) {
    location.href = options.redirect;
    return true;
  }
  if (typeof options.title === 'string') document.title = options.title;
  const shown = options.display_url;
  // JustPy pushes any non-null display_url on updates, but only a truthy one on first load.
  if (typeof shown === 'string' && (mode === 'update' || shown !== '') && !refused(shown, isPageAddress)) {
    showAddress(shown, mode);
  }
  return false;
}

/** The server never sends a URL outside the rule; this guards a page served by something else. */
function refused(url: string, allowed: (url: string) => boolean): boolean {
  if (allowed(url)) return false;
  reportError('bad-url', `refused to go to ${JSON.stringify(url.slice(0, 40))}`);
  return true;
}

// The server cannot know the origin the browser sees (proxies, several host names), so an absolute
// display_url of another origin reaches here; history would throw a SecurityError on it.
function showAddress(shown: string, mode: 'boot' | 'update'): void {
  try {
    const url = new URL(shown, location.href);
    if (url.origin !== location.origin) throw new Error(`${url.origin} is not this page's origin`);
    if (url.href === location.href) return;
    if (mode === 'boot') history.replaceState(history.state, '', url.href);
    else history.pushState(null, '', url.href);
  } catch (err) {
    reportError('bad-url', `cannot show ${JSON.stringify(shown.slice(0, 40))} as this page's address: ${(err as Error).message}`);
  }
}
