// An app for the test kit's own suites: one page with a component for each kind of event, plus
// pages that redirect, share one live page per session, or answer plainly. Express 4 or 5.
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Express } from 'express';
import {
  Button,
  Div,
  Form,
  Input,
  Li,
  Option,
  Select,
  Ul,
  WebPage,
  createRenderer,
  jpSession,
  type JpSessionMiddleware,
  type Renderer,
} from '../../lib/index.js';
import { captureLog, type CapturedLog } from './live-server.js';
import type { ExpressFactory } from './session-app.js';

export const KIT_SECRET = 'kit-spec-secret-0123456789abcdef';

export interface KitApp {
  app: Express;
  renderer: Renderer;
  session: JpSessionMiddleware;
  log: CapturedLog;
  /** Cookie headers of every socket upgrade, in order (what the jar sent). */
  upgradeCookies: string[];
  /** Attaches the renderer and records upgrade cookies; pass as `attach`. */
  attach(server: Server): void;
  /** Lets the pending "Later" click finish. */
  releaseLater(): void;
  /** From now on the answers to session renewal POSTs wait until the returned function is called. */
  holdRenewals(): () => void;
  /** Events the /widgets handlers received, as [event_type, msg fields]. */
  received: Array<Record<string, unknown>>;
  close(): Promise<void>;
}

export function createKitApp(create: ExpressFactory): KitApp {
  const log = captureLog();
  const session = jpSession({ secretKey: KIT_SECRET, loadEnv: false, warn: () => undefined });
  const renderer = createRenderer({ session, logger: log.logger });
  const upgradeCookies: string[] = [];
  const received: Array<Record<string, unknown>> = [];
  const gates: Array<() => void> = [];
  const shared = new Map<string, WebPage>();
  let renewalGate: Promise<void> | null = null;
  const app = create();
  app.use(renderer.assets);
  app.use(session);
  // What a load balancer with cookie affinity does: insert its own cookie when the request has none.
  app.use((req, res, next) => {
    if (!/(^|; )lb=/.test(req.headers.cookie ?? '')) res.append('Set-Cookie', 'lb=node-a; Path=/');
    next();
  });

  app.get('/widgets', renderer.page((req) => widgetsPage(req.session_id, received, gates)));
  app.get('/target', renderer.page(() => textPage('Target page')));
  app.get('/redirect-at-boot', renderer.page(() => Object.assign(textPage('never shown'), { redirect: '/target' })));
  app.get('/moved', (_req, res) => res.redirect(302, '/target'));
  app.get('/plain', (req, res) => res.type('text/plain').send(`cookie: ${req.headers.cookie ?? ''}`));
  app.get('/shared', renderer.page((req) => sharedPage(shared, req.session_id)));
  app.get('/choices', renderer.page(() => choicesPage(received)));

  return {
    app: app as unknown as Express,
    renderer,
    session,
    log,
    upgradeCookies,
    received,
    attach(server) {
      server.prependListener('upgrade', (req) => upgradeCookies.push(req.headers.cookie ?? ''));
      server.prependListener('request', (req: IncomingMessage, res: ServerResponse) => {
        const gate = renewalGate;
        if (gate === null || req.method !== 'POST' || !req.url?.startsWith('/_jp/session')) return;
        const end = res.end.bind(res) as (...args: unknown[]) => void;
        res.end = ((...args: unknown[]) => {
          void gate.then(() => end(...args));
          return res;
        }) as typeof res.end;
      });
      renderer.attach(server);
    },
    releaseLater: () => gates.shift()?.(),
    holdRenewals() {
      let release!: () => void;
      renewalGate = new Promise<void>((resolve) => (release = resolve));
      return release;
    },
    close: () => renderer.close(),
  };
}

function textPage(text: string): WebPage {
  const wp = new WebPage();
  new Div({ text, a: wp });
  return wp;
}

/** One live page per session: every tab of the session shows (and changes) the same page. */
function sharedPage(shared: Map<string, WebPage>, session_id: string): WebPage {
  const existing = shared.get(session_id);
  if (existing) return existing;
  const wp = new WebPage();
  let clicks = 0;
  new Button({ text: 'Shared clicks: 0', a: wp }).on('click', (self) => {
    self.text = `Shared clicks: ${++clicks}`;
  });
  shared.set(session_id, wp);
  return wp;
}

