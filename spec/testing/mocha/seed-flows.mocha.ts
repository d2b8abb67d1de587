// The seed flows under mocha and node:assert, as a mocha user writes them (run by `npm run test:mocha`
// and from spec/testing/mocha.test.ts). Mocha runs without --exit: it ends only if the kit and the
// demo leave nothing open.
import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, describe, it } from 'mocha';
import express4 from 'express4';
import type { Express } from 'express';
import { createDemoApp, type DemoApp } from '../../../demo/app.js';
import { createTestClient, type TestClient } from '../../../lib/testing/index.js';

const VERSIONS = [
  { label: 'Express 5', createApp: undefined },
  { label: 'Express 4', createApp: () => express4() as unknown as Express },
];

for (const { label, createApp } of VERSIONS) {
  describe(`the seed flows under mocha, ${label}`, () => {
    let demo: DemoApp;
    let client: TestClient;

    before(() => {
      demo = createDemoApp({
        session: { secretKey: 'mocha-spec-secret-key', loadEnv: false, warn: () => undefined },
        renderer: { logger: { warn: () => undefined, error: console.error } },
        loginSleepMs: 20,
        createApp,
      });
    });
    after(() => demo.close());
    beforeEach(async () => {
      client = await createTestClient(demo.app, { attach: demo.renderer, session: demo.session });
    });
    afterEach(() => client.close());

    it('counts clicks per session', async () => {
      const page = await client.as('a1'.repeat(16)).open('/session_test');
      assert.match(page.text(), /Number of visits: 1/);
      await page.click(/Number of Click Events/);
      assert.equal(page.find(/Number of Click Events/).text, 'Number of Click Events: 1');
    });

    it('signs in, follows the redirect and logs out', async () => {
      const page = await client.open('/login');
      await page.type({ name: 'password' }, 'password');
      await page.click({ name: 'sign_in_btn' });
      const home = await page.followRedirect();
      assert.match(home.text(), /You are already logged in\.\.\./);
      await home.click('Logout');
      assert.match((await home.followRedirect()).text(), /Please login/);
    });
  });
}
