// The SessionStore contract as one suite that every backend runs unchanged (memory, sqlite and
// redis). Backends with an injectable clock pass `advance`; the others keep real time, so the
// expiry cases run concurrently with a 2 s ttl, and every "still there" check has 700 ms or more
// to spare (a sleep only ever runs long, so the "gone" checks cannot come early).
import { randomUUID } from 'node:crypto';
import { describe, expect, it, onTestFinished } from 'vitest';
import { isStoreError, type SessionStore, type StoreErrorCode, type StoreValue } from '../../../lib/session/store/index.js';

export interface StoreUnderTest {
  store: SessionStore;
  /** Moves the store's clock forward by ms; absent when the backend keeps real time. */
  advance?: (ms: number) => void;
}

export interface ContractStoreOptions {
  ttlSeconds: number;
  /** The backend's size bound (per value, or per session for memory). */
  maxBytes: number;
}

export type OpenStore = (options: ContractStoreOptions) => Promise<StoreUnderTest>;

const TTL_SECONDS = 2;
const MAX_BYTES = 1000;

export const newSid = (): string => randomUUID().replaceAll('-', '');

export async function expectStoreError(promise: Promise<unknown>, code: StoreErrorCode): Promise<void> {
  const err = await promise.then(
    () => new Error(`expected a StoreError '${code}', but it resolved`),
    (e: unknown) => e,
  );
  if (!isStoreError(err, code)) throw err instanceof Error ? err : new Error(String(err));
}

const JSON_VALUES: [string, StoreValue][] = [
  ['a string', 'text'],
  ['an empty string', ''],
  ['a numeric string (stays a string)', '5'],
  ['unicode', 'ünïcödé ✓ 😀'],
  ['quotes, backslashes and </script>', 'say "hi" \\ </script>'],
  ['zero', 0],
  ['a negative integer', -17],
  ['a fraction', 3.25],
  ['the largest safe integer', Number.MAX_SAFE_INTEGER],
  ['true', true],
  ['false', false],
  ['null', null],
  ['an empty array', []],
  ['a mixed array', [1, 'two', null, [3], { four: 4 }]],
  ['an empty object', {}],
  ['a nested object', { a: { b: [1, { c: 'd' }] }, e: false }],
];

