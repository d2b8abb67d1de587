import { describe, expect, it } from 'vitest';
import { Button, Div } from '../../lib/render/html-components.js';
import { Input } from '../../lib/render/input.js';
import { parseHtml } from '../../lib/render/parse-html.js';

const FORM = '<form><input name="user_name"><input name="password" type="password"><button name="go">Go</button><i name="go">2nd</i></form>';

describe('byName', () => {
  it("finds what name_dict holds for a parseHtml root, the first one when a name repeats", () => {
    const form = parseHtml(FORM);
    expect(form.byName('password')).toBe(form.name_dict['password']);
    expect(form.byName('go')).toBeInstanceOf(Button);
    expect(form.byName('go').text).toBe('Go');
  });

  it('finds a name anywhere below any component, itself included', () => {
    const box = new Div({ name: 'box' });
    const inner = new Div({ a: box });
    const field = new Input({ name: 'deep', a: inner });
    expect(box.byName('deep')).toBe(field);
    expect(box.byName('box')).toBe(box);
  });

  it('throws naming the missing name and the names there are', () => {
    expect(() => parseHtml(FORM).byName('passwrd')).toThrow(
      'byName: no component named "passwrd" here (names: "user_name", "password", "go")',
    );
    expect(() => new Div().byName('x')).toThrow('(names: none)');
  });

  it('checks the class when one is given', () => {
    const form = parseHtml(FORM);
    expect(form.byName('password', Input).type).toBe('password');
    expect(() => form.byName('go', Input)).toThrow('byName: "go" is a <button> (Button), not an Input');
  });
});
