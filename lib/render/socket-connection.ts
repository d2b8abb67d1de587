import type { WebSocket } from 'ws';
import type { PageConnection } from './page-registry.js';

/**
 * One accepted socket attached to a page. Every message to it goes through send(), which keeps what
 * the socket may have queued within a bound: a client that does not read would otherwise make the
 * server buffer every update of its page for as long as it stays connected.
 */
export class SocketConnection implements PageConnection {
  alive = true;
  constructor(
    readonly ws: WebSocket,
    readonly client: string,
    public session_id: string | null,
    private readonly maxBufferedBytes: number,
    /** Called once, instead of sending, when the socket's unsent backlog passed the bound. */
    private readonly onTooSlow: (conn: SocketConnection) => void,
  ) {}

  send(data: string): void {
    const ws = this.ws;
    if (ws.readyState !== ws.OPEN) return;
    // Checked before sending, so one large message (a whole root) still reaches a client that reads.
    if (ws.bufferedAmount > this.maxBufferedBytes) return this.onTooSlow(this);
    ws.send(data);
  }

  close(code: number, reason: string): void {
    this.ws.close(code, reason);
  }
}
