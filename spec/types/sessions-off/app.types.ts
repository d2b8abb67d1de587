// Type tests for an app declared without sessions (its own program: spec/types/sessions-off/tsconfig.json,
// because the declaration below applies to every file it compiles).
import type { Request } from 'express';
import type { EventMsg } from '../../../lib/index.js';
import { expectType, type Equal } from '../assert-type.js';

declare module '../../../lib/index.js' {
  interface JpConfig {
    sessions: false;
  }
}

export function sessionsOff(req: Request, msg: EventMsg): void {
  expectType<Equal<typeof req.session_id, null>>(true);
  expectType<Equal<typeof msg.session_id, null>>(true);
  // @ts-expect-error there is no session id to read from
  void req.session_id.length;
  // @ts-expect-error nor session data
  void msg.session_data.get('visits');
}
