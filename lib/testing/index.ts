// justpy-ts/testing: a test client for live pages (HTTP and WebSocket, one cookie jar), no browser.
export { createTestClient, type OpenOptions, type TestClient, type TestClientOptions } from './test-client.js';
export type { TestPage, ActionOptions, Target } from './test-page.js';
export type { TestElement } from './test-element.js';
export type { Locator, LocatorQuery } from './locator.js';
export type { EventReply } from './page-socket.js';
export type { PageProblem } from './page-view.js';
export type { TestTarget, AttachSockets } from './server-target.js';
export type { SessionCookieSettings } from './session-cookie.js';
export type { OutgoingEvent } from './event-builder.js';
export { PageEventError, TestKitError } from './errors.js';
// The protocol's message types, as the kit's pages record them (messages, boot, replies, errors).
export type {
  BootData,
  Change,
  ErrorMessage,
  FieldValue,
  HelloMessage,
  PageOptions,
  RenewMessage,
  ServerMessage,
  SoftErrorCode,
  UpdateMessage,
} from '../render/wire.js';
