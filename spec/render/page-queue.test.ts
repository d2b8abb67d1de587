import { describe, expect, it } from 'vitest';
import { PageQueue } from '../../lib/render/page-queue.js';

const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

describe('PageQueue', () => {
  it('runs items one at a time in push order, even when each awaits', async () => {
    const seen: string[] = [];
    let running = 0;
    let overlap = false;
    const q = new PageQueue<number>(
      async (n) => {
        running++;
        if (running > 1) overlap = true;
        seen.push(`start ${n}`);
        await tick();
        seen.push(`end ${n}`);
        running--;
      },
      10,
      () => {},
    );
    q.push(1);
    q.push(2);
    q.push(3);
    while (seen.length < 6) await tick();
    expect(overlap).toBe(false);
    expect(seen).toEqual(['start 1', 'end 1', 'start 2', 'end 2', 'start 3', 'end 3']);
  });

  it('refuses items past its bound and takes them again once drained', async () => {
    const done: number[] = [];
    const q = new PageQueue<number>(
      async (n) => {
        await tick();
        done.push(n);
      },
      2,
      () => {},
    );
    // the first item starts at once, so two more fit and the fourth is refused
    expect([q.push(1), q.push(2), q.push(3), q.push(4)]).toEqual([true, true, true, false]);
    while (done.length < 3) await tick();
    expect(q.push(5)).toBe(true);
    while (done.length < 4) await tick();
    expect(done).toEqual([1, 2, 3, 5]);
  });

  it('runs sync items at once, in the same tick', () => {
    const done: number[] = [];
    const q = new PageQueue<number>((n) => void done.push(n), 10, () => {});
    q.push(1);
    q.push(2);
    expect(done).toEqual([1, 2]);
    expect(q.size).toBe(0);
  });

  it('reports an item that rejects and goes on with the next', async () => {
    const errors: unknown[] = [];
    const done: number[] = [];
    const q = new PageQueue<number>(
      async (n) => {
        await tick();
        if (n === 1) throw new Error('boom');
        done.push(n);
      },
      10,
      (e) => errors.push(e),
    );
    q.push(1);
    q.push(2);
    while (done.length < 1) await tick();
    expect(done).toEqual([2]);
    expect(errors).toHaveLength(1);
  });

  it('reports an item that throws and goes on with the next', async () => {
    const errors: unknown[] = [];
    const done: number[] = [];
    const q = new PageQueue<number>(
      (n) => {
        if (n === 1) throw new Error('boom');
        done.push(n);
      },
      10,
      (e) => errors.push(e),
    );
    q.push(1);
    q.push(2);
    await tick();
    expect(done).toEqual([2]);
    expect(errors).toHaveLength(1);
  });

  it('drops waiting items and refuses new ones once closed', async () => {
    const done: number[] = [];
    const q = new PageQueue<number>(
      async (n) => {
        await tick();
        done.push(n);
      },
      10,
      () => {},
    );
    q.push(1);
    q.push(2);
    q.close();
    expect(q.push(3)).toBe(false);
    await tick();
    await tick();
    expect(done).toEqual([1]);
  });
});
