import { describe, expect, it } from 'vitest';
import { parseClientMessage } from '../../lib/render/wire.js';

const event = { type: 'event', seq: 1, component: 'j0123456789ab', event_type: 'change', value: 'a' };

describe('parseClientMessage', () => {
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
