import type WebSocket from 'ws';
import type { BootData, EventName, HelloMessage, KeyData, ServerMessage } from '../render/wire.js';
import { TestKitError } from './errors.js';
import { buildEvent, keyData, listenerFor, type OutgoingEvent } from './event-builder.js';
import { checkInGroup, inputType, isCheckable, isChecked, isTextField, setFieldValue } from './fields.js';
import { describeLocator, locateAll, locateOne, type Locator } from './locator.js';
import { attr, closest, type Element } from './page-document.js';
import { PageLink, type PageHost } from './page-link.js';
import type { EventReply } from './page-socket.js';
import type { PageProblem, PageView } from './page-view.js';
import { TestElement } from './test-element.js';
import { waitUntil } from './wait-for.js';

/** What a page needs from its client beyond its link: opening another page, being forgotten. */
export interface PageClient extends PageHost {
  open(url: string): Promise<TestPage>;
  forget(page: TestPage): void;
}

export interface ActionOptions {
  /** How long to wait for the reply, in ms [default: the client's timeoutMs]. */
  timeoutMs?: number;
}

/** An element found before, or where to find one now. */
export type Target = Locator | TestElement;

/**
 * One open page, as a browser tab holds it: the HTML kept current from every update, its socket,
 * and actions that send events as the runtime does. Made by `client.open(path)`.
 * @example
 * const page = await client.open('/login');
 * await page.type({ name: 'password' }, 'password');
 * await page.click('Sign In');
 * const next = await page.followRedirect();
 */
export class TestPage {
  private constructor(
    private readonly host: PageClient,
    private readonly link: PageLink,
  ) {}

  /** @internal Reads the boot data and, when asked and unless it redirects at once, connects and waits for hello. */
  static async load(host: PageClient, url: string, html: string, connect: boolean): Promise<TestPage> {
    const link = new PageLink(host, url, html);
    if (connect) await link.start();
    return new TestPage(host, link);
  }

  private get view(): PageView {
    return this.link.view;
  }

  /** The boot data of the page as last loaded (the first response, or the last reload). */
  get boot(): BootData {
    return this.link.boot;
  }
  /** How the socket last closed (null while it never did), e.g. `{ code: 4404, reason: 'page-gone' }` (README, Error codes). */
  get closedWith(): { code: number; reason: string } | null {
    return this.link.closedWith;
  }
  /** How many times the page was loaded again in place: {@link reload}, or a `recover` client's recovery. */
  get reloads(): number {
    return this.link.reloads;
  }
  /** The address bar: the URL loaded, then `display_url` resolved against it. */
  get url(): string {
    return this.view.url;
  }
  get title(): string {
    return this.view.title;
  }
  /** The last display_url the page set (null if none). */
  get display_url(): string | null {
    return this.view.display_url;
  }
  /** Where the page sent the browser (null until it does); see {@link followRedirect}. */
  get redirect(): string | null {
    return this.view.redirect;
  }
  /** The page version the HTML shows. */
  get version(): number {
    return this.view.version;
  }
  get connected(): boolean {
    return this.link.connected;
  }
  /** The id this tab's socket sends as WS_QUERY.client; with seq it makes events idempotent (new after a reload). */
  get clientId(): string {
    return this.link.clientId;
  }
  /** The raw `ws` socket, for protocol-level tests (null while disconnected). */
  get rawSocket(): WebSocket | null {
    return this.link.rawSocket;
  }
  /** Every server message so far, in order. */
  get messages(): readonly ServerMessage[] {
    return this.view.messages;
  }
  /** Errors the server reported and problems the kit noticed (as the runtime's `jp:error`). */
  get errors(): readonly PageProblem[] {
    return this.view.problems;
  }

  /** The whole document as HTML, as current as the last update. */
  html(): string {
    return this.view.doc.html();
  }

  /** The visible text of the page (hidden parts left out), one line per block element. */
  text(): string {
    return this.view.text();
  }

  /** The one element the locator matches; throws naming what matched when that is not exactly one. */
  find(locator: Locator): TestElement {
    return new TestElement(this, locateOne(this.view.doc, locator, () => this.text()), describeLocator(locator));
  }

