import { describe, expect, it } from 'vitest';
import { ParseHtmlError, parseHtml, parse_html } from '../../lib/render/parse-html.js';
import { Button, Div, Form, Label, P } from '../../lib/render/html-components.js';
import { Input, Textarea } from '../../lib/render/input.js';
import { Option, Select } from '../../lib/render/select.js';
import { TextNode } from '../../lib/render/text-node.js';
import { Component } from '../../lib/render/component.js';
import { REFUSED_TAGS } from '../../lib/render/html-tags.js';
import { WebPage } from '../../lib/render/webpage.js';
import { stripIds } from '../support/html-ids.js';
// The seed's two snippets (JustPy's sessions tutorial, Login Example), kept verbatim by the demo.
import { fakeEventMsg } from '../support/event-msg.js';
import { alert_html, login_form_html } from '../../demo/login.js';

function parseError(html: string): ParseHtmlError {
  try {
    parseHtml(html);
  } catch (e) {
    if (e instanceof ParseHtmlError) return e;
    throw e;
  }
  throw new Error('parseHtml did not throw');
}

describe('the login form of the seed', () => {
  it('gives name_dict entries for user_name, password and sign_in_btn', () => {
    const wp = new WebPage();
    const form = parseHtml(login_form_html, { a: wp, classes: 'm-2 p-2 w-1/4' });
    expect(Object.keys(form.name_dict).sort()).toEqual(['password', 'sign_in_btn', 'user_name']);
    expect(form.name_dict.user_name).toBeInstanceOf(Input);
    expect((form.name_dict.password as Input).type).toBe('password');
    expect(form.name_dict.sign_in_btn).toBeInstanceOf(Button);
    expect(form.name_dict.sign_in_btn?.text).toBe('Sign In');
    expect(wp.components).toEqual([form]);
    expect(wp.getComponent(form.name_dict.password?.id ?? '')).toBe(form.name_dict.password);
  });

  it('replaces the root classes with the given ones, as JustPy does', () => {
    const form = parseHtml(login_form_html, { classes: 'm-2 p-2 w-1/4' });
    expect(form.classes).toBe('m-2 p-2 w-1/4');
    expect(parseHtml(login_form_html).classes).toBe('w-full max-w-xs');
  });

  it('builds the expected tree with trimmed text and the attributes as written', () => {
    const form = parseHtml(login_form_html);
    const f = form.components[0] as Form;
    expect(f).toBeInstanceOf(Form);
    const label = f.components[0]?.components[0] as Label;
    expect(stripIds(label.toHtml())).toBe('<label id="#" class="block text-gray-700 text-sm font-bold mb-2" for="username">Username</label>');
    expect(stripIds(form.name_dict.user_name?.toHtml() ?? '')).toBe(
      '<input id="#" class="shadow appearance-none border rounded w-full py-2 px-3 text-gray-700 leading-tight focus:outline-none focus:shadow-outline" type="text" placeholder="Username" name="user_name" data-jp-on="input">',
    );
    const hint = f.components[1]?.components[2] as P;
    expect(hint.text).toBe("The password is 'password'");
    expect(stripIds(hint.toHtml())).toContain('The password is &#39;password&#39;');
    expect(form.components[1]?.text).toBe('Example from https://tailwindcss.com/components/forms');
  });

  it('binds the password typed in the browser for the click handler to read', () => {
    const form = parseHtml(login_form_html);
    const pw = form.name_dict.password as Input;
    pw.beforeEvent(fakeEventMsg(pw, 'input', { value: 'password' }));
    expect(pw.value).toBe('password');
    expect(form.toHtml()).not.toContain('value=');
  });
});

