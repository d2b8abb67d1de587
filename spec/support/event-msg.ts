// A `msg` for calling a component's beforeEvent/handlers directly, without a renderer.
import type { Component } from '../../lib/render/component.js';
import type { EventMsg } from '../../lib/render/event-msg.js';
import { WebPage } from '../../lib/render/webpage.js';
import type { EventName } from '../../lib/render/wire.js';

export function fakeEventMsg(target: Component, event_type: EventName, fields: Partial<EventMsg> = {}): EventMsg {
  return {
    msg_type: 'event',
    event_type,
    id: target.id,
    page: target.page ?? new WebPage(),
    target,
    session_id: 'fake-session',
    value: '',
    get session_data(): never {
      throw new Error('fakeEventMsg: no session store here');
    },
    regenerateSession: () => Promise.reject(new Error('fakeEventMsg: no renderer here')),
    ...fields,
  };
}
