// The seed's "Simple Example" (JustPy sessions tutorial): visits and clicks counted per session.
// The seed keeps them in a dict (`session_dict`) and says a permanent store is what makes them
// survive a restart; here they live in jpSession()'s store as the session's `visits` and `events`.
import type { Request } from 'express';
import { Button, Div, WebPage } from '../lib/index.js';

declare module '../lib/session/session-data.js' {
  interface JpSessionData {
    visits?: number;
    events?: number;
  }
}

/** Returns the seed's page function. */
export function sessionTestExample(): { session_test: (request: Request) => Promise<WebPage> } {
  async function session_test(request: Request): Promise<WebPage> {
    const wp = new WebPage();
    const session_data = request.session_data;
    const [visits, events] = await Promise.all([session_data.incr('visits'), session_data.get('events')]);
    new Div({ text: `My session id: ${request.session_id}`, classes: 'm-2 p-1 text-xl', a: wp });
    const visits_div = new Div({ text: `Number of visits: ${visits}`, classes: 'm-2 p-1 text-xl', a: wp });
    const b = new Button({
      text: `Number of Click Events: ${events ?? 0}`,
      classes: 'm-1 bg-blue-500 hover:bg-blue-700 text-white font-bold py-2 px-4 rounded-full',
      a: wp,
    }).with({ visits_div });

    b.on('click', async function my_click(self, msg) {
      const session_data = msg.session_data;
      const [events, visits] = await Promise.all([session_data.incr('events'), session_data.get('visits')]);
      self.text = `Number of Click Events: ${events}`;
      self.visits_div.text = `Number of visits: ${visits ?? 0}`;
    });
    return wp;
  }

  return { session_test };
}
