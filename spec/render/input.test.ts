import { describe, expect, it } from 'vitest';
import { Div } from '../../lib/render/html-components.js';
import { Input, Textarea } from '../../lib/render/input.js';
import { WebPage } from '../../lib/render/webpage.js';
import type { EventMsg } from '../../lib/render/event-msg.js';
import type { Component } from '../../lib/render/component.js';
import type { EventName } from '../../lib/render/wire.js';
import { stripIds } from '../support/html-ids.js';
import { fakeEventMsg } from '../support/event-msg.js';

function msg(target: Component, event_type: EventName, value: string, checked?: boolean): EventMsg {
  const m = fakeEventMsg(target, event_type, { value });
  if (checked !== undefined) m.checked = checked;
  return m;
}

describe('Input', () => {
  it('listens to input when text-like and to change for checkbox and radio', () => {
    expect([...new Input().listensTo()]).toEqual(['input']);
    expect([...new Input({ type: 'number' }).listensTo()]).toEqual(['input']);
    expect([...new Input({ type: 'checkbox' }).listensTo()]).toEqual(['change']);
    expect([...new Input({ type: 'radio' }).listensTo()]).toEqual(['change']);
    expect(stripIds(new Input({ placeholder: 'Name' }).toHtml())).toBe('<input id="#" placeholder="Name" data-jp-on="input">');
  });

  it('adds user events to the built-in one', () => {
    const i = new Input().on('keydown', () => {});
    expect(stripIds(i.toHtml())).toBe('<input id="#" data-jp-on="input keydown">');
  });

  it('stores a text value from the browser and renders it', () => {
    const i = new Input({ type: 'text', value: 'a' });
    const m = msg(i, 'input', 'hello "you"');
    i.beforeEvent(m);
    expect(i.value).toBe('hello "you"');
    expect(stripIds(i.toHtml())).toBe('<input id="#" type="text" value="hello &quot;you&quot;" data-jp-on="input">');
  });

  it('converts a number value, keeping an empty one as an empty string', () => {
    const i = new Input({ type: 'number' });
    const m = msg(i, 'input', '42.5');
    i.beforeEvent(m);
    expect(i.value).toBe(42.5);
    expect(m.value).toBe(42.5);
    i.beforeEvent(msg(i, 'input', ''));
    expect(i.value).toBe('');
  });

  it('stores checked for a checkbox, leaving its value alone', () => {
    const c = new Input({ type: 'checkbox', value: 'yes' });
    c.beforeEvent(msg(c, 'change', 'yes', true));
    expect(c.checked).toBe(true);
    expect(stripIds(c.toHtml())).toBe('<input id="#" type="checkbox" value="yes" checked data-jp-on="change">');
    c.beforeEvent(msg(c, 'change', 'yes', false));
    expect(c.checked).toBe(false);
    expect(c.value).toBe('yes');
  });

  it('unchecks the other radios of the same name on the page', () => {
    const wp = new WebPage();
    const group = new Div({ a: wp });
    const a = new Input({ type: 'radio', name: 'color', value: 'red', checked: true, a: group });
    const b = new Input({ type: 'radio', name: 'color', value: 'blue', a: new Div({ a: wp }) });
    const other = new Input({ type: 'radio', name: 'size', value: 'L', checked: true, a: group });
    b.beforeEvent(msg(b, 'change', 'blue', true));
    expect([a.checked, b.checked, other.checked]).toEqual([false, true, true]);
  });

  it('does not send back what the browser already shows', () => {
    const wp = new WebPage();
    const i = new Input({ a: wp });
    wp.markClean();
    i.beforeEvent(msg(i, 'input', 'typed'));
    expect(wp.takeChanges()).toEqual({ changes: [] });
  });

  it('re-renders when the server sets the value', () => {
    const wp = new WebPage();
    const i = new Input({ a: wp, value: 'a' });
    wp.markClean();
    i.value = 'b';
    expect(wp.takeChanges().changes).toEqual([{ id: i.id, html: `<input id="${i.id}" value="b" data-jp-on="input">` }]);
    i.value = 'b';
    expect(wp.takeChanges().changes).toEqual([]);
  });

  it('never renders the value of a password', () => {
    const p = new Input({ type: 'password', name: 'password', value: 'hunter2' });
    expect(p.toHtml()).not.toContain('hunter2');
    p.beforeEvent(msg(p, 'input', 'password'));
    expect(p.value).toBe('password');
    expect(p.toHtml()).not.toContain('value=');
    expect(stripIds(p.toHtml())).toBe('<input id="#" type="password" name="password" data-jp-on="input">');
  });

  it('ignores events other than input and change', () => {
    const i = new Input({ value: 'keep' });
    i.beforeEvent(msg(i, 'click', ''));
    expect(i.value).toBe('keep');
  });

  it('renders a debounce for the client and checks it', () => {
    expect(stripIds(new Input({ debounce: 500 }).toHtml())).toBe('<input id="#" data-jp-debounce="500" data-jp-on="input">');
    expect(() => new Input({ debounce: -1 })).toThrow(TypeError);
  });
});

