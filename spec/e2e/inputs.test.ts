// Inputs bound as JustPy binds them, in Debian's chromium, on an app started by justpy(): the server
// clears a password it never renders, and a multiple select binds every chosen value both ways.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { justpy, type RunningJustpyApp } from '../../lib/app/index.js';
import { Button, Div, P } from '../../lib/render/html-components.js';
import { Input } from '../../lib/render/input.js';
import { parseHtml } from '../../lib/render/parse-html.js';
import { Option, Select } from '../../lib/render/select.js';
import { WebPage } from '../../lib/render/webpage.js';
import { launchBrowser } from '../support/browser.js';

let browser: Browser;
let app: RunningJustpyApp;
let page: Page;
/** Every HTML document and update frame the browser received, to check no password is in any. */
let received: string[];

function signInPage(): WebPage {
  const wp = new WebPage();
  const form = parseHtml('<div><input name="password" type="password"><button type="button" name="sign_in_btn">Sign In</button></div>', { a: wp });
  const message = new P({ text: 'Please sign in', a: wp });
  form.byName('sign_in_btn').on('click', () => {
    const password = form.byName('password', Input);
    message.text = password.value === 'password' ? 'Welcome' : `Wrong password (${String(password.value).length} characters)`;
    password.value = ''; // after a failed or a good sign-in alike, the field is empty again
  });
  return wp;
}

function sizesPage(): WebPage {
  const wp = new WebPage();
  const shown = new Div({ text: 'sizes: none', a: wp });
  const sizes = new Select({ name: 'sizes', multiple: true, a: wp });
  for (const size of ['S', 'M', 'L']) new Option({ value: size, text: size, a: sizes });
  sizes.on('change', (self, msg) => {
    shown.text = `sizes: ${msg.values?.join(',')} (value ${msg.value}, server ${self.values.join(',')})`;
  });
  new Button({ text: 'Only M', a: wp }).on('click', () => {
    sizes.values = ['M'];
  });
  return wp;
}

beforeAll(async () => {
  browser = await launchBrowser();
  app = await justpy(
    { '/sign_in': signInPage, '/sizes': sizesPage },
    { loadEnv: false, port: 0, session: { secretKey: 'inputs-e2e-secret', warn: () => undefined }, renderer: { logger: { warn: () => undefined, error: console.error } } },
  );
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});
beforeEach(async () => {
  const context = await browser.newContext();
  page = await context.newPage();
  received = [];
  page.on('response', (res) => {
    if (res.request().resourceType() === 'document') void res.text().then((t) => received.push(t), () => undefined);
  });
  page.on('websocket', (ws) => ws.on('framereceived', (frame) => received.push(String(frame.payload))));
});

async function open(path: string): Promise<void> {
  await page.goto(new URL(path, app.url).href);
  await page.waitForFunction('window.__jp?.connected === true');
}

describe('a password', () => {
  it('is cleared by the server after a failed sign-in, and never written into the HTML', async () => {
    await open('/sign_in');
    await page.fill('input[name=password]', 'guess');
    await page.click('text=Sign In');
    await page.waitForSelector('text=Wrong password (5 characters)');
    expect(await page.inputValue('input[name=password]')).toBe('');
    expect(await page.getAttribute('input[name=password]', 'value')).toBeNull();

    await page.fill('input[name=password]', 'password');
    await page.click('text=Sign In');
    await page.waitForSelector('text=Welcome');
    expect(await page.inputValue('input[name=password]')).toBe('');
    expect(received.length).toBeGreaterThan(1);
    expect(received.join('\n')).not.toMatch(/guess|value="password"|"value":"password"/);
  });
});

describe('a multiple select', () => {
  it('sends every chosen value, and selects what the server sets', async () => {
    await open('/sizes');
    await page.selectOption('select[name=sizes]', ['S', 'L']);
    await page.waitForSelector('text=sizes: S,L (value S, server S,L)');
    await page.click('text=Only M');
    await page.waitForFunction("Array.from(document.querySelector('select').selectedOptions, (o) => o.value).join() === 'M'");
    await page.selectOption('select[name=sizes]', ['M', 'L']);
    await page.waitForSelector('text=sizes: M,L (value M, server M,L)');
  });
});
