// Builds events as the browser runtime does (lib/client/events.ts, lib/client/event-message.ts):
// which element receives an event, and the value, checked, key_data and form_data it carries.
import { DOM, type EventMessage, type EventName, type KeyData } from '../render/wire.js';
import { eventValue, formFields, isCheckable, isChecked, isMultipleSelect, selectedValues } from './fields.js';
import { attr, closest, type Element } from './page-document.js';

/** An event before the page's socket numbers it. */
export type OutgoingEvent = Omit<EventMessage, 'type' | 'seq'>;

/** DOM events that do not bubble: the runtime sends them only for their exact target. */
const NON_BUBBLING: ReadonlySet<EventName> = new Set(['focus', 'blur', 'mouseenter', 'mouseleave']);

function listens(el: Element, type: EventName): boolean {
  return (attr(el, DOM.eventsAttr) ?? '').split(' ').includes(type);
}

/** The element whose handler gets `type` on `target`: the nearest listener (bubbling events) or the target itself. */
export function listenerFor(target: Element, type: EventName): Element | null {
  if (NON_BUBBLING.has(type)) return listens(target, type) ? target : null;
  return closest(target, (el) => listens(el, type));
}

/**
 * The message for `type` on `listener`; `target` is where the user acted (a submit's form is
 * the target's form when the listener is not one).
 */
export function buildEvent(type: EventName, listener: Element, target: Element, key?: KeyData): OutgoingEvent {
  const msg: OutgoingEvent = { component: attr(listener, 'id') ?? '', event_type: type, value: eventValue(listener) };
  if (isCheckable(listener)) msg.checked = isChecked(listener);
  if (isMultipleSelect(listener)) msg.values = selectedValues(listener);
  if (key) msg.key_data = key;
  if (type === 'submit') {
    const form = target.name === 'form' ? target : closest(listener, (el) => el.name === 'form');
    if (form) msg.form_data = formFields(form);
  }
  return msg;
}

/**
 * Full key data from a key name (`'Enter'`, `'a'`) or a partial object; `code` is derived as a
 * US keyboard would report it unless given, modifiers default to false.
 */
export function keyData(key: string | Partial<KeyData>): KeyData {
  const given = typeof key === 'string' ? { key } : key;
  const name = given.key ?? '';
  return {
    key: name,
    code: given.code ?? codeFor(name),
    altKey: given.altKey ?? false,
    ctrlKey: given.ctrlKey ?? false,
    shiftKey: given.shiftKey ?? false,
    metaKey: given.metaKey ?? false,
  };
}

function codeFor(key: string): string {
  if (/^[a-z]$/i.test(key)) return `Key${key.toUpperCase()}`;
  if (/^[0-9]$/.test(key)) return `Digit${key}`;
  return key === ' ' ? 'Space' : key;
}
