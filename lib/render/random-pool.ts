import { randomFillSync } from 'node:crypto';

const POOL_BYTES = 4096;

/**
 * Unguessable tokens cut from one buffer that crypto fills 4 KiB at a time. Same randomness as
 * randomBytes() per token, without one ArrayBuffer per token for the GC to track (page GETs make many).
 */
export class RandomPool {
  private readonly buf = Buffer.allocUnsafeSlow(POOL_BYTES);
  private offset = POOL_BYTES;

  /** `bytes` random bytes (at most 4096) as base64url: 16 bytes give 22 characters (128 bits). */
  token(bytes: number): string {
    if (this.offset + bytes > POOL_BYTES) {
      randomFillSync(this.buf);
      this.offset = 0;
    }
    const start = this.offset;
    this.offset += bytes;
    return this.buf.toString('base64url', start, this.offset);
  }
}
