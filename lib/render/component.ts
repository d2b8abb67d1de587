import { randomUUID } from 'node:crypto';
import { EVENT_NAMES, DOM, isEventName, type EventName } from './wire.js';
import { checkAttrName, checkAttrValue, escapeHtml } from './html-escape.js';
import { REFUSED_TAGS, VOID_TAGS, isValidTagName } from './html-tags.js';
import { applyOptions, toAttrValue, type AttrValue, type ComponentOptions } from './component-options.js';
import type { EventMsg, Handler } from './event-msg.js';
import { findByName, type ComponentClass } from './by-name.js';
import type { WebPage } from './webpage.js';

type Attrs = Record<string, string | number | true>;
type Handlers = Partial<Record<EventName, Handler<any>>>;

const NO_CHILDREN: readonly Component[] = Object.freeze([]);
const NO_EVENTS: readonly EventName[] = Object.freeze([]);

/** A fresh DOM id: 'j' + 48 random bits as 12 hex digits. */
export function newComponentId(): string {
  // randomUUID draws from a cached entropy pool: about 5x faster than a randomBytes call per id.
  // Its first 12 hex digits (before the version digit) are all random.
  const u = randomUUID();
  return 'j' + u.slice(0, 8) + u.slice(9, 13);
}

/**
 * An HTML element on a page (JustPy's `HTMLBaseComponent`). Every property setter that changes
 * a value marks the component dirty in its page, so the next update sends only what changed.
 *
 * @example
 * const b = new Button({ text: 'Click', classes: 'm-1', a: wp }).with({ visits_div });
 * b.on('click', (self) => { self.text = 'Clicked'; self.visits_div.text = '...'; });
 */
export class Component {
  /** @internal */ _id: string;
  readonly tag: string;
  /** @internal */ _parent: Component | WebPage | null = null;
  /** @internal */ _text = '';
  /** @internal */ _classes = '';
  /** @internal */ _style = '';
  /** @internal */ _show = true;
  /** @internal */ _inner: string | null = null;
  /** @internal */ _attrs: Attrs | null = null;
  /** @internal */ _children: Component[] | null = null;
  /** @internal */ _handlers: Handlers | null = null;
  /** @internal */ _nameDict: Record<string, Component> | null = null;

  /**
   * @param options text, classes, style, show, name, value, attributes and `a` (parent to append to).
   * @param tag the element's tag (default 'div'); subclasses pass their own.
   */
  constructor(options?: ComponentOptions, tag = 'div') {
    if (tag !== '#text' && !isValidTagName(tag)) {
      throw new TypeError(REFUSED_TAGS.has(tag) ? `tag <${tag}> is not allowed: it could run script or load other content` : `invalid tag name '${tag}'`);
    }
    this.tag = tag;
    this._id = tag === '#text' ? '' : newComponentId();
    if (options) applyOptions(this, options);
  }

  /** The component or page this component is in (change it with add/remove). */
  get parent(): Component | WebPage | null {
    return this._parent;
  }

  /** DOM id, unguessable and unique within the page. */
  get id(): string {
    return this._id;
  }

  get text(): string {
    return this._text;
  }
  set text(v: string | number) {
    const s = asText(v);
    if (s === this._text) return;
    this._text = s;
    this._touch();
  }

  get classes(): string {
    return this._classes;
  }
  set classes(v: string) {
    const s = asText(v);
    if (s === this._classes) return;
    this._classes = s;
    this._touch();
  }

  get style(): string {
    return this._style;
  }
  set style(v: string) {
    const s = asText(v);
    if (s === this._style) return;
    this._style = s;
    this._touch();
  }

  /** `false` renders the element with the `hidden` attribute. */
  get show(): boolean {
    return this._show;
  }
  set show(v: boolean) {
    const b = Boolean(v);
    if (b === this._show) return;
    this._show = b;
    this._touch();
  }

  /** Raw HTML content (not escaped); when not null it replaces `text` and the children in the output. */
  get inner_html(): string | null {
    return this._inner;
  }
  set inner_html(v: string | null) {
    const s = v === null || v === undefined ? null : String(v);
    if (s === this._inner) return;
    this._inner = s;
    this._touch();
  }

  get name(): string {
    const v = this._attrs?.name;
    return v === undefined || v === true ? '' : String(v);
  }
  set name(v: string) {
    this.setAttr('name', v === '' ? null : v);
  }

  get value(): string | number {
    const v = this._attrs?.value;
    return v === undefined || v === true ? '' : v;
  }
  set value(v: string | number) {
    this.setAttr('value', v === null || v === undefined ? null : v);
  }

