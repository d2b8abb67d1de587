// A TCP proxy on 127.0.0.1 that sends each connection's plain HTTP to one server and its WebSocket
// upgrades to another: a load balancer without affinity, reduced to its worst case.
import { once } from 'node:events';
import { createConnection, createServer, type Server, type Socket } from 'node:net';

export interface SplitProxy {
  url: string;
  /** Where upgrades go from now on. */
  upgradesTo: number;
  close(): Promise<void>;
}

const UPGRADE = /\r\nupgrade:\s*websocket/i;

export async function startSplitProxy(httpPort: number, upgradePort: number): Promise<SplitProxy> {
  const open = new Set<Socket>();
  const track = (socket: Socket): void => {
    open.add(socket);
    socket.once('close', () => open.delete(socket));
  };
  const proxy = { upgradesTo: upgradePort } as SplitProxy;
  const server: Server = createServer((client) => {
    track(client);
    client.on('error', () => client.destroy());
    client.once('data', (first: Buffer) => {
      const upstream = createConnection({ host: '127.0.0.1', port: UPGRADE.test(first.toString('latin1')) ? proxy.upgradesTo : httpPort });
      track(upstream);
      upstream.on('error', () => client.destroy());
      upstream.write(first);
      client.pipe(upstream).pipe(client);
      client.once('close', () => upstream.destroy());
      upstream.once('close', () => client.destroy());
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  proxy.url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  proxy.close = async () => {
    for (const socket of open) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return proxy;
}
