// TestPage: finders, each kind of event, how updates change the page, redirects, tabs, reconnect
// and waitFor, against a real renderer on 127.0.0.1.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CLOSE } from '../../lib/render/wire.js';
import { createTestClient, PageEventError, type TestClient, type TestPage } from '../../lib/testing/index.js';
import { createKitApp, type KitApp } from '../support/kit-app.js';
import { EXPRESS_VERSIONS } from '../support/session-app.js';

describe.each(EXPRESS_VERSIONS)('TestPage under $label', ({ create }) => {
  let kit: KitApp;
  let client: TestClient;
  let page: TestPage;

  beforeEach(async () => {
    kit = createKitApp(create);
    client = await createTestClient(kit.app, { attach: (server) => kit.attach(server), session: kit.session });
    page = await client.open('/widgets');
  });
  afterEach(async () => {
    await client.close();
    await kit.close();
  });

  describe('finders', () => {
    it('find by name, by exact text, by RegExp, by CSS selector, and by several at once', () => {
      expect(page.find({ name: 'nick' }).tag).toBe('input');
      expect(page.find('Add item').tag).toBe('button');
      expect(page.find(/^Hello, /).text).toBe('Hello, nobody');
      expect(page.find({ css: 'select' }).attr('name')).toBe('color');
      expect(page.find({ css: 'button', text: 'Send form' }).attr('type')).toBe('submit');
    });

    it('match the innermost element for text, not the containers around it', async () => {
      await page.click('Add item');
      expect(page.find('Item 1').tag).toBe('li');
    });

    it('throw for two matches, naming both', () => {
      expect(() => page.find('Twin')).toThrow(/2 elements match text "Twin", expected exactly one:\n  1\. <button id="j[0-9a-f]{12}".*"Twin"\n  2\. <button/);
      expect(page.findAll('Twin')).toHaveLength(2);
    });

    it('throw for no match, showing what the page shows', () => {
      expect(() => page.find('Absent')).toThrow(/no element matches text "Absent"\. The page shows:\n(.|\n)*Add item/);
      expect(page.has('Absent')).toBe(false);
    });

    it('follow their component through updates', async () => {
      const button = page.find('Later');
      const done = button.click();
      await page.waitFor('Working');
      expect(button.text).toBe('Working');
      kit.releaseLater();
      await done;
      expect(button.text).toBe('Done');
    });
  });

  describe('events', () => {
    it('click sends click and resolves with the update that acks it, applied to the page', async () => {
      const reply = await page.click('Add item');
      expect(reply).toMatchObject({ type: 'update', ack: 1 });
      await page.click('Add item');
      expect(page.findAll({ css: 'li' }).map((li) => li.text)).toEqual(['Item 1', 'Item 2']);
    });

    it('type sets the field and sends one input with the value', async () => {
      await page.type({ name: 'nick' }, 'Ada');
      expect(kit.received).toEqual([{ event_type: 'input', value: 'Ada' }]);
      expect(page.find({ name: 'nick' }).value).toBe('Ada');
      expect(page.text()).toContain('Hello, Ada');
    });

    it('change sends the checkbox state or the chosen option', async () => {
      await page.change({ name: 'agree' }, true);
      expect(page.text()).toContain('agree: true');
      await page.click({ name: 'agree' });
      expect(page.text()).toContain('agree: false');
      await page.change({ name: 'color' }, 'Green');
      expect(page.text()).toContain('color: green');
      expect(page.find({ name: 'color' }).value).toBe('green');
    });

    it('click on a radio checks it, unchecks the others of its group and sends change', async () => {
      const [small, medium] = page.findAll({ name: 'size' });
      await small!.click();
      expect(page.text()).toContain('size: S true');
      await medium!.click();
      expect(page.text()).toContain('size: M true');
      expect([small!.checked, medium!.checked]).toEqual([false, true]);
    });

    it('submit sends form_data as the runtime builds it, typed values included', async () => {
      await page.type({ name: 'city' }, 'Oslo');
      await page.submit('Send form');
      const fields = kit.received.at(-1)?.form_data as Array<Record<string, unknown>>;
      expect(fields.map(({ name, type, value, checked }) => ({ name, type, value, checked }))).toEqual([
        { name: 'city', type: 'text', value: 'Oslo', checked: undefined },
        { name: 'remember', type: 'checkbox', value: 'on', checked: true },
      ]);
      expect(fields[0]!.id).toBe(page.find({ name: 'city' }).id);
    });

    it('keydown sends key_data', async () => {
      await page.keydown({ name: 'search' }, 'Enter');
      expect(page.text()).toContain('key: Enter Enter ctrl=false');
      await page.keydown({ name: 'search' }, { key: 'k', ctrlKey: true });
      expect(page.text()).toContain('key: k KeyK ctrl=true');
    });

    it('refuses an element nobody listens to, as the runtime would send nothing', async () => {
      await expect(page.click('Not listening')).rejects.toThrow(/neither it nor an ancestor listens to click/);
    });

    it('rejects with the server error of a failing handler, and the page stays usable', async () => {
      const failure = await page.click('Fail').catch((err: unknown) => err);
      expect(failure).toBeInstanceOf(PageEventError);
      expect(failure).toMatchObject({ code: 'handler-error', reply: { ack: 1 } });
      expect(page.errors).toEqual([{ code: 'handler-error', message: expect.any(String) }]);
      await page.click('Add item');
      expect(page.text()).toContain('Item 1');
    });
  });

  describe('updates', () => {
    it('apply the changes of updates sent mid-handler, before the ack', async () => {
      const done = page.click('Later');
      await page.waitFor('Working');
      kit.releaseLater();
      expect(await done).toMatchObject({ type: 'update', ack: 1 });
      expect(page.has('Done')).toBe(true);
    });

    it('replace the whole root when the page says so, keeping a typed password, which the server never renders', async () => {
      await page.type({ name: 'secret' }, 'hunter2');
      const reply = await page.click('Grow page');
      expect(reply.changes?.map((c) => c.id)).toEqual(['jp-root']);
      expect(page.has('Grown')).toBe(true);
      expect(page.find({ name: 'secret' }).value).toBe('hunter2');
      expect(page.version).toBeGreaterThan(page.boot.version);
    });

    it('take a value the server sets, even in the field the user is in, and a password’s too', async () => {
      const shout = page.find({ name: 'shout' });
      const reply = await shout.type('ada');
      expect(reply.changes?.map((c) => c.id)).toEqual([shout.id]);
      expect(reply.type === 'update' && reply.fields).toEqual([{ id: shout.id, value: 'ADA' }]);
      expect(shout.value).toBe('ADA');
      await page.type({ name: 'secret' }, 'hunter2');
      await page.click('Forget secret');
      expect(page.find({ name: 'secret' }).value).toBe('');
      expect(page.html()).not.toContain('hunter2');
    });

    it("bind every choice of a multiple select, both ways", async () => {
      const choices = await client.open('/choices');
      const sizes = choices.find({ name: 'sizes' });
      await sizes.change(['S', 'L']);
      expect(kit.received.at(-1)).toEqual({ event_type: 'change', value: 'S', values: ['S', 'L'] });
      expect(choices.find(/^sizes:/).text).toBe('sizes: S,L');
      await choices.click('Pick M');
      expect(sizes.values).toEqual(['M']);
      expect(sizes.value).toBe('M');
    });

    it('carry title and display_url', async () => {
      expect(page.title).toBe('Widgets');
      await page.click('Rename');
      expect(page.title).toBe('Renamed');
      expect(page.display_url).toBe('/shown?x=1');
      expect(page.url).toBe(new URL('/shown?x=1', client.url).href);
    });
  });

  describe('redirects', () => {
    it('a redirect in an update is kept, closes the socket, and can be followed with the same jar', async () => {
      await page.click('Go');
      expect(page.redirect).toBe('/target');
      expect(page.connected).toBe(false);
      await expect(page.click('Add item')).rejects.toThrow(/navigated away|closed/);
      const next = await page.followRedirect();
      expect(next.text()).toBe('Target page');
      expect(next.url).toBe(new URL('/target', client.url).href);
    });

    it('a redirect in the boot data is followed without connecting', async () => {
      const start = await client.open('/redirect-at-boot');
      expect(start.connected).toBe(false);
      expect(start.redirect).toBe('/target');
      expect((await start.followRedirect()).text()).toBe('Target page');
    });

    it('an HTTP redirect is followed by open()', async () => {
      const moved = await client.open('/moved');
      expect(moved.url).toBe(new URL('/target', client.url).href);
      expect(moved.text()).toBe('Target page');
    });
  });

  describe('tabs of one session', () => {
    it('see each other’s updates on a page they share', async () => {
      const first = await client.open('/shared');
      const second = await client.open('/shared');
      await first.click(/Shared clicks/);
      await second.waitFor('Shared clicks: 1');
      await second.click(/Shared clicks/);
      await first.waitFor('Shared clicks: 2');
    });
  });

  describe('the socket', () => {
    it("carries the page's token, its client id and the instance (and its run) that served it, as the runtime's does", () => {
      const query = new URL(page.rawSocket!.url).searchParams;
      expect(page.boot.instance).toBe(kit.renderer.instanceId);
      expect(page.boot.run).toMatch(/^[0-9a-f]{12}$/);
      expect(Object.fromEntries(query)).toEqual({
        page: page.boot.page,
        client: page.clientId,
        v: String(page.boot.version),
        instance: page.boot.instance,
        run: page.boot.run,
      });
    });
  });

  describe('reload()', () => {
    it('loads the page again in place: new token and socket, same jar, and the page works', async () => {
      await page.click('Add item');
      const [token, session] = [page.boot.page, page.find(/^Session: /).text];
      await page.reload();
      expect([page.reloads, page.connected]).toEqual([1, true]);
      expect(page.boot.page).not.toBe(token);
      expect(page.find(/^Session: /).text).toBe(session); // the same jar, so the same session
      expect(page.findAll({ css: 'li' })).toHaveLength(0); // a new page from the factory
      await page.click('Add item');
      expect(page.find('Item 1').tag).toBe('li');
    });

    it('drops the events still waiting for their reply, as a browser does', async () => {
      const waiting = expect(page.click('Later')).rejects.toThrow(/the page reloaded/);
      await page.waitFor('Working');
      await page.reload();
      await waiting;
      kit.releaseLater();
    });
  });

  describe('reconnect()', () => {
    it('keeps the page and its state, with the same client id', async () => {
      await page.click('Add item');
      const hello = await page.reconnect();
      expect(hello).toMatchObject({ type: 'hello', last_seq: 1 });
      expect(hello.changes).toBeUndefined();
      await page.click('Add item');
      expect(page.findAll({ css: 'li' })).toHaveLength(2);
    });

    it('catches up from the hello when it missed updates while disconnected', async () => {
      const first = await client.open('/shared');
      const second = await client.open('/shared');
      second.rawSocket!.terminate();
      await second.waitFor(() => !second.connected);
      await first.click(/Shared clicks/);
      expect(second.has('Shared clicks: 0')).toBe(true);
      const hello = await second.reconnect();
      expect(hello.changes?.map((c) => c.id)).toEqual(['jp-root']);
      expect(second.has('Shared clicks: 1')).toBe(true);
      expect(second.version).toBe(first.version);
    });

    it('sends again the events the socket lost, once', async () => {
      page.rawSocket!.terminate();
      await page.waitFor(() => !page.connected);
      const click = page.click('Add item');
      await page.reconnect();
      expect(await click).toMatchObject({ type: 'update', ack: 1 });
      expect(page.findAll({ css: 'li' }).map((li) => li.text)).toEqual(['Item 1']);
    });

    it('settles an event whose reply went to the closed socket with the hello that covers it', async () => {
      const click = page.click('Later');
      await page.waitFor('Working');
      const hello = await page.reconnect();
      expect(await click).toBe(hello);
      kit.releaseLater();
      await page.waitFor('Done');
    });
  });

  describe('a session renewal (msg.regenerateSession())', () => {
    it('settles its event once the jar holds the new cookie, not at the ack before it', async () => {
      const before = client.cookie('jp_token');
      const release = kit.holdRenewals();
      let settled = false;
      const renew = page.click('Renew').then(() => (settled = true));
      await page.waitFor(/^Renewed /); // the ack is applied while the POST's answer is held
      expect(settled).toBe(false);
      release();
      await renew;
      const renewed = client.cookie('jp_token');
      expect(renewed).not.toBe(before);
      expect(page.find(/^Renewed /).text).toBe(`Renewed ${renewed!.slice(0, 32)}`);
      expect(page.errors).toEqual([]);
    });

    it('fails its event when the renewal gets no answer within the timeout', async () => {
      const release = kit.holdRenewals();
      await expect(page.click('Renew', { timeoutMs: 50 })).rejects.toThrow(/Renew": the session renewal got no answer within 50 ms/);
      release();
    });
  });

  describe('open(path, { connect: false })', () => {
    it('loads the page with no socket, as a browser without JavaScript; reconnect() connects it later', async () => {
      const before = kit.renderer.stats().sockets;
      const quiet = await client.open('/widgets', { connect: false });
      expect(quiet.connected).toBe(false);
      expect(quiet.has('Add item')).toBe(true);
      expect(kit.renderer.stats()).toMatchObject({ pages: 2, sockets: before });
      expect(await quiet.reconnect()).toMatchObject({ type: 'hello', last_seq: 0 });
      await quiet.click('Add item');
      expect(quiet.find('Item 1').tag).toBe('li');
    });
  });

  describe('waitFor', () => {
    it('fails after its timeout with what it looked for and the current HTML', async () => {
      const failure = page.waitFor('Never shown', { timeoutMs: 30 });
      await expect(failure).rejects.toThrow(/waitFor\(text "Never shown"\) timed out after 30 ms: 0 elements matched\.\nThe page \(http:\/\/127\.0\.0\.1:\d+\/widgets\) is now:\n<div id="jp-root">\n  <div id="j[0-9a-f]{12}">\n    Session: [0-9a-f]{32}/);
    });

    it('resolves with the truthy value of a predicate', async () => {
      const count = page.waitFor(() => page.findAll({ css: 'li' }).length >= 2 && 'two items');
      await page.click('Add item');
      await page.click('Add item');
      expect(await count).toBe('two items');
    });
  });

  describe('when the server ends the page', () => {
    it('records the close code', async () => {
      expect(page.closedWith).toBeNull();
      await kit.renderer.close();
      await page.waitFor(() => page.closedWith);
      expect(page.closedWith).toEqual(CLOSE.serverClosing);
      expect(page.connected).toBe(false);
    });
  });

  describe('close()', () => {
    it('ends the page: actions fail', async () => {
      await page.close();
      await expect(page.click('Add item')).rejects.toThrow(/closed or navigated away/);
    });
  });
});