  /** Children, in order. Change them with add/remove/delete_components. */
  get components(): readonly Component[] {
    return this._children ?? NO_CHILDREN;
  }

  /** Filled by parseHtml on the root it returns: each `name` attribute's component. */
  get name_dict(): Record<string, Component> {
    return (this._nameDict ??= {});
  }
  set name_dict(d: Record<string, Component>) {
    this._nameDict = d;
  }

  /**
   * The component named `name` in this subtree (JustPy's `name_dict[name]`, typed, checked): the
   * first in document order, this component included. Throws an Error naming `name` (and the names
   * there are) when none has it, and when `kind` is given and it is not one.
   * @example const password = login_form.byName('password', Input); password.value = '';
   */
  byName<C extends Component = Component>(name: string, kind?: ComponentClass<C>): C {
    return findByName(this, name, kind);
  }

  /** The page this component is attached to, or null. */
  get page(): WebPage | null {
    let p = this.parent;
    while (p instanceof Component) p = p.parent;
    return p;
  }

  /** Appends children (moving them from any previous parent). */
  add(...children: Component[]): this {
    for (const child of children) {
      if (!(child instanceof Component)) throw new TypeError('add() takes components');
      if (VOID_TAGS.has(this.tag) || this.tag === '#text') throw new TypeError(`<${this.tag}> cannot have children`);
      for (let p: Component | WebPage | null = this; p instanceof Component; p = p.parent) {
        if (p === child) throw new TypeError('cannot add a component to itself or to its own descendant');
      }
      detachFromParent(child);
      child._parent = this;
      (this._children ??= []).push(child);
      const page = this.page;
      if (page) {
        page._attach(child);
        page._markDirty(this);
      }
    }
    return this;
  }

  /** Removes a child; does nothing if `child` is not a child of this component. */
  remove(child: Component): this {
    if (child.parent === this) detachFromParent(child);
    return this;
  }

  /** Removes all children. */
  delete_components(): void {
    const children = this._children;
    if (!children || children.length === 0) return;
    const page = this.page;
    for (const c of children) {
      c._parent = null;
      page?._detach(c);
    }
    this._children = null;
    this._touch();
  }

  /**
   * Registers `handler` for `event` (one handler per event; a second call replaces it). The
   * handler's `self` is this component, typed with its `with()` fields, and `msg` an EventMsg.
   * Throws a TypeError naming the event if it is not one of wire.ts's EVENT_NAMES (JustPy's
   * `onclick` and `on_click` spellings included: the message suggests `click`).
   * @example b.on('click', function my_click(self, msg) { self.text = `Clicked by ${msg.session_id}`; });
   */
  on(event: EventName, handler: Handler<this>): this {
    if (!isEventName(event)) {
      const given = String(event);
      const bare = given.replace(/^on_?/i, '').toLowerCase();
      const hint = bare !== given && isEventName(bare) ? ` (did you mean '${bare}'?)` : '';
      throw new TypeError(`unknown event '${given}'${hint}; events are: ${EVENT_NAMES.join(', ')}`);
    }
    if (typeof handler !== 'function') throw new TypeError(`handler for '${event}' must be a function`);
    const handlers = (this._handlers ??= {});
    const isNew = handlers[event] === undefined;
    handlers[event] = handler;
    if (isNew && !this.builtinEvents().includes(event)) this._touch();
    return this;
  }

  /** The user handler for `event`, if any. */
  handlerFor(event: EventName): Handler<any> | undefined {
    return this._handlers?.[event];
  }

  /** Events the browser must send for this element: user handlers plus built-in ones (Input binding). */
  listensTo(): ReadonlySet<EventName> {
    const set = new Set<EventName>(this.builtinEvents());
    if (this._handlers) for (const e of Object.keys(this._handlers)) set.add(e as EventName);
    return set;
  }

  /** Runs before the user handler of every event on this component. No-op here; inputs bind their value. */
  beforeEvent(_msg: EventMsg): void {}

  /**
   * Attaches typed app fields (JustPy's `b.visits_div = visits_div`) and returns `this` with their types.
   * Throws a TypeError for a key the component already has (a property, method or earlier field).
   */
  with<T extends object>(fields: T): this & T {
    for (const key of Object.keys(fields)) {
      if (key in this) throw new TypeError(`with(): '${key}' already exists on this component; assign it instead`);
    }
    return Object.assign(this, fields);
  }

