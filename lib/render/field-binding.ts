// What Input, Textarea and Select share: which events bind their value, and how a value the
// server sets reaches the browser even where the HTML cannot carry it (a password is never
// rendered; a focused field keeps what the user typed over what a morph brings).
import type { Component } from './component.js';
import type { EventMsg } from './event-msg.js';
import type { EventName } from './wire.js';

export const INPUT_EVENTS: readonly EventName[] = Object.freeze(['input']);
export const CHANGE_EVENTS: readonly EventName[] = Object.freeze(['change']);

/** A field whose live value the next update sends, beside its HTML. */
export interface LiveField extends Component {
  /** @internal The value the browser should show: a string, or every chosen value of a multiple select. */
  _liveValue(): string | string[];
}

export function isBindingEvent(msg: EventMsg): boolean {
  return msg.event_type === 'input' || msg.event_type === 'change';
}

/** The server set this field's value: the page's next update carries it (see WebPage takeChanges). */
export function markServerValue(field: LiveField): void {
  field.page?._markField(field);
}
