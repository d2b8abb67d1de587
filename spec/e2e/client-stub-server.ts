// A scriptable stand-in for the renderer, speaking lib/render/wire.ts, so the browser runtime is
// tested on its own: each test decides what the "server" answers.
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { CLIENT_BUNDLE_PATH } from '../support/browser.js';
import { WIRE_VERSION, type BootData, type EventMessage, type ServerMessage } from '../../lib/render/wire.js';

export interface StubSocket {
  ws: WebSocket;
  client: string;
  version: number;
  /** The instance id and run the socket URL carried. */
  instance: string | null;
  run: string | null;
  send(msg: ServerMessage): void;
}

export interface StubServer {
  url: string;
  /** Every event received, in arrival order. */
  events: EventMessage[];
  /** Every accepted socket, in order. */
  sockets: StubSocket[];
  documentLoads: number;
  /** Date.now() of each document load, in order. */
  loadTimes: number[];
  /** Highest seq applied per client (the default onEvent sets it); hello reports it as last_seq. */
  lastSeq: Map<string, number>;
  /** Body of the page; the boot script and the runtime are appended. */
  body: string;
  boot: Partial<BootData>;
  /** Called for every event; default: ack with an empty update. */
  onEvent: (msg: EventMessage, socket: StubSocket) => void;
  /** Called on connection; default: hello. Return false to skip the default hello. */
  onConnect: (socket: StubSocket) => boolean | void;
  close(): Promise<void>;
}

export async function startStubServer(): Promise<StubServer> {
  const bundle = await readFile(CLIENT_BUNDLE_PATH, 'utf8');
  const stub: StubServer = {
    url: '',
    events: [],
    sockets: [],
    documentLoads: 0,
    loadTimes: [],
    lastSeq: new Map(),
    body: '<div id="jp-root"></div>',
    boot: {},
    onEvent: (msg, socket) => {
      stub.lastSeq.set(socket.client, msg.seq);
      socket.send({ type: 'update', version: socket.version, changes: [], ack: msg.seq });
    },
    onConnect: () => undefined,
    close: async () => undefined,
  };
  const server = http.createServer((req, res) => {
    if (req.url === '/client.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' }).end(bundle);
      return;
    }
    if (req.url === '/favicon.ico') {
      res.writeHead(404).end();
      return;
    }
    stub.documentLoads += 1;
    stub.loadTimes.push(Date.now());
    const boot: BootData = {
      wire: WIRE_VERSION,
      page: 'p1',
      instance: 'stub',
      run: 'r1',
      ws_path: '/ws',
      version: 0,
      grace_ms: 30_000,
      title: null,
      redirect: null,
      display_url: null,
      ...stub.boot,
    };
    res.writeHead(200, { 'content-type': 'text/html' }).end(
      `<!doctype html><html><head><title>stub</title></head><body>${stub.body}` +
        `<script type="application/json" id="jp-boot">${JSON.stringify(boot)}</script>` +
        `<script type="module" src="/client.js"></script></body></html>`,
    );
  });
  const wss = new WebSocketServer({ server, path: '/ws' });
  wss.on('connection', (ws, req) => {
    const query = new URL(req.url ?? '/', 'http://x').searchParams;
    const socket: StubSocket = {
      ws,
      client: query.get('client') ?? '',
      version: Number(query.get('v')),
      instance: query.get('instance'),
      run: query.get('run'),
      send: (msg) => ws.send(JSON.stringify(msg)),
    };
    stub.sockets.push(socket);
    ws.on('message', (data) => {
      const msg = JSON.parse(String(data)) as EventMessage;
      stub.events.push(msg);
      stub.onEvent(msg, socket);
    });
    if (stub.onConnect(socket) === false) return;
    socket.send({ type: 'hello', wire: WIRE_VERSION, last_seq: stub.lastSeq.get(socket.client) ?? 0, version: socket.version });
  });
  const connections = new Set<Socket>();
  server.on('connection', (socket) => {
    connections.add(socket);
    socket.once('close', () => connections.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  stub.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // Upgraded sockets are no longer the HTTP server's to close, and one may be mid-handshake: end every TCP connection.
  stub.close = async () => {
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const socket of connections) socket.destroy();
    wss.close();
    await closed;
  };
  return stub;
}

/** Polls `check` until it returns a truthy value; throws `what` after `timeoutMs`. */
export async function eventually<T>(what: string, check: () => T | undefined | null | false, timeoutMs = 10_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
