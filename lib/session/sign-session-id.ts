import { loadSessionEnv } from './env.js';
import { DEFAULTS } from './options.js';
import { createSigner, type SignerDigest } from './signer.js';

/**
 * Signs a session id as jpSession() would, e.g. to forge a valid cookie in a supertest suite.
 * @param secretKey [default: SECRET_KEY from the environment, .env or justpy.env, else JustPy's default]
 * @param digest [default: SESSION_DIGEST likewise, else 'sha1']
 * @example request(app).get('/').set('Cookie', `jp_token=${signSessionId('abc', 'test-key')}`)
 */
export function signSessionId(id: string, secretKey?: string, digest?: SignerDigest): string {
  const env = secretKey === undefined || digest === undefined ? loadSessionEnv() : {};
  return createSigner(secretKey ?? env.secretKey ?? DEFAULTS.secretKey, digest ?? env.digest ?? DEFAULTS.digest).sign(id);
}