  /**
   * Sets an attribute; `null`/`false` removes it, `true` renders it bare. `class`, `style` and
   * `hidden` go to classes/style/show. Throws a TypeError for an invalid name, an `on*` handler
   * attribute (use `on()`, or `inner_html` for raw markup), `id`, `srcdoc`, or a URL that is not relative, http(s), mailto: or tel:.
   */
  setAttr(name: string, value: AttrValue): this {
    value = toAttrValue(name, value);
    if (name === 'class') return (this.classes = value === null || value === false ? '' : String(value)), this;
    if (name === 'style') return (this.style = value === null || value === false ? '' : String(value)), this;
    if (name === 'hidden') return (this.show = value === null || value === false), this;
    checkAttrName(name);
    checkAttrValue(name, value);
    if (this._setAttr(name, value)) this._touch();
    return this;
  }

  /** An attribute's value: a string, `true` for a bare attribute, or undefined. */
  getAttr(name: string): string | boolean | undefined {
    if (name === 'class') return this._classes || undefined;
    if (name === 'style') return this._style || undefined;
    if (name === 'id') return this._id;
    const attrs = this._attrs;
    if (!attrs || !Object.hasOwn(attrs, name)) return undefined;
    const v = attrs[name];
    return typeof v === 'number' ? String(v) : v;
  }

  /** Complete outer HTML: text and attribute values escaped, `inner_html` raw. */
  toHtml(): string {
    const tag = this.tag;
    const open = '<' + tag + this.renderAttrs() + '>';
    if (VOID_TAGS.has(tag)) return open;
    return open + this.renderContent() + '</' + tag + '>';
  }

  /** @internal Stores an attribute without marking dirty; true when the value changed. */
  _setAttr(name: string, value: AttrValue): boolean {
    const stored = value === null || value === false ? undefined : value;
    const attrs = this._attrs;
    if (stored === undefined) {
      if (!attrs || !Object.hasOwn(attrs, name)) return false;
      delete attrs[name];
      return true;
    }
    if (attrs && Object.hasOwn(attrs, name) && attrs[name] === stored) return false;
    // A plain object keeps fast properties (a null-prototype one is a larger dictionary);
    // names are read with hasOwn and `__proto__` is refused by checkAttrName.
    (this._attrs ??= {})[name] = stored;
    return true;
  }

  /** @internal Draws a new id (the page found a collision). */
  _redrawId(): void {
    this._id = newComponentId();
  }

  /** @internal Marks this component dirty in its page, if it is on one. */
  _touch(): void {
    const page = this.page;
    if (page) page._markDirty(this);
  }

  /** Events this kind of element always listens to (Input binding). */
  protected builtinEvents(): readonly EventName[] {
    return NO_EVENTS;
  }

  protected renderAttrs(): string {
    let s = ' id="' + this._id + '"';
    if (this._classes) s += ' class="' + escapeHtml(this._classes) + '"';
    if (this._style) s += ' style="' + escapeHtml(this._style) + '"';
    const attrs = this._attrs;
    if (attrs) for (const k in attrs) s += this.renderAttr(k, attrs[k] as string | number | true);
    if (!this._show) s += ' hidden';
    const events = this.eventsAttrValue();
    if (events) s += ' ' + DOM.eventsAttr + '="' + events + '"';
    return s;
  }

  protected renderAttr(name: string, value: string | number | true): string {
    if (value === true) return ' ' + name;
    return ' ' + name + '="' + (typeof value === 'number' ? String(value) : escapeHtml(value)) + '"';
  }

  protected renderContent(): string {
    if (this._inner !== null) return this._inner;
    let s = this._text === '' ? '' : escapeHtml(this._text);
    const children = this._children;
    if (children) for (const c of children) s += c.toHtml();
    return s;
  }

  private eventsAttrValue(): string {
    const builtin = this.builtinEvents();
    const handlers = this._handlers;
    if (!handlers) return builtin.join(' ');
    let s = builtin.join(' ');
    for (const e in handlers) if (!builtin.includes(e as EventName)) s += (s ? ' ' : '') + e;
    return s;
  }
}

/** Takes `child` out of its parent (component or page), keeping the page's index and dirty state right. */
export function detachFromParent(child: Component): void {
  const parent = child.parent;
  if (!parent) return;
  if (parent instanceof Component) {
    const list = parent._children;
    const i = list ? list.indexOf(child) : -1;
    if (list && i >= 0) list.splice(i, 1);
    const page = parent.page;
    child._parent = null;
    if (page) {
      page._detach(child);
      page._markDirty(parent);
    }
  } else {
    parent.remove(child);
  }
}

/** Property text as JustPy sets it: null and undefined read as '', anything else as its string. */
function asText(v: unknown): string {
  return v === null || v === undefined ? '' : String(v);
}
