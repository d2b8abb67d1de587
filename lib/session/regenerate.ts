import type { IncomingMessage, ServerResponse } from 'node:http';
import { putSetCookie } from './cookie-header.js';
import { runtimeOf, secureFor } from './request-state.js';

/** Any Express 4 or 5 request (typed on node's types so both versions fit). */
type SessionRequest = IncomingMessage & { session_id?: string | null; secure?: boolean };

/**
 * Gives this visitor a new session id and cookie, and moves the session's data to it atomically
 * (call it at login: session fixation defence). The old id reads empty afterwards and refuses
 * writes, so a cookie captured before login is worth nothing. Rejects (and leaves the cookie and
 * the data as they were) when the store fails; throws if jpSession() has not run or SESSIONS is off.
 * @example const { new_id } = await regenerateSession(req, res); await req.session_data.set('logged_in', true);
 */
export async function regenerateSession(req: SessionRequest, res: ServerResponse): Promise<{ old_id: string | null; new_id: string }> {
  const { options, codec, writer, store } = runtimeOf(req, 'regenerateSession');
  if (!options.sessions || store === null) throw new Error('regenerateSession: SESSIONS is off, there is no session to regenerate');
  const old_id = typeof req.session_id === 'string' ? req.session_id : null;
  const new_id = options.generateId();
  if (old_id !== null) await store.rename(old_id, new_id);
  req.session_id = new_id;
  putSetCookie(res, writer.name, writer.issue(codec.sign(new_id), secureFor(req, options)));
  return { old_id, new_id };
}

/**
 * Logout: clears the session cookie (the next request starts a fresh session) and deletes the
 * session's data; writes still in flight for it are refused rather than re-creating it.
 * `req.session_id` keeps its value for the rest of this request. No-op when SESSIONS is off.
 */
export async function destroySession(req: SessionRequest, res: ServerResponse): Promise<void> {
  const { options, writer, store } = runtimeOf(req, 'destroySession');
  if (!options.sessions || store === null) return;
  // Data first: when the store fails, the cookie stays too, so the visitor is not told "logged out"
  // while the data (a login) lives on for any copy of the cookie.
  if (typeof req.session_id === 'string') await store.destroy(req.session_id);
  putSetCookie(res, writer.name, writer.clear(secureFor(req, options)));
}

/**
 * Gives this visitor a fresh, empty session: a new id and cookie, no data moved. For a request whose
 * session has ended (destroyed, or renamed by a sign-in in another tab or on another instance): its
 * writes reject with StoreError `session-ended`, and the visitor starts over as a new one. The page
 * route does this by itself. Throws if jpSession() has not run or SESSIONS is off.
 * @example if (isStoreError(err, 'session-ended')) { newSession(req, res); return res.redirect(303, req.originalUrl); }
 */
export function newSession(req: SessionRequest, res: ServerResponse): { new_id: string } {
  const { options, codec, writer } = runtimeOf(req, 'newSession');
  if (!options.sessions) throw new Error('newSession: SESSIONS is off, there is no session to start');
  const new_id = options.generateId();
  req.session_id = new_id;
  putSetCookie(res, writer.name, writer.issue(codec.sign(new_id), secureFor(req, options)));
  return { new_id };
}
