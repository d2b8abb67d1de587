// One page's tie to the server, as a browser tab holds it: the document it loaded, its socket, the
// session renewal the runtime answers, reloads in place, and (for a `recover` client) the runtime's
// reconnects and reloads after a close. TestPage (what a test does with a page) sits on top.
import { randomBytes } from 'node:crypto';
import { DOM, WIRE_VERSION, type BootData, type HelloMessage, type ServerMessage } from '../render/wire.js';
import { TestKitError } from './errors.js';
import type { OutgoingEvent } from './event-builder.js';
import { PageDocument } from './page-document.js';
import { PageRecovery } from './page-recovery.js';
import { PageSocket, type EventReply } from './page-socket.js';
import { PageView } from './page-view.js';

/** What a page needs from its client. */
export interface PageHost {
  readonly timeoutMs: number;
  /** Origin header of the page's sockets: undefined sends the page's own origin, null none. */
  readonly socketOrigin: string | null | undefined;
  /** Recover as the runtime does after a close (reconnect, reload on page-gone and wrong-instance). */
  readonly recover: boolean;
  cookieHeader(url: string): string;
  storeCookies(url: string, setCookie: string[]): void;
  /** A request through the client's jar (a reload, the session renewal's POST); redirects followed. */
  fetch(url: string, init: RequestInit): Promise<Response>;
}

export class PageLink {
  readonly view: PageView;
  private socket: PageSocket;
  private current: BootData;
  private ended = false;
  private readonly recovery: PageRecovery | null;
  /** How the socket last closed (null while it never did). */
  closedWith: { code: number; reason: string } | null = null;
  /** Times the page was loaded again in place (reload(), or a recovery). */
  reloads = 0;
  /** The session renewal POST under way: an event settles after the renewal it caused. */
  private renewal: Promise<void> | null = null;

  constructor(
    private readonly host: PageHost,
    url: string,
    html: string,
  ) {
    const doc = new PageDocument(html);
    this.current = readBoot(doc, url);
    this.view = new PageView(doc, url, this.current);
    this.socket = this.socketFor(url, this.current);
    this.recovery = host.recover
      ? new PageRecovery({
          reconnect: () => this.connect(),
          reload: () => this.reload(),
          problem: (problem) => this.view.noteProblem(problem),
        })
      : null;
  }

  get boot(): BootData {
    return this.current;
  }
  get connected(): boolean {
    return this.socket.connected;
  }
  get clientId(): string {
    return this.socket.clientId;
  }
  get rawSocket(): PageSocket['raw'] {
    return this.socket.raw;
  }

  /** Connects unless the page redirects at once (the runtime follows it without a socket). */
  async start(): Promise<void> {
    if (!this.view.redirect) await this.connect();
  }

  /** Opens the socket with the version the HTML shows and resolves with the hello. */
  connect(timeoutMs = this.host.timeoutMs): Promise<HelloMessage> {
    return this.socket.connect(this.view.version, timeoutMs);
  }

  /**
   * Sends an event; its reply settles once a session renewal it caused is answered, so the jar holds
   * the new cookie (the server's ack can reach the socket before the POST's answer reaches the jar).
   */
  send(event: OutgoingEvent, label: string, timeoutMs: number): Promise<EventReply> {
    return this.socket.send(event, label, timeoutMs).then((reply) => this.afterRenewal(reply, label, timeoutMs));
  }

  private async afterRenewal(reply: EventReply, label: string, timeoutMs: number): Promise<EventReply> {
    const renewal = this.renewal;
    if (renewal === null) return reply;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new TestKitError(`${label}: the session renewal got no answer within ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      await Promise.race([renewal, late]);
    } finally {
      clearTimeout(timer);
    }
    return reply;
  }

  /** Drops the socket as a network drop would, then connects again (unacked events are resent). */
  async reconnect(timeoutMs: number): Promise<HelloMessage> {
    await this.socket.disconnect();
    this.recovery?.cancel();
    return this.connect(timeoutMs);
  }

  /**
   * Loads the address bar's URL again through the client's jar and connects the new page in place,
   * as `location.reload()` does: unacknowledged events are dropped (their promises reject).
   */
  async reload(timeoutMs = this.host.timeoutMs): Promise<void> {
    if (this.ended) throw new TestKitError('reload(): this page was closed or navigated away');
    this.recovery?.cancel();
    await this.socket.stop('the page reloaded');
    const res = await this.host.fetch(this.view.url, {});
    const html = await res.text();
    if (res.status !== 200) throw new TestKitError(`reloading ${this.view.url} answered ${res.status}: ${html.slice(0, 200)}`);
    const doc = new PageDocument(html);
    this.current = readBoot(doc, res.url);
    this.view.load(doc, res.url, this.current);
    this.socket = this.socketFor(res.url, this.current);
    this.reloads++;
    this.view.changed();
    if (!this.view.redirect) await this.connect(timeoutMs);
  }

  /** Closes for good: pending events fail, nothing recovers. */
  async close(why: string): Promise<void> {
    this.ended = true;
    this.recovery?.cancel();
    await this.socket.stop(why);
  }

  private socketFor(url: string, boot: BootData): PageSocket {
    const origin = this.host.socketOrigin === undefined ? new URL(url).origin : this.host.socketOrigin;
    const socket: PageSocket = new PageSocket({
      pageUrl: url,
      boot,
      clientId: randomBytes(16).toString('hex'),
      origin,
      cookieHeader: (u) => this.host.cookieHeader(u),
      storeCookies: (u, list) => this.host.storeCookies(u, list),
      onMessage: (msg) => this.onMessage(msg, origin),
      onUnreadable: () => this.view.noteProblem({ code: 'bad-message', message: 'unreadable message from the server' }),
      onClose: (code, reason) => {
        if (socket !== this.socket) return;
        this.closedWith = { code, reason };
        this.view.changed();
        if (!this.ended && !socket.stopped) this.recovery?.closed(code, reason);
      },
    });
    return socket;
  }

  private onMessage(msg: ServerMessage, origin: string | null): void {
    if (msg.type === 'hello') this.recovery?.connected();
    if (msg.type === 'renew') this.renewSession(msg.url, origin);
    if (this.view.apply(msg)) {
      this.ended = true;
      void this.socket.stop(`the page navigated to ${this.view.redirect}`);
    }
  }

  /** msg.regenerateSession() on the server: POST its one-time URL, as the runtime does, so the jar gets the new cookie. */
  private renewSession(url: string, origin: string | null): void {
    const headers: Record<string, string> = origin === null ? {} : { origin };
    const renewal: Promise<void> = this.host
      .fetch(new URL(url, this.view.url).href, { method: 'POST', headers })
      .then(
        (res) => {
          if (!res.ok) this.view.noteProblem({ code: 'renew-failed', message: `the session renewal was refused (${res.status})` });
        },
        (err: unknown) => this.view.noteProblem({ code: 'renew-failed', message: `the session renewal failed: ${String(err)}` }),
      )
      .finally(() => {
        if (this.renewal === renewal) this.renewal = null;
      });
    this.renewal = renewal;
  }
}

function readBoot(doc: PageDocument, url: string): BootData {
  const text = doc.bootText();
  if (text === null) throw new TestKitError(`${url} has no boot data (#${DOM.bootScriptId}): is it a jp.page() route?`);
  const boot = JSON.parse(text) as BootData;
  if (boot.wire !== WIRE_VERSION) throw new TestKitError(`${url} speaks wire ${boot.wire}, this kit ${WIRE_VERSION}`);
  return boot;
}
