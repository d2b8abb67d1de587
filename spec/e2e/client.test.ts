// The browser runtime (lib/client) in Debian's chromium against a scripted stand-in server.
import { WIRE_VERSION } from '../../lib/render/wire.js';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser.js';
import { eventually, startStubServer, type StubServer } from './client-stub-server.js';

let browser: Browser;
let stub: StubServer;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser.close();
});
beforeEach(async () => {
  stub = await startStubServer();
  context = await browser.newContext();
  page = await context.newPage();
});
afterEach(async () => {
  await context.close();
  await stub.close();
});

async function open(body: string, path = '/'): Promise<void> {
  stub.body = `<div id="jp-root">${body}</div>`;
  await page.goto(stub.url + path);
  await page.waitForFunction('window.__jp?.connected === true');
}

describe('events', () => {
  it('sends a click to the nearest listening element, with its id and an empty value', async () => {
    await open('<button id="b1" data-jp-on="click"><span id="inner">Go</span></button>');
    await page.click('#inner');
    await eventually('the click', () => stub.events.length === 1);
    expect(stub.events[0]).toEqual({ type: 'event', seq: 1, component: 'b1', event_type: 'click', value: '' });
  });

  it('ignores elements that do not list the event, and elements without an id', async () => {
    await open('<div id="d" data-jp-on="mouseenter"><button data-jp-on="click" id="">x</button><button id="b2" data-jp-on="click">y</button></div>');
    await page.click('text=x');
    await page.click('#b2');
    await eventually('the click on b2', () => stub.events.some((e) => e.event_type === 'click'));
    expect(stub.events.filter((e) => e.event_type === 'click').map((e) => e.component)).toEqual(['b2']);
  });

  it('sends typed input before a click that follows at once, so the click sees the full value', async () => {
    await open('<input id="i1" type="password" data-jp-on="input"><button id="b1" data-jp-on="click">Sign in</button>');
    await page.type('#i1', 'password');
    await page.click('#b1');
    await eventually('the click', () => stub.events.some((e) => e.event_type === 'click'));
    const types = stub.events.map((e) => e.event_type);
    expect(types.at(-1)).toBe('click');
    expect(stub.events.filter((e) => e.event_type === 'input').at(-1)?.value).toBe('password');
    expect(stub.events.map((e) => e.seq)).toEqual(stub.events.map((_, i) => i + 1));
  });

  it('debounces input per element by data-jp-debounce: a burst of typing is one event', async () => {
    await open('<input id="i1" data-jp-debounce="60000" data-jp-on="input"><button id="b1" data-jp-on="click">ok</button>');
    await page.type('#i1', 'abc');
    await page.click('#b1');
    await eventually('the click', () => stub.events.some((e) => e.event_type === 'click'));
    expect(stub.events.map((e) => [e.event_type, e.value])).toEqual([
      ['input', 'abc'],
      ['click', ''],
    ]);
  });

  it('sends checked for a checkbox, the value of a select and key_data for key events', async () => {
    await open(
      '<input id="c1" type="checkbox" data-jp-on="change">' +
        '<select id="s1" data-jp-on="change"><option value="a">A</option><option value="b">B</option></select>' +
        '<input id="k1" data-jp-on="keydown">',
    );
    await page.check('#c1');
    await page.selectOption('#s1', 'b');
    await page.press('#k1', 'Shift+KeyQ');
    await eventually('three events', () => stub.events.length >= 3);
    expect(stub.events[0]).toMatchObject({ component: 'c1', event_type: 'change', checked: true, value: 'on' });
    expect(stub.events[1]).toMatchObject({ component: 's1', event_type: 'change', value: 'b' });
    const key = stub.events.find((e) => e.component === 'k1' && e.key_data?.key === 'Q');
    expect(key?.key_data).toEqual({ key: 'Q', code: 'KeyQ', altKey: false, ctrlKey: false, shiftKey: true, metaKey: false });
  });

  it('sends every selected value of a multiple select, in the event and in form_data', async () => {
    await open(
      '<form id="f1" data-jp-on="submit"><select id="m1" name="sizes" multiple data-jp-on="change">' +
        '<option value="S">S</option><option value="M">M</option><option value="L">L</option></select>' +
        '<button type="submit" id="go">Go</button></form>',
    );
    await page.selectOption('#m1', ['S', 'L']);
    await page.click('#go');
    await eventually('the submit', () => stub.events.some((e) => e.event_type === 'submit'));
    expect(stub.events.filter((e) => e.event_type === 'change').at(-1)).toMatchObject({ component: 'm1', value: 'S', values: ['S', 'L'] });
    expect(stub.events.find((e) => e.event_type === 'submit')?.form_data).toEqual([
      { id: 'm1', name: 'sizes', type: 'select-multiple', value: 'S', values: ['S', 'L'] },
    ]);
  });

  it('sends a submit with form_data and keeps the page (no navigation)', async () => {
    await open(
      '<form id="f1" data-jp-on="submit"><input id="u1" name="user" value="ada">' +
        '<input type="checkbox" name="remember" checked><button type="submit" id="go">Go</button></form>',
    );
    await page.click('#go');
    await eventually('the submit', () => stub.events.some((e) => e.event_type === 'submit'));
    expect(stub.events.find((e) => e.event_type === 'submit')?.form_data).toEqual([
      { id: 'u1', name: 'user', type: 'text', value: 'ada' },
      { id: '', name: 'remember', type: 'checkbox', value: 'on', checked: true },
    ]);
    expect(stub.documentLoads).toBe(1);
  });

  it('keeps a form without an action from reloading the page even when nothing listens', async () => {
    await open('<form><input name="q" value="x"><button type="submit" id="go">Go</button></form>');
    await page.click('#go');
    await page.evaluate('new Promise((r) => setTimeout(r, 200))');
    expect(stub.documentLoads).toBe(1);
    expect(new URL(page.url()).search).toBe('');
  });

  it('sends mouseenter and mouseleave only for the exact element that listens', async () => {
    await open(
      '<div id="outer" data-jp-on="mouseenter mouseleave" style="padding:40px;margin:40px"><span id="inner" style="padding:10px">in</span></div>' +
        '<p id="away" style="margin-top:100px">away</p>',
    );
    await page.hover('#inner');
    await page.hover('#away');
    await eventually('mouseleave', () => stub.events.some((e) => e.event_type === 'mouseleave'));
    expect(stub.events.map((e) => [e.component, e.event_type])).toEqual([
      ['outer', 'mouseenter'],
      ['outer', 'mouseleave'],
    ]);
  });
});

