import { describe, expect, it } from 'vitest';
import { Button, Div, P, Span } from '../../lib/render/html-components.js';
import { WebPage } from '../../lib/render/webpage.js';
import { Styles } from '../../lib/render/styles.js';
import { stripIds } from '../support/html-ids.js';

/** The seed's session_test page, as the demo builds it. */
function sessionTestPage(session_id: string, visits: number) {
  const wp = new WebPage();
  new Div({ text: `My session id: ${session_id}`, classes: 'm-2 p-1 text-xl', a: wp });
  const visits_div = new Div({ text: `Number of visits: ${visits}`, classes: 'm-2 p-1 text-xl', a: wp });
  const b = new Button({
    text: 'Number of Click Events: 0',
    classes: 'm-1 bg-blue-500 hover:bg-blue-700 text-white font-bold py-2 px-4 rounded-full',
    a: wp,
  }).with({ visits_div });
  let events = 0;
  b.on('click', (self) => {
    events += 1;
    self.text = `Number of Click Events: ${events}`;
    self.visits_div.text = `Number of visits: ${visits}`;
  });
  return { wp, b, visits_div };
}

/** A fresh page whose construction-time changes are forgotten, as after the first render. */
function cleanPage() {
  const wp = new WebPage();
  const outer = new Div({ a: wp });
  const inner = new P({ text: 'inner', a: outer });
  const other = new Div({ text: 'other', a: wp });
  wp.markClean();
  return { wp, outer, inner, other };
}

describe('WebPage rendering', () => {
  it('renders every component inside the root div', () => {
    const { wp } = sessionTestPage('abc', 1);
    expect(stripIds(wp.renderRoot())).toBe(
      '<div id="jp-root">' +
        '<div id="#" class="m-2 p-1 text-xl">My session id: abc</div>' +
        '<div id="#" class="m-2 p-1 text-xl">Number of visits: 1</div>' +
        '<button id="#" class="m-1 bg-blue-500 hover:bg-blue-700 text-white font-bold py-2 px-4 rounded-full" data-jp-on="click">Number of Click Events: 0</button>' +
        '</div>',
    );
  });

  it('renders the page classes, escaped, on the root', () => {
    const wp = new WebPage({ classes: 'bg-gray-100 "x"' });
    expect(wp.renderRoot()).toBe('<div id="jp-root" class="bg-gray-100 &quot;x&quot;"></div>');
  });

  it('has JustPy-like defaults', () => {
    const wp = new WebPage();
    expect([wp.title, wp.redirect, wp.display_url, wp.session_id, wp.components.length]).toEqual([null, null, null, null, 0]);
    expect(new WebPage({ title: 'T' }).title).toBe('T');
  });
});

describe('getComponent', () => {
  it('finds components anywhere on the page, and only on this page', () => {
    const { wp, inner } = cleanPage();
    expect(wp.getComponent(inner.id)).toBe(inner);
    expect(new WebPage().getComponent(inner.id)).toBeUndefined();
    expect(wp.getComponent(new Div().id)).toBeUndefined();
  });

  it('forgets components that leave the page and learns ones that join', () => {
    const { wp, outer, inner } = cleanPage();
    outer.remove(inner);
    expect(wp.getComponent(inner.id)).toBeUndefined();
    const late = new Div();
    const child = new Span({ a: late });
    outer.add(late);
    expect(wp.getComponent(child.id)).toBe(child);
    wp.delete_components();
    expect(wp.getComponent(child.id)).toBeUndefined();
  });

  it('redraws an id that collides with one already on the page', () => {
    const { wp, inner } = cleanPage();
    const twin = new Div();
    twin._id = inner.id;
    wp.add(twin);
    expect(twin.id).not.toBe(inner.id);
    expect(wp.getComponent(inner.id)).toBe(inner);
    expect(wp.getComponent(twin.id)).toBe(twin);
  });
});

