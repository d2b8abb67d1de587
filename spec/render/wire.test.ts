import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseClientMessage } from '../../lib/render/client-message.js';
import { EVENT_NAMES, isPageAddress, isSafeUrl } from '../../lib/render/wire.js';
import type { EventMessage } from '../../lib/render/wire.js';

const click = { type: 'event', seq: 1, component: 'jabc', event_type: 'click' };
const keys = { key: 'a', code: 'KeyA', altKey: false, ctrlKey: false, shiftKey: true, metaKey: false };
const field = { id: 'j1', name: 'user', type: 'text', value: 'x' };

/** The EventMessage shape, checked independently of the parser under test. */
function isWellFormed(m: EventMessage): boolean {
  const known = new Set(['type', 'seq', 'component', 'event_type', 'value', 'checked', 'values', 'key_data', 'form_data']);
  const keyFields = ['key', 'code', 'altKey', 'ctrlKey', 'shiftKey', 'metaKey'];
  const fieldFields = new Set(['id', 'name', 'type', 'value', 'checked', 'values']);
  return (
    Object.keys(m).every((k) => known.has(k)) &&
    m.type === 'event' &&
    Number.isSafeInteger(m.seq) &&
    m.seq >= 1 &&
    typeof m.component === 'string' &&
    m.component.length >= 1 &&
    m.component.length <= 64 &&
    (EVENT_NAMES as readonly string[]).includes(m.event_type) &&
    (m.value === undefined || typeof m.value === 'string') &&
    (m.checked === undefined || typeof m.checked === 'boolean') &&
    (m.key_data === undefined ||
      (Object.keys(m.key_data).sort().join() === [...keyFields].sort().join() &&
        typeof m.key_data.key === 'string' &&
        typeof m.key_data.code === 'string')) &&
    (m.form_data === undefined ||
      m.form_data.every((f) => Object.keys(f).every((k) => fieldFields.has(k)) && typeof f.value === 'string'))
  );
}

describe('parseClientMessage', () => {
  it('accepts an event and gives back only the fields it knows', () => {
    expect(parseClientMessage({ ...click, value: 'v', session_id: 'forged', page: 'other' })).toEqual({ ...click, value: 'v' });
  });

  it('accepts key_data and form_data of the documented shape, without extra fields', () => {
    const m = parseClientMessage({ ...click, key_data: { ...keys, extra: 1 }, form_data: [{ ...field, checked: true, x: 2 }] });
    expect(m).toEqual({ ...click, key_data: keys, form_data: [{ ...field, checked: true }] });
  });

  it.each([
    ['a key without a code', { key: 'a', altKey: false, ctrlKey: false, shiftKey: false, metaKey: false }],
    ['a flag that is not a boolean', { ...keys, ctrlKey: 'yes' }],
    ['a string', 'Enter'],
    ['null', null],
  ])('refuses key_data that is %s', (_name, key_data) => {
    expect(parseClientMessage({ ...click, event_type: 'keydown', key_data })).toBe('bad key_data');
  });

  it.each([
    ['an object instead of a list', { user: 'x' }],
    ['a field without a value', [{ id: 'j1', name: 'user', type: 'text' }]],
    ['a field whose checked is a string', [{ ...field, checked: 'on' }]],
    ['a list with a null', [field, null]],
  ])('refuses form_data that is %s', (_name, form_data) => {
    expect(parseClientMessage({ ...click, event_type: 'submit', form_data })).toBe('bad form_data');
  });

  it.each([
    ['not an object', [click], 'not an object'],
    ['another type', { ...click, type: 'hello' }, 'unknown type'],
    ['seq 0', { ...click, seq: 0 }, 'bad seq'],
    ['seq 1.5', { ...click, seq: 1.5 }, 'bad seq'],
    ['an empty component', { ...click, component: '' }, 'bad component'],
    ['a component id over 64 characters', { ...click, component: 'j'.repeat(65) }, 'bad component'],
    ['an unknown event', { ...click, event_type: 'load' }, 'bad event_type'],
    ['a number as value', { ...click, value: 1 }, 'bad value'],
    ['a string as checked', { ...click, checked: 'true' }, 'bad checked'],
  ])('refuses %s', (_name, data, why) => {
    expect(parseClientMessage(data)).toBe(why);
  });

  describe('properties', () => {
    const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
    const keyDataLike = fc.oneof(
      fc.constant(keys),
      fc.record({ key: fc.string(), code: fc.string(), altKey: fc.boolean(), ctrlKey: fc.boolean(), shiftKey: fc.boolean(), metaKey: fc.boolean() }),
      fc.dictionary(fc.constantFrom('key', 'code', 'altKey', 'ctrlKey', 'shiftKey', 'metaKey', 'x'), fc.jsonValue()),
      fc.jsonValue(),
    );
    const fieldLike = fc.oneof(
      fc.record({ id: fc.string(), name: fc.string(), type: fc.string(), value: fc.string(), checked: maybe(fc.boolean()) }),
      fc.dictionary(fc.constantFrom('id', 'name', 'type', 'value', 'checked', 'x'), fc.jsonValue()),
      fc.jsonValue(),
    );
    /** Near-misses as well as valid events: every field is sometimes right, sometimes not. */
    const eventLike = fc.record(
      {
        type: fc.constantFrom<unknown>('event', 'Event', 'hello', 1, null),
        seq: fc.oneof(fc.integer(), fc.double(), fc.constantFrom<unknown>('1', Number.MAX_SAFE_INTEGER + 1)),
        component: fc.oneof(fc.string({ maxLength: 70 }), fc.integer()),
        event_type: fc.constantFrom<unknown>(...EVENT_NAMES, 'load', 'onclick', ''),
        value: fc.oneof(fc.string(), fc.integer(), fc.constant(null)),
        checked: fc.oneof(fc.boolean(), fc.string()),
        key_data: keyDataLike,
        form_data: fc.oneof(fc.array(fieldLike, { maxLength: 4 }), fc.jsonValue()),
        session_id: fc.string(),
        __proto__: fc.jsonValue(),
      },
      { requiredKeys: [] },
    );
    const anyInput = fc.oneof(eventLike, fc.jsonValue(), fc.anything());

    it('never throws, and anything it accepts is a well-formed EventMessage that round-trips through JSON', () => {
      fc.assert(
        fc.property(anyInput, (data) => {
          const m = parseClientMessage(data);
          if (typeof m === 'string') return;
          expect(isWellFormed(m)).toBe(true);
          expect(parseClientMessage(JSON.parse(JSON.stringify(m)))).toEqual(m);
        }),
        { numRuns: 2000 },
      );
    });

    it('accepts every frame the browser runtime can send, unchanged', () => {
      const valid = fc.record(
        {
          type: fc.constant('event' as const),
          seq: fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
          component: fc.string({ minLength: 1, maxLength: 64 }),
          event_type: fc.constantFrom(...EVENT_NAMES),
          value: fc.string(),
          checked: fc.boolean(),
          key_data: fc.record({ key: fc.string(), code: fc.string(), altKey: fc.boolean(), ctrlKey: fc.boolean(), shiftKey: fc.boolean(), metaKey: fc.boolean() }),
          form_data: fc.array(fc.record({ id: fc.string(), name: fc.string(), type: fc.string(), value: fc.string(), checked: fc.boolean() }, { requiredKeys: ['id', 'name', 'type', 'value'] })),
        },
        { requiredKeys: ['type', 'seq', 'component', 'event_type'] },
      );
      fc.assert(
        fc.property(valid, (msg) => {
          expect(parseClientMessage(JSON.parse(JSON.stringify(msg)))).toEqual(msg);
        }),
      );
    });
  });
});

