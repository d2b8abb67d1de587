import { Parser } from 'htmlparser2';
import { Component } from './component.js';
import { ELEMENT_CLASSES, type ElementClass } from './element-classes.js';
import { Div } from './html-components.js';
import { Textarea } from './input.js';
import { REFUSED_TAGS, VOID_TAGS } from './html-tags.js';
import { TextNode } from './text-node.js';
import type { ComponentOptions } from './component-options.js';
import type { WebPage } from './webpage.js';

/** Options of {@link parseHtml}, applied to the root it returns. */
export interface ParseHtmlOptions {
  /** Append the root to this page or component. */
  a?: Component | WebPage;
  /** Replaces the root's classes, as JustPy does (default: keep the HTML's). */
  classes?: string;
  /** `false` hides the root (default true). */
  show?: boolean;
}

/** Thrown by parseHtml for HTML it will not build: unknown tags, unclosed or stray tags, refused attributes. */
export class ParseHtmlError extends Error {
  constructor(
    message: string,
    /** 1-based line and column of the offending tag. */
    readonly line: number,
    readonly column: number,
    /** The tag involved, lowercase. */
    readonly tag: string,
    detail = '',
  ) {
    super(`${message} at ${line}:${column}${detail ? ' ' + detail : ''}`);
    this.name = 'ParseHtmlError';
  }
}

interface Open {
  comp: Component;
  tag: string;
  at: number;
  items: (Component | string)[];
}

/**
 * Builds components from an HTML template (JustPy's `parse_html`). Returns the single root
 * element, or a Div wrapping several; `root.name_dict` maps each `name` attribute to its component
 * (the first one when a name repeats). Strict: every tag must be known and explicitly closed.
 * Nothing in the HTML is executed: `@event`, `:prop`, `v-*` and `on*` attributes, and `id`
 * (ids are random), throw a {@link ParseHtmlError}. Text is trimmed; text beside elements keeps
 * its place, with runs of whitespace collapsed to one space.
 *
 * @example
 * const form = parseHtml(loginFormHtml, { a: wp, classes: 'm-2 p-2 w-1/4' });
 * form.name_dict.sign_in_btn?.on('click', signIn);
 */
export function parseHtml(html: string, options: ParseHtmlOptions = {}): Component {
  const roots = build(String(html));
  const meaningful = roots.filter((x) => typeof x !== 'string' || !isBlank(x));
  let root: Component;
  if (meaningful.length === 1 && meaningful[0] instanceof Component) {
    root = meaningful[0];
  } else {
    root = new Div();
    assemble(root, roots, false);
  }
  root.name_dict = collectNames(root);
  if (options.classes !== undefined) root.classes = options.classes;
  if (options.show !== undefined) root.show = options.show;
  if (options.a) options.a.add(root);
  return root;
}

/** JustPy's name for {@link parseHtml}. */
export const parse_html = parseHtml;