  /** Every element the locator matches (maybe none). */
  findAll(locator: Locator): TestElement[] {
    return locateAll(this.view.doc, locator).map((el) => new TestElement(this, el, describeLocator(locator)));
  }

  /** Whether at least one element matches. */
  has(locator: Locator): boolean {
    return locateAll(this.view.doc, locator).length > 0;
  }

  /** @internal */
  elementById(id: string): Element | null {
    return this.view.doc.byId(id);
  }

  /**
   * Clicks: sends `click` to the nearest element that listens. A checkbox or radio is toggled
   * first and also sends `change`, as in a browser. Resolves with the reply to the last event sent.
   */
  async click(target: Target, options?: ActionOptions): Promise<EventReply> {
    const { el, label } = this.target(target, 'click');
    const checkable = isCheckable(el);
    const sends: EventName[] = checkable ? ['click', 'change'] : ['click'];
    return this.act(el, label, sends, options, () => {
      if (!checkable) return;
      const on = inputType(el) === 'radio' ? true : !isChecked(el);
      checkInGroup(el, on, this.view.doc.select('input'));
    });
  }

  /** Sets a text field to `text` (replacing what it held) and sends one `input`, as the debounced runtime does. */
  async type(target: Target, text: string, options?: ActionOptions): Promise<EventReply> {
    const { el, label } = this.target(target, `type ${JSON.stringify(text)} into`);
    if (!isTextField(el)) throw new TestKitError(`${label}: not a text field (use change() for ${el.name} elements)`);
    return this.act(el, label, ['input'], options, () => setFieldValue(el, text));
  }

  /**
   * Sends `change`: a string becomes a field's value or a select's choice (by option value or
   * text), a list the choices of a `multiple` select (exactly those), a boolean a checkbox's or
   * radio's state (default: toggle a checkbox, check a radio).
   */
  async change(target: Target, value?: string | readonly string[] | boolean, options?: ActionOptions): Promise<EventReply> {
    const { el, label } = this.target(target, 'change');
    return this.act(el, label, ['change'], options, () => {
      if (isCheckable(el)) checkInGroup(el, typeof value === 'boolean' ? value : inputType(el) === 'radio' || !isChecked(el), this.view.doc.select('input'));
      else if (typeof value === 'string' || Array.isArray(value)) setFieldValue(el, value);
    });
  }

  /** Submits the form `target` is (or is in), with form_data as the runtime builds it. */
  async submit(target: Target, options?: ActionOptions): Promise<EventReply> {
    const { el, label } = this.target(target, 'submit');
    const form = closest(el, (e) => e.name === 'form');
    if (!form) throw new TestKitError(`${label}: neither it nor an ancestor is a <form>`);
    return this.act(form, label, ['submit'], options);
  }

  /** Sends `keydown` with key_data (`'Enter'`, `'a'`, or `{ key, code, ctrlKey, ... }`). */
  async keydown(target: Target, key: string | Partial<KeyData>, options?: ActionOptions): Promise<EventReply> {
    const { el, label } = this.target(target, `keydown ${JSON.stringify(typeof key === 'string' ? key : key.key)} on`);
    return this.act(el, label, ['keydown'], options, undefined, keyData(key));
  }

  /** Sends any event the way the runtime would (keyup, focus, blur, mouseenter, ...); `extra` overrides fields. */
  async dispatch(target: Target, event_type: EventName, extra: Partial<OutgoingEvent> = {}, options?: ActionOptions): Promise<EventReply> {
    const { el, label } = this.target(target, event_type);
    const listener = this.listener(el, event_type, label);
    this.view.focusedId = attr(el, 'id') ?? null;
    return this.link.send({ ...buildEvent(event_type, listener, el), ...extra }, label, options?.timeoutMs ?? this.host.timeoutMs);
  }

  /** Sends an event as given (no DOM involved), for protocol-level tests: `{ component, event_type, ... }`. */
  async send(event: OutgoingEvent, options?: ActionOptions): Promise<EventReply> {
    return this.link.send(event, `${event.event_type} on #${event.component}`, options?.timeoutMs ?? this.host.timeoutMs);
  }

