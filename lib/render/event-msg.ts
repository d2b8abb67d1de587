import type { EventName, FormField, KeyData } from './wire.js';
import type { Component } from './component.js';
import type { WebPage } from './webpage.js';
import type { SessionDataOf, SessionId } from '../session/index.js';

/**
 * What an event handler receives as `msg` (JustPy's names). Built by the renderer from a checked
 * client message; `session_id` comes from the socket's handshake cookie, never from the payload.
 */
export interface EventMsg {
  msg_type: 'event';
  event_type: EventName;
  /** DOM id of the component the event is for. */
  id: string;
  page: WebPage;
  target: Component;
  /** The socket's session: a `string` with sessions on, `null` without (see JpConfig). */
  session_id: SessionId;
  /**
   * This session's data in the store (the seed's `session_data`). Every operation a handler starts
   * is finished before its event is acknowledged. Throws when the pages have no sessions.
   */
  readonly session_data: SessionDataOf;
  /**
   * Gives the visitor a new session id (login: session fixation defence). A cookie cannot be set over
   * the socket, so the browser fetches it; resolves once it has the new cookie, the data has moved and
   * this page (and the session's other pages here) follow the new id: `msg.session_id` and
   * `msg.session_data` then belong to it. Rejects if the browser does not fetch it within 10 s.
   */
  regenerateSession(): Promise<{ old_id: string; new_id: string }>;
  /** `''` for a plain button. An `Input` of type number turns it into a number in `beforeEvent`. */
  value: string | number;
  checked?: boolean;
  /** A `multiple` select's event: every selected value (`value` is the first). */
  values?: string[];
  key_data?: KeyData;
  form_data?: FormField[];
}

/**
 * An event handler, called as `handler(component, msg)`, sync or async.
 * Returning `true` (or a Promise of `true`) skips the automatic update after the handler, as in JustPy.
 */
export type Handler<C = Component> = (self: C, msg: EventMsg) => unknown;
