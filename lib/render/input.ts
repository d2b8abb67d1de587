import { Component } from './component.js';
import type { ComponentOptions } from './component-options.js';
import type { EventMsg } from './event-msg.js';
import { CHANGE_EVENTS, INPUT_EVENTS, isBindingEvent, markServerValue, type LiveField } from './field-binding.js';
import { escapeHtml } from './html-escape.js';
import { DOM, type EventName } from './wire.js';
import type { WebPage } from './webpage.js';

/** Options of Input and Textarea. */
export interface InputOptions extends ComponentOptions {
  /** Debounce of `input` events in the browser, in ms (default: the client's 200). */
  debounce?: number;
}

/** Input types whose state travels with `change` rather than `input` (as JustPy). */
const CHANGE_TYPES: ReadonlySet<string> = new Set(['checkbox', 'radio', 'file']);

function setDebounce(c: Component, ms: number | undefined): void {
  if (ms !== undefined && !(Number.isSafeInteger(ms) && ms >= 0)) throw new TypeError('debounce must be a whole number of ms');
  if (c._setAttr(DOM.debounceAttr, ms ?? null)) c._touch();
}

/**
 * `<input>` with two-way binding as in JustPy: it listens to `input` (text-like types) or
 * `change` (checkbox, radio) on its own, and before any handler runs the browser's value is
 * stored in `value` (a number for type=number, '' when empty) or `checked` (radio: the other
 * radios of the same name on the page are unchecked). Those browser-made changes are not sent
 * back to the browser. A value the server sets is: the next update carries it beside the HTML,
 * so it reaches a focused field and a password too, whose value is never rendered into HTML.
 */
export class Input extends Component implements LiveField {
  constructor(options?: InputOptions) {
    super(options, 'input');
    if (options?.debounce !== undefined) setDebounce(this, options.debounce);
  }

  override get value(): string | number {
    return super.value;
  }
  override set value(v: string | number) {
    const before = this._attrs?.value;
    super.value = v;
    if (this._attrs?.value !== before && !CHANGE_TYPES.has(this.type)) markServerValue(this);
  }

  /** @internal */
  _liveValue(): string {
    return String(this.value);
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
export class Textarea extends Component implements LiveField {
  constructor(options?: InputOptions) {
    super(options, 'textarea');
    if (options?.debounce !== undefined) setDebounce(this, options.debounce);
  }

  override get value(): string | number {
    return super.value;
  }
  override set value(v: string | number) {
    const before = this._attrs?.value;
    super.value = v;
    if (this._attrs?.value !== before) markServerValue(this);
  }

  /** @internal */
  _liveValue(): string {
    return String(this.value);
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
