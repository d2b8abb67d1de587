import { Component, detachFromParent } from './component.js';
import type { LiveField } from './field-binding.js';
import { checkPageAddress, checkUrl, escapeHtml } from './html-escape.js';
import { DOM, type Change, type FieldValue, type PageOptions } from './wire.js';

/** Options of {@link WebPage}. */
export interface WebPageOptions {
  /** Document title (default null: the renderer's default). */
  title?: string | null;
  /** Classes of the root `<div id="jp-root">` (default ''). */
  classes?: string;
}

const NO_COMPONENTS: readonly Component[] = Object.freeze([]);
const TITLE = 1;
const REDIRECT = 2;
const DISPLAY_URL = 4;

/**
 * A page: the top-level components one browser tab shows, plus title, redirect and display_url.
 * It records what changed since the last update, so updates carry only those components.
 *
 * @example
 * const wp = new WebPage();
 * new Div({ text: 'Hello', classes: 'm-2', a: wp });
 */
export class WebPage {
  /** Set by the renderer when the page is registered. */
  session_id: string | null = null;
  /** @internal Installed by the renderer: pushes pending changes to the page's sockets. */
  pushUpdate: (() => Promise<void>) | null = null;
  private _components: Component[] | null = null;
  private _title: string | null = null;
  private _redirect: string | null = null;
  private _displayUrl: string | null = null;
  private _classes = '';
  private _version = 0;
  private _rootDirty = false;
  private _optionsDirty = 0;
  private _dirty: Set<Component> | null = null;
  private _fields: Set<LiveField> | null = null;
  private _index: Map<string, Component> | null = null;

  constructor(options?: WebPageOptions) {
    if (options?.title !== undefined) this._title = options.title;
    if (options?.classes !== undefined) this._classes = options.classes;
  }

  /** Top-level components, in order. Change them with add/remove/delete_components. */
  get components(): readonly Component[] {
    return this._components ?? NO_COMPONENTS;
  }

  /** Increments each time takeChanges() returns changes or page options. */
  get version(): number {
    return this._version;
  }

  get title(): string | null {
    return this._title;
  }
  set title(v: string | null) {
    if (v === this._title) return;
    this._title = v;
    this._optionsDirty |= TITLE;
  }

  /** Set it to send the browser to another URL with the next update; a URL attributes could not hold throws. */
  get redirect(): string | null {
    return this._redirect;
  }
  set redirect(v: string | null) {
    if (v === this._redirect) return;
    if (v !== null) checkUrl('redirect', v);
    this._redirect = v;
    this._optionsDirty |= REDIRECT;
  }

  /** URL shown in the address bar (history.pushState) from the next update on: relative, http: or https:. */
  get display_url(): string | null {
    return this._displayUrl;
  }
  set display_url(v: string | null) {
    if (v === this._displayUrl) return;
    if (v !== null) checkPageAddress(v);
    this._displayUrl = v;
    this._optionsDirty |= DISPLAY_URL;
  }

  /** Classes of the root element. */
  get classes(): string {
    return this._classes;
  }
  set classes(v: string) {
    if (v === this._classes) return;
    this._classes = v;
    this._rootDirty = true;
  }

  /** Appends top-level components (moving them from any previous parent). */
  add(...components: Component[]): this {
    for (const c of components) {
      if (!(c instanceof Component)) throw new TypeError('add() takes components');
      detachFromParent(c);
      c._parent = this;
      (this._components ??= []).push(c);
      this._attach(c);
      this._rootDirty = true;
    }
    return this;
  }

  /** Removes a top-level component; does nothing if it is not one. */
  remove(c: Component): this {
    const list = this._components;
    const i = list && c.parent === this ? list.indexOf(c) : -1;
    if (!list || i < 0) return this;
    list.splice(i, 1);
    c._parent = null;
    this._detach(c);
    this._rootDirty = true;
    return this;
  }

  /** Removes every component from the page. */
  delete_components(): void {
    const list = this._components;
    if (!list || list.length === 0) return;
    for (const c of list) c._parent = null;
    this._components = null;
    this._index = null;
    this._dirty = null;
    this._fields = null;
    this._rootDirty = true;
  }

  /** The component with this DOM id, only if it is on this page. */
  getComponent(id: string): Component | undefined {
    return this._index?.get(id);
  }