describe('the alert of the seed', () => {
  it('renders hidden with show: false, keeping its role and classes', () => {
    const wp = new WebPage();
    const alert = parseHtml(alert_html, { show: false, a: wp });
    expect(alert.show).toBe(false);
    expect(stripIds(alert.toHtml())).toBe(
      '<div id="#" class="m-1 p-1 w-1/3" role="alert" hidden>' +
        '<div id="#" class="bg-red-500 text-white font-bold rounded-t px-4 py-2">Password is incorrect</div>' +
        '<div id="#" class="border border-t-0 border-red-400 rounded-b bg-red-100 px-4 py-3 text-red-700"><p id="#">Please enter password again.</p></div>' +
        '</div>',
    );
    expect(alert.name_dict).toEqual({});
  });

  it('shows when show is set, as one change', () => {
    const wp = new WebPage();
    const alert = parseHtml(alert_html, { show: false, a: wp });
    wp.markClean();
    alert.show = true;
    const { changes } = wp.takeChanges();
    expect(changes).toHaveLength(1);
    expect(changes[0]?.id).toBe(alert.id);
    expect(changes[0]?.html).not.toContain('hidden');
  });
});

describe('structure', () => {
  it('wraps several roots in a Div', () => {
    const root = parseHtml('<p>a</p>\n<p>b</p>');
    expect(root).toBeInstanceOf(Div);
    expect(stripIds(root.toHtml())).toBe('<div id="#"><p id="#">a</p><p id="#">b</p></div>');
  });

  it('keeps text beside elements in order', () => {
    const p = parseHtml('<p>\n  Hello <b>dear</b> <i>world</i>!\n</p>');
    expect(stripIds(p.toHtml())).toBe('<p id="#">Hello <b id="#">dear</b> <i id="#">world</i>!</p>');
    expect(p.components[0]).toBeInstanceOf(TextNode);
  });

  it('re-renders the parent when a text node changes', () => {
    const wp = new WebPage();
    const p = parseHtml('<p>Hello <b>dear</b></p>', { a: wp });
    wp.markClean();
    (p.components[0] as TextNode).text = 'Bye ';
    expect(wp.takeChanges().changes).toEqual([{ id: p.id, html: p.toHtml() }]);
    expect(stripIds(p.toHtml())).toBe('<p id="#">Bye <b id="#">dear</b></p>');
  });

  it('wraps top-level text with an element', () => {
    expect(stripIds(parseHtml('Hi <b>you</b>').toHtml())).toBe('<div id="#">Hi <b id="#">you</b></div>');
  });

  it('decodes entities once and escapes them again', () => {
    expect(stripIds(parseHtml('<p title="a &amp; b">1 &lt; 2 &amp;&amp; &quot;x&quot;</p>').toHtml())).toBe(
      '<p id="#" title="a &amp; b">1 &lt; 2 &amp;&amp; &quot;x&quot;</p>',
    );
  });

  it('keeps no-break spaces, which are content, not whitespace', () => {
    expect(parseHtml('<span>&nbsp;x&nbsp;</span>').text).toBe('\u00a0x\u00a0');
    expect(stripIds(parseHtml('<p>a&nbsp;<b>b</b></p>').toHtml())).toBe('<p id="#">a\u00a0<b id="#">b</b></p>');
  });

  it('keeps whitespace inside pre', () => {
    expect(stripIds(parseHtml('<pre>  a\n  b</pre>').toHtml())).toBe('<pre id="#">  a\n  b</pre>');
  });

  it('drops comments', () => {
    expect(stripIds(parseHtml('<div><!-- secret --><span>x</span></div>').toHtml())).toBe('<div id="#"><span id="#">x</span></div>');
  });

  it('builds textarea, select and options with their values', () => {
    const root = parseHtml(
      '<form><textarea name="t">\nhello &amp; bye</textarea><select name="s"><option value="1">One</option><option selected>Two</option></select></form>',
    );
    const t = root.name_dict.t as Textarea;
    expect(t).toBeInstanceOf(Textarea);
    expect(t.value).toBe('hello & bye');
    const s = root.name_dict.s as Select;
    expect(s.components[1]).toBeInstanceOf(Option);
    expect(stripIds(s.toHtml())).toContain('<option id="#" selected>Two</option>');
  });

  it('sets boolean attributes and hidden', () => {
    const root = parseHtml('<div hidden><input type="checkbox" name="c" checked disabled></div>');
    expect(root.show).toBe(false);
    expect((root.name_dict.c as Input).checked).toBe(true);
  });

  it('keeps the first component when a name repeats', () => {
    const root = parseHtml('<div><input type="radio" name="r" value="1"><input type="radio" name="r" value="2"></div>');
    expect(root.name_dict.r?.value).toBe('1');
  });

  it('accepts a doctype and self-closed void elements', () => {
    expect(stripIds(parseHtml('<!DOCTYPE html><br/>').toHtml())).toBe('<br id="#">');
  });

  it('is also exported under JustPy\'s name', () => {
    expect(parse_html).toBe(parseHtml);
  });
});

