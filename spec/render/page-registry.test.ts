import { describe, expect, it } from 'vitest';
import { PageRegistry } from '../../lib/render/page-registry.js';
import type { PageConnection } from '../../lib/render/page-registry.js';
import { DEFAULT_LIMITS } from '../../lib/render/render-options.js';
import type { RenderLimits } from '../../lib/render/render-options.js';
import { WebPage } from '../../lib/render/webpage.js';
import { ManualTimers } from '../support/manual-timers.js';

function registry(limits: Partial<RenderLimits> = {}): { reg: PageRegistry; timers: ManualTimers } {
  const timers = new ManualTimers();
  const reg = new PageRegistry({ ...DEFAULT_LIMITS, ...limits }, timers, () => Promise.resolve());
  return { reg, timers };
}

const conn = (client = 'c'): PageConnection => ({ client, session_id: 's1', send: () => {}, close: () => {} });

describe('PageRegistry', () => {
  it('registers a page under an unguessable 128-bit token bound to its session', () => {
    const { reg } = registry();
    const page = new WebPage();
    const a = reg.register(page, 's1')!;
    const b = reg.register(new WebPage(), 's1')!;
    expect(a.token).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(a.token).not.toBe(b.token);
    expect(page.session_id).toBe('s1');
    expect(reg.find(a.token, 's1')?.page).toBe(page);
  });

  it('does not find a page for another session, just as for an unknown token', () => {
    const { reg } = registry();
    const a = reg.register(new WebPage(), 's1')!;
    expect(reg.find(a.token, 's2')).toBeUndefined();
    expect(reg.find(a.token, null)).toBeUndefined();
    expect(reg.find('nope', 's1')).toBeUndefined();
  });

  it('gives the same entry when a live page is registered again by its session, and throws for another', () => {
    const { reg } = registry();
    const page = new WebPage();
    const a = reg.register(page, 's1')!;
    expect(reg.register(page, 's1')).toBe(a);
    expect(() => reg.register(page, 's2')).toThrow(/another session/);
  });

  describe('bounds', () => {
    it('refuses the page past maxPagesPerSession, for that session only', () => {
      const { reg } = registry({ maxPagesPerSession: 2 });
      expect(reg.register(new WebPage(), 's1')).not.toBeNull();
      expect(reg.register(new WebPage(), 's1')).not.toBeNull();
      expect(reg.hasRoom('s1')).toBe(false);
      expect(reg.register(new WebPage(), 's1')).toBeNull();
      expect(reg.register(new WebPage(), 's2')).not.toBeNull();
    });

    it('refuses any page past maxPages', () => {
      const { reg } = registry({ maxPages: 2 });
      reg.register(new WebPage(), 'a');
      reg.register(new WebPage(), 'b');
      expect(reg.hasRoom('c')).toBe(false);
      expect(reg.register(new WebPage(), 'c')).toBeNull();
      expect(reg.stats()).toEqual({ pages: 2, sockets: 0, sessions: 2 });
    });

    it('makes room again when a page is dropped', () => {
      const { reg } = registry({ maxPagesPerSession: 1 });
      const a = reg.register(new WebPage(), 's1')!;
      reg.drop(a);
      expect(reg.register(new WebPage(), 's1')).not.toBeNull();
    });

    it('refuses a socket past maxSocketsPerPage', () => {
      const { reg } = registry({ maxSocketsPerPage: 2 });
      const a = reg.register(new WebPage(), 's1')!;
      expect([reg.attach(a, conn()), reg.attach(a, conn()), reg.attach(a, conn())]).toEqual([true, true, false]);
    });
  });

  describe('lifetime', () => {
    it('drops a page that no socket claims after unclaimedPageMs', () => {
      const { reg, timers } = registry({ unclaimedPageMs: 1000 });
      const a = reg.register(new WebPage(), 's1')!;
      timers.advance(999);
      expect(reg.find(a.token, 's1')).toBe(a);
      timers.advance(1);
      expect(reg.find(a.token, 's1')).toBeUndefined();
      expect(reg.stats()).toEqual({ pages: 0, sockets: 0, sessions: 0 });
    });

    it('keeps a page while a socket is attached, then for pageGraceMs after the last one leaves', () => {
      const { reg, timers } = registry({ unclaimedPageMs: 1000, pageGraceMs: 500 });
      const a = reg.register(new WebPage(), 's1')!;
      const c1 = conn();
      const c2 = conn();
      reg.attach(a, c1);
      reg.attach(a, c2);
      timers.advance(5000);
      reg.detach(a, c1);
      timers.advance(5000);
      expect(reg.find(a.token, 's1')).toBe(a);
      reg.detach(a, c2);
      timers.advance(499);
      expect(reg.find(a.token, 's1')).toBe(a);
      timers.advance(1);
      expect(reg.find(a.token, 's1')).toBeUndefined();
    });

    it('keeps the page when a socket comes back within the grace period', () => {
      const { reg, timers } = registry({ pageGraceMs: 500 });
      const a = reg.register(new WebPage(), 's1')!;
      const c1 = conn();
      reg.attach(a, c1);
      reg.detach(a, c1);
      timers.advance(400);
      reg.attach(a, conn());
      timers.advance(DEFAULT_LIMITS.unclaimedPageMs * 2);
      expect(reg.find(a.token, 's1')).toBe(a);
      expect(timers.size).toBe(0);
    });

    it('expires pages registered at different times each at its own deadline', () => {
      const { reg, timers } = registry({ unclaimedPageMs: 1000 });
      const a = reg.register(new WebPage(), 's1')!;
      timers.advance(400);
      const b = reg.register(new WebPage(), 's1')!;
      timers.advance(600);
      expect([reg.find(a.token, 's1'), reg.find(b.token, 's1')]).toEqual([undefined, b]);
      timers.advance(399);
      expect(reg.find(b.token, 's1')).toBe(b);
      timers.advance(1);
      expect(reg.find(b.token, 's1')).toBeUndefined();
      expect(timers.size).toBe(0);
    });

    it('drops every page and leaves no timer on close()', () => {
      const { reg, timers } = registry();
      const a = reg.register(new WebPage(), 's1')!;
      reg.attach(a, conn());
      reg.detach(a, conn());
      reg.register(new WebPage(), 's2');
      reg.close();
      expect(reg.stats().pages).toBe(0);
      expect(timers.size).toBe(0);
    });

    it('unhooks pushUpdate of a dropped page', () => {
      const { reg } = registry();
      const page = new WebPage();
      const a = reg.register(page, 's1')!;
      page.pushUpdate = () => Promise.resolve();
      reg.drop(a);
      expect(page.pushUpdate).toBeNull();
      expect(a.dropped).toBe(true);
    });
  });
});
