// Declaration merging: `req.session_id` is typed for every Express app that imports justpy-ts.
export {};

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** The visitor's session id, set by jpSession() (absent when SESSIONS is off). */
      session_id: string;
    }
  }
}