describe.each([
  ['isSafeUrl', isSafeUrl, ['http:', 'https:', 'mailto:', 'tel:']],
  ['isPageAddress', isPageAddress, ['http:', 'https:']],
] as const)('%s', (_name, accepts, protocols) => {
  it(`agrees with the WHATWG URL parser: whatever it accepts resolves to ${protocols.join(' ')}`, () => {
    const urlish = fc.oneof(
      fc.string(),
      fc.tuple(fc.constantFrom('', ' ', '\t', '\u0001', '\n'), fc.constantFrom('javascript', 'JaVa\tScript', 'data', 'http', 'https', 'tel', 'MAILTO', 'x'), fc.constantFrom(':', '\n:', '', '://'), fc.string()).map((p) => p.join('')),
    );
    fc.assert(
      fc.property(urlish, (url) => {
        if (!accepts(url)) return;
        let protocol: string;
        try {
          protocol = new URL(url, 'https://app.example/page').protocol;
        } catch {
          return; // not a URL a browser would follow
        }
        expect(protocols).toContain(protocol);
      }),
      { numRuns: 5000 },
    );
  });
});

const event = { type: 'event', seq: 1, component: 'j0123456789ab', event_type: 'change', value: 'a' };


describe('parseClientMessage and multiple selects', () => {
  it("takes a multiple select's values, in the event and in form_data", () => {
    expect(parseClientMessage({ ...event, values: ['a', 'b'] })).toMatchObject({ values: ['a', 'b'] });
    const field = { id: '', name: 'sizes', type: 'select-multiple', value: 'a', values: ['a', 'b'] };
    expect(parseClientMessage({ ...event, event_type: 'submit', form_data: [field] })).toMatchObject({ form_data: [field] });
  });

  it.each([
    [{ ...event, values: 'a' }, 'bad values'],
    [{ ...event, values: ['a', 1] }, 'bad values'],
    [{ ...event, form_data: [{ id: '', name: 'n', type: 'select-multiple', value: '', values: [null] }] }, 'bad form_data'],
  ])('refuses %j (%s)', (message, why) => {
    expect(parseClientMessage(message)).toBe(why);
  });
});
