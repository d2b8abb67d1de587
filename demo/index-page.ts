// '/': links to the two examples of JustPy's sessions tutorial.
import type { Request } from 'express';
import { A, Div, H1, Li, P, Ul, WebPage } from '../lib/index.js';

const EXAMPLES = [
  { href: '/session_test', text: 'Simple Example: visits and clicks per session' },
  { href: '/login', text: 'Login Example: sign in, stay signed in, log out' },
] as const;

export function index_page(request: Request): WebPage {
  const wp = new WebPage({ title: 'justpy-ts demo' });
  const box = new Div({ classes: 'm-4 p-4 max-w-xl', a: wp });
  new H1({ text: 'justpy-ts: JustPy sessions in TypeScript', classes: 'text-2xl font-bold mb-2', a: box });
  new P({ text: `Your session id: ${request.session_id}`, classes: 'text-gray-600 mb-4', a: box });
  const list = new Ul({ classes: 'list-disc pl-6', a: box });
  for (const example of EXAMPLES) {
    new A({ href: example.href, text: example.text, classes: 'text-blue-700 underline', a: new Li({ classes: 'm-1', a: list }) });
  }
  return wp;
}