function build(html: string): (Component | string)[] {
  const top: (Component | string)[] = [];
  const stack: Open[] = [];
  let explicitClose = false;
  let ending = false;
  const fail = (message: string, at: number, tag: string, detail = ''): never => {
    const { line, column } = position(html, at);
    throw new ParseHtmlError(message, line, column, tag, detail);
  };

  const parser = new (class extends Parser {
    override onend(): void {
      ending = true;
      super.onend();
    }

    override onclosetag(start: number, endIndex: number): void {
      const name = html.slice(start, endIndex).toLowerCase();
      explicitClose = false;
      super.onclosetag(start, endIndex);
      if (!explicitClose && name !== 'br' && name !== 'p') {
        fail(VOID_TAGS.has(name) ? `end tag </${name}> of a void element` : `unexpected end tag </${name}>`, start - 2, name);
      }
    }
  })(
    {
      onopentag(tag, attribs, isImplied) {
        const at = parser.startIndex;
        if (isImplied) fail(`unexpected end tag </${tag}>`, at, tag);
        if (REFUSED_TAGS.has(tag)) fail(`tag <${tag}> is not allowed: it could run script or load other content`, at, tag);
        const Cls = Object.hasOwn(ELEMENT_CLASSES, tag) ? ELEMENT_CLASSES[tag] : undefined; // not Object.prototype's `constructor`
        if (!Cls) fail(`unknown tag <${tag}>`, at, tag);
        const comp = new (Cls as ElementClass)();
        for (const [name, value] of Object.entries(attribs)) applyAttribute(comp, name, value, (m) => fail(m, at, tag));
        const parentItems = stack.length > 0 ? (stack[stack.length - 1] as Open).items : top;
        parentItems.push(comp);
        if (!VOID_TAGS.has(tag)) stack.push({ comp, tag, at, items: [] });
      },
      ontext(text) {
        const items = stack.length > 0 ? (stack[stack.length - 1] as Open).items : top;
        const last = items[items.length - 1];
        if (typeof last === 'string') items[items.length - 1] = last + text;
        else items.push(text);
      },
      onclosetag(tag, isImplied) {
        if (VOID_TAGS.has(tag)) return;
        const open = stack.pop() as Open;
        if (isImplied) {
          const by = ending ? 'the end of the input' : describeAt(html, parser.startIndex);
          const selfClosed = /^<[^>]*\/>/.test(html.slice(open.at));
          const hint = selfClosed ? `; <${tag}/> does not close it in HTML, write <${tag}></${tag}>` : '';
          fail(`unclosed <${tag}>`, open.at, tag, `(reached ${by}${hint})`);
        }
        explicitClose = true;
        close(open);
      },
      onprocessinginstruction(_name, data) {
        if (!/^!doctype/i.test(data)) fail('unsupported markup', parser.startIndex, '');
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.end(html);
  return top;
}

function applyAttribute(comp: Component, name: string, value: string, fail: (m: string) => never): void {
  if (/^[@:]|^v-|^on/i.test(name)) {
    fail(`attribute '${name}' would run code: parse_html never executes attributes; use on() on name_dict entries`);
  }
  if (name === 'id') fail("attribute 'id' is not supported: components get random ids; use name= and name_dict");
  if (comp instanceof Textarea && name === 'value') return;
  try {
    // `x` and `x=""` mean the same in HTML; render them bare, as JustPy sets such attributes to True.
    comp.setAttr(name, value === '' ? true : value);
  } catch (e) {
    fail((e as Error).message);
  }
}

function close(open: Open): void {
  const { comp, tag, items } = open;
  if (comp instanceof Textarea) {
    const text = items.filter((x): x is string => typeof x === 'string').join('');
    comp.value = text.startsWith('\n') ? text.slice(1) : text;
    return;
  }
  if (items.every((x) => typeof x === 'string')) {
    const text = (items as string[]).join('');
    comp.text = tag === 'pre' ? text : text.replace(LEADING_WS, '').replace(TRAILING_WS, '');
    return;
  }
  assemble(comp, items, tag === 'pre');
}

/** Adds elements and text nodes in document order. */
function assemble(comp: Component, items: (Component | string)[], keepWhitespace: boolean): void {
  const last = items.length - 1;
  items.forEach((item, i) => {
    if (item instanceof Component) {
      comp.add(item);
      return;
    }
    let text = item;
    if (!keepWhitespace) {
      if (isBlank(text) && text.includes('\n')) return;
      text = text.replace(WS_RUN, ' ');
      if (i === 0) text = text.replace(LEADING_WS, '');
      if (i === last) text = text.replace(TRAILING_WS, '');
    }
    if (text !== '') comp.add(new TextNode(text));
  });
}

// HTML whitespace only: a no-break space (&nbsp;) is content and stays.
const WS_RUN = /[ \t\n\f\r]+/g;
const LEADING_WS = /^[ \t\n\f\r]+/;
const TRAILING_WS = /[ \t\n\f\r]+$/;

function isBlank(text: string): boolean {
  return /^[ \t\n\f\r]*$/.test(text);
}

function collectNames(root: Component): Record<string, Component> {
  const dict: Record<string, Component> = Object.create(null) as Record<string, Component>;
  const stack: Component[] = [root];
  for (let c = stack.pop(); c; c = stack.pop()) {
    const name = c.name;
    if (name && !(name in dict)) dict[name] = c;
    for (let i = c.components.length - 1; i >= 0; i--) stack.push(c.components[i] as Component);
  }
  return dict;
}

function position(html: string, at: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < at && i < html.length; i++) {
    if (html.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: at - lineStart + 1 };
}

function describeAt(html: string, at: number): string {
  const { line, column } = position(html, at);
  const m = /^<\/?[A-Za-z][^\s/>]*/.exec(html.slice(at));
  return `${m ? m[0] + '>' : 'markup'} at ${line}:${column}`;
}
