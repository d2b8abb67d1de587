// A cookie that still verifies but names a session that has ended: the sign-in renamed it (on this
// instance or another one sharing the store) or a logout destroyed it. Two demo instances on one
// memory store stand in for a cluster: nothing the old id does may answer 500 or write data again.
import express from 'express';
import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRenderer, jpSession, memoryStore, signSessionId, WebPage, type MemorySessionStore } from '../../lib/index.js';
import { createTestClient, type TestClient } from '../../lib/testing/index.js';
import { sessionIdFromSetCookie, startDemo, TEST_SECRET_KEY, type RunningDemo } from '../support/demo-server.js';

let store: MemorySessionStore;
let a: RunningDemo;
let b: RunningDemo;
let clients: TestClient[] = [];

beforeEach(async () => {
  store = memoryStore();
  const shared = { session: { secretKey: TEST_SECRET_KEY, store }, loginSleepMs: 10 };
  a = await startDemo({ ...shared, renderer: { instanceId: 'a' } });
  b = await startDemo({ ...shared, renderer: { instanceId: 'b' } });
});
afterEach(async () => {
  for (const client of clients) await client.close();
  clients = [];
  await a?.close();
  await b?.close();
});

async function clientOf(demo: RunningDemo, options: { recover?: boolean } = {}): Promise<TestClient> {
  const client = await createTestClient(demo.url, { session: demo.demo.session, ...options });
  clients.push(client);
  return client;
}

async function signIn(client: TestClient): Promise<void> {
  const page = await client.open('/login');
  await page.type({ name: 'password' }, 'password');
  await page.click('Sign In');
}

describe('a page request with the cookie of an ended session', () => {
  it('starts a new session (303 to the same address with a new cookie) instead of a 500', async () => {
    const old = '0123456789abcdef0123456789abcdef';
    await store.set(old, 'visits', 4);
    await store.destroy(old); // a logout elsewhere
    const res = await request(a.url).get('/session_test?x=1').set('Cookie', `jp_token=${signSessionId(old, TEST_SECRET_KEY)}`);
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/session_test?x=1');
    const fresh = sessionIdFromSetCookie(res.headers['set-cookie']);
    expect(fresh).toMatch(/^[0-9a-f]{32}$/);
    expect(fresh).not.toBe(old);
    expect(await store.getAll(old)).toEqual({}); // nothing written back under the ended id
  });

  it('sends the visitor to this site, never to the host that a path like //evil.example names', async () => {
    const session = jpSession({ secretKey: TEST_SECRET_KEY, loadEnv: false, store, warn: () => undefined });
    const jp = createRenderer({ session, logger: { warn: () => undefined, error: () => undefined } });
    const app = express();
    app.use(session);
    app.get(
      '/*splat',
      jp.page(async (req) => {
        await req.session_data.incr('visits');
        return new WebPage();
      }),
    );
    const old = '0123456789abcdef0123456789abcdef';
    await store.destroy(old);
    const res = await request(app).get('//evil.example/x').set('Cookie', `jp_token=${signSessionId(old, TEST_SECRET_KEY)}`);
    await jp.close();
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/evil.example/x');
  });

  it('gives a cookie captured before sign-in a fresh, logged-out session on any instance', async () => {
    const victim = await clientOf(a);
    await victim.open('/login');
    const captured = victim.cookie('jp_token')!;
    await signIn(victim);
    expect(victim.cookie('jp_token')).not.toBe(captured);

    const attacker = await clientOf(b);
    attacker.setCookie(`jp_token=${captured}`);
    const page = await attacker.open('/session_test'); // the 303 is followed, its cookie kept
    const now = attacker.cookie('jp_token')!;
    expect(now).not.toBe(captured);
    expect(page.text()).toContain(`My session id: ${now.slice(0, 32)}`);
    expect(page.text()).toContain('Number of visits: 1');
    expect((await attacker.open('/login')).text()).toContain('Please login');
  });
});

describe('a page whose session ended on another instance', () => {
  it('reloads into the session the browser holds now, keeps its data, and answers no event with a 500', async () => {
    const client = await clientOf(b, { recover: true });
    const onB = await client.open('/session_test'); // instance b, session S
    const before = client.cookie('jp_token')!.slice(0, 32);
    await onB.click({ css: 'button' });
    expect(onB.find({ css: 'button' }).text).toBe('Number of Click Events: 1');

    // The same browser signs in on instance a: S is renamed to S' and the jar gets the new cookie.
    const viaA = await clientOf(a);
    viaA.setCookie(`jp_token=${client.cookie('jp_token')!}`);
    await signIn(viaA);
    const renewed = viaA.cookie('jp_token')!;
    expect(renewed.slice(0, 32)).not.toBe(before);
    client.setCookie(`jp_token=${renewed}`);

    // The page on b still belongs to S: its click cannot be stored, so b drops the page (4404) and
    // the tab reloads with the cookie it holds now, as a browser tab does.
    await onB.click({ css: 'button' }).catch(() => undefined);
    await onB.waitFor(() => onB.reloads === 1 && onB.connected);
    expect(onB.text()).toContain(`My session id: ${renewed.slice(0, 32)}`);
    expect(onB.text()).toContain('Number of Click Events: 1'); // the click stored before the rename moved with it
    await onB.click({ css: 'button' });
    expect(onB.find({ css: 'button' }).text).toBe('Number of Click Events: 2');
    expect(await store.getAll(before)).toEqual({});
    expect(onB.errors).toEqual([]);
  });
});
