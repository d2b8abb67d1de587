/** Reading the demo's session_test page the way the browser runtime does: boot JSON and the button to click. */
import { Parser } from 'htmlparser2';
import { DOM, type BootData } from '../../lib/render/wire.js';

export interface DemoPage {
  boot: BootData;
  /** DOM id of the element that listens to clicks (the "Number of Click Events" button). */
  buttonId: string;
  /** The count the button shows. */
  clicks: number;
  html: string;
}

const CLICKS = /Number of Click Events: (\d+)/;

/** Parses a page; returns a string saying what is missing instead of throwing (it is server output under test). */
export function parseDemoPage(html: string): DemoPage | string {
  let bootText: string | null = null;
  let inBoot = false;
  let buttonId: string | null = null;
  const parser = new Parser({
    onopentag(name, attrs) {
      if (name === 'script' && attrs.id === DOM.bootScriptId) {
        inBoot = true;
        bootText = '';
      }
      const events = attrs[DOM.eventsAttr];
      if (buttonId === null && attrs.id && events?.split(' ').includes('click')) buttonId = attrs.id;
    },
    ontext(text) {
      if (inBoot) bootText += text;
    },
    onclosetag(name) {
      if (name === 'script') inBoot = false;
    },
  });
  parser.end(html);
  if (bootText === null) return `no <script id="${DOM.bootScriptId}"> in the page`;
  if (buttonId === null) return 'no element listening to click in the page';
  const clicks = clickCount(html);
  if (clicks === null) return "no 'Number of Click Events' in the page";
  let boot: BootData;
  try {
    boot = JSON.parse(bootText) as BootData;
  } catch {
    return 'boot data is not JSON';
  }
  return { boot, buttonId, clicks, html };
}

/** The count in "Number of Click Events: N" of some HTML, or null. */
export function clickCount(html: string): number | null {
  const m = CLICKS.exec(html);
  return m ? Number(m[1]) : null;
}
