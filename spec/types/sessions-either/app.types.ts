// Type tests for an app that decides at start-up (SESSIONS from the environment): both are possible.
import type { Request } from 'express';
import type { EventMsg } from '../../../lib/index.js';
import { expectType, type Equal } from '../assert-type.js';

declare module '../../../lib/index.js' {
  interface JpConfig {
    sessions: boolean;
  }
}

export function sessionsEither(req: Request, msg: EventMsg): void {
  expectType<Equal<typeof req.session_id, string | null>>(true);
  expectType<Equal<typeof msg.session_id, string | null>>(true);
  // @ts-expect-error it may be null
  void req.session_id.length;
  if (req.session_id !== null) void req.session_id.length;
}
