import { describe, expect, it } from 'vitest';
import { Parser } from 'htmlparser2';
import { Component } from '../../lib/render/component.js';
import { A, Br, Button, Div, Img, Li, P, Span, Td, Tr, Ul } from '../../lib/render/html-components.js';
import { ELEMENT_CLASSES } from '../../lib/render/element-classes.js';
import { REFUSED_TAGS } from '../../lib/render/html-tags.js';
import { WebPage } from '../../lib/render/webpage.js';
import { stripIds } from '../support/html-ids.js';
import type { EventName } from '../../lib/render/wire.js';

describe('rendering', () => {
  it('renders tag, id, classes, style, attributes and escaped text', () => {
    const d = new Div({ text: 'Hi', classes: 'm-2 p-1', style: 'color: red', title: 'T' });
    expect(d.toHtml()).toBe(`<div id="${d.id}" class="m-2 p-1" style="color: red" title="T">Hi</div>`);
  });

  it('renders children after the text, in order', () => {
    const ul = new Ul({ text: 'List:' });
    new Li({ text: 'one', a: ul });
    new Li({ text: 'two', a: ul });
    expect(stripIds(ul.toHtml())).toBe('<ul id="#">List:<li id="#">one</li><li id="#">two</li></ul>');
  });

  it('renders void elements without content or end tag', () => {
    expect(stripIds(new Img({ src: '/a.png', alt: 'a' }).toHtml())).toBe('<img id="#" src="/a.png" alt="a">');
    expect(stripIds(new Br().toHtml())).toBe('<br id="#">');
  });

  it('renders show=false as the hidden attribute, and back', () => {
    const p = new P({ text: 'x', show: false });
    expect(stripIds(p.toHtml())).toBe('<p id="#" hidden>x</p>');
    p.show = true;
    expect(stripIds(p.toHtml())).toBe('<p id="#">x</p>');
  });

  it('renders true as a bare attribute and drops false and null', () => {
    const b = new Button({ text: 'b', disabled: true, attrs: { 'data-k': 1, 'aria-hidden': false } });
    expect(stripIds(b.toHtml())).toBe('<button id="#" disabled data-k="1">b</button>');
    b.setAttr('disabled', null);
    expect(b.getAttr('disabled')).toBeUndefined();
    expect(stripIds(b.toHtml())).toBe('<button id="#" data-k="1">b</button>');
  });

  it('maps htmlFor to for', () => {
    expect(stripIds(new Component({ htmlFor: 'x' }, 'label').toHtml())).toBe('<label id="#" for="x"></label>');
  });

  it('renders inner_html raw, instead of text and children', () => {
    const d = new Div({ text: 'ignored', inner_html: '<b>bold</b>' });
    new Span({ a: d });
    expect(stripIds(d.toHtml())).toBe('<div id="#"><b>bold</b></div>');
  });

  it('renders table parts', () => {
    const tr = new Tr();
    new Td({ text: '1', colspan: 2, a: tr });
    expect(stripIds(tr.toHtml())).toBe('<tr id="#"><td id="#" colspan="2">1</td></tr>');
  });

  it('converts a number text to a string, as JustPy does', () => {
    const d = new Div({ text: 5 });
    expect(d.text).toBe('5');
  });
});

