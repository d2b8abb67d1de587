import { describe, expect, it } from 'vitest';
import { Optgroup, Option, Select } from '../../lib/render/select.js';
import { WebPage } from '../../lib/render/webpage.js';
import { stripIds } from '../support/html-ids.js';
import { fakeEventMsg } from '../support/event-msg.js';

describe('Select and Option', () => {
  function fruit(value?: string) {
    const s = new Select({ name: 'fruit', ...(value === undefined ? {} : { value }) });
    new Option({ value: 'a', text: 'Apple', a: s });
    new Option({ text: 'Banana', a: s, selected: true });
    return s;
  }

  it('renders the options as written when no value is set', () => {
    expect(stripIds(fruit().toHtml())).toBe(
      '<select id="#" name="fruit" data-jp-on="change"><option id="#" value="a">Apple</option><option id="#" selected>Banana</option></select>',
    );
  });

  it('selects the option matching the value (its value attribute, else its text)', () => {
    const s = fruit('a');
    expect(stripIds(s.toHtml())).toBe(
      '<select id="#" name="fruit" data-jp-on="change"><option id="#" value="a" selected>Apple</option><option id="#">Banana</option></select>',
    );
    s.beforeEvent(fakeEventMsg(s, 'change', { value: 'Banana' }));
    expect(s.value).toBe('Banana');
    expect(stripIds(s.toHtml())).toContain('<option id="#" selected>Banana</option>');
  });

  it('reads as the option the browser shows until a value is set', () => {
    expect(fruit().value).toBe('Banana');
    const s = new Select();
    expect(s.value).toBe('');
    new Option({ value: 'a', text: 'Apple', a: s });
    expect(s.value).toBe('a');
    s.value = 'z';
    expect(s.value).toBe('z');
  });

  it('looks through an optgroup', () => {
    const s = new Select({ value: 'x' });
    const g = new Optgroup({ label: 'G', a: s });
    new Option({ value: 'x', text: 'X', a: g });
    expect(stripIds(s.toHtml())).toContain('<option id="#" value="x" selected>X</option>');
  });
});

describe('a multiple select', () => {
  function sizes(): Select {
    const s = new Select({ name: 'sizes', multiple: true });
    for (const v of ['S', 'M', 'L']) new Option({ value: v, text: v, a: s, selected: v !== 'M' });
    return s;
  }

  it("reads every option marked selected until something is chosen", () => {
    const s = sizes();
    expect(s.values).toEqual(['S', 'L']);
    expect(s.value).toBe('S');
  });

  it('binds every value the browser chose, before any handler', () => {
    const s = sizes();
    s.beforeEvent(fakeEventMsg(s, 'change', { value: 'M', values: ['M', 'L'] }));
    expect(s.values).toEqual(['M', 'L']);
    expect(s.value).toBe('M');
    expect(stripIds(s.toHtml())).toBe(
      '<select id="#" multiple name="sizes" data-jp-on="change"><option id="#" value="S">S</option>' +
        '<option id="#" value="M" selected>M</option><option id="#" value="L" selected>L</option></select>',
    );
    s.beforeEvent(fakeEventMsg(s, 'change', { value: '', values: [] }));
    expect(s.values).toEqual([]);
    expect(s.value).toBe('');
  });

  it('selects exactly the values the server sets, and sends them as an array', () => {
    const wp = new WebPage();
    const s = sizes();
    wp.add(s);
    wp.markClean();
    s.values = ['M'];
    expect(stripIds(s.toHtml())).toContain('<option id="#" value="M" selected>M</option><option id="#" value="L">L</option>');
    expect(wp.takeChanges().fields).toEqual([{ id: s.id, value: ['M'] }]);
    s.value = ['S', 'L'];
    expect(s.values).toEqual(['S', 'L']);
    expect(wp.takeChanges().fields).toEqual([{ id: s.id, value: ['S', 'L'] }]);
    s.values = ['S', 'L'];
    expect(wp.takeChanges()).toEqual({ changes: [] });
  });

  it('refuses what is not a list of strings, and several values on a single select', () => {
    expect(() => (sizes().values = [1 as never])).toThrow('Select.values must be an array of strings');
    expect(() => (new Select().values = ['a', 'b'])).toThrow(/a single select shows one value/);
    expect(() => (new Select().value = ['a', 'b'])).toThrow(/a single select shows one value/);
  });

  it('sends a single select\'s value as a string', () => {
    const wp = new WebPage();
    const s = new Select({ a: wp });
    new Option({ value: 'a', a: s });
    wp.markClean();
    s.value = 'a';
    expect(wp.takeChanges().fields).toEqual([{ id: s.id, value: 'a' }]);
  });
});