describe('Textarea', () => {
  it('renders its value, escaped, as content and binds input', () => {
    const t = new Textarea({ name: 'bio', value: '</textarea><b>' });
    expect(stripIds(t.toHtml())).toBe('<textarea id="#" name="bio" data-jp-on="input">&lt;/textarea&gt;&lt;b&gt;</textarea>');
    t.beforeEvent(msg(t, 'input', 'line 1\nline 2'));
    expect(t.value).toBe('line 1\nline 2');
  });

  it('keeps a leading newline of the value', () => {
    expect(stripIds(new Textarea({ value: '\nx' }).toHtml())).toBe('<textarea id="#" data-jp-on="input">\n\nx</textarea>');
  });
});

describe('values the server sets', () => {
  function onPage<C extends Component>(c: C): { wp: WebPage; c: C } {
    const wp = new WebPage();
    wp.add(c);
    wp.markClean();
    return { wp, c };
  }

  it("travel beside the HTML, so a password can be cleared though its value is never rendered", () => {
    const { wp, c: password } = onPage(new Input({ type: 'password', name: 'password' }));
    password.beforeEvent(msg(password, 'input', 'guess'));
    expect(wp.takeChanges()).toEqual({ changes: [] });
    password.value = '';
    const { changes, fields } = wp.takeChanges();
    expect(fields).toEqual([{ id: password.id, value: '' }]);
    expect(changes.map((c) => c.html).join('')).not.toContain('value=');
    expect(changes.map((c) => c.html).join('')).not.toContain('guess');
  });

  it('travel for a text field and a textarea too (a focused field keeps what a morph brings)', () => {
    const wp = new WebPage();
    const name = new Input({ name: 'n', a: wp });
    const bio = new Textarea({ name: 'b', a: wp });
    wp.markClean();
    name.value = 42;
    bio.value = 'hello';
    expect(wp.takeChanges().fields).toEqual([
      { id: name.id, value: '42' },
      { id: bio.id, value: 'hello' },
    ]);
  });

  it("are not what the browser sent, nor a value set again, nor a checkbox's value attribute", () => {
    const wp = new WebPage();
    const text = new Input({ value: 'same', a: wp });
    const box = new Input({ type: 'checkbox', value: 'yes', a: wp });
    wp.markClean();
    text.beforeEvent(msg(text, 'input', 'typed'));
    text.value = 'typed';
    box.value = 'no';
    expect(wp.takeChanges().fields).toBeUndefined();
  });

  it('are dropped for a field that left the page, and by the first render', () => {
    const wp = new WebPage();
    const gone = new Input({ a: wp });
    const kept = new Input({ a: wp });
    gone.value = 'x';
    wp.markClean();
    expect(wp.takeChanges().fields).toBeUndefined();
    gone.value = 'y';
    kept.value = 'z';
    wp.remove(gone);
    expect(wp.takeChanges().fields).toEqual([{ id: kept.id, value: 'z' }]);
  });

  it('count as a change of the page version', () => {
    const { wp, c } = onPage(new Input({ type: 'password' }));
    const before = wp.version;
    c.value = 'x';
    wp.takeChanges();
    expect(wp.version).toBe(before + 1);
  });
});
