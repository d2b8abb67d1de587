/** Escaping and attribute-name checks shared by every component's HTML output. */
import { DOM, isPageAddress, isSafeUrl } from './wire.js';

const ESCAPE_TEST = /[&<>"']/;
const ESCAPE_ALL = /[&<>"']/g;
const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes `& < > " '` so the string is safe as HTML text and inside a quoted attribute value. */
export function escapeHtml(value: string): string {
  // Most strings need no escaping: test first, so the common case allocates nothing.
  if (!ESCAPE_TEST.test(value)) return value;
  return value.replace(ESCAPE_ALL, (ch) => ENTITIES[ch] as string);
}

// Stricter than the HTML spec on purpose: letters, digits and `-_:.` only, starting with a letter or `_`.
const ATTR_NAME = /^[A-Za-z_][A-Za-z0-9_:.-]*$/;

/** True for names this library renders as attributes (no quotes, `=`, `<`, spaces, `@`, ...). */
export function isValidAttrName(name: string): boolean {
  return name.length <= 128 && ATTR_NAME.test(name) && name !== '__proto__';
}

/** True for inline event-handler attributes (`onclick`, `ONLOAD`, ...), which are never rendered. */
export function isEventHandlerAttr(name: string): boolean {
  return name.length > 2 && (name[0] === 'o' || name[0] === 'O') && (name[1] === 'n' || name[1] === 'N');
}

/** Attributes the renderer writes itself, and `srcdoc`, whose value is a whole HTML document. */
const RESERVED_ATTRS: ReadonlySet<string> = new Set(['id', DOM.eventsAttr, DOM.debounceAttr, 'srcdoc']);
/** Attributes whose value the browser treats as a URL it may navigate to or load (`data`: an object's). */
const URL_ATTRS: ReadonlySet<string> = new Set([
  'href', 'src', 'action', 'formaction', 'xlink:href', 'poster', 'cite', 'background', 'ping', 'data',
]);
/** Throws a TypeError naming `what` unless `url` passes wire.ts's {@link isSafeUrl}: script only through inner_html. */
export function checkUrl(what: string, url: string): void {
  if (!isSafeUrl(url)) {
    throw new TypeError(`${what} holds a script URL or another scheme that is not allowed (${JSON.stringify(url.slice(0, 40))}): only relative, http:, https:, mailto: and tel: URLs; use on() for behaviour`);
  }
}

/** Throws a TypeError unless `url` may be a page's `display_url` ({@link isPageAddress}). */
export function checkPageAddress(url: string): void {
  if (!isPageAddress(url)) {
    throw new TypeError(`display_url must be an address of the page, a relative, http: or https: URL, not ${JSON.stringify(url.slice(0, 40))}: history cannot show other schemes (for a mail or phone link use <a href>)`);
  }
}

/**
 * Throws a TypeError unless `name` may be set by an app: a valid name, not an inline event
 * handler (raw script only through inner_html), not one the renderer manages.
 */
export function checkAttrName(name: string): void {
  if (!isValidAttrName(name)) throw new TypeError(`invalid attribute name '${name}'`);
  if (isEventHandlerAttr(name)) {
    throw new TypeError(`attribute '${name}' is an inline event handler: use on() (or inner_html for raw markup)`);
  }
  if (RESERVED_ATTRS.has(name.toLowerCase())) throw new TypeError(`attribute '${name}' is managed by the renderer`);
}

/** Throws a TypeError for a URL attribute whose value breaks the one URL rule ({@link isSafeUrl}). */
export function checkAttrValue(name: string, value: unknown): void {
  if (typeof value === 'string' && URL_ATTRS.has(name.toLowerCase())) checkUrl(`attribute '${name}'`, value);
}
