// The server's check of every client frame (the shapes are wire.ts's); the browser never needs it.
import { isEventName, type ClientMessage, type EventMessage, type FormField, type KeyData } from './wire.js';

/**
 * Checks a parsed client frame. Returns the message, rebuilt from the known fields only (anything else
 * the client sent is left behind), or a string saying what is wrong. Pure, so the server checks every
 * frame once at the boundary and the tests can feed it anything.
 */
export function parseClientMessage(data: unknown): ClientMessage | string {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return 'not an object';
  const m = data as Record<string, unknown>;
  if (m.type !== 'event') return 'unknown type';
  if (!Number.isSafeInteger(m.seq) || (m.seq as number) < 1) return 'bad seq';
  if (typeof m.component !== 'string' || m.component.length === 0 || m.component.length > 64) return 'bad component';
  if (!isEventName(m.event_type)) return 'bad event_type';
  if (m.value !== undefined && typeof m.value !== 'string') return 'bad value';
  if (m.checked !== undefined && typeof m.checked !== 'boolean') return 'bad checked';
  const msg: EventMessage = { type: 'event', seq: m.seq as number, component: m.component, event_type: m.event_type };
  if (m.value !== undefined) msg.value = m.value;
  if (m.checked !== undefined) msg.checked = m.checked;
  if (m.values !== undefined) {
    if (!isStringList(m.values)) return 'bad values';
    msg.values = [...m.values];
  }
  if (m.key_data !== undefined) {
    const key_data = keyData(m.key_data);
    if (key_data === null) return 'bad key_data';
    msg.key_data = key_data;
  }
  if (m.form_data !== undefined) {
    const form_data = formData(m.form_data);
    if (form_data === null) return 'bad form_data';
    msg.form_data = form_data;
  }
  return msg;
}

const KEY_FLAGS = ['altKey', 'ctrlKey', 'shiftKey', 'metaKey'] as const;

function keyData(k: unknown): KeyData | null {
  if (typeof k !== 'object' || k === null) return null;
  const o = k as Record<string, unknown>;
  if (typeof o.key !== 'string' || typeof o.code !== 'string' || !KEY_FLAGS.every((f) => typeof o[f] === 'boolean')) return null;
  return { key: o.key, code: o.code, altKey: o.altKey as boolean, ctrlKey: o.ctrlKey as boolean, shiftKey: o.shiftKey as boolean, metaKey: o.metaKey as boolean };
}

function formData(f: unknown): FormField[] | null {
  if (!Array.isArray(f)) return null;
  const fields: FormField[] = [];
  for (const x of f) {
    if (typeof x !== 'object' || x === null) return null;
    const o = x as Record<string, unknown>;
    if (typeof o.id !== 'string' || typeof o.name !== 'string' || typeof o.type !== 'string' || typeof o.value !== 'string') return null;
    if (o.checked !== undefined && typeof o.checked !== 'boolean') return null;
    if (o.values !== undefined && !isStringList(o.values)) return null;
    const field: FormField = { id: o.id, name: o.name, type: o.type, value: o.value };
    if (o.checked !== undefined) field.checked = o.checked;
    if (o.values !== undefined) field.values = [...o.values];
    fields.push(field);
  }
  return fields;
}

function isStringList(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((x) => typeof x === 'string');
}
