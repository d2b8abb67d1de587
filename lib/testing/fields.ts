// Form fields in the kit's DOM, read and written as the browser's DOM properties would be
// (value, checked, the selected option), so events carry what a browser would send.
import type { FormField } from '../render/wire.js';
import { attr, closest, descendants, readableLines, setAttr, setText, textContent, type Element } from './page-document.js';

export function isField(el: Element): boolean {
  return el.name === 'input' || el.name === 'select' || el.name === 'textarea';
}

/** An input's `type` as the DOM property reports it: lowercased, 'text' when missing. */
export function inputType(el: Element): string {
  const t = attr(el, 'type')?.toLowerCase();
  return t ? t : 'text';
}

export function isCheckable(el: Element): boolean {
  return el.name === 'input' && ['checkbox', 'radio'].includes(inputType(el));
}

/** Fields whose value the user types (the runtime's isTextField). */
export function isTextField(el: Element): boolean {
  return el.name === 'textarea' || (el.name === 'input' && !isCheckable(el));
}

export function isPassword(el: Element): boolean {
  return el.name === 'input' && inputType(el) === 'password';
}

export function isChecked(el: Element): boolean {
  return attr(el, 'checked') !== undefined;
}

export function setChecked(el: Element, on: boolean): void {
  setAttr(el, 'checked', on ? '' : null);
}

/**
 * Checks or unchecks; checking a radio unchecks the other radios of its group (same name, same
 * form) among `inputs`, as the browser does.
 */
export function checkInGroup(el: Element, on: boolean, inputs: readonly Element[]): void {
  setChecked(el, on);
  if (!on || inputType(el) !== 'radio') return;
  const formOf = (e: Element): Element | null => closest(e, (a) => a.name === 'form');
  const form = formOf(el);
  for (const other of inputs) {
    const sameGroup = inputType(other) === 'radio' && attr(other, 'name') === attr(el, 'name') && formOf(other) === form;
    if (other !== el && sameGroup) setChecked(other, false);
  }
}

/** The value the runtime sends: a field's value, a button's `value` attribute, else ''. */
export function eventValue(el: Element): string {
  if (isField(el)) return fieldValue(el);
  if (el.name === 'button') return attr(el, 'value') ?? '';
  return '';
}

export function fieldValue(el: Element): string {
  if (el.name === 'textarea') return textContent(el);
  if (el.name === 'select') return selectedValues(el)[0] ?? '';
  // A checkbox or radio without a value attribute reports 'on', as in the browser.
  return attr(el, 'value') ?? (isCheckable(el) ? 'on' : '');
}

export function isMultipleSelect(el: Element): boolean {
  return el.name === 'select' && attr(el, 'multiple') !== undefined;
}

/**
 * Sets what a user would type or choose. A select needs an option with each value (or text);
 * a list of values is for a `multiple` select, which then has exactly those selected.
 */
export function setFieldValue(el: Element, value: string | readonly string[]): void {
  const list = typeof value === 'string' ? [value] : value;
  if (el.name !== 'select') {
    if (typeof value !== 'string') throw new Error(`justpy-ts/testing: a <${el.name}> takes one value, not a list`);
    return el.name === 'textarea' ? setText(el, value) : setAttr(el, 'value', value);
  }
  if (list.length !== 1 && !isMultipleSelect(el)) throw new Error('justpy-ts/testing: a single select takes one value, not a list');
  const options = optionsOf(el);
  const chosen = list.map((v) => {
    const match = options.find((o) => optionValue(o) === v) ?? options.find((o) => optionText(o) === v);
    if (match) return match;
    const offered = options.map((o) => JSON.stringify(optionValue(o))).join(', ');
    throw new Error(`justpy-ts/testing: the select has no option ${JSON.stringify(v)} (it has ${offered || 'none'})`);
  });
  for (const o of options) setAttr(o, 'selected', chosen.includes(o) ? '' : null);
}

/** What the runtime does with a value the server set on a select: exactly the options with those values are selected. */
export function chooseOptions(select: Element, values: readonly string[]): void {
  for (const o of optionsOf(select)) setAttr(o, 'selected', values.includes(optionValue(o)) ? '' : null);
}

/** What the DOM's selectedOptions gives: every option marked selected, or for a single select the one it shows. */
export function selectedValues(select: Element): string[] {
  const options = optionsOf(select);
  const marked = options.filter((o) => attr(o, 'selected') !== undefined);
  if (isMultipleSelect(select)) return marked.map(optionValue);
  const shown = marked.at(-1) ?? options[0];
  return shown ? [optionValue(shown)] : [];
}

/** The fields of a form as the runtime sends them with `submit` (inputs, selects, textareas, in order). */
export function formFields(form: Element): FormField[] {
  return descendants(form)
    .filter(isField)
    .map((el) => {
      const field: FormField = { id: attr(el, 'id') ?? '', name: attr(el, 'name') ?? '', type: fieldType(el), value: fieldValue(el) };
      if (isCheckable(el)) field.checked = isChecked(el);
      if (isMultipleSelect(el)) field.values = selectedValues(el);
      return field;
    });
}

function fieldType(el: Element): string {
  if (el.name === 'select') return attr(el, 'multiple') === undefined ? 'select-one' : 'select-multiple';
  return el.name === 'textarea' ? 'textarea' : inputType(el);
}

function optionsOf(select: Element): Element[] {
  return descendants(select).filter((el) => el.name === 'option');
}

function optionText(o: Element): string {
  return readableLines(o, false).join(' ');
}

function optionValue(o: Element): string {
  return attr(o, 'value') ?? optionText(o);
}
