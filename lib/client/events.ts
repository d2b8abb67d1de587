import { DOM, EVENT_NAMES, type EventName } from '../render/wire.js';
import { buildEventMessage, type OutgoingEvent } from './event-message.js';

/** Where delegated events go. */
export interface EventSink {
  /** Any event but `input`: pending input is flushed first. */
  send(event: OutgoingEvent): void;
  /** `input`: debounced per element; `build` runs when it is sent, so it carries the latest value. */
  input(el: HTMLElement, build: () => OutgoingEvent): void;
}

const BUBBLING: ReadonlySet<EventName> = new Set(['click', 'input', 'change', 'submit', 'keydown', 'keyup']);

/**
 * One listener on `document` per event name. Bubbling events go to the nearest element whose
 * DOM.eventsAttr lists them; focus/blur/mouseenter/mouseleave (which do not bubble) are caught in
 * the capture phase and go only to their exact target.
 */
export function installEvents(doc: Document, sink: EventSink): void {
  for (const type of EVENT_NAMES) {
    const bubbles = BUBBLING.has(type);
    doc.addEventListener(type, (ev) => onEvent(type, bubbles, ev, sink), { capture: !bubbles });
  }
}

function onEvent(type: EventName, bubbles: boolean, ev: Event, sink: EventSink): void {
  const target = ev.target instanceof Element ? ev.target : null;
  if (!target) return;
  const el = bubbles ? nearestListener(target, type) : listens(target, type) ? target : null;
  if (type === 'submit' && target instanceof HTMLFormElement && (el !== null || !target.hasAttribute('action'))) {
    // A form without an action would reload the page with a query string, losing it.
    ev.preventDefault();
  }
  if (!(el instanceof HTMLElement) || !el.id) return;
  if (type === 'input') sink.input(el, () => buildEventMessage(type, el, ev));
  else sink.send(buildEventMessage(type, el, ev));
}

function nearestListener(from: Element, type: EventName): Element | null {
  for (let el = from.closest(`[${DOM.eventsAttr}]`); el; el = el.parentElement?.closest(`[${DOM.eventsAttr}]`) ?? null) {
    if (listens(el, type)) return el;
  }
  return null;
}

function listens(el: Element, type: EventName): boolean {
  const names = el.getAttribute(DOM.eventsAttr);
  return names !== null && names.split(' ').includes(type);
}
