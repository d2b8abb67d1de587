// The test kit's DOM: the page's HTML parsed into a tree that CSS selectors can query and that
// updates patch by id. The only file of lib/testing that calls htmlparser2 and css-select.
import { selectAll } from 'css-select';
import { Element, Text, isTag, isText, type ChildNode, type Document, type ParentNode } from 'domhandler';
import { DomUtils, parseDocument } from 'htmlparser2';
import { DOM } from '../render/wire.js';

export type { Element } from 'domhandler';

export class PageDocument {
  private readonly doc: Document;

  constructor(html: string) {
    this.doc = parseDocument(html);
  }

  /** The element the page's components live in ({@link DOM.rootId}); the document when there is none. */
  root(): Element | Document {
    return this.byId(DOM.rootId) ?? this.doc;
  }

  byId(id: string): Element | null {
    return DomUtils.getElementById(id, this.doc.children);
  }

  /** Text of the boot script ({@link DOM.bootScriptId}), or null when the page has none. */
  bootText(): string | null {
    const script = this.byId(DOM.bootScriptId);
    return script ? DomUtils.textContent(script) : null;
  }

  /** What the browser shows as the document title ('' without a <title>). */
  title(): string {
    const title = DomUtils.findOne((el) => el.name === 'title', this.doc.children);
    return title ? DomUtils.textContent(title).trim() : '';
  }

  /** Descendants of `within` (itself excluded) that match a CSS selector, in document order. */
  select(css: string, within: Element | Document = this.root()): Element[] {
    return selectAll<ChildNode, Element>(css, within);
  }

  /** Every element below the root, in document order. */
  elements(): Element[] {
    return DomUtils.findAll(() => true, this.root().children);
  }

  /** Replaces the element with this id by `html` (its complete outer HTML); false when no element has the id. */
  replace(id: string, html: string): boolean {
    const old = this.byId(id);
    const parent = old?.parent;
    if (!old || !parent) return false;
    parent.children.splice(parent.children.indexOf(old), 1, ...parseDocument(html).children);
    relink(parent);
    return true;
  }

  /** The whole document as HTML. */
  html(): string {
    return DomUtils.getOuterHTML(this.doc);
  }
}

function relink(parent: ParentNode): void {
  const kids = parent.children;
  kids.forEach((child, i) => {
    child.parent = parent;
    child.prev = kids[i - 1] ?? null;
    child.next = kids[i + 1] ?? null;
  });
}

export function outerHtml(el: Element): string {
  return DomUtils.getOuterHTML(el);
}

export function attr(el: Element, name: string): string | undefined {
  return el.attribs[name];
}

export function setAttr(el: Element, name: string, value: string | null): void {
  if (value === null) delete el.attribs[name];
  else el.attribs[name] = value;
}

/** Replaces an element's children by one text node (a textarea's value). */
export function setText(el: Element, text: string): void {
  const node = new Text(text);
  node.parent = el;
  el.children = [node];
}

/** Every element below `el`, in document order. */
export function descendants(el: Element): Element[] {
  return DomUtils.findAll(() => true, el.children);
}

export function textContent(el: Element): string {
  return DomUtils.textContent(el);
}

/** The nearest ancestor-or-self that passes `test`. */
export function closest(el: Element, test: (e: Element) => boolean): Element | null {
  for (let at: ParentNode | null = el; at; at = at.parent) if (isTag(at) && test(at)) return at;
  return null;
}

/** Hidden when it or an ancestor has the `hidden` attribute (what `show: false` renders) or is `<input type=hidden>`. */
export function isHidden(el: Element): boolean {
  return closest(el, (e) => e.attribs.hidden !== undefined || (e.name === 'input' && e.attribs.type === 'hidden')) !== null;
}

const BLOCK_TAGS: ReadonlySet<string> = new Set(
  'address article aside blockquote br dd details div dl dt fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section summary table tbody td tfoot th thead tr ul'.split(' '),
);

/**
 * Text as a reader sees it: one line per block element, whitespace collapsed within a line.
 * @param visibleOnly skip hidden subtrees (see {@link isHidden})
 */
export function readableLines(el: Element | Document, visibleOnly: boolean): string[] {
  const lines: string[] = [];
  let line = '';
  const walk = (node: ChildNode): void => {
    if (isText(node)) {
      line += node.data;
      return;
    }
    if (!isTag(node) || node.name === 'script' || node.name === 'style') return;
    if (visibleOnly && node.attribs.hidden !== undefined) return;
    const block = BLOCK_TAGS.has(node.name);
    if (block) breakLine();
    node.children.forEach(walk);
    if (block) breakLine();
  };
  const breakLine = (): void => {
    const text = line.replace(/\s+/g, ' ').trim();
    if (text) lines.push(text);
    line = '';
  };
  el.children.forEach(walk);
  breakLine();
  return lines;
}

/** An indented rendering of a subtree, one tag per line, for error messages. */
export function prettyHtml(el: Element | Document, maxChars = 4000): string {
  const out: string[] = [];
  const walk = (node: ChildNode, depth: number): void => {
    const pad = '  '.repeat(depth);
    if (isText(node)) {
      const text = node.data.replace(/\s+/g, ' ').trim();
      if (text) out.push(pad + text);
      return;
    }
    if (!isTag(node)) return;
    const open = outerHtml(node.cloneNode(false) as Element).replace(/<\/[^>]+>$/, '');
    out.push(pad + open);
    node.children.forEach((c) => walk(c, depth + 1));
  };
  if (isTag(el as ChildNode)) walk(el as Element, 0);
  else el.children.forEach((c) => walk(c, 0));
  const text = out.join('\n');
  return text.length > maxChars ? text.slice(0, maxChars) + `\n… (${text.length - maxChars} more characters)` : text;
}
