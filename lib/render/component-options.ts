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
