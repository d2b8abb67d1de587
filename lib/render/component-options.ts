import type { Component } from './component.js';
import type { WebPage } from './webpage.js';

/** An attribute value: `true` renders a bare attribute, `false`/`null` removes it. */
export type AttrValue = string | number | boolean | null;

/**
 * Options of every component constructor (JustPy's keyword arguments). Any key not listed under
 * its own name is rendered as an HTML attribute (name checked, `on*` refused).
 */
export interface ComponentOptions {
  /** Text content, HTML-escaped (default ''). */
  text?: string | number;
  /** Space-separated classes (default ''). */
  classes?: string;
  style?: string;
  /** `false` renders the `hidden` attribute (default true). */
  show?: boolean;
  name?: string;
  value?: string | number;
  checked?: boolean;
  /** Raw HTML content, NOT escaped: replaces `text` and children when set (default null). */
  inner_html?: string | null;
  /** Any other attributes. */
  attrs?: Record<string, AttrValue>;
  /** Append the new component to this page or component (JustPy's `a=`). */
  a?: Component | WebPage;
  type?: string;
  placeholder?: string;
  href?: string;
  src?: string;
  alt?: string;
  for?: string;
  /** Same as `for`. */
  htmlFor?: string;
  role?: string;
  title?: string;
  disabled?: boolean;
  readonly?: boolean;
  required?: boolean;
  autofocus?: boolean;
  autocomplete?: string;
  target?: string;
  rel?: string;
  width?: string | number;
  height?: string | number;
  min?: string | number;
  max?: string | number;
  step?: string | number;
  maxlength?: number;
  minlength?: number;
  pattern?: string;
  rows?: number;
  cols?: number;
  multiple?: boolean;
  selected?: boolean;
  size?: number;
  method?: string;
  action?: string;
  tabindex?: number;
  colspan?: number;
  rowspan?: number;
  lang?: string;
  dir?: string;
  label?: string;
  form?: string;
  [data: `data-${string}`]: AttrValue | undefined;
  [aria: `aria-${string}`]: AttrValue | undefined;
}

/** Option keys that are component properties rather than attributes. */
export const PROPERTY_OPTIONS: ReadonlySet<string> = new Set([
  'text', 'classes', 'style', 'show', 'name', 'value', 'checked', 'inner_html', 'attrs', 'a', 'htmlFor', 'debounce',
]);

/** Applies constructor options: properties first, then attributes in the order given, then `a` (append). */
export function applyOptions(c: Component, o: ComponentOptions): void {
  if (o.text !== undefined) c.text = o.text;
  if (o.classes !== undefined) c.classes = o.classes;
  if (o.style !== undefined) c.style = o.style;
  if (o.show !== undefined) c.show = o.show;
  if (o.inner_html !== undefined) c.inner_html = o.inner_html;
  for (const key of Object.keys(o)) {
    if (PROPERTY_OPTIONS.has(key)) continue;
    const v = (o as Record<string, unknown>)[key];
    if (v !== undefined) c.setAttr(key, v as AttrValue);
  }
  if (o.htmlFor !== undefined) c.setAttr('for', o.htmlFor);
  if (o.name !== undefined) c.name = o.name;
  if (o.value !== undefined) c.value = o.value;
  if (o.checked !== undefined) c.setAttr('checked', o.checked);
  if (o.attrs) for (const [k, v] of Object.entries(o.attrs)) c.setAttr(k, v);
  if (o.a) o.a.add(c);
}

/** Returns `v` if it can be an attribute value, else throws a TypeError naming the attribute. */
export function toAttrValue(name: string, v: unknown): AttrValue {
  if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  throw new TypeError(`attribute '${name}' must be a string, number, boolean or null`);
}
