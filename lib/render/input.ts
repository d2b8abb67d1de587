import { Component } from './component.js';
import type { ComponentOptions } from './component-options.js';
import type { EventMsg } from './event-msg.js';
import { escapeHtml } from './html-escape.js';
import { DOM, type EventName } from './wire.js';
import type { WebPage } from './webpage.js';

/** Options of Input and Textarea. */
export interface InputOptions extends ComponentOptions {
  /** Debounce of `input` events in the browser, in ms (default: the client's 200). */
  debounce?: number;
}

const INPUT_EVENTS: readonly EventName[] = Object.freeze(['input']);
const CHANGE_EVENTS: readonly EventName[] = Object.freeze(['change']);
/** Input types whose state travels with `change` rather than `input` (as JustPy). */
const CHANGE_TYPES: ReadonlySet<string> = new Set(['checkbox', 'radio', 'file']);

function isBindingEvent(msg: EventMsg): boolean {
  return msg.event_type === 'input' || msg.event_type === 'change';
}

function setDebounce(c: Component, ms: number | undefined): void {
  if (ms !== undefined && !(Number.isSafeInteger(ms) && ms >= 0)) throw new TypeError('debounce must be a whole number of ms');
  if (c._setAttr(DOM.debounceAttr, ms ?? null)) c._touch();
}

/**
 * `<input>` with two-way binding as in JustPy: it listens to `input` (text-like types) or
 * `change` (checkbox, radio) on its own, and before any handler runs the browser's value is
 * stored in `value` (a number for type=number, '' when empty) or `checked` (radio: the other
 * radios of the same name on the page are unchecked). Those browser-made changes are not sent
 * back to the browser. A password's value is never rendered into HTML.
 */
export class Input extends Component {
  constructor(options?: InputOptions) {
    super(options, 'input');
    if (options?.debounce !== undefined) setDebounce(this, options.debounce);
  }

  /** The `type` attribute, lowercased (default 'text'). */
  get type(): string {
    const t = this._attrs?.type;
    return typeof t === 'string' && t !== '' ? t.toLowerCase() : 'text';
  }
  set type(v: string) {
    this.setAttr('type', v);
  }

  get checked(): boolean {
    return this._attrs?.checked !== undefined;
  }
  set checked(v: boolean) {
    this.setAttr('checked', Boolean(v));
  }

  override beforeEvent(msg: EventMsg): void {
    if (!isBindingEvent(msg)) return;
    const type = this.type;
    if (type === 'checkbox') {
      this._setAttr('checked', msg.checked === true);
    } else if (type === 'radio') {
      const on = msg.checked ?? true;
      this._setAttr('checked', on);
      if (on) uncheckRadioGroup(this, msg.page);
    } else if (type !== 'file') {
      if (type === 'number') msg.value = toNumber(msg.value);
      this._setAttr('value', msg.value);
    }
  }

  protected override builtinEvents(): readonly EventName[] {
    return CHANGE_TYPES.has(this.type) ? CHANGE_EVENTS : INPUT_EVENTS;
  }

  protected override renderAttr(name: string, value: string | number | true): string {
    if (name === 'value' && this.type === 'password') return '';
    return super.renderAttr(name, value);
  }
}

/** `<textarea>`: binds like a text Input; `value` is rendered as its content. */
export class Textarea extends Component {
  constructor(options?: InputOptions) {
    super(options, 'textarea');
    if (options?.debounce !== undefined) setDebounce(this, options.debounce);
  }

  override beforeEvent(msg: EventMsg): void {
    if (isBindingEvent(msg)) this._setAttr('value', String(msg.value));
  }

  protected override builtinEvents(): readonly EventName[] {
    return INPUT_EVENTS;
  }

  protected override renderAttr(name: string, value: string | number | true): string {
    return name === 'value' ? '' : super.renderAttr(name, value);
  }

  protected override renderContent(): string {
    const v = String(this.value);
    // The HTML parser drops one newline right after <textarea>: keep a leading newline of the value.
    return (v.startsWith('\n') ? '\n' : '') + escapeHtml(v);
  }
}

/**
 * `<select>`: listens to `change`; setting `value` selects the Option with that value (single
 * selection). Until a value is set, `value` is what the browser would show: the value of the
 * last Option marked `selected`, else of the first Option.
 */
export class Select extends Component {
  constructor(options?: ComponentOptions) {
    super(options, 'select');
  }

  override get value(): string | number {
    if (this._hasValue()) return super.value;
    let first: Option | undefined;
    let selected: Option | undefined;
    for (const o of options(this)) {
      first ??= o;
      if (o.getAttr('selected') !== undefined) selected = o;
    }
    const o = selected ?? first;
    return o ? o._optionValue() : '';
  }
  override set value(v: string | number) {
    super.value = v;
  }

  override beforeEvent(msg: EventMsg): void {
    if (isBindingEvent(msg)) this._setAttr('value', String(msg.value));
  }

  /** @internal True when `value` was set: then it, not the options' own `selected`, decides. */
  _hasValue(): boolean {
    return this._attrs?.value !== undefined;
  }

  protected override builtinEvents(): readonly EventName[] {
    return CHANGE_EVENTS;
  }

  protected override renderAttr(name: string, value: string | number | true): string {
    return name === 'value' ? '' : super.renderAttr(name, value);
  }
}

/** `<option>`; its value is its `value` attribute, else its text. */
export class Option extends Component {
  constructor(options?: ComponentOptions) {
    super(options, 'option');
  }

  /** @internal Its `value` attribute, else its text. */
  _optionValue(): string {
    const own = this._attrs?.value;
    return own === undefined || own === true ? this.text : String(own);
  }

  private select(): Select | null {
    const p = this.parent;
    if (p instanceof Select) return p;
    if (p instanceof Optgroup && p.parent instanceof Select) return p.parent;
    return null;
  }

  protected override renderAttrs(): string {
    const s = super.renderAttrs();
    const select = this.select();
    if (!select || !select._hasValue()) return s;
    return this._optionValue() === String(select.value) ? s + ' selected' : s;
  }

  protected override renderAttr(name: string, value: string | number | true): string {
    if (name === 'selected' && this.select()?._hasValue()) return '';
    return super.renderAttr(name, value);
  }
}

export class Optgroup extends Component {
  constructor(options?: ComponentOptions) {
    super(options, 'optgroup');
  }
}

function* options(select: Select): Generator<Option> {
  for (const c of select.components) {
    if (c instanceof Option) yield c;
    else if (c instanceof Optgroup) for (const o of c.components) if (o instanceof Option) yield o;
  }
}

function toNumber(v: string | number): string | number {
  if (typeof v === 'number' || v.trim() === '') return v;
  const n = Number(v);
  return Number.isFinite(n) ? n : v;
}

function uncheckRadioGroup(radio: Input, page: WebPage | null): void {
  const name = radio.name;
  if (!name || !page) return;
  const stack: Component[] = [...page.components];
  for (let c = stack.pop(); c; c = stack.pop()) {
    if (c !== radio && c instanceof Input && c.type === 'radio' && c.name === name) c._setAttr('checked', false);
    stack.push(...c.components);
  }
}
