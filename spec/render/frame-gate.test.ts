import { describe, expect, it } from 'vitest';
import { FrameGate } from '../../lib/render/frame-gate.js';
import { ManualTimers } from '../support/manual-timers.js';

function gate(perSecond: number, maxWaiting = 100) {
  const timers = new ManualTimers();
  const delivered: (string | null)[] = [];
  const socket = { paused: false, pause: () => void (socket.paused = true), resume: () => void (socket.paused = false) };
  let overflows = 0;
  const g = new FrameGate(perSecond, maxWaiting, timers, socket, (f) => delivered.push(f), () => overflows++);
  return { g, timers, delivered, socket, overflows: () => overflows };
}

describe('FrameGate', () => {
  it('lets a burst of perSecond frames through at once, then holds the rest and stops reading the socket', () => {
    const { g, delivered, socket } = gate(10);
    for (let i = 0; i < 25; i++) g.push(`f${i}`);
    expect(delivered).toEqual(Array.from({ length: 10 }, (_, i) => `f${i}`));
    expect(socket.paused).toBe(true);
  });

  it('delivers what waits in order as the rate allows, loses nothing, and reads the socket again when done', () => {
    const { g, timers, delivered, socket } = gate(10);
    for (let i = 0; i < 25; i++) g.push(`f${i}`);
    timers.advance(500);
    expect(delivered).toHaveLength(15);
    timers.advance(1000);
    expect(delivered).toEqual(Array.from({ length: 25 }, (_, i) => `f${i}`));
    expect(socket.paused).toBe(false);
    expect(timers.size).toBe(0);
  });

  it('keeps a frame behind the ones waiting even when a token is back, so order holds', () => {
    const { g, timers, delivered } = gate(1);
    g.push('a');
    g.push('b');
    timers.advance(999);
    g.push('c');
    timers.advance(1);
    expect(delivered).toEqual(['a', 'b']);
    timers.advance(1000);
    expect(delivered).toEqual(['a', 'b', 'c']);
  });

  it('calls onOverflow once, for the first frame past maxWaiting, and drops the rest', () => {
    const { g, overflows } = gate(1, 3);
    for (let i = 0; i < 9; i++) g.push(String(i));
    expect(overflows()).toBe(1); // 1 delivered, 3 waiting, the fifth is one too many; the rest are dropped
  });

  it('drops what waits and its timer on close', () => {
    const { g, timers, delivered } = gate(1);
    g.push('a');
    g.push('b');
    g.close();
    timers.advance(5000);
    expect(delivered).toEqual(['a']);
    expect(timers.size).toBe(0);
  });
});
