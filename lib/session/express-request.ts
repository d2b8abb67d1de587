// Declaration merging: `req.session_id` and `req.session_data` are typed for every Express app that imports justpy-ts.
import type { SessionData } from './session-data.js';

export {};

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** The visitor's session id, set by jpSession() (absent when SESSIONS is off). */
      session_id: string;
      /** This session's data in jpSession()'s store (throws when read with SESSIONS off). */
      readonly session_data: SessionData;
    }
  }
}
