// Whether the app runs with sessions, as the types see it. The runtime setting can come from the
// environment (SESSIONS), which no type can read, so the app states it once, the way justpy.env
// says `SESSIONS = False`; every `req.session_id` and `msg.session_id` then follows.
import type { SessionData } from './session-data.js';

/**
 * Settings the types follow. Empty by default: sessions on, so `req.session_id` and
 * `msg.session_id` are `string`. Augment it once in an app that runs without sessions
 * (`sessions: false`: both are `null`) or that decides at start-up (`sessions: boolean`:
 * `string | null`).
 * @example
 * declare module 'justpy-ts' {
 *   interface JpConfig { sessions: false }
 * }
 */
// eslint-disable-next-line @typescript-eslint/no-empty-interface
export interface JpConfig {}

type SessionsFlag = JpConfig extends { sessions: infer S } ? S : true;

/** `string` with sessions on (the default), `null` with `JpConfig['sessions']` false, both when it is `boolean`. */
export type SessionId = [SessionsFlag] extends [false] ? null : [SessionsFlag] extends [true] ? string : string | null;

/** `req.session_data` / `msg.session_data`: {@link SessionData}, or `never` in an app declared without sessions. */
export type SessionDataOf = [SessionsFlag] extends [false] ? never : SessionData;

/** An id as the app's declared mode types it (the renderer's boundary: with sessions on it is a string). */
export function asSessionId(session_id: string | null): SessionId {
  return session_id as SessionId;
}
