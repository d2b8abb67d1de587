import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadSessionEnv, optionsFromEnv, parseJustpyEnv } from '../../lib/session/env.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'jp-env-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const load = (env: Record<string, string> = {}) => loadSessionEnv({ cwd: dir, env });

describe('loadSessionEnv', () => {
  it('returns no options when nothing is set', () => {
    expect(load()).toEqual({});
  });

  it("reads JustPy's justpy.env sample from the tutorial", () => {
    writeFileSync(
      join(dir, 'justpy.env'),
      'SESSIONS = True\nSESSION_COOKIE_NAME = "my_cookie_name"\nCOOKIE_MAX_AGE = 108000\nSECRET_KEY = "my_very_secret_key_that_only_I_know"\n',
    );
    expect(load()).toEqual({ sessions: true, cookieName: 'my_cookie_name', maxAge: 108000, secretKey: 'my_very_secret_key_that_only_I_know' });
  });

  it('reads .env with dotenv syntax', () => {
    writeFileSync(join(dir, '.env'), '# comment\nSECRET_KEY="from dotenv"\nSESSIONS=false # off\n');
    expect(load()).toEqual({ secretKey: 'from dotenv', sessions: false });
  });

  it('lets .env win over justpy.env, and the process environment win over both', () => {
    writeFileSync(join(dir, '.env'), 'SECRET_KEY=dotenv\nCOOKIE_MAX_AGE=60\n');
    writeFileSync(join(dir, 'justpy.env'), 'SECRET_KEY=justpy\nCOOKIE_MAX_AGE=70\nSESSION_COOKIE_NAME=jp\n');
    expect(load({ COOKIE_MAX_AGE: '80' })).toEqual({ secretKey: 'dotenv', maxAge: 80, cookieName: 'jp' });
  });

  it('stops with a message naming the variable on a bad value', () => {
    writeFileSync(join(dir, 'justpy.env'), 'COOKIE_MAX_AGE = seven days\n');
    expect(() => load()).toThrow(/COOKIE_MAX_AGE.*"seven days"/);
  });
});

describe("justpy.env syntax (starlette's)", () => {
  it('keeps # inside values, trims, strips runs of quotes and skips comment lines', () => {
    expect(parseJustpyEnv(`# c\nSECRET_KEY=a#b\n  A  =  '"x"'  \nB\nC=d=e\r\n`)).toEqual({ SECRET_KEY: 'a#b', A: 'x', C: 'd=e' });
  });
});

describe('each variable', () => {
  it.each([
    [{ SESSIONS: 'False' }, { sessions: false }],
    [{ SESSIONS: 'false' }, { sessions: false }],
    [{ SESSIONS: '0' }, { sessions: false }],
    [{ SESSIONS: 'TRUE' }, { sessions: true }],
    [{ SESSIONS: '1' }, { sessions: true }],
    [{ SESSION_COOKIE_NAME: 'sid' }, { cookieName: 'sid' }],
    [{ SECRET_KEY: ' spaced key ' }, { secretKey: ' spaced key ' }],
    [{ SECRET_KEY_FALLBACKS: 'old1, old2,,' }, { secretKeyFallbacks: ['old1', 'old2'] }],
    [{ COOKIE_MAX_AGE: '3600' }, { maxAge: 3600 }],
    [{ SESSION_DIGEST: 'SHA256' }, { digest: 'sha256' }],
    [{ COOKIE_SECURE: 'auto' }, { secure: 'auto' }],
    [{ COOKIE_SECURE: 'true' }, { secure: true }],
    [{ COOKIE_SECURE: '0' }, { secure: false }],
    [{ COOKIE_SAMESITE: 'Strict' }, { sameSite: 'strict' }],
    [{ COOKIE_DOMAIN: 'example.com' }, { domain: 'example.com' }],
    [{ COOKIE_PATH: '/app' }, { path: '/app' }],
    [{ COOKIE_HOST_PREFIX: 'true' }, { hostPrefix: true }],
    [{ SESSION_ROLLING: '1' }, { rolling: true }],
    [{ SESSION_ON_BAD_COOKIE: 'renew' }, { onBadCookie: 'renew' }],
    [{ NODE_ENV: 'production' }, { production: true }],
    [{ NODE_ENV: 'development' }, { production: false }],
  ])('%o gives %o', (vars, expected) => {
    expect(optionsFromEnv(vars)).toEqual(expected);
  });

  it.each([
    ['SESSIONS', 'yes'],
    ['SESSIONS', 'off'],
    ['COOKIE_MAX_AGE', 'abc'],
    ['COOKIE_MAX_AGE', '1.5'],
    ['COOKIE_MAX_AGE', '-5'],
    ['COOKIE_MAX_AGE', '0'],
    ['SESSION_DIGEST', 'md5'],
    ['COOKIE_SECURE', 'sometimes'],
    ['COOKIE_SAMESITE', 'loose'],
    ['COOKIE_HOST_PREFIX', 'maybe'],
    ['SESSION_ROLLING', '2'],
    ['SESSION_ON_BAD_COOKIE', 'ignore'],
  ])('%s=%s stops start-up naming the variable', (name, value) => {
    expect(() => optionsFromEnv({ [name]: value })).toThrow(new RegExp(`^${name} must`));
  });
});
