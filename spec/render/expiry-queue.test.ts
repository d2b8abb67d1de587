import { describe, expect, it } from 'vitest';
import { ExpiryQueue } from '../../lib/render/expiry-queue.js';
import { ManualTimers } from '../support/manual-timers.js';

function queue(ms = 100): { q: ExpiryQueue<string>; timers: ManualTimers; expired: string[] } {
  const timers = new ManualTimers();
  const expired: string[] = [];
  return { q: new ExpiryQueue<string>(ms, timers, (x) => expired.push(x)), timers, expired };
}

describe('ExpiryQueue', () => {
  it('expires each item exactly ms after it was added, in order, with one timer at a time', () => {
    const { q, timers, expired } = queue(100);
    q.add('a');
    timers.advance(30);
    q.add('b');
    q.add('c');
    expect(timers.size).toBe(1);
    timers.advance(69);
    expect(expired).toEqual([]);
    timers.advance(1);
    expect(expired).toEqual(['a']);
    timers.advance(29);
    expect(expired).toEqual(['a']);
    timers.advance(1);
    expect(expired).toEqual(['a', 'b', 'c']);
    expect(timers.size).toBe(0);
  });

  it('restarts the countdown of an item added again', () => {
    const { q, timers, expired } = queue(100);
    q.add('a');
    q.add('b');
    timers.advance(50);
    q.add('a');
    timers.advance(50);
    expect(expired).toEqual(['b']);
    timers.advance(50);
    expect(expired).toEqual(['b', 'a']);
  });

  it('names, of some items, the one that expires first, by the order they were (re)added on one tick too', () => {
    const { q } = queue(100);
    q.add('a');
    q.add('b');
    q.add('c');
    q.add('a');
    expect(q.oldestOf(['a', 'c'])).toBe('c');
    expect(q.oldestOf(['a', 'b', 'x'])).toBe('b');
    expect(q.oldestOf(['x'])).toBeUndefined();
  });

  it('never expires a deleted item', () => {
    const { q, timers, expired } = queue(100);
    q.add('a');
    q.add('b');
    q.delete('a');
    timers.advance(1000);
    expect(expired).toEqual(['b']);
  });

  it('stops its timer on clear()', () => {
    const { q, timers, expired } = queue(100);
    q.add('a');
    q.clear();
    expect(timers.size).toBe(0);
    timers.advance(1000);
    expect(expired).toEqual([]);
    expect(q.size).toBe(0);
  });
});
