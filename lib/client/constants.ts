/** Timings and names the browser runtime uses; the wire's own names live in lib/render/wire.ts. */
export const RECONNECT = {
  /** First retry after a dropped socket. */
  initialMs: 250,
  /** Retries double up to this. */
  maxMs: 5000,
} as const;

export const RELOAD_GUARD = {
  /** sessionStorage key holding the time of the last reload the runtime asked for. */
  storageKey: 'jp:reload-at',
  /** A second forced reload within this window shows a message instead (no reload loop). */
  windowMs: 10_000,
} as const;

/** Name of the CustomEvent dispatched on `document` for every error the runtime sees. */
export const ERROR_EVENT = 'jp:error';
