// Test pages for the renderer suites: a counter button whose handler awaits between read and write.
import type { Request } from 'express';
import { Button, Div } from '../../lib/render/html-components.js';
import { WebPage } from '../../lib/render/webpage.js';

export interface CounterPage {
  page: WebPage;
  button: Button;
  /** Values of the counter, in the order the handler applied them. */
  applied: number[];
}

/** The pages the factory built, newest last, so a test can reach into the live page. */
export function counterRoute(built: CounterPage[] = []): { factory: (req: Request) => WebPage; built: CounterPage[] } {
  const factory = (req: Request): WebPage => {
    const page = new WebPage();
    new Div({ text: `session ${req.session_id}`, a: page });
    const button = new Button({ text: 'Clicks: 0', a: page });
    const applied: number[] = [];
    let count = 0;
    button.on('click', async (self) => {
      const seen = count;
      await new Promise((r) => setImmediate(r)); // a handler that yields must still not interleave
      count = seen + 1;
      applied.push(count);
      self.text = `Clicks: ${count}`;
    });
    built.push({ page, button, applied });
    return page;
  };
  return { factory, built };
}

/** Serves every request of a session the same live page, so its tabs share it and its updates. */
export function onePagePerSession(factory: (req: Request) => WebPage): (req: Request) => WebPage {
  const pages = new Map<string | null, WebPage>();
  return (req) => {
    const page = pages.get(req.session_id) ?? factory(req);
    pages.set(req.session_id, page);
    return page;
  };
}

/** The DOM id of the first <button> in some HTML. */
export function buttonIdIn(html: string): string {
  const m = /<button id="([^"]+)"/.exec(html);
  if (!m) throw new Error('no button in ' + html);
  return m[1]!;
}