  /**
   * Waits until exactly one element matches `locator` (resolving with it) or `predicate` returns a
   * truthy value (resolving with that; a throw means "not yet"). Re-checked after every update.
   * Fails after `timeoutMs` with the page's current HTML.
   * @example await page.waitFor('Login successful. You are now logged in');
   * @example await page.waitFor(() => page.redirect);
   */
  waitFor(locator: Locator, options?: ActionOptions): Promise<TestElement>;
  waitFor<T>(predicate: () => T | Promise<T>, options?: ActionOptions): Promise<NonNullable<T>>;
  waitFor(what: Locator | (() => unknown), options?: ActionOptions): Promise<unknown> {
    const timeoutMs = options?.timeoutMs ?? this.host.timeoutMs;
    const source = { subscribe: (fn: () => void) => this.view.subscribe(fn), snapshot: () => this.view.snapshot() };
    if (typeof what === 'function') return waitUntil(what, 'a predicate', timeoutMs, source);
    const described = describeLocator(what);
    return waitUntil(
      () => {
        const n = locateAll(this.view.doc, what).length;
        if (n !== 1) throw new Error(`${n} elements matched`);
        return this.find(what);
      },
      described,
      timeoutMs,
      source,
    );
  }

  /** Waits for the page's redirect (if it has none yet), then opens its target with the same client and jar. */
  async followRedirect(options?: ActionOptions): Promise<TestPage> {
    const to = await this.waitFor(() => this.view.redirect, options);
    return this.host.open(new URL(to, this.view.url).href);
  }

  /**
   * Drops the socket and connects again with the same client id and page version, as the runtime
   * does after a network drop; events not yet acknowledged are sent again. Resolves with the hello.
   * It also opens the first socket of a page opened with `{ connect: false }`.
   */
  async reconnect(options?: ActionOptions): Promise<HelloMessage> {
    return this.link.reconnect(options?.timeoutMs ?? this.host.timeoutMs);
  }

  /**
   * Loads the page again in place, as `location.reload()` does: a GET of {@link url} through the
   * client's jar (so a load balancer's cookies go along), new boot data and a new socket. Events not
   * yet acknowledged are dropped, as the browser drops them (their promises reject). Throws for a
   * status other than 200. A `recover` client's pages do this themselves after page-gone (4404) and
   * wrong-instance (4421).
   */
  async reload(options?: ActionOptions): Promise<void> {
    await this.link.reload(options?.timeoutMs ?? this.host.timeoutMs);
  }

  /** Closes the socket for good; pending events fail. */
  async close(): Promise<void> {
    this.host.forget(this);
    await this.link.close('the page was closed');
  }

  private target(target: Target, verb: string): { el: Element; label: string } {
    if (target instanceof TestElement) return { el: target.resolve(), label: `${verb} ${target.description}` };
    return { el: locateOne(this.view.doc, target, () => this.text()), label: `${verb} ${describeLocator(target)}` };
  }

  private listener(el: Element, type: EventName, label: string): Element {
    const listener = listenerFor(el, type);
    if (!listener) throw new TestKitError(`${label}: neither it nor an ancestor listens to ${type}, so the runtime would send nothing`);
    return listener;
  }

  /** Finds the listeners first (nothing changes if one is missing), updates the DOM, sends in order. */
  private act(el: Element, label: string, types: EventName[], options?: ActionOptions, before?: () => void, key?: KeyData): Promise<EventReply> {
    const listening = types.map((type) => [type, listenerFor(el, type)] as const).filter(([, l]) => l !== null);
    if (listening.length === 0) this.listener(el, types[0] as EventName, label);
    before?.();
    this.view.focusedId = attr(el, 'id') ?? null;
    const timeoutMs = options?.timeoutMs ?? this.host.timeoutMs;
    const replies = listening.map(([type, l]) => this.link.send(buildEvent(type, l as Element, el, key), label, timeoutMs));
    return Promise.all(replies).then((all) => all[all.length - 1] as EventReply);
  }

}
