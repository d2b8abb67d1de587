// Declaration merging: `req.session_id` and `req.session_data` are typed for every Express app that imports justpy-ts.
import type { SessionDataOf, SessionId } from './session-mode.js';

export {};

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** The visitor's session id, set by jpSession(); null when SESSIONS is off (see JpConfig). */
      session_id: SessionId;
      /** This session's data in jpSession()'s store (throws when read with SESSIONS off). */
      readonly session_data: SessionDataOf;
    }
  }
}
