// What a visitor sees in Debian's chromium while the demo's Redis is down: the open page tells them
// the click was not saved (and keeps its socket), a new page gets the 503 text, and both work again
// by themselves once Redis is back.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startRedisServer, type RedisServer } from '../../../demo/cluster/redis-server.js';
import { launchBrowser } from '../../support/browser.js';
import { startDemo, type RunningDemo } from '../../support/demo-server.js';

let browser: Browser;
let context: BrowserContext | undefined;
let redis: RedisServer | undefined;
let running: RunningDemo | undefined;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});
afterEach(async () => {
  await context?.close();
  await running?.close();
  await redis?.stop();
  context = running = redis = undefined;
});

const BUTTON = 'button:has-text("Number of Click Events")';

function connected(page: Page): Promise<unknown> {
  return page.waitForFunction('window.__jp?.connected === true');
}

describe('the demo on Redis, in a browser, through an outage', () => {
  it('says the click was not saved, serves the 503 text to a new tab, and carries on when Redis is back', async () => {
    redis = await startRedisServer();
    const port = redis.port;
    running = await startDemo({ session: { store: redis.url } });
    context = await browser.newContext();
    const page = await context.newPage();
    await page.addInitScript("window.jpErrors = []; document.addEventListener('jp:error', (e) => window.jpErrors.push(e.detail.code))");
    await page.goto(`${running.url}/session_test`);
    await connected(page);
    await page.click(BUTTON);
    await page.waitForSelector('text=Number of Click Events: 1');

    await redis.kill();
    await page.click(BUTTON);
    const notice = await page.waitForSelector('[role=status]');
    expect(await notice.textContent()).toBe('Session data is unavailable right now, so this was not saved; please try again in a few seconds');
    expect(await page.evaluate('window.jpErrors')).toEqual(['store-unavailable']);
    expect(await page.isVisible('text=Number of Click Events: 1')).toBe(true); // the last good state
    expect(await page.evaluate('window.__jp.connected')).toBe(true);

    const other = await context.newPage();
    const refused = await other.goto(`${running.url}/session_test`);
    expect(refused?.status()).toBe(503);
    expect(await other.textContent('body')).toBe('Session data is unavailable right now; please try again in a few seconds');

    redis = await startRedisServer({ port });
    await expect.poll(async () => (await other.reload())?.status(), { timeout: 10_000, interval: 200 }).toBe(200);
    await connected(other);
    // This Redis keeps nothing across a restart (no persistence here), so the count starts again.
    await page.click(BUTTON);
    await page.waitForSelector('[role=status]', { state: 'detached' }); // the acknowledged click took it away
    expect(await page.isVisible('text=Number of Click Events: 1')).toBe(true);
    expect(await page.evaluate('window.jpErrors')).toEqual(['store-unavailable']);
  });
});