/** A multiple select, bound both ways. */
function choicesPage(received: Array<Record<string, unknown>>): WebPage {
  const wp = new WebPage();
  const sizesText = new Div({ text: 'sizes: none', a: wp });
  const sizes = new Select({ name: 'sizes', multiple: true, a: wp });
  for (const value of ['S', 'M', 'L']) new Option({ value, text: value, a: sizes });
  sizes.on('change', (self, msg) => {
    received.push({ event_type: msg.event_type, value: msg.value, values: msg.values });
    sizesText.text = `sizes: ${self.values.join(',')}`;
  });
  new Button({ text: 'Pick M', a: wp }).on('click', () => {
    sizes.values = ['M'];
  });
  return wp;
}

function widgetsPage(session_id: string, received: Array<Record<string, unknown>>, gates: Array<() => void>): WebPage {
  const wp = new WebPage({ title: 'Widgets' });
  const record = (fields: Record<string, unknown>): void => {
    received.push(fields);
  };
  new Div({ text: `Session: ${session_id}`, a: wp });
  const list = new Ul({ a: wp });
  new Button({ text: 'Add item', a: wp }).on('click', () => {
    new Li({ text: `Item ${list.components.length + 1}`, a: list });
  });
  const greeting = new Div({ text: 'Hello, nobody', a: wp });
  new Input({ name: 'nick', a: wp }).on('input', (_self, msg) => {
    record({ event_type: msg.event_type, value: msg.value });
    greeting.text = `Hello, ${msg.value}`;
  });
  const secret = new Input({ name: 'secret', type: 'password', a: wp });
  new Button({ text: 'Forget secret', a: wp }).on('click', () => {
    secret.value = '';
  });

  new Input({ name: 'shout', a: wp }).on('input', (self, msg) => {
    self.value = String(msg.value).toUpperCase();
  });
  const agreed = new Div({ text: 'agree: false', a: wp });
  new Input({ name: 'agree', type: 'checkbox', a: wp }).on('change', (_self, msg) => {
    agreed.text = `agree: ${msg.checked}`;
  });
  const size = new Div({ text: 'size: none', a: wp });
  for (const value of ['S', 'M']) {
    new Input({ name: 'size', type: 'radio', value, a: wp }).on('change', (_self, msg) => {
      size.text = `size: ${msg.value} ${msg.checked}`;
    });
  }
  const color = new Div({ text: 'color: none', a: wp });
  const select = new Select({ name: 'color', a: wp });
  new Option({ value: 'red', text: 'Red', a: select });
  new Option({ value: 'green', text: 'Green', a: select });
  select.on('change', (_self, msg) => {
    color.text = `color: ${msg.value}`;
  });
  const form = new Form({ a: wp });
  new Input({ name: 'city', value: 'Paris', a: form });
  new Input({ name: 'remember', type: 'checkbox', checked: true, a: form });
  new Button({ text: 'Send form', type: 'submit', a: form });
  form.on('submit', (_self, msg) => record({ event_type: msg.event_type, form_data: msg.form_data }));
  const keys = new Div({ text: 'no key', a: wp });
  new Input({ name: 'search', a: wp }).on('keydown', (_self, msg) => {
    keys.text = `key: ${msg.key_data?.key} ${msg.key_data?.code} ctrl=${msg.key_data?.ctrlKey}`;
  });
  new Button({ text: 'Twin', a: wp }).on('click', () => undefined);
  new Button({ text: 'Twin', a: wp }).on('click', () => undefined);
  new Div({ text: 'Not listening', a: wp });
  new Button({ text: 'Fail', a: wp }).on('click', () => {
    throw new Error('planned failure');
  });
  new Button({ text: 'Later', a: wp }).on('click', async (self) => {
    self.text = 'Working';
    await wp.update();
    await new Promise<void>((resolve) => gates.push(resolve));
    self.text = 'Done';
  });
  new Button({ text: 'Grow page', a: wp }).on('click', () => {
    new Div({ text: 'Grown', a: wp }); // a new top-level component: the update carries the whole root
  });
  new Button({ text: 'Rename', a: wp }).on('click', () => {
    wp.title = 'Renamed';
    wp.display_url = '/shown?x=1';
  });
  new Button({ text: 'Renew', a: wp }).on('click', async (self, msg) => {
    self.text = `Renewed ${(await msg.regenerateSession()).new_id}`;
  });
  new Button({ text: 'Go', a: wp }).on('click', (_self, msg) => {
    msg.page.redirect = '/target';
  });
  return wp;
}
