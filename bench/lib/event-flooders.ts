/**
 * Sockets that click as fast as the connection takes it, never waiting for an ack: the "flooding
 * client" of issue 7. A reading flooder consumes its replies; a non-reading one pauses its TCP socket,
 * so every update for it piles up on the server until a bound stops it.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import WebSocket from 'ws';
import type { EventMessage } from '../../lib/render/wire.js';
import { fetchDemoPage, pageSocketUrl } from './open-pages.js';

export interface FloodSocketResult {
  sent: number;
  /** Messages received (updates and acks) while reading. */
  received: number;
  /** How the server closed it while it was flooding, if it did: e.g. "1008 too-slow" (1006: no close frame read). */
  closedBy: string | null;
}

/** Client-side cap on what one flooder queues, so the load generator itself stays small. */
const CLIENT_BACKLOG_BYTES = 64 * 1024;
/** Events a reading flooder keeps unanswered: enough to keep the server busy, few enough to keep up with the replies. */
const READER_WINDOW = 256;
/** Sends per turn of the event loop, so the flooder's own socket gets read (and closed) in between. */
const SENDS_PER_TURN = 200;

export async function floodEvents(origin: string, cookie: string, reads: boolean, until: () => boolean, onOpen: () => void = () => {}): Promise<FloodSocketResult> {
  const page = await fetchDemoPage(origin, cookie);
  const ws = new WebSocket(pageSocketUrl(origin, page), { headers: { origin, cookie }, perMessageDeflate: false });
  const result: FloodSocketResult = { sent: 0, received: 0, closedBy: null };
  let open = true;
  ws.on('message', () => result.received++);
  ws.on('error', () => undefined);
  ws.on('close', (code, reason) => {
    if (open) result.closedBy = `${code} ${reason.toString()}`.trim();
    open = false;
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  if (!reads) (ws as unknown as { _socket: { pause(): void } })._socket.pause();
  onOpen();
  const msg: EventMessage = { type: 'event', seq: 0, component: page.buttonId, event_type: 'click', value: '' };
  const room = (): boolean =>
    ws.readyState === ws.OPEN && ws.bufferedAmount < CLIENT_BACKLOG_BYTES && (!reads || result.sent - result.received < READER_WINDOW);
  while (open && !until()) {
    for (let i = 0; i < SENDS_PER_TURN && room(); i++) {
      msg.seq = ++result.sent;
      ws.send(JSON.stringify(msg));
    }
    await nextTurn();
  }
  open = false;
  ws.terminate();
  return result;
}
