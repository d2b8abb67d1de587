import { describe, expect, it } from 'vitest';
import { LogLimiter } from '../../lib/render/log-limiter.js';
import { captureLog } from '../support/live-server.js';
import { ManualTimers } from '../support/manual-timers.js';

function limiter(lines = 3, windowMs = 1000): { log: ReturnType<typeof captureLog>; limit: LogLimiter; timers: ManualTimers } {
  const log = captureLog();
  const timers = new ManualTimers();
  return { log, limit: new LogLimiter(log.logger, lines, windowMs, timers), timers };
}

describe('LogLimiter', () => {
  it('lets linesPerCode lines of a code through per window, then reports how many it dropped, in one line', () => {
    const { log, limit, timers } = limiter();
    for (let i = 0; i < 10; i++) limit.warn('[justpy-ts] bad-cookie', { i });
    expect(log.warn).toHaveLength(3);
    timers.advance(1000);
    expect(log.warn).toHaveLength(4);
    expect(log.warn[3]).toEqual(['[justpy-ts] bad-cookie', { suppressed: 7, windowMs: 1000 }]);
  });

  it('counts each code on its own and keeps the level of the suppressed lines', () => {
    const { log, limit, timers } = limiter(1);
    limit.warn('[justpy-ts] bad-cookie');
    limit.error('[justpy-ts] handler-error', {}, new Error('x'));
    limit.error('[justpy-ts] handler-error', {}, new Error('y'));
    expect(log.codes()).toEqual(['bad-cookie', 'handler-error']);
    timers.advance(1000);
    expect(log.error.at(-1)).toEqual(['[justpy-ts] handler-error', { suppressed: 1, windowMs: 1000 }]);
    expect(log.warn).toHaveLength(1);
  });

  it('lets lines through again in the next window, and runs no timer while nothing is logged', () => {
    const { log, limit, timers } = limiter(2);
    for (let i = 0; i < 5; i++) limit.warn('[justpy-ts] too-slow');
    timers.advance(1000);
    expect(timers.size).toBe(0);
    limit.warn('[justpy-ts] too-slow');
    limit.warn('[justpy-ts] too-slow');
    expect(log.warn.filter((l) => l.length === 1)).toHaveLength(4);
  });

  it('reports what it suppressed when closed, and leaves no timer', () => {
    const { log, limit, timers } = limiter(1);
    limit.warn('[justpy-ts] bad-message');
    limit.warn('[justpy-ts] bad-message');
    limit.close();
    expect(log.warn.at(-1)).toEqual(['[justpy-ts] bad-message', { suppressed: 1, windowMs: 1000 }]);
    expect(timers.size).toBe(0);
  });
});