describe('updates', () => {
  it('morphs the changed elements and keeps the focused field, its value and caret', async () => {
    await open('<input id="i1" value="abc" data-jp-debounce="60000" data-jp-on="input"><p id="t">before</p>');
    await page.fill('#i1', 'hello');
    await page.evaluate("document.getElementById('i1').setSelectionRange(2, 2)");
    stub.sockets[0]?.send({
      type: 'update',
      version: 1,
      changes: [{ id: 'jp-root', html: '<div id="jp-root"><input id="i1" value="server" data-jp-on="input"><p id="t" class="x">after</p></div>' }],
    });
    await page.waitForSelector('#t.x');
    expect(await page.textContent('#t')).toBe('after');
    expect(
      await page.evaluate("(() => { const i = document.getElementById('i1'); return [document.activeElement === i, i.value, i.selectionStart, i.selectionEnd]; })()"),
    ).toEqual([true, 'hello', 2, 2]);
  });

  it('takes the server value for a field that is not focused, but keeps a typed password', async () => {
    await open('<input id="i1" value="old"><input id="pw" type="password"><button id="b">b</button>');
    await page.fill('#pw', 'secret');
    await page.fill('#i1', 'typed');
    await page.focus('#b');
    stub.sockets[0]?.send({
      type: 'update',
      version: 1,
      changes: [{ id: 'jp-root', html: '<div id="jp-root"><input id="i1" value="new"><input id="pw" type="password"><button id="b">c</button></div>' }],
    });
    await page.waitForSelector('#b:text("c")');
    expect(await page.inputValue('#i1')).toBe('new');
    expect(await page.inputValue('#pw')).toBe('secret');
  });

  it("applies the values the server set after the morph: a password, the focused field, a multiple select", async () => {
    await open(
      '<input id="pw" type="password"><input id="chat" data-jp-on="keydown">' +
        '<select id="m1" multiple><option value="S">S</option><option value="M">M</option><option value="L">L</option></select>',
    );
    await page.fill('#pw', 'secret');
    await page.selectOption('#m1', ['S']);
    await page.fill('#chat', 'hello');
    await page.focus('#chat');
    stub.sockets[0]?.send({
      type: 'update',
      version: 1,
      changes: [{ id: 'pw', html: '<input id="pw" type="password" class="x">' }],
      fields: [
        { id: 'pw', value: '' },
        { id: 'chat', value: '' },
        { id: 'm1', value: ['M', 'L'] },
      ],
    });
    await page.waitForSelector('#pw.x');
    expect(await page.inputValue('#pw')).toBe('');
    expect(await page.inputValue('#chat')).toBe('');
    expect(await page.evaluate("document.activeElement.id")).toBe('chat');
    expect(await page.evaluate("Array.from(document.getElementById('m1').selectedOptions, (o) => o.value)")).toEqual(['M', 'L']);
    expect(await page.getAttribute('#pw', 'value')).toBeNull();
  });

  it('keeps what the user typed after their last input event went out over a value the server set', async () => {
    await open('<input id="i1" data-jp-on="input" data-jp-debounce="60000"><button id="b" data-jp-on="click">b</button><p id="t">0</p>');
    await page.fill('#i1', 'abc');
    stub.sockets[0]?.send({ type: 'update', version: 1, changes: [], fields: [{ id: 'i1', value: 'ABC' }] });
    stub.sockets[0]?.send({ type: 'update', version: 2, changes: [{ id: 't', html: '<p id="t">1</p>' }] });
    await page.waitForSelector('#t:text("1")');
    expect(await page.inputValue('#i1')).toBe('abc');
    await page.click('#b'); // sends the pending input first: the server has 'abc' now
    await eventually('the input and the click', () => stub.events.some((e) => e.event_type === 'click'));
    expect(stub.events.find((e) => e.event_type === 'input')?.value).toBe('abc');
    stub.sockets[0]?.send({ type: 'update', version: 3, changes: [], fields: [{ id: 'i1', value: 'ABC' }] });
    await page.waitForFunction("document.getElementById('i1').value === 'ABC'");
  });

  it('applies title and display_url (replaced on boot, pushed on update)', async () => {
    await open('<p id="t">x</p>', '/first');
    const entries = await page.evaluate('history.length');
    stub.boot = { display_url: 'login_page' };
    await open('<p id="t">x</p>', '/login_test');
    expect(new URL(page.url()).pathname).toBe('/login_page');
    expect(await page.evaluate('history.length')).toBe(Number(entries) + 1);
    stub.sockets.at(-1)?.send({ type: 'update', version: 1, changes: [], page_options: { title: 'Second', display_url: 'login_successful' } });
    await page.waitForURL('**/login_successful');
    expect(await page.title()).toBe('Second');
    expect(await page.evaluate('history.length')).toBe(Number(entries) + 2);
  });

  it('reloads on back over a display_url entry, but not for a #fragment link', async () => {
    await open('<a id="frag" href="#part">part</a><p id="part">x</p>', '/login_test');
    await page.click('#frag');
    expect(new URL(page.url()).hash).toBe('#part');
    await page.goBack();
    expect(stub.documentLoads).toBe(1);
    stub.sockets[0]?.send({ type: 'update', version: 1, changes: [], page_options: { display_url: 'login_successful' } });
    await page.waitForURL('**/login_successful');
    await page.goBack();
    await eventually('the reload', () => stub.documentLoads === 2);
    await page.waitForFunction('window.__jp?.connected === true');
    expect(new URL(page.url()).pathname).toBe('/login_test');
  });

  it('follows a redirect', async () => {
    await open('<p id="t">x</p>');
    stub.sockets[0]?.send({ type: 'update', version: 1, changes: [], page_options: { redirect: '/elsewhere' } });
    await page.waitForURL('**/elsewhere');
    expect(stub.documentLoads).toBe(2);
  });

  it('does not follow a script URL a server sends as redirect or display_url, and says so (issue 7)', async () => {
    await open('<p id="t">x</p>');
    await page.evaluate("window.errs = []; document.addEventListener('jp:error', (e) => window.errs.push(e.detail.code)); window.ran = 0");
    stub.sockets[0]?.send({ type: 'update', version: 1, changes: [], page_options: { redirect: 'javascript:window.ran=1' } });
    stub.sockets[0]?.send({ type: 'update', version: 2, changes: [], page_options: { display_url: ' JavaScript:window.ran=2' } });
    await page.waitForFunction('window.errs.length === 2');
    expect(await page.evaluate('[window.ran, window.errs, location.pathname]')).toEqual([0, ['bad-url', 'bad-url'], '/']);
    expect(stub.documentLoads).toBe(1);
  });

  it('shows neither a mailto: nor another origin as display_url, keeps working and says so (issue 7)', async () => {
    await page.addInitScript("window.errs = []; document.addEventListener('jp:error', (e) => window.errs.push(e.detail.code))");
    stub.boot = { display_url: 'mailto:a@example.com' }; // history.replaceState throws on it
    await open('<button id="b1" data-jp-on="click">b</button>', '/start');
    expect(await page.evaluate('window.errs')).toEqual(['bad-url']);
    stub.sockets[0]?.send({ type: 'update', version: 1, changes: [], page_options: { display_url: 'http://elsewhere.example/x' } });
    await page.waitForFunction('window.errs.length === 2');
    await page.click('#b1');
    await eventually('the click', () => stub.events.length === 1);
    expect(await page.evaluate('[window.errs, location.href]')).toEqual([['bad-url', 'bad-url'], `${stub.url}/start`]);
  });

  it('dispatches server errors as jp:error on document', async () => {
    await open('<button id="b1" data-jp-on="click">b</button>');
    await page.evaluate("window.errs = []; document.addEventListener('jp:error', (e) => window.errs.push(e.detail))");
    stub.onEvent = (msg, socket) => socket.send({ type: 'error', code: 'handler-error', message: 'boom', ack: msg.seq });
    await page.click('#b1');
    await page.waitForFunction('window.errs.length === 1');
    expect(await page.evaluate('window.errs')).toEqual([{ code: 'handler-error', message: 'boom' }]);
  });
});

