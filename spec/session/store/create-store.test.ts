import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, onTestFinished } from 'vitest';
import { createStore } from '../../../lib/session/store/index.js';

const cwd = mkdtempSync(join(tmpdir(), 'jp-create-store-'));
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

describe('createStore(SESSION_STORE)', () => {
  it.each(['memory', ' Memory '])('%j is the memory store, with the ttl given', async (spec) => {
    const store = createStore(spec, { ttlSeconds: 120 });
    onTestFinished(() => store.close());
    expect(store.kind).toBe('memory');
    expect(store.ttlSeconds).toBe(120);
  });

  it('sqlite:PATH opens the file relative to the working directory, creating its folder', async () => {
    const store = createStore('sqlite:data/sessions/store.db', { ttlSeconds: 60, cwd });
    onTestFinished(() => store.close());
    await store.set('s', 'n', 1);
    expect(store.kind).toBe('sqlite');
    expect(existsSync(join(cwd, 'data/sessions/store.db'))).toBe(true);
  });

  it.each(['redis://127.0.0.1:1/2', 'redis://127.0.0.1:1', 'rediss://user:secret@127.0.0.1:1/0'])(
    '%s is the redis store (connecting in the background)',
    async (spec) => {
      const store = createStore(spec, { ttlSeconds: 60 });
      await store.close();
      expect(store.kind).toBe('redis');
    },
  );

  it.each(['', 'mem', 'sqlite', 'sqlite:', 'redis://', 'redis://127.0.0.1:6379/zero', 'postgres://127.0.0.1/db', 'file:s.db'])(
    'throws a TypeError naming SESSION_STORE and the accepted forms for %j',
    (spec) => {
      expect(() => createStore(spec, { ttlSeconds: 60, cwd })).toThrow(TypeError);
      expect(() => createStore(spec, { ttlSeconds: 60, cwd })).toThrow(
        /^SESSION_STORE must be one of memory, sqlite:PATH \(relative to the working directory\), redis:\/\/HOST:PORT\/DB or rediss:\/\/HOST:PORT\/DB; got /,
      );
    },
  );
});
