// The session side of one event: `msg.session_data` handles bound to the socket's session and
// `msg.regenerateSession()`. The dispatcher waits for every store operation the handler started
// before it acknowledges the event, so an acknowledged event is a stored event.
import { settleSessionData } from '../session/session-data.js';
import type { JpSessionMiddleware, SessionData } from '../session/index.js';
import type { PageConnection } from './page-registry.js';
import type { RenewedSession } from './session-renewal.js';

/** What the dispatcher needs from sessions: data handles and renewals. */
export interface SessionBridge {
  session: JpSessionMiddleware;
  renew(conn: PageConnection): Promise<RenewedSession>;
}

/** Per event: the handles it opened (one per session id it had), made on first use. */
export class EventSession {
  private handles: SessionData[] | null = null;

  constructor(
    private readonly bridge: SessionBridge | null,
    private readonly conn: PageConnection,
  ) {}

  /** The handle for the event's current session id. */
  dataFor(session_id: string | null): SessionData {
    if (this.bridge === null || session_id === null) throw new Error('msg.session_data: these pages have no sessions');
    const handles = (this.handles ??= []);
    const last = handles[handles.length - 1];
    if (last !== undefined && last.session_id === session_id) return last;
    const handle = this.bridge.session.data(session_id);
    handles.push(handle);
    return handle;
  }

  renew(): Promise<RenewedSession> {
    if (this.bridge === null) return Promise.reject(new Error('regenerateSession: these pages have no sessions'));
    return this.bridge.renew(this.conn);
  }

  /** False when the handler never touched the store (the common, free case). */
  get touchedStore(): boolean {
    return this.handles !== null;
  }

  /** Resolves when every store operation of the event has finished; rejects with the first failure. */
  settle(): Promise<void> {
    return this.handles === null ? Promise.resolve() : settleSessionData(this.handles);
  }
}