describe('connection', () => {
  it('reconnects after a drop without reloading and resends only what the server had not applied', async () => {
    await open('<button id="b1" data-jp-on="click">b</button>');
    await page.evaluate('window.marker = 1');
    stub.sockets[0]?.send({ type: 'update', version: 3, changes: [] });
    await page.waitForFunction('window.__jp.version === 3');
    // seq 1 is applied but its ack is lost; seq 2 never reaches the handler.
    stub.onEvent = (msg, socket) => {
      if (msg.seq === 1) stub.lastSeq.set(socket.client, 1);
    };
    await page.click('#b1');
    await page.click('#b1');
    await eventually('both clicks', () => stub.events.length === 2);
    stub.onEvent = (msg, socket) => {
      stub.lastSeq.set(socket.client, msg.seq);
      socket.send({ type: 'update', version: 3, changes: [], ack: msg.seq });
    };
    stub.sockets[0]?.ws.terminate();
    await eventually('a second socket', () => stub.sockets.length === 2);
    await eventually('the resend', () => stub.events.length === 3);
    expect(stub.events.map((e) => e.seq)).toEqual([1, 2, 2]);
    expect(stub.sockets[1]?.client).toBe(stub.sockets[0]?.client);
    expect(stub.sockets[1]?.version).toBe(3);
    await page.waitForFunction('window.__jp.connected === true');
    expect(await page.evaluate('window.marker')).toBe(1);
    expect(stub.documentLoads).toBe(1);
  });

  it('reloads when the page is gone (4404), and shows a message instead of looping', async () => {
    stub.onConnect = (socket) => {
      socket.ws.close(4404, 'page-gone');
      return false;
    };
    stub.body = '<div id="jp-root"><p>x</p></div>';
    await page.goto(stub.url + '/');
    await page.waitForSelector('[role=alert]');
    expect(await page.textContent('[role=alert]')).toContain('Reload');
    expect(stub.documentLoads).toBe(2);
  });

  it('sends the instance id and run of the boot data in the socket URL', async () => {
    stub.boot = { instance: 'web-7', run: '5eed5eed5eed' };
    await open('<p>x</p>');
    expect(stub.sockets[0]?.instance).toBe('web-7');
    expect(stub.sockets[0]?.run).toBe('5eed5eed5eed');
  });

  it('reloads on a wrong-instance close (4421) with a backoff of its own, never the banner', async () => {
    stub.onConnect = (socket) => {
      socket.ws.close(4421, 'wrong-instance');
      return false;
    };
    const reported: string[] = [];
    page.on('console', (m) => void reported.push(m.text()));
    await page.goto(stub.url + '/');
    await eventually('four loads', () => stub.documentLoads >= 4);
    const [, second, third, fourth] = stub.loadTimes as [number, number, number, number];
    // The first reload goes at once; the next in a row wait 500 ms, then 1000 ms (setTimeout never fires early).
    expect(third - second).toBeGreaterThanOrEqual(500);
    expect(fourth - third).toBeGreaterThanOrEqual(1000);
    // Four loads within 10 s: the reload guard (a banner on the second) was never in the way.
    expect(reported.filter((text) => text.includes('reload-loop'))).toEqual([]);
    // Once an instance owns the page again, the tab settles on it: the reloads stop (and the tab is
    // quiet for teardown: closing a context in the middle of a reload can hang Chromium for a minute).
    stub.onConnect = () => undefined;
    await page.waitForFunction('window.__jp?.connected === true');
    expect(await page.$('[role=alert]')).toBeNull();
  });

  it('reloads on 4421 even right after a 4404 reload, and a hello starts the backoff again', async () => {
    const closes = [4404, 4421];
    stub.onConnect = (socket) => {
      const code = closes.shift();
      if (code === undefined) return;
      socket.ws.close(code, code === 4404 ? 'page-gone' : 'wrong-instance');
      return false;
    };
    await page.goto(stub.url + '/');
    await eventually('the third load', () => stub.documentLoads === 3);
    await page.waitForFunction('window.__jp?.connected === true');
    expect(await page.$('[role=alert]')).toBeNull();
    expect(await page.evaluate("sessionStorage.getItem('jp:misrouted')")).toBeNull();
  });

  it('reloads once on a bad-cookie close, so the server can answer for the cookie', async () => {
    stub.onConnect = (socket) => {
      socket.ws.close(1008, 'bad-cookie');
      return false;
    };
    await page.goto(stub.url + '/');
    await page.waitForSelector('[role=alert]');
    expect(stub.documentLoads).toBe(2);
  });

  it('stops and reports a refused origin instead of retrying', async () => {
    await page.addInitScript("window.errs = []; document.addEventListener('jp:error', (e) => window.errs.push(e.detail.code))");
    stub.onConnect = (socket) => {
      socket.ws.close(1008, 'bad-origin');
      return false;
    };
    await page.goto(stub.url + '/');
    await page.waitForFunction('window.errs.length > 0');
    await page.evaluate('new Promise((r) => setTimeout(r, 600))');
    expect(await page.evaluate('window.errs')).toEqual(['bad-origin']);
    expect(stub.sockets).toHaveLength(1);
    expect(stub.documentLoads).toBe(1);
  });

  it('reports an event the server refused (1009) and does not send it again after reconnecting', async () => {
    await open('<button id="b1" data-jp-on="click">b</button>');
    await page.evaluate("window.errs = []; document.addEventListener('jp:error', (e) => window.errs.push(e.detail.code))");
    stub.onEvent = (_msg, socket) => socket.ws.close(1009, 'too-big');
    await page.click('#b1');
    await eventually('a second socket', () => stub.sockets.length === 2);
    await page.waitForFunction('window.__jp.connected === true');
    stub.onEvent = () => undefined;
    await page.click('#b1');
    await eventually('the next click', () => stub.events.some((e) => e.seq === 2));
    expect(await page.evaluate('window.errs')).toEqual(['rejected']);
    expect(stub.events.map((e) => e.seq)).toEqual([1, 2]);
  });

  it('treats a 1008 too-many-events close as a refused event, not a refused origin: it reconnects', async () => {
    await open('<button id="b1" data-jp-on="click">b</button>');
    await page.evaluate("window.errs = []; document.addEventListener('jp:error', (e) => window.errs.push(e.detail.code))");
    stub.onEvent = (_msg, socket) => socket.ws.close(1008, 'too-many-events');
    await page.click('#b1');
    await eventually('a second socket', () => stub.sockets.length === 2);
    await page.waitForFunction('window.__jp.connected === true');
    expect(await page.evaluate('window.errs')).toEqual(['rejected']);
  });

  it('reconnects after a 1008 too-slow close, keeps its unacknowledged events and does not reload (issue 7)', async () => {
    await open('<button id="b1" data-jp-on="click">b</button>');
    await page.evaluate("window.errs = []; document.addEventListener('jp:error', (e) => window.errs.push(e.detail.code)); window.marker = 1");
    const ack = stub.onEvent;
    stub.onEvent = (msg, socket) => (socket === stub.sockets[0] ? socket.ws.close(1008, 'too-slow') : ack(msg, socket));
    await page.click('#b1');
    await eventually('a second socket', () => stub.sockets.length === 2);
    await eventually('the resend on the new socket', () => stub.events.filter((e) => e.seq === 1).length === 2);
    await page.waitForFunction('window.__jp.connected === true');
    expect(await page.evaluate('[window.errs, window.marker]')).toEqual([[], 1]);
    expect(stub.documentLoads).toBe(1);
  });

  it('sends events raised before the socket is ready once the server says hello', async () => {
    let greet: (() => void) | undefined;
    stub.onConnect = (socket) => {
      greet = () => socket.send({ type: 'hello', wire: WIRE_VERSION, last_seq: 0, version: 0 });
      return false;
    };
    stub.body = '<div id="jp-root"><button id="b1" data-jp-on="click">b</button></div>';
    await page.goto(stub.url + '/');
    await eventually('the socket', () => stub.sockets.length === 1);
    await page.click('#b1');
    expect(stub.events).toHaveLength(0);
    greet?.();
    await eventually('the queued click', () => stub.events.length === 1);
    expect(stub.events[0]).toMatchObject({ seq: 1, component: 'b1', event_type: 'click' });
  });
});