describe('escaping', () => {
  it('escapes text, so </SCRIPT> and markup stay text', () => {
    const d = new Div({ text: '</SCRIPT><img src=x onerror=alert(1)> & "q" \'s\'' });
    expect(stripIds(d.toHtml())).toBe(
      '<div id="#">&lt;/SCRIPT&gt;&lt;img src=x onerror=alert(1)&gt; &amp; &quot;q&quot; &#39;s&#39;</div>',
    );
  });

  it('keeps U+2028 in text as text', () => {
    expect(stripIds(new Span({ text: 'a\u2028b' }).toHtml())).toBe('<span id="#">a\u2028b</span>');
  });

  it('escapes attribute values, classes and style', () => {
    const a = new A({ href: '/x?a=1&b="2"', classes: 'a"><script>', style: "x'y" });
    expect(stripIds(a.toHtml())).toBe(
      '<a id="#" class="a&quot;&gt;&lt;script&gt;" style="x&#39;y" href="/x?a=1&amp;b=&quot;2&quot;"></a>',
    );
  });

  it.each(['onclick', 'OnLoad', 'onmouseover'])('refuses the event-handler attribute %s', (name) => {
    expect(() => new Div().setAttr(name, 'alert(1)')).toThrow(/inline event handler/);
    expect(() => new Div({ attrs: { [name]: 'x' } })).toThrow(TypeError);
  });

  it.each(['a b', 'x"y', '<p', '@click', ':value', ''])('refuses the invalid attribute name %j', (name) => {
    expect(() => new Div().setAttr(name, 'v')).toThrow(TypeError);
  });

  it.each(['javascript:alert(1)', ' JavaScript:alert(1)', 'java\tscript:x', '\u0001javascript:x', 'vbscript:x'])(
    'refuses the script URL %j in URL attributes',
    (url) => {
      expect(() => new A({ href: url })).toThrow(/script URL/);
      expect(() => new Div().setAttr('src', url)).toThrow(TypeError);
    },
  );

  it.each(['data:text/html,<script>alert(1)</script>', 'blob:https://x/1', 'DATA:,x', 'file:///etc/passwd', 'x-evil:1'])(
    'refuses %j, a scheme outside the URL rule, in URL attributes and in object data (issue 7)',
    (url) => {
      expect(() => new A({ href: url })).toThrow(/not allowed/);
      expect(() => new Div().setAttr('data', url)).toThrow(TypeError);
    },
  );

  it.each(['mailto:a@b.example', 'tel:+123', 'HTTPS://example.com', '//cdn.example/x.png', '?q=1', '#top', 'java script:x', 'a/b:c'])(
    'accepts %j: relative, or a scheme that cannot run script',
    (url) => {
      expect(new A({ href: url }).getAttr('href')).toBe(url);
    },
  );

  it('accepts ordinary URLs, and javascript: text outside URL attributes', () => {
    expect(new A({ href: '/login_test?x=javascript:1' }).getAttr('href')).toBe('/login_test?x=javascript:1');
    expect(new A({ href: 'https://example.com/' }).getAttr('href')).toBe('https://example.com/');
    expect(new Div({ title: 'javascript:1' }).getAttr('title')).toBe('javascript:1');
  });

  it('refuses srcdoc, whose value is a whole document', () => {
    expect(() => new Div().setAttr('srcdoc', '<script>x</script>')).toThrow(TypeError);
  });

  it('refuses setting the id or the renderer-managed attributes', () => {
    expect(() => new Div().setAttr('id', 'mine')).toThrow(TypeError);
    expect(() => new Div().setAttr('data-jp-on', 'click')).toThrow(TypeError);
  });
});

describe('attributes through setAttr/getAttr', () => {
  it('routes class, style and hidden to their properties', () => {
    const d = new Div();
    d.setAttr('class', 'a b').setAttr('style', 'x:1').setAttr('hidden', true);
    expect([d.classes, d.style, d.show]).toEqual(['a b', 'x:1', false]);
    expect(d.getAttr('class')).toBe('a b');
  });

  it('returns numbers as strings and bare attributes as true', () => {
    const d = new Div({ attrs: { tabindex: 3, contenteditable: true } });
    expect(d.getAttr('tabindex')).toBe('3');
    expect(d.getAttr('contenteditable')).toBe(true);
    expect(d.getAttr('missing')).toBeUndefined();
  });

  it('treats a prototype-like name as a plain attribute', () => {
    const d = new Div();
    expect(d.getAttr('constructor')).toBeUndefined();
    d.setAttr('constructor', 'x');
    expect(d.getAttr('constructor')).toBe('x');
  });

  it('has name and value properties backed by the attributes', () => {
    const b = new Button({ name: 'go', value: 'v1' });
    expect([b.name, b.value]).toEqual(['go', 'v1']);
    expect(stripIds(b.toHtml())).toBe('<button id="#" name="go" value="v1"></button>');
  });
});

describe('tags (issue 7)', () => {
  it.each(['script', 'style', 'iframe', 'object', 'embed', 'base', 'meta', 'link', 'animate', 'set'])(
    'refuses <%s>, as parseHtml does',
    (tag) => {
      expect(() => new Component({}, tag)).toThrow(`tag <${tag}> is not allowed`);
    },
  );

  it('offers no element class for a refused tag', () => {
    for (const [tag] of Object.entries(ELEMENT_CLASSES)) expect(REFUSED_TAGS.has(tag)).toBe(false);
  });

  it('still makes custom elements and other ordinary tags', () => {
    expect(new Component({}, 'my-widget').toHtml()).toMatch(/^<my-widget id="j[0-9a-f]{12}"><\/my-widget>$/);
    expect(new Component({}, 'video').tag).toBe('video');
  });
});

describe('ids', () => {
  it("are 'j' plus 12 hex digits (48 random bits), different for each component", () => {
    const ids = new Set(Array.from({ length: 1000 }, () => new Div().id));
    expect(ids.size).toBe(1000);
    for (const id of ids) expect(id).toMatch(/^j[0-9a-f]{12}$/);
  });
});

