// README's first example, compiled by `npm run typecheck` (spec/readme.test.ts checks that the
// README block is this code). Never run.
import type { Request } from 'express';
import { Button, Div, WebPage, justpy } from '../../lib/index.js';

async function session_test(request: Request): Promise<WebPage> {
  const wp = new WebPage();
  const session_data = request.session_data; // this session's data, in jpSession()'s store
  const visits = await session_data.incr('visits');
  new Div({ text: `My session id: ${request.session_id}`, classes: 'm-2 p-1 text-xl', a: wp });
  const visits_div = new Div({ text: `Number of visits: ${visits}`, classes: 'm-2 p-1 text-xl', a: wp });
  const events = (await session_data.get('events')) ?? 0;
  const b = new Button({ text: `Number of Click Events: ${events}`, classes: 'm-1 py-2 px-4 bg-blue-500 text-white rounded-full', a: wp })
    .with({ visits_div });

  b.on('click', async function my_click(self, msg) {
    const session_data = msg.session_data;
    self.text = `Number of Click Events: ${await session_data.incr('events')}`;
    self.visits_div.text = `Number of visits: ${await session_data.get('visits')}`;
  });
  return wp;
}

const jp = await justpy(session_test); // http://127.0.0.1:8000/ unless HOST or PORT say otherwise
console.log(`session_test on ${jp.url}`);
