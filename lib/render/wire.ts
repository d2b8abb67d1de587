/**
 * The wire between the renderer (Node) and the browser runtime (lib/client).
 * Both sides import this file, so it must stay free of Node and DOM imports:
 * constants, types and pure validation only.
 */
import { deepFreeze } from './freeze.js';

/** Bumped whenever a message shape changes; the client refuses a server of another version. */
export const WIRE_VERSION = 4;

/** DOM names the server renders and the client reads. */
export const DOM = deepFreeze({
  /** id of the element that holds the page's components (a <div>). */
  rootId: 'jp-root',
  /** id of the <script type="application/json"> that carries {@link BootData}. */
  bootScriptId: 'jp-boot',
  /** Attribute listing, space-separated, the events the server listens to on an element. */
  eventsAttr: 'data-jp-on',
  /** Attribute with an Input's debounce in ms for `input` events (default {@link DEFAULT_INPUT_DEBOUNCE_MS}). */
  debounceAttr: 'data-jp-debounce',
} as const);

/** Events a component may listen to. Registration of any other name is an error. */
export const EVENT_NAMES = deepFreeze([
  'click',
  'input',
  'change',
  'submit',
  'keydown',
  'keyup',
  'focus',
  'blur',
  'mouseenter',
  'mouseleave',
] as const);
export type EventName = (typeof EVENT_NAMES)[number];

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && (EVENT_NAMES as readonly string[]).includes(name);
}

/** JustPy debounces `input` events by 200 ms. */
export const DEFAULT_INPUT_DEBOUNCE_MS = 200;

/** Query parameters of the WebSocket URL: `${ws_path}?page=..&client=..&v=..&instance=..&run=..`. */
export const WS_QUERY = deepFreeze({
  /** The page token from {@link BootData.page}. */
  page: 'page',
  /** Random id the client draws once per page load; with `seq` it makes events idempotent across reconnects. */
  client: 'client',
  /** The page version the client's DOM shows; if the server's differs it sends the whole root. */
  version: 'v',
  /**
   * The instance that served the page ({@link BootData.instance}). Another instance refuses the
   * socket with {@link CLOSE.wrongInstance} (the load balancer sent it to the wrong place).
   */
  instance: 'instance',
  /**
   * The start of that instance that served the page ({@link BootData.run}). The same instance id
   * with another run (a restart under a stable INSTANCE_ID) is refused like another instance.
   */
  run: 'run',
} as const);

/** JSON embedded in the first response, read by the client at boot. */
export interface BootData {
  wire: number;
  /** Unguessable page token. */
  page: string;
  /** Id of the instance (process) that holds the page; the socket URL carries it back. */
  instance: string;
  /** Which start of that instance served the page (random per start); the socket URL carries it back. */
  run: string;
  /** Absolute path of the WebSocket endpoint, e.g. `/_jp/ws`. */
  ws_path: string;
  /** Page version rendered into the HTML. */
  version: number;
  /** How long the server keeps a page after its last socket drops; the client reconnects within it. */
  grace_ms: number;
  title: string | null;
  redirect: string | null;
  display_url: string | null;
}

export interface KeyData {
  key: string;
  code: string;
  altKey: boolean;
  ctrlKey: boolean;
  shiftKey: boolean;
  metaKey: boolean;
}

export interface FormField {
  /** Component id of the field, '' if the element is not a component. */
  id: string;
  name: string;
  type: string;
  value: string;
  checked?: boolean;
  /** A `multiple` select: every selected value (`value` is the first, as the DOM reports it). */
  values?: string[];
}

/** Client to server: an event on a component. */
export interface EventMessage {
  type: 'event';
  /** Per-client sequence number, starting at 1, strictly increasing. */
  seq: number;
  /** Component id (the element's DOM id). */
  component: string;
  event_type: EventName;
  value?: string;
  checked?: boolean;
  /** A `multiple` select: every selected value. */
  values?: string[];
  key_data?: KeyData;
  form_data?: FormField[];
}

export type ClientMessage = EventMessage;

/** One component to morph: `html` is its complete outer HTML, `id` its DOM id (or {@link DOM.rootId}). */
export interface Change {
  id: string;
  html: string;
}

/**
 * A value the server set on a field, for the runtime to apply after the morph: a password's value
 * is never in the HTML, and a field with focus keeps the user's value through a morph. `value` is
 * every value to select for a `multiple` select.
 */
export interface FieldValue {
  id: string;
  value: string | string[];
}

export interface PageOptions {
  title?: string | null;
  redirect?: string | null;
  display_url?: string | null;
}

/** Server to client, right after the socket is accepted. */
export interface HelloMessage {
  type: 'hello';
  wire: number;
  /** Highest seq of this client the page has applied; the client drops queued events up to it and resends the rest. */
  last_seq: number;
  version: number;
  /** Present when the client's version is stale (a reconnect that missed updates): the whole root. */
  changes?: Change[];
  page_options?: PageOptions;
}

