// Every bound and timeout of the renderer, with its default: one table, which the README's rows are checked against.

/** Bounds that keep one page, one session or one client from taking the process down. */
export interface RenderLimits {
  /** Largest WebSocket frame accepted; bigger ones close the socket with 1009. Default 65536. */
  maxMessageBytes: number;
  /**
   * Live pages one session may hold. At it, one of the session's pages that no socket holds gives way
   * (see PageRegistry); only when every one is held by a live socket does the page route answer 503
   * too-many-pages. Default 50.
   */
  maxPagesPerSession: number;
  /** Live pages in the whole renderer; at it, the same rule over all sessions, else 503 server-busy. Default 20000. */
  maxPages: number;
  /** How long a page outlives its last socket, so a dropped connection can come back to it. Default 30000. */
  pageGraceMs: number;
  /** How long a page that no socket ever claimed is kept (curl, crawlers, prefetch). Default 60000. */
  unclaimedPageMs: number;
  /** Sockets attached to one page at a time; more are closed with 1013 too-many-sockets. Default 8. */
  maxSocketsPerPage: number;
  /** Interval of the ping that drops dead peers (a peer that missed one ping is terminated). Default 30000. */
  heartbeatMs: number;
  /** Events waiting for one page; the socket that overflows it is closed with 1008 too-many-events. Default 256. */
  maxQueuedEventsPerPage: number;
  /**
   * Events one socket may send per second (a bucket of one second's worth, so bursts up to it pass at
   * once). Past it the socket is not read until the rate allows: nothing is lost, a flooder just
   * cannot take the event loop from everyone else. Default 100.
   */
  maxEventsPerSocketPerSecond: number;
  /**
   * WebSockets attached to a page in the whole renderer; one more is closed with 1013 too-many-sockets.
   * Refused sockets still closing do not count (else a flood of refused handshakes would lock real
   * visitors out); closeTimeoutMs bounds how long each holds its descriptor. Default 20000.
   */
  maxSockets: number;
  /**
   * Bytes one socket may have queued but not yet sent; a message due past it closes the socket with
   * 1008 too-slow (a client that does not read). Default 262144.
   */
  maxBufferedBytesPerSocket: number;
  /** How long a closing socket may take to finish the close handshake before it is destroyed. Default 2000. */
  closeTimeoutMs: number;
  /**
   * How long an upgrade on a path the renderer does not serve may wait for another 'upgrade'
   * listener of the app to answer; then it is destroyed. Default 10000.
   */
  upgradeTimeoutMs: number;
  /**
   * Upgrades on other paths waiting at once for the app's own 'upgrade' listeners; one more makes the
   * oldest unanswered one give way (503). Default 1000.
   */
  maxUnansweredUpgrades: number;
  /** Log lines per code in each logWindowMs; past it they are counted and reported in one line. Default 20. */
  logLinesPerCode: number;
  /** The window of logLinesPerCode. Default 60000. */
  logWindowMs: number;
  /** How long the health endpoint waits for the store's ping before it reports the store down. Default 500. */
  healthStoreTimeoutMs: number;
  /** How long the health endpoint reuses a store ping's answer, so health checks cannot hammer the store. Default 1000. */
  healthCacheMs: number;
  /**
   * How long `drain()` keeps serving after the health endpoint turned 503, so the load balancer's
   * checks notice and send new pages elsewhere: at least its worst case to mark the instance down
   * (HAProxy: fall × inter + timeout check) plus one check interval. Default 4000 (HAProxy checks
   * every 1 s, fall 2, timeout check 1 s: down within 3 s, 1 s to spare).
   */
  drainNoticeMs: number;
  /** How long `drain()` then waits for events in flight to finish before it closes the sockets anyway. Default 10000. */
  drainTimeoutMs: number;
}

export const DEFAULT_LIMITS: Readonly<RenderLimits> = Object.freeze({
  maxMessageBytes: 65536,
  maxPagesPerSession: 50,
  maxPages: 20000,
  pageGraceMs: 30000,
  unclaimedPageMs: 60000,
  maxSocketsPerPage: 8,
  heartbeatMs: 30000,
  maxQueuedEventsPerPage: 256,
  maxEventsPerSocketPerSecond: 100,
  maxSockets: 20000,
  maxBufferedBytesPerSocket: 262144,
  closeTimeoutMs: 2000,
  upgradeTimeoutMs: 10000,
  maxUnansweredUpgrades: 1000,
  logLinesPerCode: 20,
  logWindowMs: 60000,
  healthStoreTimeoutMs: 500,
  healthCacheMs: 1000,
  drainNoticeMs: 4000,
  drainTimeoutMs: 10000,
});
