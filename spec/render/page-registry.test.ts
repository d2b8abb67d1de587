import { describe, expect, it } from 'vitest';
import { PageRegistry } from '../../lib/render/page-registry.js';
import type { PageConnection, PageEntry, PageRefusal } from '../../lib/render/page-registry.js';
import { DEFAULT_LIMITS } from '../../lib/render/render-limits.js';
import type { RenderLimits } from '../../lib/render/render-limits.js';
import { WebPage } from '../../lib/render/webpage.js';
import { ManualTimers } from '../support/manual-timers.js';

function registry(limits: Partial<RenderLimits> = {}): { reg: PageRegistry; timers: ManualTimers } {
  const timers = new ManualTimers();
  const reg = new PageRegistry({ ...DEFAULT_LIMITS, ...limits }, timers, () => Promise.resolve());
  return { reg, timers };
}

const conn = (client = 'c'): PageConnection => ({ client, session_id: 's1', send: () => {}, close: () => {} });

/** Registers a page that must fit. */
function add(reg: PageRegistry, session_id: string | null, page = new WebPage()): PageEntry {
  const entry = reg.register(page, session_id);
  if (typeof entry === 'string') throw new Error(`refused: ${entry}`);
  return entry;
}

const live = (reg: PageRegistry, entry: PageEntry): boolean => reg.find(entry.token, entry.session_id) === entry;