describe('tree', () => {
  it('appends with the a option and add(), and moves a child that had a parent', () => {
    const a = new Div();
    const b = new Div();
    const c = new Span({ a });
    expect(c.parent).toBe(a);
    b.add(c);
    expect(a.components).toEqual([]);
    expect(b.components).toEqual([c]);
    expect(c.parent).toBe(b);
  });

  it('removes children and ignores a component that is not a child', () => {
    const a = new Div();
    const c = new Span({ a });
    a.remove(new Span());
    a.remove(c);
    expect(a.components).toEqual([]);
    expect(c.parent).toBeNull();
  });

  it('delete_components() empties the component', () => {
    const a = new Div();
    const c = new Span({ a });
    a.delete_components();
    expect(a.components).toEqual([]);
    expect(c.parent).toBeNull();
  });

  it('refuses cycles and children of void elements', () => {
    const a = new Div();
    const b = new Div({ a });
    expect(() => b.add(a)).toThrow(TypeError);
    expect(() => a.add(a)).toThrow(TypeError);
    expect(() => new Img().add(new Span())).toThrow(/cannot have children/);
  });

  it('knows its page through its ancestors', () => {
    const wp = new WebPage();
    const a = new Div({ a: wp });
    const b = new Span({ a });
    expect(b.page).toBe(wp);
    expect(new Div().page).toBeNull();
  });
});

describe('on()', () => {
  it('registers a handler, adds the event to data-jp-on and listensTo()', () => {
    const b = new Button({ text: 'b' });
    const h = () => true;
    b.on('click', h).on('mouseenter', h);
    expect(b.handlerFor('click')).toBe(h);
    expect([...b.listensTo()]).toEqual(['click', 'mouseenter']);
    expect(stripIds(b.toHtml())).toBe('<button id="#" data-jp-on="click mouseenter">b</button>');
  });

  it('calls the handler with the component typed as itself', () => {
    const b = new Button().with({ counter: 0 });
    b.on('click', (self) => {
      self.counter += 1;
    });
    b.handlerFor('click')?.(b, {} as never);
    expect(b.counter).toBe(1);
  });

  it("throws a TypeError naming an unknown event, with a hint for JustPy's spellings (for code the compiler did not check)", () => {
    const unchecked = (name: string) => name as EventName;
    expect(() => new Div().on(unchecked('dblclick'), () => {})).toThrow(/unknown event 'dblclick'/);
    expect(() => new Div().on(unchecked('onclick'), () => {})).toThrow(/unknown event 'onclick' \(did you mean 'click'\?\)/);
    expect(() => new Div().on(unchecked('on_click'), () => {})).toThrow(TypeError);
  });

  it('throws when the handler is not a function', () => {
    expect(() => new Div().on('click', 'alert(1)' as never)).toThrow(TypeError);
  });
});

describe('with()', () => {
  it('attaches typed app fields', () => {
    const visits_div = new Div({ text: 'v' });
    const b = new Button().with({ visits_div, s_id: 'abc' });
    expect(b.visits_div.text).toBe('v');
    expect(b.s_id).toBe('abc');
  });

  it('refuses a key the component already has', () => {
    expect(() => new Button().with({ text: 'x' })).toThrow(/'text' already exists/);
    expect(() => new Button().with({ on: 1 })).toThrow(TypeError);
    const b = new Button().with({ alert: 1 });
    expect(() => b.with({ alert: 2 })).toThrow(TypeError);
  });
});

describe('options', () => {
  it('refuses option values that are not attribute values', () => {
    expect(() => new Div({ attrs: { x: {} as never } })).toThrow(TypeError);
    expect(() => new Div({ title: {} as never })).toThrow(/attribute 'title'/);
  });

  it('refuses an invalid tag name', () => {
    expect(() => new Component({}, 'Bad Tag')).toThrow(TypeError);
    expect(() => new Component({}, 'script')).toThrow(TypeError);
  });
});

describe('escaping round trip through an HTML parser', () => {
  const nasty = ['</div><script>alert(1)</script>', '"\'><img src=x onerror=1>', '&amp; &lt; &#x3c;', 'a\u2028b\u2029c', '<!-- x -->', ']]>', '\u00a0é✓'];

  it.each(nasty)('gives back the exact text and title %j', (s) => {
    const html = new Div({ text: s, title: s }).toHtml();
    let text = '';
    let title: string | undefined;
    let elements = 0;
    const parser = new Parser({
      onopentag(_name, attribs) {
        elements++;
        title = attribs.title;
      },
      ontext(t) {
        text += t;
      },
    });
    parser.end(html);
    expect(elements).toBe(1);
    expect(text).toBe(s);
    expect(title).toBe(s);
  });
});
