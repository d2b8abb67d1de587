import { WIRE_VERSION } from '../../lib/render/wire.js';
import { describe, expect, it } from 'vitest';
import { createHtmlDocument, scriptJson } from '../../lib/render/html-document.js';
import { Div } from '../../lib/render/html-components.js';
import { WebPage } from '../../lib/render/webpage.js';
import { bootDataOf } from '../support/live-server.js';

const doc = createHtmlDocument({
  wsPath: '/_jp/ws',
  instanceId: 'web-2',
  instanceRun: '0123456789ab',
  clientSrc: '/_jp/static/client-abcd1234.js',
  tailwindSrc: '/_jp/static/tailwind-4.0.0.js',
  graceMs: 30000,
});

/** Everything between the boot script's opening tag and the first closing tag after it. */
function bootScript(html: string): string {
  const start = html.indexOf('id="jp-boot">') + 'id="jp-boot">'.length;
  return html.slice(start, html.toLowerCase().indexOf('</script', start));
}

describe('scriptJson', () => {
  it.each([
    ['</SCRIPT><img src=x onerror=alert(1)>'],
    ['</script>'],
    ['<!-- x'],
    ['a & b'],
    ['line\u2028sep\u2029para'],
  ])('writes %j with no <, >, & or line separators, and reads back the same', (text) => {
    const json = scriptJson({ text });
    expect(json).not.toMatch(/[<>&\u2028\u2029]/);
    expect(JSON.parse(json)).toEqual({ text });
  });
});

describe('createHtmlDocument', () => {
  it('renders a complete page with the components readable without JavaScript', () => {
    const wp = new WebPage({ title: 'Hello' });
    new Div({ text: 'Number of visits: 1', a: wp });
    const html = doc(wp, 'TOKEN');
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('<title>Hello</title>');
    expect(html).toContain('<script src="/_jp/static/tailwind-4.0.0.js"></script>');
    expect(html).toContain('<div id="jp-root"><div id="');
    expect(html).toContain('>Number of visits: 1</div>');
    expect(html.endsWith('<script type="module" src="/_jp/static/client-abcd1234.js"></script></body></html>')).toBe(true);
  });

  it("carries the boot data the client needs, the instance's id and run included", () => {
    const wp = new WebPage();
    wp.display_url = 'login_page';
    expect(bootDataOf(doc(wp, 'TOKEN'))).toEqual({
      wire: WIRE_VERSION,
      page: 'TOKEN',
      instance: 'web-2',
      run: '0123456789ab',
      ws_path: '/_jp/ws',
      version: wp.version,
      grace_ms: 30000,
      title: null,
      redirect: null,
      display_url: 'login_page',
    });
  });

  it("uses JustPy's title when the page has none", () => {
    expect(doc(new WebPage(), 't')).toContain('<title>JustPy</title>');
  });

  it('keeps hostile text, title and display_url inside the boot script and the title element', () => {
    const evil = '</SCRIPT><img src=x onerror=alert(1)>\u2028\'"';
    const wp = new WebPage({ title: evil });
    wp.display_url = evil;
    wp.redirect = evil;
    new Div({ text: evil, a: wp });
    const html = doc(wp, 'TOKEN');
    expect(bootScript(html)).not.toMatch(/[<>\u2028]/);
    expect(html).not.toContain('<img');
    expect(html).toContain('<title>&lt;/SCRIPT&gt;&lt;img src=x onerror=alert(1)&gt;\u2028&#39;&quot;</title>');
    const boot = bootDataOf(html);
    expect([boot.title, boot.display_url, boot.redirect]).toEqual([evil, evil, evil]);
  });
});