describe('takeChanges', () => {
  it('gives exactly one change, the button, for the session_test click', () => {
    const { wp, b } = sessionTestPage('abc', 3);
    wp.markClean();
    b.handlerFor('click')?.(b, {} as never);
    const { changes, page_options } = wp.takeChanges();
    expect(page_options).toBeUndefined();
    expect(changes).toEqual([{ id: b.id, html: b.toHtml() }]);
    expect(changes[0]?.html).toContain('>Number of Click Events: 1</button>');
  });

  it('gives nothing when values are set to what they already are', () => {
    const { wp, inner } = cleanPage();
    inner.text = 'inner';
    inner.classes = '';
    inner.show = true;
    inner.setAttr('title', null);
    expect(wp.hasChanges()).toBe(false);
    expect(wp.takeChanges()).toEqual({ changes: [] });
  });

  it('gives one root change for page-level add, remove and delete_components', () => {
    const { wp, other } = cleanPage();
    new Div({ text: 'new', a: wp });
    other.text = 'changed too';
    let { changes } = wp.takeChanges();
    expect(changes).toEqual([{ id: 'jp-root', html: wp.renderRoot() }]);

    wp.remove(other);
    expect(wp.takeChanges().changes.map((c) => c.id)).toEqual(['jp-root']);

    wp.delete_components();
    ({ changes } = wp.takeChanges());
    expect(changes).toEqual([{ id: 'jp-root', html: '<div id="jp-root"></div>' }]);
  });

  it('collapses a change under a changed ancestor into the ancestor', () => {
    const { wp, outer, inner } = cleanPage();
    inner.text = 'new inner';
    outer.classes = 'x';
    const { changes } = wp.takeChanges();
    expect(changes).toEqual([{ id: outer.id, html: outer.toHtml() }]);
    expect(changes[0]?.html).toContain('new inner');
  });

  it('marks the parent when a child is added or removed', () => {
    const { wp, outer, inner } = cleanPage();
    outer.remove(inner);
    expect(wp.takeChanges().changes.map((c) => c.id)).toEqual([outer.id]);
    new Span({ text: 's', a: outer });
    expect(wp.takeChanges().changes.map((c) => c.id)).toEqual([outer.id]);
  });

  it('gives nothing for components that are detached or never were on the page', () => {
    const { wp, outer, inner } = cleanPage();
    inner.text = 'changed';
    const gone = inner;
    outer.delete_components();
    gone.text = 'changed again';
    const loose = new Div();
    loose.text = 'x';
    expect(wp.takeChanges().changes.map((c) => c.id)).toEqual([outer.id]);
  });

  it('gives each change once, then a clean slate', () => {
    const { wp, other } = cleanPage();
    other.show = false;
    expect(wp.takeChanges().changes).toHaveLength(1);
    expect(wp.hasChanges()).toBe(false);
    expect(wp.takeChanges()).toEqual({ changes: [] });
  });

  it('carries only the page options that changed', () => {
    const { wp } = cleanPage();
    wp.display_url = 'login_successful';
    expect(wp.takeChanges()).toEqual({ changes: [], page_options: { display_url: 'login_successful' } });
    wp.redirect = '/login_test';
    wp.title = 'Done';
    wp.display_url = 'login_successful';
    expect(wp.takeChanges().page_options).toEqual({ redirect: '/login_test', title: 'Done' });
  });

  it.each(['javascript:alert(document.cookie)', ' JaVa\tScRiPt:x', 'data:text/html,x', 'vbscript:x'])(
    'refuses %j as redirect or display_url and keeps the old value (issue 7)',
    (url) => {
      const { wp } = cleanPage();
      wp.redirect = '/ok';
      expect(() => (wp.redirect = url)).toThrow(/redirect holds a script URL/);
      expect(() => (wp.display_url = url)).toThrow(/display_url must be an address of the page/);
      expect([wp.redirect, wp.display_url]).toEqual(['/ok', null]);
      expect(wp.takeChanges().page_options).toEqual({ redirect: '/ok' });
    },
  );

  it.each(['mailto:a@example.com', 'tel:+15550100', ' MAILTO:x'])(
    'refuses %j as display_url, which history cannot show, but follows it as redirect (issue 7)',
    (url) => {
      const { wp } = cleanPage();
      expect(() => (wp.display_url = url)).toThrow(/display_url must be an address of the page/);
      wp.redirect = url;
      expect(wp.takeChanges().page_options).toEqual({ redirect: url });
    },
  );

  it('takes a relative, http: or https: display_url', () => {
    const { wp } = cleanPage();
    for (const url of ['login_successful', '/a?b=1#c', '?q', 'https://app.example/x', 'HTTP://app.example/']) {
      wp.display_url = url;
      expect(wp.takeChanges().page_options).toEqual({ display_url: url });
    }
  });

  it('counts versions only when something is returned', () => {
    const { wp, other } = cleanPage();
    const v0 = wp.version;
    wp.takeChanges();
    expect(wp.version).toBe(v0);
    other.text = 'x';
    wp.takeChanges();
    expect(wp.version).toBe(v0 + 1);
    wp.title = 't';
    wp.takeChanges();
    expect(wp.version).toBe(v0 + 2);
  });

  it('re-renders a component that starts listening to an event, once', () => {
    const { wp, other } = cleanPage();
    other.on('click', () => {});
    expect(wp.takeChanges().changes).toEqual([{ id: other.id, html: `<div id="${other.id}" data-jp-on="click">other</div>` }]);
    other.on('click', () => true);
    expect(wp.takeChanges().changes).toEqual([]);
  });

  it('moves a component from one page to another', () => {
    const { wp, inner } = cleanPage();
    const wp2 = new WebPage();
    wp2.add(inner);
    expect(wp.getComponent(inner.id)).toBeUndefined();
    expect(wp2.getComponent(inner.id)).toBe(inner);
    expect(inner.page).toBe(wp2);
    inner.text = 'moved';
    expect(wp.takeChanges().changes.map((c) => c.id)).not.toContain(inner.id);
  });

  it('marks the page changed when page classes change', () => {
    const { wp } = cleanPage();
    wp.classes = 'p-4';
    expect(wp.takeChanges().changes.map((c) => c.id)).toEqual(['jp-root']);
  });

  it('markClean() forgets construction-time changes', () => {
    const { wp } = sessionTestPage('abc', 1);
    wp.display_url = 'login_page';
    expect(wp.hasChanges()).toBe(true);
    wp.markClean();
    expect(wp.hasChanges()).toBe(false);
  });

  it('renders a hidden alert as a change when it is shown', () => {
    const { wp } = cleanPage();
    const alert = new Div({ text: 'Password is incorrect', show: false, a: wp });
    wp.markClean();
    alert.show = true;
    expect(wp.takeChanges().changes).toEqual([{ id: alert.id, html: `<div id="${alert.id}">Password is incorrect</div>` }]);
  });
});

