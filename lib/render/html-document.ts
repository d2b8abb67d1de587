import { escapeHtml } from './html-escape.js';
import type { WebPage } from './webpage.js';
import { DOM, WIRE_VERSION } from './wire.js';

export interface HtmlDocumentOptions {
  wsPath: string;
  /** The renderer's instance id and run, which the socket URL carries back. */
  instanceId: string;
  instanceRun: string;
  clientSrc: string;
  tailwindSrc: string;
  graceMs: number;
}

/** JustPy's default page title. */
export const DEFAULT_TITLE = 'JustPy';

/**
 * Builds the first response of a page: the server-rendered root (readable without JavaScript) and the
 * boot data for the client. The constant parts are joined once, here; a request only fills the gaps.
 */
export function createHtmlDocument(options: HtmlDocumentOptions): (page: WebPage, token: string) => string {
  const head =
    '<!doctype html><html lang="en"><head><meta charset="utf-8">' +
    '<meta name="viewport" content="width=device-width, initial-scale=1"><title>';
  const afterTitle = `</title><script src="${escapeHtml(options.tailwindSrc)}"></script></head><body>`;
  const bootOpen = `<script type="application/json" id="${DOM.bootScriptId}">`;
  const bootStart =
    `{"wire":${WIRE_VERSION},"ws_path":${scriptJson(options.wsPath)},"instance":${scriptJson(options.instanceId)}` +
    `,"run":${scriptJson(options.instanceRun)}` +
    `,"grace_ms":${options.graceMs},"page":"`;
  const tail = `</script><script type="module" src="${escapeHtml(options.clientSrc)}"></script></body></html>`;

  return (page, token) =>
    head +
    escapeHtml(page.title ?? DEFAULT_TITLE) +
    afterTitle +
    page.renderRoot() +
    bootOpen +
    bootStart +
    token +
    `","version":${page.version},"title":${scriptJson(page.title)},"redirect":${scriptJson(page.redirect)}` +
    `,"display_url":${scriptJson(page.display_url)}}` +
    tail;
}

const SCRIPT_UNSAFE_TEST = /[<>&\u2028\u2029]/;
const SCRIPT_UNSAFE = /[<>&\u2028\u2029]/g;

/**
 * JSON that is safe inside `<script type="application/json">`: no `</script>` (any case), no `<!--`,
 * and no U+2028/U+2029, because each is written as a \uXXXX escape, which JSON.parse reads back as is.
 */
export function scriptJson(value: unknown): string {
  if (value === null) return 'null';
  const json = JSON.stringify(value);
  return SCRIPT_UNSAFE_TEST.test(json) ? json.replace(SCRIPT_UNSAFE, unicodeEscape) : json;
}

function unicodeEscape(ch: string): string {
  return '\\u' + ch.charCodeAt(0).toString(16).padStart(4, '0');
}
