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
  if (el.name === 'select') {
    const chosen = selectedOption(el);
    return chosen ? optionValue(chosen) : '';
  }
  // A checkbox or radio without a value attribute reports 'on', as in the browser.
  return attr(el, 'value') ?? (isCheckable(el) ? 'on' : '');
}

/** Sets what a user would type or choose; a select needs an option with that value (or text). */
export function setFieldValue(el: Element, value: string): void {
  if (el.name === 'textarea') return setText(el, value);
  if (el.name !== 'select') return setAttr(el, 'value', value);
  const options = optionsOf(el);
  const match = options.find((o) => optionValue(o) === value) ?? options.find((o) => optionText(o) === value);
  if (!match) {
    const offered = options.map((o) => JSON.stringify(optionValue(o))).join(', ');
    throw new Error(`justpy-ts/testing: the select has no option ${JSON.stringify(value)} (it has ${offered || 'none'})`);
  }
  for (const o of options) setAttr(o, 'selected', o === match ? '' : null);
}

/** The fields of a form as the runtime sends them with `submit` (inputs, selects, textareas, in order). */
export function formFields(form: Element): FormField[] {
  return descendants(form)
    .filter(isField)
    .map((el) => {
      const field: FormField = { id: attr(el, 'id') ?? '', name: attr(el, 'name') ?? '', type: fieldType(el), value: fieldValue(el) };
      if (isCheckable(el)) field.checked = isChecked(el);
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

/** The last option marked selected, else the first, as a single select shows it. */
function selectedOption(select: Element): Element | undefined {
  const options = optionsOf(select);
  return options.filter((o) => attr(o, 'selected') !== undefined).at(-1) ?? options[0];
}

function optionText(o: Element): string {
  return readableLines(o, false).join(' ');
}

function optionValue(o: Element): string {
  return attr(o, 'value') ?? optionText(o);
}
