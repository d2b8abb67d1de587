// Raw TCP for requests no well-behaved client library would send (malformed targets, upgrades nobody takes).
import net from 'node:net';

export interface RawExchange {
  socket: net.Socket;
  /** Everything the server sent, once it closed the connection. */
  answer: Promise<string>;
}

/** A WebSocket upgrade request for `target`, as bytes, with whatever target the test wants. */
export function upgradeRequest(target: string, host = '127.0.0.1'): string {
  return (
    `GET ${target} HTTP/1.1\r\nHost: ${host}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n` +
    'Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n'
  );
}

/** Connects to 127.0.0.1:port, writes `bytes` and collects the answer until the server closes. */
export async function rawExchange(port: number, bytes: string): Promise<RawExchange> {
  const socket = net.connect(port, '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  socket.on('error', () => {});
  let received = '';
  socket.setEncoding('latin1');
  socket.on('data', (chunk: string) => (received += chunk));
  const answer = new Promise<string>((resolve) => socket.once('close', () => resolve(received)));
  socket.write(bytes);
  return { socket, answer };
}
