// The browser runtime: reads the boot data, opens the page's socket, sends delegated events and
// applies the server's changes. Loaded as a module, so the DOM is parsed when this runs.
import { DOM, WIRE_VERSION, isSafeUrl, type BootData, type ServerMessage } from '../render/wire.js';
import { Connection } from './connection.js';
import { reportError } from './errors.js';
import { installEvents } from './events.js';
import { applyFieldValues } from './field-values.js';
import { InputDebouncer } from './input-debounce.js';
import { clearNotice, showNotice } from './notice.js';
import { applyPageOptions } from './page-options.js';
import { applyChanges } from './patch.js';
import { renewSession } from './session-renewal.js';

/** Read-only view of the runtime for tests and curious developers: `window.__jp`. */
export interface ClientState {
  connected: boolean;
  /** Page version the DOM shows. */
  version: number;
}

interface RuntimeState extends ClientState {
  /** Path and query the page shows (display_url included), to tell back/forward from #fragment moves. */
  path: string;
}

declare global {
  interface Window {
    __jp?: Readonly<ClientState>;
  }
}

function start(): void {
  const boot = readBoot();
  if (!boot) return reportError('no-boot', `no valid #${DOM.bootScriptId} data on this page`);
  if (boot.wire !== WIRE_VERSION) return reportError('wire-version', `page has wire ${boot.wire}, runtime ${WIRE_VERSION}`);
  if (applyPageOptions(boot, 'boot')) return;

  const state: RuntimeState = { connected: false, version: boot.version, path: currentPath() };
  window.__jp = {
    get connected() {
      return state.connected;
    },
    get version() {
      return state.version;
    },
  };
  const debouncer = new InputDebouncer((event) => connection.send(event));
  const connection = new Connection(boot, randomId(), {
    onMessage: (msg) => onServerMessage(msg, state, connection, debouncer),
    onConnectedChange: (connected) => {
      state.connected = connected;
    },
    version: () => state.version,
  });
  installEvents(document, {
    send(event) {
      debouncer.flush();
      connection.send(event);
    },
    input: (el, build) => debouncer.schedule(el, build),
  });
  window.addEventListener('pagehide', () => connection.stop());
  // Back/forward over display_url entries: the DOM shows another page's state, so load it (JustPy
  // does too). A change of the #fragment alone is in-page navigation and stays.
  window.addEventListener('popstate', () => {
    if (location.pathname + location.search !== state.path) location.reload();
  });
  window.addEventListener('pageshow', (ev) => {
    if (ev.persisted) location.reload();
  });
  connection.open();
}

function onServerMessage(msg: ServerMessage, state: RuntimeState, connection: Connection, debouncer: InputDebouncer): void {
  if (msg.type === 'error') {
    if (msg.code === 'store-unavailable') showNotice(msg.message);
    return reportError(msg.code, msg.message);
  }
  if (msg.type === 'update' && msg.ack !== undefined) clearNotice();
  if (msg.type === 'renew') return renewSession(msg.url);
  const redirect = msg.page_options?.redirect;
  if (redirect && isSafeUrl(redirect)) {
    connection.stop();
    applyPageOptions(msg.page_options, 'update');
    return;
  }
  const missing = applyChanges(msg.changes ?? []);
  if (msg.type === 'update' && msg.fields) missing.push(...applyFieldValues(msg.fields, (el) => debouncer.isPending(el)));
  if (missing.length > 0) reportError('missing-element', `no element for change ${missing.join(', ')}`);
  state.version = msg.version;
  applyPageOptions(msg.page_options, 'update');
  state.path = currentPath();
}

function currentPath(): string {
  return location.pathname + location.search;
}

function readBoot(): BootData | null {
  const text = document.getElementById(DOM.bootScriptId)?.textContent;
  if (!text) return null;
  try {
    const data: unknown = JSON.parse(text);
    return typeof data === 'object' && data !== null && typeof (data as BootData).page === 'string' ? (data as BootData) : null;
  } catch {
    return null;
  }
}

// crypto.randomUUID needs a secure context; getRandomValues works on plain http too.
function randomId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

start();
