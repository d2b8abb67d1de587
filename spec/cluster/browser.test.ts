// The demo as two instances behind HAProxy, in Debian's chromium: both seed flows through the load
// balancer (the login with a wrong password first), then kill -9 of the instance the browser is on.
// Without anything from the visitor, both tabs come back from the other instance with their visits,
// clicks and login, and no banner; logging out there works.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type Cluster } from '../../demo/cluster/cluster.js';
import { CLUSTER_KEY } from '../support/cluster-suite.js';
import { launchBrowser } from '../support/browser.js';

const BUTTON = 'button:has-text("Number of Click Events")';
const BANNER = 'text=This page lost its connection';
const SIGN_IN = 'button:has-text("Sign In")';
const ALERT = '[role=alert]:has-text("Password is incorrect")';
let cluster: Cluster;
let browser: Browser;
let context: BrowserContext;
const runtimeErrors: string[] = [];

beforeAll(async () => {
  [cluster, browser] = await Promise.all([startCluster({ instances: 2, secretKey: CLUSTER_KEY }), launchBrowser()]);
  context = await browser.newContext();
  context.on('console', (m) => {
    if (m.text().startsWith('[jp]')) runtimeErrors.push(m.text());
  });
});
afterAll(async () => {
  await context?.close();
  await browser?.close();
  await cluster?.stop();
});

const connected = (page: Page): Promise<unknown> => page.waitForFunction('window.__jp?.connected === true');

/** The instance that served the page the tab shows now (its boot data). */
const BOOT_INSTANCE = "JSON.parse(document.getElementById('jp-boot').textContent).instance";
const instanceOf = (page: Page): Promise<string> => page.evaluate(BOOT_INSTANCE) as Promise<string>;

async function open(path: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(cluster.url + path);
  await connected(page);
  return page;
}

describe('the demo through HAProxy, in a browser', () => {
  it('runs both seed flows, survives the kill -9 of its instance with visits, clicks and login intact, then logs out', async () => {
    const clicks = await open('/session_test');
    for (let n = 1; n <= 3; n++) {
      await clicks.click(BUTTON);
      await clicks.waitForSelector(`text=Number of Click Events: ${n}`);
    }

    const login = await open('/login');
    expect(await login.isVisible(ALERT)).toBe(false);
    await login.type('input[name=password]', 'secret');
    await login.click(SIGN_IN);
    await login.waitForSelector(ALERT, { state: 'visible' });
    expect(await login.textContent(ALERT)).toContain('Password is incorrect');
    expect(await login.isVisible('text=login not successful')).toBe(true);
    await login.fill('input[name=password]', 'password');
    await login.click(SIGN_IN);
    await login.waitForSelector('text=Login successful. You are now logged in');
    await login.waitForURL('**/login_test', { timeout: 15_000 });
    await login.waitForSelector('text=You are already logged in...');
    await connected(login);

    await clicks.reload(); // the session id changed at sign-in; its data moved with it
    await connected(clicks);
    await clicks.waitForSelector('text=Number of visits: 2');
    const sessionLine = await clicks.textContent('text=My session id:');
    expect(await clicks.isVisible('text=Number of Click Events: 3')).toBe(true);

    const victim = await instanceOf(clicks);
    expect(await instanceOf(login)).toBe(victim); // one browser, one affinity cookie, one instance
    await cluster.instance(victim).kill9();

    for (const tab of [clicks, login]) {
      await tab.waitForFunction(`window.__jp?.connected === true && ${BOOT_INSTANCE} !== ${JSON.stringify(victim)}`, undefined, {
        timeout: 10_000,
      });
    }
    expect(await clicks.textContent('text=My session id:')).toBe(sessionLine);
    await clicks.waitForSelector('text=Number of visits: 3'); // the reload on the other instance is a visit
    expect(await clicks.isVisible('text=Number of Click Events: 3')).toBe(true);
    await clicks.click(BUTTON);
    await clicks.waitForSelector('text=Number of Click Events: 4');
    await login.waitForSelector('text=You are already logged in...');
    for (const tab of [clicks, login]) expect(await tab.isVisible(BANNER)).toBe(false);

    // Logout on the new instance: its handler writes the store, the redirect loads the login page.
    await login.click('button:has-text("Logout")');
    await login.waitForSelector('text=Please login');
    expect(new URL(login.url()).pathname).toBe('/login_page');
    expect(await instanceOf(login)).not.toBe(victim);
    await connected(login);
    expect(runtimeErrors).toEqual([]);
  });
});
