// The seed's "Simple Example" (JustPy sessions tutorial): visits and clicks counted per session.
import type { Request } from 'express';
import { Button, Div, WebPage, type EventMsg } from '../lib/index.js';

interface SessionData {
  visits: number;
  events: number;
}

/** Returns the seed's page function with its own `session_dict` (a fresh one per demo app). */
export function sessionTestExample(): { session_dict: Map<string, SessionData>; session_test: (request: Request) => WebPage } {
  const session_dict = new Map<string, SessionData>();

  function session_test(request: Request): WebPage {
    const wp = new WebPage();
    if (!session_dict.has(request.session_id)) {
      session_dict.set(request.session_id, { visits: 0, events: 0 });
    }
    const session_data = session_dict.get(request.session_id)!;
    session_data.visits += 1;
    new Div({ text: `My session id: ${request.session_id}`, classes: 'm-2 p-1 text-xl', a: wp });
    const visits_div = new Div({ text: `Number of visits: ${session_data.visits}`, classes: 'm-2 p-1 text-xl', a: wp });
    const b = new Button({
      text: `Number of Click Events: ${session_data.events}`,
      classes: 'm-1 bg-blue-500 hover:bg-blue-700 text-white font-bold py-2 px-4 rounded-full',
      a: wp,
    }).with({ visits_div });

    function my_click(self: typeof b, msg: EventMsg): void {
      const session_data = session_dict.get(msg.session_id!)!;
      session_data.events += 1;
      self.text = `Number of Click Events: ${session_data.events}`;
      self.visits_div.text = `Number of visits: ${session_data.visits}`;
    }

    b.on('click', my_click);
    return wp;
  }

  return { session_dict, session_test };
}
