// The demo in Debian's chromium: both seed flows end to end, plus what the port promises on top.
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, recordRequests } from '../support/browser.js';
import { startDemo, type RunningDemo } from '../support/demo-server.js';

const OUTPUT = fileURLToPath(new URL('./output/', import.meta.url));

let browser: Browser;
let running: RunningDemo;
const contexts: BrowserContext[] = [];
/** Everything the runtime reported as an error ('[jp] code: message'), in any page of any context. */
const runtimeErrors: string[] = [];

beforeAll(async () => {
  browser = await launchBrowser();
  running = await startDemo();
  await mkdir(OUTPUT, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
  await running?.close();
});
afterEach(async () => {
  for (const context of contexts.splice(0)) await context.close();
  expect(runtimeErrors.splice(0)).toEqual([]);
});

async function newContext(): Promise<BrowserContext> {
  const context = await browser.newContext();
  context.on('console', (m) => {
    if (m.text().startsWith('[jp]')) runtimeErrors.push(m.text());
  });
  contexts.push(context);
  return context;
}

/** Opens `path` in a new page and waits until its socket is up. */
async function open(context: BrowserContext, path: string, base = running.url): Promise<Page> {
  const page = await context.newPage();
  await page.goto(base + path);
  await connected(page);
  return page;
}

function connected(page: Page): Promise<unknown> {
  return page.waitForFunction('window.__jp?.connected === true');
}

async function sessionIdShown(page: Page, prefix: string): Promise<string> {
  const text = await page.textContent(`text=${prefix}`);
  const id = text?.slice(prefix.length).trim() ?? '';
  expect(id).toMatch(/^[0-9a-f]{32}$/);
  return id;
}

async function screenshot(page: Page, name: string): Promise<void> {
  const path = `${OUTPUT}${name}.png`;
  await page.screenshot({ path, fullPage: true });
  console.log(`screenshot: ${path}`);
}

const BUTTON = 'button:has-text("Number of Click Events")';

describe('session_test', () => {
  it('counts clicks live, and a reload counts a visit and keeps the clicks', async () => {
    const page = await open(await newContext(), '/session_test');
    await page.click(BUTTON);
    await page.waitForSelector('text=Number of Click Events: 1');
    await page.click(BUTTON);
    await page.waitForSelector('text=Number of Click Events: 2');
    expect(await page.isVisible('text=Number of visits: 1')).toBe(true);
    await screenshot(page, 'session_test');
    await page.reload();
    await connected(page);
    expect(await page.isVisible('text=Number of visits: 2')).toBe(true);
    expect(await page.isVisible('text=Number of Click Events: 2')).toBe(true);
  });

  it('shares the session with a new tab of the same browser, but not with another browser', async () => {
    const context = await newContext();
    const first = await open(context, '/session_test');
    const id = await sessionIdShown(first, 'My session id:');
    const cookies = await context.cookies();
    expect(cookies.find((c) => c.name === 'jp_token')?.value.startsWith(`${id}.`)).toBe(true);
    const tab = await open(context, '/session_test');
    expect(await sessionIdShown(tab, 'My session id:')).toBe(id);
    await tab.click(BUTTON);
    await tab.waitForSelector('text=Number of visits: 2');
    const other = await open(await newContext(), '/session_test');
    expect(await sessionIdShown(other, 'My session id:')).not.toBe(id);
    expect(await other.isVisible('text=Number of visits: 1')).toBe(true);
  });

  it('keeps the session cookie away from page scripts (HttpOnly)', async () => {
    const context = await newContext();
    const page = await open(context, '/session_test');
    expect(await page.evaluate('document.cookie')).toBe('');
    expect((await context.cookies()).find((c) => c.name === 'jp_token')).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
  });

  it('styles the page with Tailwind served locally', async () => {
    const page = await open(await newContext(), '/session_test');
    const colour = "getComputedStyle(document.querySelector('button')).backgroundColor";
    await page.waitForFunction(`${colour}.startsWith('oklch(')`);
    expect(await page.evaluate(colour)).toMatch(/^oklch\(/);
  });

  it('reconnects after the connection drops, within the grace period, without a reload and with its state', async () => {
    const page = await open(await newContext(), '/session_test');
    let sockets = 0;
    page.on('websocket', () => (sockets += 1));
    await page.click(BUTTON);
    await page.waitForSelector('text=Number of Click Events: 1');
    await page.evaluate('window.notReloaded = true');
    expect(running.dropSockets()).toBeGreaterThan(0);
    await page.waitForFunction('window.__jp.connected === false');
    await page.waitForFunction('window.__jp.connected === true');
    expect(sockets).toBe(1);
    await page.click(BUTTON);
    await page.waitForSelector('text=Number of Click Events: 2');
    expect(await page.evaluate('window.notReloaded')).toBe(true);
    expect(await page.isVisible('text=Number of visits: 1')).toBe(true);
  });
});

describe('login', () => {
  const SIGN_IN = 'button[name=sign_in_btn]';

  it('shows /login_page in the address bar, and the alert for a wrong password', async () => {
    const page = await open(await newContext(), '/login_test');
    expect(new URL(page.url()).pathname).toBe('/login_page');
    expect(await page.isVisible('[role=alert]')).toBe(false);
    await screenshot(page, 'login_page');
    await page.fill('input[name=user_name]', 'ada');
    await page.type('input[name=password]', 'secret');
    await page.click(SIGN_IN);
    await page.waitForSelector('[role=alert]', { state: 'visible' });
    expect(await page.textContent('[role=alert]')).toContain('Password is incorrect');
    expect(await page.isVisible('text=login not successful')).toBe(true);
    await screenshot(page, 'login_wrong_password');
  });

  for (const start of ['/login_test', '/login']) {
    it(`signs in from ${start} with the password typed and clicked at once, then logs out`, async () => {
      const context = await newContext();
      const page = await open(context, start);
      const before = (await context.cookies()).find((c) => c.name === 'jp_token')?.value.split('.')[0];
      await page.type('input[name=password]', 'password');
      await page.click(SIGN_IN);
      await page.waitForSelector('text=Login successful. You are now logged in');
      expect(new URL(page.url()).pathname).toBe('/login_successful');
      await page.waitForURL('**/login_test', { timeout: 15_000 });
      const id = (await context.cookies()).find((c) => c.name === 'jp_token')?.value.split('.')[0];
      expect(id).toMatch(/^[0-9a-f]{32}$/);
      expect(id).not.toBe(before); // a new session id at sign-in
      await page.waitForSelector(`text=Your session id is: ${id}`);
      expect(await page.isVisible('text=You are already logged in...')).toBe(true);
      if (start === '/login') await screenshot(page, 'logged_in');
      await connected(page);
      await page.click('button:has-text("Logout")');
      await page.waitForSelector('text=Please login');
      expect(new URL(page.url()).pathname).toBe('/login_page');
    });
  }

  it('gives a new session at sign-in: a cookie captured before it is not logged in, the visitor stays logged in', async () => {
    const context = await newContext();
    const page = await open(context, '/login');
    const captured = (await context.cookies()).find((c) => c.name === 'jp_token')!;
    await page.type('input[name=password]', 'password');
    await page.click(SIGN_IN);
    await page.waitForURL('**/login_test', { timeout: 15_000 });
    await page.waitForSelector('text=You are already logged in...');
    await page.reload();
    await connected(page);
    expect(await page.isVisible('text=You are already logged in...')).toBe(true);
    // The attacker's browser, holding the cookie as it was before sign-in.
    const attacker = await newContext();
    await attacker.addCookies([captured]);
    const theirs = await open(attacker, '/login');
    expect(await theirs.isVisible('text=Please login')).toBe(true);
    expect(await theirs.isVisible('text=You are already logged in...')).toBe(false);
  });

  it('keeps working when the shown address (/login_page) is reloaded', async () => {
    const page = await open(await newContext(), '/login');
    await page.reload();
    await connected(page);
    expect(await page.isVisible('text=Please login')).toBe(true);
    expect(new URL(page.url()).pathname).toBe('/login_page');
  });
});

describe('a server restart', () => {
  it('reloads the page once the restarted server answers that the page is gone, with the data kept (SQLite)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'jp-e2e-'));
    const store = `sqlite:${join(dir, 'sessions.sqlite')}`;
    const first = await startDemo({ session: { store } });
    let second: RunningDemo | undefined;
    try {
      const page = await open(await newContext(), '/session_test', first.url);
      await page.click(BUTTON);
      await page.waitForSelector('text=Number of Click Events: 1');
      await page.evaluate('window.notReloaded = true');
      await first.close();
      await page.waitForFunction('window.__jp.connected === false');
      second = await startDemo({ port: Number(new URL(first.url).port), session: { store } });
      await page.waitForFunction('window.notReloaded === undefined', undefined, { timeout: 20_000 });
      await connected(page);
      // The new process reads the same file: the reload counts a second visit, the click is kept.
      expect(await page.isVisible('text=Number of visits: 2')).toBe(true);
      expect(await page.isVisible('text=Number of Click Events: 1')).toBe(true);
    } finally {
      await second?.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('the index page', () => {
  it('links both examples, and nothing the demo loads leaves 127.0.0.1', async () => {
    const page = await (await newContext()).newPage();
    const urls = recordRequests(page);
    await page.goto(running.url + '/');
    await connected(page);
    await screenshot(page, 'index');
    await page.click('a[href="/session_test"]');
    await connected(page);
    await page.click(BUTTON);
    await page.waitForSelector('text=Number of Click Events: 1');
    await page.goto(running.url + '/');
    await page.click('a[href="/login"]');
    await connected(page);
    expect(urls.some((u) => u.includes('/_jp/static/tailwind'))).toBe(true);
    expect(urls.some((u) => u.includes('/_jp/ws'))).toBe(true);
    expect(new Set(urls.map((u) => new URL(u).hostname))).toEqual(new Set(['127.0.0.1']));
  });
});