describe('PageRegistry', () => {
  it('registers a page under an unguessable 128-bit token bound to its session', () => {
    const { reg } = registry();
    const page = new WebPage();
    const a = add(reg, 's1', page);
    const b = add(reg, 's1');
    expect(a.token).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(a.token).not.toBe(b.token);
    expect(page.session_id).toBe('s1');
    expect(reg.find(a.token, 's1')?.page).toBe(page);
  });

  it('does not find a page for another session, just as for an unknown token', () => {
    const { reg } = registry();
    const a = add(reg, 's1');
    expect(reg.find(a.token, 's2')).toBeUndefined();
    expect(reg.find(a.token, null)).toBeUndefined();
    expect(reg.find('nope', 's1')).toBeUndefined();
  });

  it('gives the same entry when a live page is registered again by its session, and throws for another', () => {
    const { reg } = registry();
    const page = new WebPage();
    const a = add(reg, 's1', page);
    expect(reg.register(page, 's1')).toBe(a);
    expect(() => reg.register(page, 's2')).toThrow(/another session/);
  });

  describe('bounds', () => {
    describe('when a session reaches maxPagesPerSession', () => {
      it('makes its oldest never-claimed page give way, and no page of another session', () => {
        const { reg } = registry({ maxPagesPerSession: 2 });
        const other = add(reg, 's2');
        const first = add(reg, 's1');
        const second = add(reg, 's1');
        const third = add(reg, 's1');
        expect([live(reg, first), live(reg, second), live(reg, third), live(reg, other)]).toEqual([false, true, true, true]);
        expect(reg.stats()).toEqual({ pages: 3, sockets: 0, sessions: 2 });
      });

      it('evicts a page in its grace period only when no page of the session is unclaimed', () => {
        const { reg } = registry({ maxPagesPerSession: 3 });
        const orphan = add(reg, 's1');
        const c = conn();
        reg.attach(orphan, c);
        reg.detach(orphan, c);
        const held = add(reg, 's1');
        reg.attach(held, conn());
        const unclaimed = add(reg, 's1');
        add(reg, 's1');
        expect([live(reg, orphan), live(reg, held), live(reg, unclaimed)]).toEqual([true, true, false]);
        const newest = add(reg, 's1'); // the only unclaimed one again: it goes before the orphan
        expect([live(reg, orphan), live(reg, newest)]).toEqual([true, true]);
        reg.attach(newest, conn());
        add(reg, 's1');
        expect([live(reg, orphan), live(reg, held), live(reg, newest)]).toEqual([false, true, true]);
      });

      it('refuses with too-many-pages only when every page of the session is held by a socket', () => {
        const { reg } = registry({ maxPagesPerSession: 2 });
        reg.attach(add(reg, 's1'), conn());
        reg.attach(add(reg, 's1'), conn());
        expect(reg.refusalFor('s1')).toBe<PageRefusal>('too-many-pages');
        expect(reg.register(new WebPage(), 's1')).toBe('too-many-pages');
        expect(reg.refusalFor('s2')).toBeNull();
        add(reg, 's2');
      });
    });

    describe('when the renderer reaches maxPages', () => {
      it('makes the oldest never-claimed page of any session give way', () => {
        const { reg } = registry({ maxPages: 2 });
        const a = add(reg, 'a');
        const b = add(reg, 'b');
        const c = add(reg, 'c');
        expect([live(reg, a), live(reg, b), live(reg, c)]).toEqual([false, true, true]);
        expect(reg.stats()).toEqual({ pages: 2, sockets: 0, sessions: 2 });
      });

      it('then the page that entered its grace period first', () => {
        const { reg } = registry({ maxPages: 3 });
        const [a, b] = [add(reg, 'a'), add(reg, 'b')];
        const [ca, cb] = [conn(), conn()];
        reg.attach(a, ca);
        reg.attach(b, cb);
        reg.detach(b, cb);
        reg.detach(a, ca);
        const held = add(reg, 'c');
        reg.attach(held, conn());
        add(reg, 'd');
        expect([live(reg, a), live(reg, b), live(reg, held)]).toEqual([true, false, true]);
      });

      it('refuses with server-busy only when every page is held by a socket', () => {
        const { reg } = registry({ maxPages: 2 });
        reg.attach(add(reg, 'a'), conn());
        reg.attach(add(reg, null), conn());
        expect(reg.refusalFor('c')).toBe<PageRefusal>('server-busy');
        expect(reg.refusalFor(null)).toBe<PageRefusal>('server-busy');
        expect(reg.register(new WebPage(), 'c')).toBe('server-busy');
      });
    });

    // One rule at both bounds: the page no socket holds that would expire first gives way.
    describe.each([
      ['maxPagesPerSession', { maxPagesPerSession: 3 }, (): string => 's1'],
      ['maxPages', { maxPages: 3 }, (name: string): string => name],
    ])('which page gives way at %s', (_bound, limits, sessionOf) => {
      const page = (reg: PageRegistry, name: string): PageEntry => add(reg, sessionOf(name));
      const orphan = (reg: PageRegistry, entry: PageEntry): void => {
        const c = conn();
        reg.attach(entry, c);
        reg.detach(entry, c);
      };

      it('a never-claimed page, before an older page in its grace period', () => {
        const { reg } = registry(limits);
        const old = page(reg, 'old');
        orphan(reg, old);
        const unclaimed = page(reg, 'unclaimed');
        reg.attach(page(reg, 'held'), conn());
        page(reg, 'new');
        expect([live(reg, old), live(reg, unclaimed)]).toEqual([true, false]);
      });

      it('of never-claimed pages, the one registered first', () => {
        const { reg } = registry(limits);
        const [a, b, c] = [page(reg, 'a'), page(reg, 'b'), page(reg, 'c')];
        page(reg, 'd');
        expect([live(reg, a), live(reg, b), live(reg, c)]).toEqual([false, true, true]);
      });

      it('of pages in their grace period, the one whose socket left first, not the one registered first', () => {
        const { reg } = registry(limits);
        const [first, second] = [page(reg, 'first'), page(reg, 'second')];
        const [c1, c2] = [conn(), conn()];
        reg.attach(first, c1);
        reg.attach(second, c2);
        reg.detach(second, c2);
        reg.detach(first, c1); // the socket that left last is the likeliest to come back
        reg.attach(page(reg, 'held'), conn());
        page(reg, 'new');
        expect([live(reg, first), live(reg, second)]).toEqual([true, false]);
      });
    });

    it('makes room again when a page is dropped', () => {
      const { reg } = registry({ maxPagesPerSession: 1 });
      const a = add(reg, 's1');
      reg.attach(a, conn());
      expect(reg.refusalFor('s1')).toBe('too-many-pages');
      reg.drop(a);
      add(reg, 's1');
    });

    it('refuses a socket past maxSocketsPerPage', () => {
      const { reg } = registry({ maxSocketsPerPage: 2 });
      const a = add(reg, 's1');
      expect([reg.attach(a, conn()), reg.attach(a, conn()), reg.attach(a, conn())]).toEqual([true, true, false]);
    });

    it('does not attach a socket to an evicted page', () => {
      const { reg } = registry({ maxPages: 1 });
      const a = add(reg, 's1');
      add(reg, 's2');
      expect(reg.attach(a, conn())).toBe(false);
    });
  });

  describe('lifetime', () => {
    it('drops a page that no socket claims after unclaimedPageMs', () => {
      const { reg, timers } = registry({ unclaimedPageMs: 1000 });
      const a = add(reg, 's1');
      timers.advance(999);
      expect(reg.find(a.token, 's1')).toBe(a);
      timers.advance(1);
      expect(reg.find(a.token, 's1')).toBeUndefined();
      expect(reg.stats()).toEqual({ pages: 0, sockets: 0, sessions: 0 });
    });

    it('keeps a page while a socket is attached, then for pageGraceMs after the last one leaves', () => {
      const { reg, timers } = registry({ unclaimedPageMs: 1000, pageGraceMs: 500 });
      const a = add(reg, 's1');
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
      const a = add(reg, 's1');
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
      const a = add(reg, 's1');
      timers.advance(400);
      const b = add(reg, 's1');
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
      const a = add(reg, 's1');
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
      const a = add(reg, 's1', page);
      page.pushUpdate = () => Promise.resolve();
      reg.drop(a);
      expect(page.pushUpdate).toBeNull();
      expect(a.dropped).toBe(true);
    });
  });
});
