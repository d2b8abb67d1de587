// Types for the `cookie` package (0.7.x, the version Express 4, Express 5 and cookie-parser use;
// it ships no types of its own). Only what lib/session calls.
declare module 'cookie' {
  export function parse(str: string, options?: { decode?(value: string): string }): Record<string, string>;
  export interface CookieSerializeOptions {
    maxAge?: number;
    domain?: string;
    path?: string;
    httpOnly?: boolean;
    secure?: boolean;
    sameSite?: 'lax' | 'strict' | 'none';
  }
  export function serialize(name: string, value: string, options?: CookieSerializeOptions): string;
}
