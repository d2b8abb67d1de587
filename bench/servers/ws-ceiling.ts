/**
 * The ceiling for scenarios 3 and 5: a bare `ws` server with no pages, sessions or components.
 * It greets each socket with a hello (as the renderer does) and answers each event with a fixed
 * update padded to argv[2] bytes (changed by the `setReplyBytes` call), carrying the event's seq as `ack` so the same clients can drive it.
 */
import http from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';
import { WIRE_VERSION } from '../../lib/render/wire.js';
import { serveChild } from './serve-child.js';

const reply = { bytes: checkedSize(process.argv[2] ?? '256') };

const hello = JSON.stringify({ type: 'hello', wire: WIRE_VERSION, last_seq: 0, version: 1 });
const head = '{"type":"update","version":2,"changes":[{"id":"jp-root","html":"';
const tail = '"}],"ack":';

function replyTo(seq: number): string {
  const fixed = head.length + tail.length + String(seq).length + 1;
  return head + 'x'.repeat(Math.max(0, reply.bytes - fixed)) + tail + seq + '}';
}

function checkedSize(value: unknown): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 1) throw new TypeError(`reply size must be a positive integer, got ${String(value)}`);
  return n;
}

const server = http.createServer((_req, res) => {
  res.statusCode = 404;
  res.end();
});
// The same ws settings as the renderer's endpoint, so the difference is only what the renderer does.
const wss = new WebSocketServer({ noServer: true, clientTracking: false, perMessageDeflate: false, maxPayload: 65536 });
const open = new Set<WebSocket>();
server.on('upgrade', (req, socket, head) => wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req)));
wss.on('connection', (ws: WebSocket) => {
  open.add(ws);
  ws.once('close', () => open.delete(ws));
  ws.on('message', (data: Buffer) => {
    // Parse as the renderer must; a frame that is not an event gets no reply.
    const m = JSON.parse(data.toString()) as { type?: unknown; seq?: unknown };
    if (m.type === 'event' && typeof m.seq === 'number') ws.send(replyTo(m.seq));
  });
  ws.send(hello);
});

await serveChild(server, {
  ops: {
    sockets: () => open.size,
    setReplyBytes: (arg) => {
      reply.bytes = checkedSize(arg);
      return reply.bytes;
    },
  },
  onStop: () => {
    for (const ws of open) ws.terminate();
  },
});