export function describeStoreContract(name: string, open: OpenStore): void {
  /** A fresh store, closed when the test ends (concurrent tests pass their context's hook). */
  async function use(finished: typeof onTestFinished = onTestFinished) {
    const { store, advance } = await open({ ttlSeconds: TTL_SECONDS, maxBytes: MAX_BYTES });
    finished(() => store.close());
    const elapse = async (ms: number): Promise<void> => {
      if (advance) advance(ms);
      else await new Promise((resolve) => setTimeout(resolve, ms));
    };
    return { store, elapse };
  }

  describe(`${name} store: the SessionStore contract`, () => {
    it('names its kind and its ttl', async () => {
      const { store } = await use();
      expect(store.kind).toBe(name);
      expect(store.ttlSeconds).toBe(TTL_SECONDS);
      await expect(store.ping()).resolves.toBeUndefined();
    });

    describe('when the session is unknown', () => {
      it('reads undefined and {}', async () => {
        const { store } = await use();
        const sid = newSid();
        expect(await store.get(sid, 'missing')).toBeUndefined();
        expect(await store.getAll(sid)).toEqual({});
      });

      it('touch and delete create nothing', async () => {
        const { store } = await use();
        const sid = newSid();
        await store.touch(sid);
        await store.delete(sid, 'f');
        expect(await store.getAll(sid)).toEqual({});
      });
    });

    describe('set and get', () => {
      it.each(JSON_VALUES)('round-trips %s', async (_label, value) => {
        const { store } = await use();
        const sid = newSid();
        await store.set(sid, 'v', value);
        expect(await store.get(sid, 'v')).toEqual(value);
        expect(await store.getAll(sid)).toEqual({ v: value });
      });

      it('overwrites one field and leaves the others', async () => {
        const { store } = await use();
        const sid = newSid();
        await store.set(sid, 'a', 1);
        await store.set(sid, 'b', 'two');
        await store.set(sid, 'a', { one: 1 });
        expect(await store.getAll(sid)).toEqual({ a: { one: 1 }, b: 'two' });
      });

      it('hands out copies: changing what was read changes nothing stored', async () => {
        const { store } = await use();
        const sid = newSid();
        await store.set(sid, 'cart', { items: ['a'] });
        const cart = (await store.get(sid, 'cart')) as { items: string[] };
        cart.items.push('b');
        expect(await store.get(sid, 'cart')).toEqual({ items: ['a'] });
      });

      it('a read sees every write issued before it, awaited or not', async () => {
        const { store } = await use();
        const sid = newSid();
        const writes = [store.incr(sid, 'n'), store.set(sid, 'who', 'ada'), store.incr(sid, 'n')];
        const [n, all] = [store.get(sid, 'n'), store.getAll(sid)];
        expect(await n).toBe(2);
        expect(await all).toEqual({ n: 2, who: 'ada' });
        expect(await Promise.all(writes)).toEqual([1, undefined, 2]);
      });

      it('keeps sessions apart', async () => {
        const { store } = await use();
        const [one, two] = [newSid(), newSid()];
        await store.set(one, 'who', 'one');
        await store.set(two, 'who', 'two');
        expect(await store.get(one, 'who')).toBe('one');
        expect(await store.getAll(two)).toEqual({ who: 'two' });
      });

      it("a field named __proto__ is an own field and pollutes nothing", async () => {
        const { store } = await use();
        const sid = newSid();
        await store.set(sid, '__proto__', { polluted: true });
        const all = await store.getAll(sid);
        expect(Object.keys(all)).toEqual(['__proto__']);
        expect(Object.getPrototypeOf(all)).toBe(Object.prototype);
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
        expect(await store.get(sid, '__proto__')).toEqual({ polluted: true });
      });

      it.each([
        ['undefined', undefined],
        ['a function', () => 1],
        ['NaN', Number.NaN],
        ['Infinity', Number.POSITIVE_INFINITY],
        ['a bigint', 1n],
      ])('refuses %s with a TypeError', async (_label, value) => {
        const { store } = await use();
        await expect(store.set(newSid(), 'v', value as unknown as StoreValue)).rejects.toThrow(TypeError);
      });

      it('refuses a circular value, an empty id and an empty field with a TypeError', async () => {
        const { store } = await use();
        const circular: Record<string, unknown> = {};
        circular.self = circular;
        await expect(store.set(newSid(), 'v', circular as StoreValue)).rejects.toThrow(TypeError);
        await expect(store.set('', 'v', 1)).rejects.toThrow(TypeError);
        await expect(store.set(newSid(), '', 1)).rejects.toThrow(TypeError);
        await expect(store.get('', 'v')).rejects.toThrow(TypeError);
      });

      it('refuses a value past the size bound with too-large, and keeps the old one', async () => {
        const { store } = await use();
        const sid = newSid();
        await store.set(sid, 'note', 'small');
        await expectStoreError(store.set(sid, 'note', 'x'.repeat(MAX_BYTES + 1)), 'too-large');
        expect(await store.getAll(sid)).toEqual({ note: 'small' });
        await store.set(sid, 'note', 'x'.repeat(MAX_BYTES / 2));
        expect(await store.get(sid, 'note')).toHaveLength(MAX_BYTES / 2);
      });
    });

    describe('delete', () => {
      it('removes one field; removing the last leaves the session empty', async () => {
        const { store } = await use();
        const sid = newSid();
        await store.set(sid, 'a', 1);
        await store.set(sid, 'b', 2);
        await store.delete(sid, 'a');
        await store.delete(sid, 'never-set');
        expect(await store.getAll(sid)).toEqual({ b: 2 });
        await store.delete(sid, 'b');
        expect(await store.getAll(sid)).toEqual({});
      });
    });

    describe('incr', () => {
      it('counts a missing field from 0, by 1 unless told, and resolves to the new value', async () => {
        const { store } = await use();
        const sid = newSid();
        expect(await store.incr(sid, 'n')).toBe(1);
        expect(await store.incr(sid, 'n', 10)).toBe(11);
        expect(await store.incr(sid, 'n', -12)).toBe(-1);
        expect(await store.get(sid, 'n')).toBe(-1);
        expect(await store.getAll(sid)).toEqual({ n: -1 });
      });

      it('adds to a number that set() stored', async () => {
        const { store } = await use();
        const sid = newSid();
        await store.set(sid, 'n', 41);
        expect(await store.incr(sid, 'n')).toBe(42);
      });

      it('loses nothing when many run at once', async () => {
        const { store } = await use();
        const sid = newSid();
        await Promise.all(Array.from({ length: 50 }, () => store.incr(sid, 'n')));
        expect(await store.get(sid, 'n')).toBe(50);
      });

      it.each([
        ['a numeric string', '5'],
        ['a fraction', 1.5],
        ['an object', { n: 1 }],
        ['null', null],
      ])('rejects not-a-number on %s and leaves it', async (_label, value) => {
        const { store } = await use();
        const sid = newSid();
        await store.set(sid, 'n', value);
        await expectStoreError(store.incr(sid, 'n'), 'not-a-number');
        expect(await store.get(sid, 'n')).toEqual(value);
      });

      it('rejects not-a-number when the result would pass Number.MAX_SAFE_INTEGER', async () => {
        const { store } = await use();
        const sid = newSid();
        await store.set(sid, 'n', Number.MAX_SAFE_INTEGER - 1);
        expect(await store.incr(sid, 'n')).toBe(Number.MAX_SAFE_INTEGER);
        await expectStoreError(store.incr(sid, 'n'), 'not-a-number');
        expect(await store.get(sid, 'n')).toBe(Number.MAX_SAFE_INTEGER);
      });

      it('refuses a `by` that is not a safe integer with a TypeError', async () => {
        const { store } = await use();
        await expect(store.incr(newSid(), 'n', 1.5)).rejects.toThrow(TypeError);
        await expect(store.incr(newSid(), 'n', Number.NaN)).rejects.toThrow(TypeError);
      });
    });

    describe('update', () => {
      it('passes undefined for a missing field and resolves to what it stored', async () => {
        const { store } = await use();
        const sid = newSid();
        const seen: unknown[] = [];
        const stored = await store.update(sid, 'cart', (current) => {
          seen.push(current);
          return { items: ['apple'] };
        });
        expect(seen).toEqual([undefined]);
        expect(stored).toEqual({ items: ['apple'] });
        expect(await store.get(sid, 'cart')).toEqual({ items: ['apple'] });
      });

      it('deletes the field when the function returns undefined', async () => {
        const { store } = await use();
        const sid = newSid();
        await store.set(sid, 'a', 1);
        await store.set(sid, 'b', 2);
        expect(await store.update(sid, 'a', () => undefined)).toBeUndefined();
        expect(await store.getAll(sid)).toEqual({ b: 2 });
      });

      it('applies every one of many concurrent updates of one field', async () => {
        const { store } = await use();
        const sid = newSid();
        await Promise.all(
          Array.from({ length: 20 }, (_, i) => store.update(sid, 'list', (current) => [...((current as number[] | undefined) ?? []), i])),
        );
        const list = (await store.get(sid, 'list')) as number[];
        expect([...list].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i));
      });

      it("rejects with the function's error and stores nothing", async () => {
        const { store } = await use();
        const sid = newSid();
        await store.set(sid, 'n', 1);
        await expect(store.update(sid, 'n', () => { throw new RangeError('no'); })).rejects.toThrow(RangeError);
        expect(await store.get(sid, 'n')).toBe(1);
      });

      it('refuses a function that returns a promise, and a result past the size bound', async () => {
        const { store } = await use();
        const sid = newSid();
        await store.set(sid, 'n', 1);
        await expect(store.update(sid, 'n', (async () => 2) as unknown as () => number)).rejects.toThrow(TypeError);
        await expectStoreError(store.update(sid, 'n', () => 'x'.repeat(MAX_BYTES + 1)), 'too-large');
        expect(await store.get(sid, 'n')).toBe(1);
      });
    });

    describe('destroy', () => {
      it('deletes the data, and every later write rejects session-ended', async () => {
        const { store } = await use();
        const sid = newSid();
        await store.set(sid, 'a', 1);
        await store.destroy(sid);
        expect(await store.getAll(sid)).toEqual({});
        expect(await store.get(sid, 'a')).toBeUndefined();
        await expectStoreError(store.set(sid, 'a', 2), 'session-ended');
        await expectStoreError(store.incr(sid, 'n'), 'session-ended');
        await expectStoreError(store.update(sid, 'a', () => 3), 'session-ended');
        await expectStoreError(store.delete(sid, 'a'), 'session-ended');
        await store.touch(sid);
        await store.destroy(sid);
        expect(await store.getAll(sid)).toEqual({});
      });

      it('ends an id that never had data', async () => {
        const { store } = await use();
        const sid = newSid();
        await store.destroy(sid);
        await expectStoreError(store.set(sid, 'a', 1), 'session-ended');
      });

      it('a write already on its way when destroy is called does not re-create the session', async () => {
        const { store } = await use();
        const sid = newSid();
        const write = store.set(sid, 'a', 1);
        const destroyed = store.destroy(sid);
        await Promise.allSettled([write]);
        await destroyed;
        expect(await store.getAll(sid)).toEqual({});
        await expectStoreError(store.set(sid, 'b', 2), 'session-ended');
      });

      it('a write issued while destroy is on its way is refused', async () => {
        const { store } = await use();
        const sid = newSid();
        await store.set(sid, 'n', 1);
        const destroyed = store.destroy(sid);
        const write = store.incr(sid, 'n');
        await destroyed;
        await expectStoreError(write, 'session-ended');
        expect(await store.getAll(sid)).toEqual({});
      });
    });

    describe('rename', () => {
      it('moves every field; the old id reads empty and refuses writes', async () => {
        const { store } = await use();
        const [from, to] = [newSid(), newSid()];
        await store.set(from, 'user', { name: 'ada' });
        await store.incr(from, 'visits', 3);
        await store.rename(from, to);
        expect(await store.getAll(to)).toEqual({ user: { name: 'ada' }, visits: 3 });
        expect(await store.getAll(from)).toEqual({});
        await expectStoreError(store.set(from, 'user', 'mallory'), 'session-ended');
        expect(await store.incr(to, 'visits')).toBe(4);
      });

      it('renaming an id without data only ends it', async () => {
        const { store } = await use();
        const [from, to] = [newSid(), newSid()];
        await store.rename(from, to);
        expect(await store.getAll(to)).toEqual({});
        await expectStoreError(store.set(from, 'a', 1), 'session-ended');
        await store.set(to, 'a', 1);
        expect(await store.getAll(to)).toEqual({ a: 1 });
      });

      it("replaces the new id's own data", async () => {
        const { store } = await use();
        const [from, to] = [newSid(), newSid()];
        await store.set(to, 'stale', true);
        await store.set(from, 'fresh', true);
        await store.rename(from, to);
        expect(await store.getAll(to)).toEqual({ fresh: true });
      });

      it('refuses an ended new id with session-ended and moves nothing', async () => {
        const { store } = await use();
        const [from, to] = [newSid(), newSid()];
        await store.set(from, 'a', 1);
        await store.destroy(to);
        await expectStoreError(store.rename(from, to), 'session-ended');
        expect(await store.getAll(from)).toEqual({ a: 1 });
        expect(await store.getAll(to)).toEqual({});
      });

      it('refuses the same id twice with a TypeError', async () => {
        const { store } = await use();
        const sid = newSid();
        await expect(store.rename(sid, sid)).rejects.toThrow(TypeError);
      });
    });

    describe.concurrent(`expiry (ttl ${TTL_SECONDS} s)`, () => {
      it('data is gone a ttl after its last write, and a read does not extend it', async ({ expect, onTestFinished }) => {
        const { store, elapse } = await use(onTestFinished);
        const sid = newSid();
        await store.set(sid, 'a', 1);
        await elapse(1000);
        expect(await store.get(sid, 'a')).toBe(1);
        expect(await store.getAll(sid)).toEqual({ a: 1 });
        await elapse(1500);
        expect(await store.get(sid, 'a')).toBeUndefined();
        expect(await store.getAll(sid)).toEqual({});
      });

      it('touch restarts the expiry, and cannot revive expired data', async ({ expect, onTestFinished }) => {
        const { store, elapse } = await use(onTestFinished);
        const sid = newSid();
        await store.set(sid, 'a', 1);
        await elapse(1000);
        await store.touch(sid);
        await elapse(1300); // past the first deadline; 700 ms before the touched one
        expect(await store.getAll(sid)).toEqual({ a: 1 });
        await elapse(1200);
        await store.touch(sid);
        expect(await store.getAll(sid)).toEqual({});
      });

      it('every write restarts it (delete too), and a write after expiry starts from nothing', async ({ expect, onTestFinished }) => {
        const { store, elapse } = await use(onTestFinished);
        const sid = newSid();
        await store.set(sid, 'a', 1);
        await store.set(sid, 'b', 2);
        await elapse(1500);
        await store.delete(sid, 'b');
        await elapse(1000);
        expect(await store.getAll(sid)).toEqual({ a: 1 });
        await elapse(1500);
        expect(await store.incr(sid, 'n')).toBe(1);
        expect(await store.getAll(sid)).toEqual({ n: 1 });
      });

      it('renamed data expires a ttl after the rename', async ({ expect, onTestFinished }) => {
        const { store, elapse } = await use(onTestFinished);
        const [from, to] = [newSid(), newSid()];
        await store.set(from, 'a', 1);
        await elapse(1500);
        await store.rename(from, to);
        await elapse(1000);
        expect(await store.getAll(to)).toEqual({ a: 1 });
        await elapse(1500);
        expect(await store.getAll(to)).toEqual({});
      });

      it("an ended id refuses writes for a ttl, then it is a new id again", async ({ expect, onTestFinished }) => {
        const { store, elapse } = await use(onTestFinished);
        const sid = newSid();
        await store.destroy(sid);
        await elapse(1000);
        await expectStoreError(store.set(sid, 'a', 1), 'session-ended');
        await elapse(1500);
        await store.set(sid, 'a', 1);
        expect(await store.getAll(sid)).toEqual({ a: 1 });
      });
    });

    describe('close', () => {
      it('later calls reject unavailable; closing twice is fine', async () => {
        const { store } = await use();
        await store.close();
        await expectStoreError(store.get(newSid(), 'a'), 'unavailable');
        await expectStoreError(store.set(newSid(), 'a', 1), 'unavailable');
        await expectStoreError(store.ping(), 'unavailable');
        await expect(store.close()).resolves.toBeUndefined();
      });
    });
  });
}
