import type { EventName, FormField, KeyData } from './wire.js';
import type { Component } from './component.js';
import type { WebPage } from './webpage.js';

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
  session_id: string | null;
  /** `''` for a plain button. An `Input` of type number turns it into a number in `beforeEvent`. */
  value: string | number;
  checked?: boolean;
  key_data?: KeyData;
  form_data?: FormField[];
}

/**
 * An event handler, called as `handler(component, msg)`, sync or async.
 * Returning `true` (or a Promise of `true`) skips the automatic update after the handler, as in JustPy.
 */
export type Handler<C = Component> = (self: C, msg: EventMsg) => unknown;
