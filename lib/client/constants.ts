/** Names the browser runtime uses; the wire's own live in lib/render/wire.ts, timings in lib/render/close-policy.ts. */

/** Name of the CustomEvent dispatched on `document` for every error the runtime sees. */
export const ERROR_EVENT = 'jp:error';

/** Id of the runtime's notice (a click the server could not store), kept outside the page root. */
export const NOTICE_ID = 'jp-notice';
