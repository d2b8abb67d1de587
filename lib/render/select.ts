import { Component } from './component.js';
import type { ComponentOptions } from './component-options.js';
import type { EventMsg } from './event-msg.js';
import { CHANGE_EVENTS, isBindingEvent, markServerValue, type LiveField } from './field-binding.js';
import type { EventName } from './wire.js';

/**
 * `<select>`: listens to `change`. `value` is the chosen option's value; `values` is every chosen
 * value, which a `multiple` select binds in both directions: the browser's choice arrives in
 * `values` (and `msg.values`) before any handler runs, and setting `values` (or `value` to an
 * array) selects exactly those options. Until the server or the browser chooses, the options'
 * own `selected` decide: a single select shows the last one marked, else the first option.
 */
export class Select extends Component implements LiveField {
  /** What the server or the browser chose; unset while the options' own `selected` decide. */
  declare private _chosen: readonly string[] | undefined;

  constructor(options?: ComponentOptions) {
    super(options, 'select');
  }

  /** Whether it is a `multiple` select. */
  get multiple(): boolean {
    return this._attrs?.multiple !== undefined;
  }

  /** The chosen value ('' when none is); an array given selects those options (a `multiple` select). */
  override get value(): string | number {
    return this.values[0] ?? '';
  }
  override set value(v: string | number | readonly string[]) {
    this.values = Array.isArray(v) ? v : [String(v)];
  }

  /** Every chosen value, in option order for the options' own `selected`, else as chosen. */
  get values(): string[] {
    if (this._chosen !== undefined) return [...this._chosen];
    const marked = [...options(this)].filter((o) => o.getAttr('selected') !== undefined).map((o) => o._optionValue());
    if (this.multiple) return marked;
    const shown = marked.at(-1) ?? options(this).next().value?._optionValue();
    return shown === undefined ? [] : [shown];
  }
  /** Selects exactly these values. Throws a TypeError for anything but strings, or for several on a single select. */
  set values(v: readonly string[]) {
    if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) throw new TypeError('Select.values must be an array of strings');
    if (v.length > 1 && !this.multiple) throw new TypeError('Select.values: a single select shows one value; give it `multiple: true`');
    const now = this._chosen;
    if (now !== undefined && now.length === v.length && now.every((x, i) => x === v[i])) return;
    this._chosen = Object.freeze([...v]);
    this._touch();
    markServerValue(this);
  }

  override beforeEvent(msg: EventMsg): void {
    if (!isBindingEvent(msg)) return;
    this._chosen = Object.freeze(this.multiple && msg.values !== undefined ? [...msg.values] : [String(msg.value)]);
  }

  /** @internal True when a value was chosen: then it, not the options' own `selected`, decides. */
  _hasValue(): boolean {
    return this._chosen !== undefined;
  }

  /** @internal */
  _isChosen(value: string): boolean {
    return this._chosen?.includes(value) ?? false;
  }

  /** @internal */
  _liveValue(): string | string[] {
    return this.multiple ? this.values : String(this.value);
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
    return select._isChosen(this._optionValue()) ? s + ' selected' : s;
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
