// The seed's login example over HTTP and a real socket, as a browser would drive it: a new session
// id at sign-in (fixation defence), the login kept in the store, logout.
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { ServerMessage } from '../../lib/render/wire.js';
import { bootDataOf, sessionIdFromSetCookie, startDemo, type RunningDemo } from '../support/demo-server.js';
import { TestSocket } from '../support/live-server.js';

let running: RunningDemo | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

/** One visitor: a cookie jar of one cookie, as the browser keeps it. */
class Visitor {
  cookie = '';
  constructor(private readonly url: string) {}

  async get(path: string): Promise<string> {
    const res = await fetch(this.url + path, { headers: this.cookie ? { cookie: this.cookie } : {} });
    this.take(res);
    return res.text();
  }

  async post(path: string): Promise<number> {
    const res = await fetch(this.url + path, { method: 'POST', headers: { cookie: this.cookie, origin: this.url } });
    this.take(res);
    return res.status;
  }

  async open(path: string): Promise<{ html: string; sock: TestSocket }> {
    const html = await this.get(path);
    const boot = bootDataOf(html) as { page: string; ws_path: string; version: number };
    const q = new URLSearchParams({ page: boot.page, client: 'c1', v: String(boot.version) });
    const ws = new WebSocket(`${this.url.replace('http', 'ws')}${boot.ws_path}?${q}`, { headers: { cookie: this.cookie }, origin: this.url });
    const sock = new TestSocket(ws);
    expect((await sock.next()).type).toBe('hello');
    return { html, sock };
  }

  get id(): string {
    return this.cookie.slice('jp_token='.length, 'jp_token='.length + 32);
  }

  private take(res: Response): void {
    const set = res.headers.getSetCookie().find((c) => c.startsWith('jp_token='));
    if (set) this.cookie = set.split(';')[0]!;
  }
}

function idOf(html: string, name: string): string {
  const m = new RegExp(`<[a-z]+ id="(j[0-9a-f]{12})"[^>]*name="${name}"`).exec(html);
  if (!m) throw new Error(`no element named ${name}`);
  return m[1]!;
}

/** Types `password` and clicks Sign In; answers the renewal as the browser runtime does. */
async function signIn(v: Visitor, path: string, password: string): Promise<ServerMessage[]> {
  const { html, sock } = await v.open(path);
  sock.send({ type: 'event', seq: 1, component: idOf(html, 'password'), event_type: 'input', value: password });
  sock.click(2, idOf(html, 'sign_in_btn'));
  const seen: ServerMessage[] = [];
  for (;;) {
    const m = await sock.next();
    seen.push(m);
    if (m.type === 'renew') expect(await v.post(m.url)).toBe(204);
    if ((m.type === 'update' || m.type === 'error') && m.ack === 2) break;
  }
  sock.ws.terminate();
  return seen;
}

describe('sign in', () => {
  it('moves the visitor to a new session id, and only the new cookie is logged in', async () => {
    running = await startDemo({ loginSleepMs: 0 });
    const v = new Visitor(running.url);
    await v.get('/login_test'); // /login_test first: the seed lost such visitors with a KeyError
    const before = v.cookie;
    const seen = await signIn(v, '/login_test', 'password');
    expect(seen.map((m) => m.type)).toContain('renew');
    expect(v.cookie).not.toBe(before);
    expect(JSON.stringify(seen)).toContain('Login successful. You are now logged in');
    expect(JSON.stringify(seen.at(-1))).toContain('"redirect":"/login_test"');
    const page = await v.get('/login_test');
    expect(page).toContain(`Your session id is: ${v.id}`);
    expect(page).toContain('You are already logged in...');
    // The cookie captured before sign-in is worth nothing.
    const attacker = new Visitor(running.url);
    attacker.cookie = before;
    expect(await attacker.get('/login')).toContain('Please login');
  });

  it('keeps the seed order: the page is cleared before its first update, so the success line never shows', async () => {
    running = await startDemo({ loginSleepMs: 0 });
    const seen = await signIn(new Visitor(running.url), '/login', 'password');
    expect(JSON.stringify(seen)).not.toContain('logged in successfully');
  });

  it('shows the alert and "login not successful" for a wrong password, with the same session', async () => {
    running = await startDemo({ loginSleepMs: 0 });
    const v = new Visitor(running.url);
    await v.get('/login');
    const id = v.id;
    const seen = await signIn(v, '/login', 'wrong');
    expect(seen.map((m) => m.type)).not.toContain('renew');
    expect(JSON.stringify(seen)).toContain(`${id} login not successful`);
    expect(JSON.stringify(seen)).toMatch(/role=\\"alert\\"(?![^>]*hidden)/);
    expect(v.id).toBe(id);
    expect(await v.get('/login')).toContain('Please login');
  });
});

describe('when logged in', () => {
  it('Logout ends the login (in the store) and sends the browser to the logout URL', async () => {
    running = await startDemo({ loginSleepMs: 0 });
    const v = new Visitor(running.url);
    await signIn(v, '/login', 'password');
    expect(await v.get('/login_page')).toContain('You are already logged in...');
    const { html, sock } = await v.open('/login');
    sock.click(1, /<button id="(j[0-9a-f]{12})"[^>]*>Logout</.exec(html)![1]!);
    const [last] = (await sock.untilAck(1)).slice(-1);
    expect(last).toMatchObject({ type: 'update', page_options: { redirect: '/login' } });
    expect(await running.demo.session.store!.get(v.id, 'logged_in')).toBe(false);
    expect(await v.get('/login')).toContain('Please login');
  });
});