describe('update()', () => {
  it('delegates to pushUpdate when the renderer installed one', async () => {
    const wp = new WebPage();
    await expect(wp.update()).resolves.toBeUndefined();
    let pushed = 0;
    wp.pushUpdate = async () => {
      pushed++;
    };
    await wp.update();
    expect(pushed).toBe(1);
  });
});

describe('the login flow of the seed', () => {
  it('logs out: delete_components, a new Div, redirect', () => {
    const wp = new WebPage();
    new Div({ text: 'x', a: wp });
    const logout = new Button({ text: 'Logout', classes: Styles.button_bordered + ' m-1 p-1', a: wp });
    wp.markClean();
    wp.delete_components();
    wp.display_url = 'login_successful';
    new Div({ text: 'Login successful. You are now logged in', classes: 'm-1 p-1 text-2xl', a: wp });
    const first = wp.takeChanges();
    expect(first.page_options).toEqual({ display_url: 'login_successful' });
    expect(stripIds(first.changes[0]?.html ?? '')).toBe(
      '<div id="jp-root"><div id="#" class="m-1 p-1 text-2xl">Login successful. You are now logged in</div></div>',
    );
    expect(logout.page).toBeNull();
    wp.redirect = '/login_test';
    expect(wp.takeChanges()).toEqual({ changes: [], page_options: { redirect: '/login_test' } });
  });
});
