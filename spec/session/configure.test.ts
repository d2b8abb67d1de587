import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express5 from 'express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCookieReader, jpSession, signSessionId } from '../../lib/session/index.js';
import { TEST_KEY, setCookies, shouldIssueSessionCookie } from '../support/session-app.js';

describe('jpSession start-up', () => {
  it('refuses the default key under NODE_ENV=production, saying what to set', () => {
    expect(() => jpSession({ loadEnv: { env: { NODE_ENV: 'production' }, cwd: '/nonexistent' } })).toThrow(/Set SECRET_KEY/);
  });

  it('starts in production with a real key', () => {
    expect(() => jpSession({ loadEnv: false, production: true, secretKey: TEST_KEY })).not.toThrow();
  });

  it('stops on a bad environment value, naming the variable', () => {
    expect(() => jpSession({ loadEnv: { env: { COOKIE_MAX_AGE: 'soon', SECRET_KEY: TEST_KEY }, cwd: '/nonexistent' } })).toThrow(/^COOKIE_MAX_AGE/);
  });

  it("takes its settings from JustPy's justpy.env", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jp-session-env-'));
    try {
      writeFileSync(join(dir, 'justpy.env'), `SESSION_COOKIE_NAME = "my_cookie_name"\nCOOKIE_MAX_AGE = 108000\nSECRET_KEY = "${TEST_KEY}"\n`);
      const app = express5();
      app.use(jpSession({ loadEnv: { cwd: dir, env: {} } }));
      app.get('/', (req, res) => res.send(req.session_id));
      const res = await request(app).get('/');
      const { id } = shouldIssueSessionCookie(res, 'my_cookie_name', 'Max-Age=108000; Path=/; HttpOnly; SameSite=Lax');
      expect(setCookies(res)[0]).toContain(signSessionId(id, TEST_KEY));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('lets explicit options win over the environment', () => {
    const mw = jpSession({ loadEnv: { env: { SESSION_COOKIE_NAME: 'from_env', SECRET_KEY: TEST_KEY }, cwd: '/nonexistent' }, cookieName: 'explicit' });
    expect(mw.options.cookieName).toBe('explicit');
    expect(mw.options.secretKey).toBe(TEST_KEY);
  });
});

describe('the default-key warning on console', () => {
  const warnings: unknown[] = [];
  const original = console.warn;
  beforeAll(() => {
    // Forget an earlier warning in this process, so this test sees the first one.
    delete (process as unknown as Record<symbol, unknown>)[Symbol.for('justpy-ts.session.default-key-warned')];
    console.warn = (...args: unknown[]) => void warnings.push(args);
  });
  afterAll(() => {
    console.warn = original;
  });

  it('is printed at most once per process', () => {
    jpSession({ loadEnv: false, production: false });
    jpSession({ loadEnv: false, production: false });
    createCookieReader({ loadEnv: false, production: false });
    expect(warnings).toHaveLength(1);
    expect(String((warnings[0] as unknown[])[0])).toMatch(/SECRET_KEY is the public default/);
  });
});