/** Server to client: what changed. Sent to every socket of the page; `ack` only to the socket whose event it ends. */
export interface UpdateMessage {
  type: 'update';
  version: number;
  changes: Change[];
  page_options?: PageOptions;
  /** Values the server set on fields since the last update, applied after `changes`. */
  fields?: FieldValue[];
  /** seq of the event of this socket's client that this update completes. */
  ack?: number;
}

/** Server to client: something went wrong that the page should know about. The socket stays open. */
export interface ErrorMessage {
  type: 'error';
  code: SoftErrorCode;
  message: string;
  /** seq of the event that failed (it is complete: it will not be retried). */
  ack?: number;
}

/**
 * Server to client: a handler called `msg.regenerateSession()`. A cookie cannot be set over a
 * WebSocket, so the client POSTs to `url` (same origin, one-time token inside); that response sets
 * the new session cookie, the server moves the session's data and pages to the new id, and the
 * handler continues.
 */
export interface RenewMessage {
  type: 'renew';
  url: string;
}

export type ServerMessage = HelloMessage | UpdateMessage | ErrorMessage | RenewMessage;

/** Errors reported on an open socket; the socket stays usable. */
export type SoftErrorCode = 'unknown-component' | 'no-handler' | 'handler-error' | 'store-unavailable';

/**
 * Close codes and reasons. 1007/1008/1009 are RFC 6455's; 4404 tells the client its page is gone
 * (server restart or expiry) and a reload is needed; 4421 that it reached the wrong instance.
 */
export const CLOSE = deepFreeze({
  badCookie: { code: 1008, reason: 'bad-cookie' },
  badOrigin: { code: 1008, reason: 'bad-origin' },
  /** Unknown page, or a page of another session: indistinguishable on purpose. */
  pageGone: { code: 4404, reason: 'page-gone' },
  badMessage: { code: 1007, reason: 'bad-message' },
  tooBig: { code: 1009, reason: 'too-big' },
  /** The page's event queue overflowed: the client is flooding it. */
  tooManyEvents: { code: 1008, reason: 'too-many-events' },
  /** 1013 Try Again Later: the page (or the whole server) has its maximum of sockets; one may free up. */
  tooManySockets: { code: 1013, reason: 'too-many-sockets' },
  /** The socket did not read what it was sent (its unsent backlog passed the bound): reconnect for a fresh copy. */
  tooSlow: { code: 1008, reason: 'too-slow' },
  serverClosing: { code: 1001, reason: 'server-closing' },
  /**
   * The socket reached another instance than the one holding its page (like HTTP 421 Misdirected
   * Request): the client reloads through the load balancer, and the factory runs again there.
   */
  wrongInstance: { code: 4421, reason: 'wrong-instance' },
  /** 1011 Internal Error: a check during the handshake threw; the server log has it. */
  handshakeError: { code: 1011, reason: 'handshake-error' },
} as const);

/** A server frame as the client reads it: one of the ServerMessage types, or null. Pure and total. */
export function parseServerMessage(text: unknown): ServerMessage | null {
  if (typeof text !== 'string') return null;
  try {
    const msg: unknown = JSON.parse(text);
    if (typeof msg !== 'object' || msg === null) return null;
    const type = (msg as { type?: unknown }).type;
    return type === 'hello' || type === 'update' || type === 'error' || type === 'renew' ? (msg as ServerMessage) : null;
  } catch {
    return null;
  }
}

/** Schemes that can neither run script nor load a document of their own (javascript:, data:, blob: can). */
const SAFE_SCHEMES: ReadonlySet<string> = new Set(['http', 'https', 'mailto', 'tel']);
// WHATWG URL parsing drops leading C0 controls and spaces and every tab and newline before it reads a scheme.
const LEADING_IGNORED = /^[\u0000-\u0020]+/;
const TAB_OR_NEWLINE = /[\t\n\r]/g;
const SCHEME = /^([A-Za-z][A-Za-z0-9+.-]*):/;

/** The URL's scheme, lowercase, as a browser reads it; undefined for a relative URL. */
function schemeOf(url: string): string | undefined {
  return SCHEME.exec(url.replace(LEADING_IGNORED, '').replace(TAB_OR_NEWLINE, ''))?.[1]?.toLowerCase();
}

/**
 * The one URL rule, for URL attributes, `redirect` and `display_url` on the server and again in the
 * browser before it navigates: relative, or http:, https:, mailto:, tel:.
 */
export function isSafeUrl(url: string): boolean {
  const scheme = schemeOf(url);
  return scheme === undefined || SAFE_SCHEMES.has(scheme);
}

/**
 * `display_url` also becomes the page's address (history.pushState), which mailto: and tel: can never
 * be: relative, http: or https:. Whether an absolute URL is of the page's origin only the browser knows.
 */
export function isPageAddress(url: string): boolean {
  const scheme = schemeOf(url);
  return scheme === undefined || scheme === 'http' || scheme === 'https';
}
