/** Messages between the bench orchestrator (parent) and a server child, over Node's IPC channel. */

/** Child to parent, once the server listens. */
export interface ReadyMessage {
  type: 'ready';
  port: number;
  /** Anything the server wants the parent to know at start (e.g. a fixed reply's size). */
  info?: Record<string, unknown>;
}

/** Parent to child: run a named operation the server registered. */
export interface CallMessage {
  type: 'call';
  id: number;
  op: string;
  arg?: unknown;
}

/** Child to parent: the result of a call. */
export interface ReplyMessage {
  type: 'reply';
  id: number;
  ok: boolean;
  result?: unknown;
  error?: string;
}

/** Parent to child: close the server and exit (so `--cpu-prof` can write its profile). */
export interface StopMessage {
  type: 'stop';
}

export type ParentMessage = CallMessage | StopMessage;
export type ChildMessage = ReadyMessage | ReplyMessage;

/** What the `memory` operation every server offers returns (bytes), after a forced GC when available. */
export interface MemorySample {
  heapUsed: number;
  rss: number;
  external: number;
  gcForced: boolean;
}
