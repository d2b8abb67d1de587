import { reportError } from './errors.js';

/**
 * The server's handler called msg.regenerateSession(): POST the one-time URL it sent, so that the
 * response sets the new session cookie (a socket cannot). The handler on the server waits for it.
 */
export function renewSession(url: string): void {
  fetch(url, { method: 'POST', credentials: 'same-origin', cache: 'no-store' }).then(
    (res) => {
      if (!res.ok) reportError('renew-failed', `the session renewal was refused (${res.status})`);
    },
    (err: unknown) => reportError('renew-failed', `the session renewal failed: ${String(err)}`),
  );
}
