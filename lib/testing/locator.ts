// How tests point at elements: by text, by `name` attribute, by CSS selector, or any mix of them.
import { attr, outerHtml, readableLines, type Element, type PageDocument } from './page-document.js';

/**
 * Where to act or look. A string or RegExp matches by text; an object combines criteria, all of
 * which must hold.
 * - text: a string must equal the element's whole text (whitespace collapsed, trimmed); a RegExp is
 *   searched in it. Of nested matches only the innermost count, so `'Sign In'` is the button, not
 *   the form around it.
 * - name: the `name` attribute (JustPy's name_dict key).
 * - css: a CSS selector, matched below the page root.
 * @example page.find('Sign In'); page.find(/visits: \d+/); page.find({ name: 'password' });
 * page.find({ css: 'button', text: /Click/ })
 */
export type Locator = string | RegExp | LocatorQuery;

export interface LocatorQuery {
  text?: string | RegExp;
  name?: string;
  css?: string;
}

function asQuery(locator: Locator): LocatorQuery {
  return typeof locator === 'string' || locator instanceof RegExp ? { text: locator } : locator;
}

/** How a locator reads in messages: `text "Sign In"`, `name "password"`, `css "button" with text /x/`. */
export function describeLocator(locator: Locator): string {
  const q = asQuery(locator);
  const parts: string[] = [];
  if (q.css !== undefined) parts.push(`css ${JSON.stringify(q.css)}`);
  if (q.name !== undefined) parts.push(`name ${JSON.stringify(q.name)}`);
  if (q.text !== undefined) parts.push(`text ${typeof q.text === 'string' ? JSON.stringify(q.text) : String(q.text)}`);
  return parts.length > 0 ? parts.join(' with ') : 'any element';
}

/** The element's text as finders see it: hidden parts included, one line. */
export function elementText(el: Element): string {
  return readableLines(el, false).join(' ');
}

function textMatches(el: Element, text: string | RegExp): boolean {
  const shown = elementText(el);
  if (typeof text === 'string') return shown === text.replace(/\s+/g, ' ').trim();
  text.lastIndex = 0; // a /g or /y RegExp keeps state between test() calls
  return text.test(shown);
}

/** Every element the locator matches, in document order. */
export function locateAll(doc: PageDocument, locator: Locator): Element[] {
  const q = asQuery(locator);
  let found = q.css !== undefined ? doc.select(q.css) : doc.elements();
  if (q.name !== undefined) found = found.filter((el) => attr(el, 'name') === q.name);
  if (q.text !== undefined) {
    const text = q.text;
    found = found.filter((el) => textMatches(el, text));
    found = found.filter((el) => !found.some((other) => other !== el && contains(el, other)));
  }
  return found;
}

function contains(ancestor: Element, el: Element): boolean {
  for (let at = el.parent; at; at = at.parent) if (at === ancestor) return true;
  return false;
}

/** Exactly one element, or an error naming what matched (or what the page shows when nothing did). */
export function locateOne(doc: PageDocument, locator: Locator, pageText: () => string): Element {
  const found = locateAll(doc, locator);
  if (found.length === 1) return found[0] as Element;
  const what = describeLocator(locator);
  if (found.length === 0) {
    throw new Error(`justpy-ts/testing: no element matches ${what}. The page shows:\n${pageText()}`);
  }
  const listed = found.slice(0, 5).map((el, i) => `  ${i + 1}. ${openingTag(el)} ${JSON.stringify(elementText(el).slice(0, 60))}`);
  if (found.length > 5) listed.push(`  … and ${found.length - 5} more`);
  throw new Error(`justpy-ts/testing: ${found.length} elements match ${what}, expected exactly one:\n${listed.join('\n')}`);
}

function openingTag(el: Element): string {
  const html = outerHtml(el);
  return html.slice(0, html.indexOf('>') + 1);
}
