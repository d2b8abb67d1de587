import { DOM, type EventMessage, type EventName, type FormField, type KeyData } from '../render/wire.js';

/** An event before the connection numbers it. */
export type OutgoingEvent = Omit<EventMessage, 'type' | 'seq'>;

/** Builds the message for `type` on the listening element `el`. */
export function buildEventMessage(type: EventName, el: HTMLElement, ev: Event): OutgoingEvent {
  const msg: OutgoingEvent = { component: el.id, event_type: type, value: elementValue(el) };
  if (el instanceof HTMLInputElement && (el.type === 'checkbox' || el.type === 'radio')) msg.checked = el.checked;
  if (el instanceof HTMLSelectElement && el.multiple) msg.values = selectedValues(el);
  if (ev instanceof KeyboardEvent) msg.key_data = keyData(ev);
  if (type === 'submit') {
    const form = ev.target instanceof HTMLFormElement ? ev.target : el.closest('form');
    if (form) msg.form_data = formData(form);
  }
  return msg;
}

/** Milliseconds to debounce `input` on this element. */
export function debounceMs(el: HTMLElement, fallback: number): number {
  const ms = Number.parseInt(el.getAttribute(DOM.debounceAttr) ?? '', 10);
  return Number.isFinite(ms) && ms >= 0 ? ms : fallback;
}

function elementValue(el: HTMLElement): string {
  if (el instanceof HTMLInputElement || el instanceof HTMLSelectElement || el instanceof HTMLTextAreaElement) {
    return el.value;
  }
  if (el instanceof HTMLButtonElement) return el.getAttribute('value') ?? '';
  return '';
}

function selectedValues(select: HTMLSelectElement): string[] {
  return Array.from(select.selectedOptions, (o) => o.value);
}

function keyData(ev: KeyboardEvent): KeyData {
  return {
    key: ev.key,
    code: ev.code,
    altKey: ev.altKey,
    ctrlKey: ev.ctrlKey,
    shiftKey: ev.shiftKey,
    metaKey: ev.metaKey,
  };
}

function formData(form: HTMLFormElement): FormField[] {
  const fields: FormField[] = [];
  for (const el of Array.from(form.elements)) {
    if (!(el instanceof HTMLInputElement || el instanceof HTMLSelectElement || el instanceof HTMLTextAreaElement)) continue;
    const field: FormField = { id: el.id, name: el.name, type: el.type, value: el.value };
    if (el instanceof HTMLInputElement && (el.type === 'checkbox' || el.type === 'radio')) field.checked = el.checked;
    if (el instanceof HTMLSelectElement && el.multiple) field.values = selectedValues(el);
    fields.push(field);
  }
  return fields;
}
