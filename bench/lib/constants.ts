/** Values the orchestrator and the server children must agree on. */

/** Signing key of every bench server (they run with NODE_ENV=production, which refuses the default key). */
export const BENCH_SECRET = 'bench-only-secret-key-not-for-production-0123456789';

/** The route of the session-overhead servers (a short text). */
export const HELLO_PATH = '/hello';
export const HELLO_TEXT = 'Hello from the bench';

/** The demo page every renderer scenario drives. */
export const PAGE_PATH = '/session_test';

/**
 * maxEventsPerSocketPerSecond for scenarios that measure capacity: a socket there clicks as fast as
 * its acks come back (thousands a second), which the default rate limit (100/s) is there to stop.
 */
export const EVENT_RATE_OFF = 1_000_000_000;
