import type { ErrorMessage, SoftErrorCode } from '../render/wire.js';

/** A misuse of the kit or a page that did not behave (no hello, no reply, nothing matched). */
export class TestKitError extends Error {
  constructor(message: string) {
    super(`justpy-ts/testing: ${message}`);
    this.name = 'TestKitError';
  }
}

/**
 * The server answered an event with an error (`unknown-component`, `no-handler`, `handler-error`):
 * the promise of the action that sent it rejects with this.
 * @example await expect(page.click('Fail')).rejects.toMatchObject({ code: 'handler-error' });
 */
export class PageEventError extends Error {
  readonly code: SoftErrorCode;
  /** The server's message, its `ack` included. */
  readonly reply: ErrorMessage;

  constructor(label: string, reply: ErrorMessage) {
    super(`justpy-ts/testing: ${label}: the server answered ${reply.code}: ${reply.message}`);
    this.name = 'PageEventError';
    this.code = reply.code;
    this.reply = reply;
  }
}