describe('errors', () => {
  it('names an unknown tag and its position', () => {
    const e = parseError('<div>\n  <blink>x</blink>\n</div>');
    expect(e.message).toBe('unknown tag <blink> at 2:3');
    expect([e.tag, e.line, e.column]).toEqual(['blink', 2, 3]);
  });

  it.each([...REFUSED_TAGS])('refuses <%s> as not allowed, with the table new Component() uses (issue 7)', (tag) => {
    expect(parseError(`<div>\n<${tag}></${tag}></div>`).message).toMatch(new RegExp(`^tag <${tag}> is not allowed: .* at 2:1$`));
    expect(() => new Component({}, tag)).toThrow(`tag <${tag}> is not allowed`);
  });

  it.each(['constructor', 'tostring'])('refuses <%s>, a name Object.prototype has, as unknown', (tag) => {
    expect(parseError(`<${tag}></${tag}>`).message).toBe(`unknown tag <${tag}> at 1:1`);
  });

  it('names a mismatched tag, where it opened and where it was closed', () => {
    const e = parseError('<div>\n  <span>x\n</div>');
    expect(e.message).toBe('unclosed <span> at 2:3 (reached </div> at 3:1)');
    expect(e.tag).toBe('span');
  });

  it('names an unclosed tag at the end of the input', () => {
    expect(parseError('<div><p>x</p>').message).toBe('unclosed <div> at 1:1 (reached the end of the input)');
  });

  it('explains that a self-closed element stays open', () => {
    expect(parseError('<div><span/></div>').message).toBe(
      'unclosed <span> at 1:6 (reached </div> at 1:13; <span/> does not close it in HTML, write <span></span>)',
    );
  });

  it('names a tag closed implicitly by a block element', () => {
    expect(parseError('<p>a<div>b</div></p>').message).toMatch(/^unclosed <p> at 1:1 \(reached <div> at 1:5\)/);
  });

  it('names a stray end tag', () => {
    expect(parseError('<div></div></span>').message).toBe('unexpected end tag </span> at 1:12');
    expect(parseError('<div></p></div>').message).toMatch(/^unexpected end tag <\/p>/);
    expect(parseError('<input></input>').message).toBe('end tag </input> of a void element at 1:8');
  });

  it.each(['@click="do_it"', ':value="1+1"', 'onclick="alert(1)"', 'ONMOUSEOVER="x"', 'v-if="x"'])(
    'refuses the code-carrying attribute %s',
    (attr) => {
      const e = parseError(`<div>\n<button ${attr}>b</button></div>`);
      expect(e.message).toMatch(/would run code/);
      expect([e.tag, e.line, e.column]).toEqual(['button', 2, 1]);
    },
  );

  it('refuses id attributes, which would make ids guessable', () => {
    expect(parseError('<div id="x"></div>').message).toMatch(/^attribute 'id' is not supported/);
  });

  it('refuses script URLs with the position of their tag', () => {
    expect(parseError('<div>\n <a href="javascript:alert(1)">x</a></div>').message).toMatch(/^attribute 'href' holds a script URL.* at 2:2$/);
    // `data` is what an <object> loads; <object> itself is a refused tag, but the attribute is checked on any element
    expect(parseError('<div data="data:text/html,&lt;script&gt;1&lt;/script&gt;"></div>').message).toMatch(/^attribute 'data' holds a script URL.* at 1:1$/);
  });

  it('refuses <object> whatever its data, as a tag that loads other content', () => {
    expect(parseError('<object data="/movie.swf"></object>').message).toMatch(/^tag <object> is not allowed/);
  });

  it('refuses attribute names that cannot be rendered safely', () => {
    expect(parseError('<div a"b="1"></div>').message).toMatch(/invalid attribute name/);
  });

  it('is an Error subclass', () => {
    expect(parseError('<x></x>')).toBeInstanceOf(Error);
    expect(parseError('<x></x>').name).toBe('ParseHtmlError');
  });
});
