// Type tests for the default (sessions on) app: `npm run typecheck` compiles this file; a line
// marked @ts-expect-error must not compile, and an expectType must hold. Nothing here runs.
import type { Request } from 'express';
import { Button, Div, Input, Select, WebPage, parseHtml, type Component, type EventMsg } from '../../lib/index.js';
import { expectType, type Equal } from './assert-type.js';

export function sessionTypes(req: Request, msg: EventMsg): void {
  expectType<Equal<typeof req.session_id, string>>(true);
  expectType<Equal<typeof msg.session_id, string>>(true);
  const clicks = new Map<string, number>();
  clicks.set(msg.session_id, 1); // no `!`
  void req.session_data.get('visits');
}

export function inferredHandlers(wp: WebPage): void {
  const visits_div = new Div({ text: 'Number of visits: 1', a: wp });
  const b = new Button({ text: 'Clicks: 0', a: wp }).with({ visits_div, count: 0 });
  b.on('click', function my_click(self, msg) {
    expectType<Equal<typeof self, typeof b>>(true);
    expectType<Equal<typeof msg, EventMsg>>(true);
    self.count += 1;
    self.visits_div.text = `Clicks by ${msg.session_id}: ${self.count}`;
  });
  b.on('click', async (self, msg) => {
    await msg.page.update();
    self.text = 'done';
    return true;
  });
  // @ts-expect-error a field that with() did not attach
  b.on('click', (self) => self.missing);
  // @ts-expect-error JustPy's spelling: events are named `click`
  b.on('onclick', () => undefined);
  // @ts-expect-error not an event a component can listen to
  b.on('dblclick', () => undefined);
  // @ts-expect-error a with() field keeps the type it was attached with
  b.count = 'many';
}

export function lookupByName(wp: WebPage): void {
  const form = parseHtml('<form><input name="password" type="password"><button name="go">Go</button></form>', { a: wp });
  const password = form.byName('password', Input);
  expectType<Equal<typeof password, Input>>(true);
  password.value = '';
  expectType<Equal<ReturnType<typeof form.byName>, Component>>(true);
  const go = form.byName('go').with({ password });
  go.on('click', (self) => {
    self.password.value = '';
  });
  const unchecked = form.byName<Select>('password');
  expectType<Equal<typeof unchecked, Select>>(true);
  // @ts-expect-error the class must be a component class
  form.byName('go', Date);
}
export function multipleSelect(select: Select, msg: EventMsg): void {
  select.value = ['a', 'b'];
  select.values = ['a'];
  expectType<Equal<typeof select.values, string[]>>(true);
  expectType<Equal<typeof msg.values, string[] | undefined>>(true);
  // @ts-expect-error values are strings
  select.values = [1];
}

// The app's session-data shape (demo/session-test.ts and demo/login.ts declare visits, events and
// logged_in) types every handle, in routes and in handlers alike.
export async function typedSessionData(req: Request, msg: EventMsg): Promise<void> {
  const logged_in = await req.session_data.get('logged_in');
  expectType<Equal<typeof logged_in, boolean | undefined>>(true);
  const visits = await msg.session_data.incr('visits');
  expectType<Equal<typeof visits, number>>(true);
  await msg.session_data.set('logged_in', true);
  // @ts-expect-error incr on a field that is not a number
  await msg.session_data.incr('logged_in');
  // @ts-expect-error a value of another type than the field's
  await req.session_data.set('visits', 'many');
  // @ts-expect-error update must return the field's type
  await req.session_data.update('events', () => 'none');
}
