// One event's `msg`: JustPy's fields plus the session side, `msg.session_data` handles bound to the
// socket's session and `msg.regenerateSession()`. A class, so the accessors live once on the
// prototype rather than as closures made for every event. The dispatcher waits for every store
// operation the handler started before it acknowledges the event: an acknowledged event is a stored event.
import { settleSessionData } from '../session/session-data.js';
import type { JpSessionMiddleware, SessionData, SessionDataOf, SessionId } from '../session/index.js';
import { asSessionId } from '../session/session-mode.js';
import type { Component } from './component.js';
import type { EventMsg } from './event-msg.js';
import type { PageConnection, PageEntry } from './page-registry.js';
import type { RenewedSession } from './session-renewal.js';
import type { WebPage } from './webpage.js';
import type { EventName, FormField, KeyData } from './wire.js';

/** What the dispatcher needs from sessions: data handles, renewals, and what to do with a page whose session ended. */
export interface SessionBridge {
  session: JpSessionMiddleware;
  renew(conn: PageConnection): Promise<RenewedSession>;
  /** Drops the page and closes its sockets as page-gone: their tabs reload with the browser's current cookie. */
  ended(entry: PageEntry): void;
}

export class HandlerMsg implements EventMsg {
  readonly msg_type = 'event' as const;
  session_id: SessionId;
  declare checked?: boolean;
  declare values?: string[];
  declare key_data?: KeyData;
  declare form_data?: FormField[];
  /** The handles this event opened (one per session id it had), made on first use. */
  private handles: SessionData[] | null = null;

  constructor(
    readonly event_type: EventName,
    readonly id: string,
    readonly page: WebPage,
    readonly target: Component,
    public value: string | number,
    private readonly bridge: SessionBridge | null,
    private readonly conn: PageConnection,
  ) {
    this.session_id = asSessionId(conn.session_id);
  }

  /** The handle for the event's current session id. */
  get session_data(): SessionDataOf {
    const session_id = this.session_id as string | null;
    if (this.bridge === null || session_id === null) throw new Error('msg.session_data: these pages have no sessions');
    const handles = (this.handles ??= []);
    const last = handles[handles.length - 1];
    if (last !== undefined && last.session_id === session_id) return last as SessionDataOf;
    const handle = this.bridge.session.data(session_id);
    handles.push(handle);
    return handle as SessionDataOf;
  }

  async regenerateSession(): Promise<RenewedSession> {
    if (this.bridge === null) throw new Error('regenerateSession: these pages have no sessions');
    const ids = await this.bridge.renew(this.conn);
    this.session_id = asSessionId(ids.new_id);
    return ids;
  }

  /** @internal False when the handler never touched the store (the common, free case). */
  get touchedStore(): boolean {
    return this.handles !== null;
  }

  /** @internal Resolves when every store operation of the event has finished; rejects with the first failure. */
  settle(): Promise<void> {
    return this.handles === null ? Promise.resolve() : settleSessionData(this.handles);
  }
}
