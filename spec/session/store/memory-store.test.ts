import { describe, expect, it } from 'vitest';
import { memoryStore, type MemoryStoreOptions } from '../../../lib/session/store/index.js';
import { describeStoreContract, expectStoreError } from './store-contract.js';

function withClock(options: MemoryStoreOptions = {}) {
  let now = 1_000_000;
  const store = memoryStore({ now: () => now, ...options });
  return { store, advance: (ms: number) => void (now += ms) };
}

describeStoreContract('memory', async ({ ttlSeconds, maxBytes }) => withClock({ ttlSeconds, maxSessionBytes: maxBytes }));

describe('memoryStore bounds', () => {
  describe('maxSessions', () => {
    it('a new session past the bound evicts the least recently used, and a read counts as use', async () => {
      const { store } = withClock({ maxSessions: 3 });
      for (const sid of ['a', 'b', 'c']) await store.set(sid, 'n', sid);
      await store.get('a', 'n'); // b is now the least recently used
      await store.set('d', 'n', 'd');
      expect(store.size).toBe(3);
      expect(await store.getAll('b')).toEqual({});
      await store.touch('c'); // then a
      await store.set('e', 'n', 'e');
      expect(await store.getAll('a')).toEqual({});
      for (const sid of ['c', 'd', 'e']) expect(await store.get(sid, 'n')).toBe(sid);
    });

    it('expired sessions make room before a live one is evicted', async () => {
      const { store, advance } = withClock({ maxSessions: 2, ttlSeconds: 10 });
      await store.set('old', 'n', 1);
      advance(5000);
      await store.set('live', 'n', 1);
      await store.get('old', 'n'); // most recently used, but about to expire
      advance(6000);
      await store.set('new', 'n', 1);
      expect(await store.get('live', 'n')).toBe(1);
      expect(await store.get('new', 'n')).toBe(1);
    });

    it('writes to a session it holds never evict', async () => {
      const { store } = withClock({ maxSessions: 2 });
      await store.set('a', 'n', 1);
      await store.set('b', 'n', 1);
      for (let i = 0; i < 5; i++) await store.incr('a', 'n');
      expect(await store.getAll('b')).toEqual({ n: 1 });
    });
  });

  describe('maxSessionBytes', () => {
    it('counts field names and JSON values of the whole session, at the bound and one past it', async () => {
      const { store } = withClock({ maxSessionBytes: 20 });
      await store.set('s', 'ab', 'x'.repeat(6)); // 2 + 8 bytes
      await store.set('s', 'cd', 'y'.repeat(6)); // 20 bytes in all: at the bound
      await expectStoreError(store.set('s', 'e', 1), 'too-large'); // 22
      await expectStoreError(store.set('s', 'ab', 'x'.repeat(7)), 'too-large'); // 21
      expect(await store.getAll('s')).toEqual({ ab: 'xxxxxx', cd: 'yyyyyy' });
      await store.delete('s', 'cd');
      await store.set('s', 'e', 1);
      expect(await store.getAll('s')).toEqual({ ab: 'xxxxxx', e: 1 });
    });

    it('counts UTF-8 bytes, and bounds incr and update like set', async () => {
      const { store } = withClock({ maxSessionBytes: 10 });
      await expectStoreError(store.set('s', 'f', 'ééééé'), 'too-large'); // 1 + 12 bytes
      await store.set('s', 'n', 99_999_999); // 1 + 8
      await expectStoreError(store.incr('s', 'n', 900_000_001), 'too-large'); // 1_000_000_000: 1 + 10
      await expectStoreError(store.update('s', 'n', () => 'too long'), 'too-large');
      expect(await store.get('s', 'n')).toBe(99_999_999);
    });

    it('a refused write to a new session leaves no session behind', async () => {
      const { store } = withClock({ maxSessionBytes: 10 });
      await expectStoreError(store.set('s', 'f', 'x'.repeat(20)), 'too-large');
      expect(store.size).toBe(0);
    });
  });

  describe('maxTombstones', () => {
    it('past the bound the oldest ended id is forgotten, the others still refuse writes', async () => {
      const { store } = withClock({ maxTombstones: 2 });
      for (const sid of ['a', 'b', 'c']) await store.destroy(sid);
      await store.set('a', 'n', 1);
      await expectStoreError(store.set('b', 'n', 1), 'session-ended');
      await expectStoreError(store.set('c', 'n', 1), 'session-ended');
    });
  });

  describe('sweepExpired', () => {
    it('drops expired sessions without a read, and only those', async () => {
      const { store, advance } = withClock({ ttlSeconds: 10 });
      for (let i = 0; i < 100; i++) await store.set(`early-${i}`, 'n', i);
      advance(5000);
      await store.set('late', 'n', 1);
      advance(5000);
      expect(store.size).toBe(101);
      expect(store.sweepExpired()).toBe(100);
      expect(store.size).toBe(1);
      expect(await store.get('late', 'n')).toBe(1);
    });
  });

  describe('options', () => {
    it.each([
      ['ttlSeconds', 0],
      ['maxSessions', -1],
      ['maxSessionBytes', 1.5],
      ['maxTombstones', Number.NaN],
      ['sweepIntervalMs', '60000'],
      ['now', 1],
    ])('throws a TypeError at construction for %s = %s', (name, value) => {
      expect(() => memoryStore({ [name]: value } as MemoryStoreOptions)).toThrow(new RegExp(`memoryStore: ${name}`));
    });

    it('throws a TypeError naming an unknown option', () => {
      expect(() => memoryStore({ maxSession: 5 } as MemoryStoreOptions)).toThrow(/memoryStore: unknown option "maxSession"/);
    });
  });
});
