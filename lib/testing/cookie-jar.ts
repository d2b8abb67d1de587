// One browser-like cookie jar for HTTP requests and WebSocket upgrades alike. The only file of
// lib/testing that imports tough-cookie.
import { CookieJar } from 'tough-cookie';
import { TestKitError } from './errors.js';

export class BrowserJar {
  private readonly jar = new CookieJar();

  /** The Cookie header a browser would send to this URL ('' for none). */
  header(url: string): string {
    return this.jar.getCookieStringSync(url);
  }

  /** Stores a response's Set-Cookie headers; ones a browser would refuse are ignored, as it would. */
  store(url: string, setCookie: readonly string[]): void {
    for (const line of setCookie) this.jar.setCookieSync(line, url, { ignoreError: true });
  }

  /** Stores one cookie (`name=value[; attributes]`) for a URL; throws if a browser would refuse it. */
  put(line: string, url: string): void {
    try {
      if (!this.jar.setCookieSync(line, url, { loose: true })) throw new Error('refused');
    } catch (err) {
      throw new TestKitError(`cannot store the cookie ${JSON.stringify(line)} for ${url}: ${(err as Error).message}`);
    }
  }

  /** A cookie's value as this URL would receive it. */
  get(name: string, url: string): string | undefined {
    return this.jar.getCookiesSync(url).find((c) => c.key === name)?.value;
  }
}
