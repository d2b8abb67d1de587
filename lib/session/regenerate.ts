import type { IncomingMessage, ServerResponse } from 'node:http';
import { putSetCookie } from './cookie-header.js';
import { runtimeOf, secureFor } from './request-state.js';

/** Any Express 4 or 5 request (typed on node's types so both versions fit). */
type SessionRequest = IncomingMessage & { session_id?: string; secure?: boolean };

/**
 * Gives this visitor a new session id and cookie (call it at login: session fixation defence).
 * Returns both ids so the app can move its data. Throws if jpSession() has not run or SESSIONS is off.
 * @example const { old_id, new_id } = regenerateSession(req, res); users[new_id] = users[old_id];
 */
export function regenerateSession(req: SessionRequest, res: ServerResponse): { old_id: string | null; new_id: string } {
  const { options, codec, writer } = runtimeOf(req, 'regenerateSession');
  if (!options.sessions) throw new Error('regenerateSession: SESSIONS is off, there is no session to regenerate');
  const old_id = typeof req.session_id === 'string' ? req.session_id : null;
  const new_id = options.generateId();
  req.session_id = new_id;
  putSetCookie(res, writer.name, writer.issue(codec.sign(new_id), secureFor(req, options)));
  return { old_id, new_id };
}

/**
 * Clears the session cookie (logout); the next request starts a fresh session.
 * `req.session_id` keeps its value for the rest of this request. No-op when SESSIONS is off.
 */
export function destroySession(req: SessionRequest, res: ServerResponse): void {
  const { options, writer } = runtimeOf(req, 'destroySession');
  if (!options.sessions) return;
  putSetCookie(res, writer.name, writer.clear(secureFor(req, options)));
}
