import { DEFAULT_INPUT_DEBOUNCE_MS } from '../render/wire.js';
import { debounceMs, type OutgoingEvent } from './event-message.js';

interface Pending {
  timer: ReturnType<typeof setTimeout>;
  build: () => OutgoingEvent;
}

/**
 * Debounces `input` per element (DOM.debounceAttr, default 200 ms, as JustPy). `flush()` sends
 * everything pending at once: the runtime calls it before any other event, so a click right
 * after typing reaches the server after the typed value (JustPy sent the click first).
 */
export class InputDebouncer {
  private readonly pending = new Map<HTMLElement, Pending>();

  constructor(private readonly emit: (event: OutgoingEvent) => void) {}

  schedule(el: HTMLElement, build: () => OutgoingEvent): void {
    this.cancel(el);
    const ms = debounceMs(el, DEFAULT_INPUT_DEBOUNCE_MS);
    if (ms === 0) {
      this.flush();
      this.emit(build());
      return;
    }
    const timer = setTimeout(() => {
      this.pending.delete(el);
      this.emit(build());
    }, ms);
    this.pending.set(el, { timer, build });
  }

  /** Whether `el` has an input event waiting (the user typed since the last one went out). */
  isPending(el: HTMLElement): boolean {
    return this.pending.has(el);
  }

  flush(): void {
    const all = [...this.pending.values()];
    this.pending.clear();
    for (const p of all) {
      clearTimeout(p.timer);
      this.emit(p.build());
    }
  }

  private cancel(el: HTMLElement): void {
    const p = this.pending.get(el);
    if (!p) return;
    clearTimeout(p.timer);
    this.pending.delete(el);
  }
}
