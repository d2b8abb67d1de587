import { isSafeUrl, type PageOptions } from '../render/wire.js';
import { reportError } from './errors.js';

/**
 * Applies title, display_url and redirect. A redirect wins and the rest of the message is ignored
 * (as in JustPy); returns true when the page is navigating away.
 * @param mode 'boot' replaces the history entry (first load), 'update' pushes one.
 */
export function applyPageOptions(options: PageOptions | undefined, mode: 'boot' | 'update'): boolean {
  if (!options) return false;
  if (options.redirect && !refused(options.redirect)) {
    location.href = options.redirect;
    return true;
  }
  if (typeof options.title === 'string') document.title = options.title;
  const shown = options.display_url;
  // JustPy pushes any non-null display_url on updates, but only a truthy one on first load.
  if (typeof shown === 'string' && (mode === 'update' || shown !== '') && !refused(shown)) {
    const url = new URL(shown, location.href).href;
    if (url === location.href) return false;
    if (mode === 'boot') history.replaceState(history.state, '', url);
    else history.pushState(null, '', url);
  }
  return false;
}

/** The server never sends a URL outside the rule; this guards a page served by something else. */
function refused(url: string): boolean {
  if (isSafeUrl(url)) return false;
  reportError('bad-url', `refused to go to ${JSON.stringify(url.slice(0, 40))}`);
  return true;
}
