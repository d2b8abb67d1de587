import { ERROR_EVENT } from './constants.js';

/** Codes the runtime reports: the server's soft errors plus the client's own. */
export type ClientErrorCode =
  | 'unknown-component'
  | 'no-handler'
  | 'handler-error'
  | 'no-boot'
  | 'wire-version'
  | 'bad-message'
  | 'bad-origin'
  | 'rejected'
  | 'bad-url'
  | 'reload-loop'
  | 'missing-element'
  | 'renew-failed'
  | 'store-unavailable';

export interface ClientErrorDetail {
  code: ClientErrorCode | string;
  message: string;
}

/** Errors are data: a page or a test listens for `jp:error` on document. */
export function reportError(code: ClientErrorDetail['code'], message: string): void {
  console.error(`[jp] ${code}: ${message}`);
  document.dispatchEvent(new CustomEvent<ClientErrorDetail>(ERROR_EVENT, { detail: { code, message } }));
}