  /** `<div id="jp-root" class="...">` with every component inside. */
  renderRoot(): string {
    let s = '<div id="' + DOM.rootId + '"';
    if (this._classes) s += ' class="' + escapeHtml(this._classes) + '"';
    s += '>';
    const list = this._components;
    if (list) for (const c of list) s += c.toHtml();
    return s + '</div>';
  }

  /** @internal True when takeChanges() has something to report. */
  hasChanges(): boolean {
    return this._rootDirty || this._optionsDirty !== 0 || (this._dirty !== null && this._dirty.size > 0) || this._fields !== null;
  }

  /**
   * @internal The minimal set of changes since the last call, then a clean slate: components that were
   * detached or sit under a changed ancestor are dropped; a page-level change gives one change
   * for the root. `page_options` holds the title/redirect/display_url that changed, `fields` the
   * values the server set on fields that are still on the page.
   */
  takeChanges(): { changes: Change[]; page_options?: PageOptions; fields?: FieldValue[] } {
    const changes: Change[] = [];
    if (this._rootDirty) {
      changes.push({ id: DOM.rootId, html: this.renderRoot() });
    } else if (this._dirty) {
      const dirty = this._dirty;
      for (const c of dirty) {
        if (c.page !== this || hasDirtyAncestor(c, dirty)) continue;
        changes.push({ id: c.id, html: c.toHtml() });
      }
    }
    const page_options = this.takePageOptions();
    const fields = this.takeFieldValues();
    this._rootDirty = false;
    this._dirty = null;
    if (changes.length > 0 || page_options || fields) this._version++;
    const taken: { changes: Change[]; page_options?: PageOptions; fields?: FieldValue[] } = { changes };
    if (page_options) taken.page_options = page_options;
    if (fields) taken.fields = fields;
    return taken;
  }

  /** @internal Forgets pending changes without rendering them (the renderer calls it after the first full render). */
  markClean(): void {
    this._rootDirty = false;
    this._dirty = null;
    this._fields = null;
    this._optionsDirty = 0;
  }

  /** Pushes pending changes now (inside a handler: an update mid-way). Resolves at once if no renderer is attached. */
  update(): Promise<void> {
    return this.pushUpdate ? this.pushUpdate() : Promise.resolve();
  }

  /** @internal */
  _markDirty(c: Component): void {
    if (this._rootDirty) return;
    (this._dirty ??= new Set()).add(c);
  }

  /** @internal The server set this field's value: the next update carries it (see field-binding.ts). */
  _markField(field: LiveField): void {
    (this._fields ??= new Set()).add(field);
  }

  /** @internal */
  _markRootDirty(): void {
    this._rootDirty = true;
  }

  /** @internal Indexes a subtree that joined the page, redrawing any id that collides. */
  _attach(c: Component): void {
    const index = (this._index ??= new Map());
    if (c._id !== '') {
      while (index.has(c._id) && index.get(c._id) !== c) c._redrawId();
      index.set(c._id, c);
    }
    for (const child of c.components) this._attach(child);
  }

  /** @internal Removes a subtree that left the page from the index. */
  _detach(c: Component): void {
    const index = this._index;
    if (!index) return;
    if (index.get(c._id) === c) index.delete(c._id);
    for (const child of c.components) this._detach(child);
  }

  private takeFieldValues(): FieldValue[] | undefined {
    const set = this._fields;
    this._fields = null;
    if (set === null) return undefined;
    const fields: FieldValue[] = [];
    for (const field of set) if (field.page === this) fields.push({ id: field.id, value: field._liveValue() });
    return fields.length > 0 ? fields : undefined;
  }

  private takePageOptions(): PageOptions | undefined {
    const bits = this._optionsDirty;
    if (bits === 0) return undefined;
    this._optionsDirty = 0;
    const o: PageOptions = {};
    if (bits & TITLE) o.title = this._title;
    if (bits & REDIRECT) o.redirect = this._redirect;
    if (bits & DISPLAY_URL) o.display_url = this._displayUrl;
    return o;
  }
}

function hasDirtyAncestor(c: Component, dirty: ReadonlySet<Component>): boolean {
  for (let p = c.parent; p instanceof Component; p = p.parent) if (dirty.has(p)) return true;
  return false;
}
