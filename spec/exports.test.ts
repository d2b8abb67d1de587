// The export surface is a promise: every name an entry point exports (values and types) is pinned
// here, so an accidental export, or a lost one, turns this red. Change a list only on purpose.
import { describe, expect, it } from 'vitest';
import { exportNames } from './support/export-names.js';

const ELEMENTS = [
  'A', 'Abbr', 'Address', 'Article', 'Aside', 'B', 'Blockquote', 'Br', 'Button', 'Caption', 'Code', 'Dd', 'Details',
  'Div', 'Dl', 'Dt', 'Em', 'Fieldset', 'Figcaption', 'Figure', 'Footer', 'Form', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6',
  'Header', 'Hr', 'I', 'Img', 'Input', 'Kbd', 'Label', 'Legend', 'Li', 'Main', 'Mark', 'Nav', 'Ol', 'Optgroup',
  'Option', 'P', 'Pre', 'S', 'Section', 'Select', 'Small', 'Span', 'Strong', 'Sub', 'Summary', 'Sup', 'Table',
  'Tbody', 'Td', 'Textarea', 'Tfoot', 'Th', 'Thead', 'Time', 'Tr', 'U', 'Ul',
];

const SESSION = [
  'BadCookieHandler', 'BadCookieReason', 'CookieCheck', 'JpConfig', 'JpSessionData', 'JpSessionMiddleware',
  'JpSessionOptions', 'MEMORY_STORE_DEFAULTS', 'MemorySessionStore', 'MemoryStoreOptions', 'NonNumberFields',
  'ResolvedSessionOptions', 'SameSite', 'SessionData', 'SessionDataOf', 'SessionEnvSource', 'SessionId',
  'SessionStore', 'SignerDigest', 'StoreError', 'StoreErrorCode', 'StoreValue', 'createCookieReader',
  'destroySession', 'isStoreError', 'jpSession', 'loadSessionEnv', 'memoryStore', 'newSession', 'regenerateSession', 'signSessionId',
  'CreateStoreOptions', 'REDIS_STORE_DEFAULTS', 'RedisSessionStore', 'RedisStoreOptions', 'SQLITE_STORE_DEFAULTS',
  'SqliteSessionStore', 'SqliteStoreOptions', 'SweepReport', 'createStore', 'redisStore', 'sqliteStore',
];

const RENDER = [
  ...ELEMENTS, 'AttrValue', 'Component', 'ComponentClass', 'ComponentOptions', 'DEFAULT_LIMITS', 'DEFAULT_SECURITY_HEADERS', 'EventMsg',
  'EventName', 'FormField', 'Handler', 'InputOptions', 'KeyData', 'PageFactory', 'ParseHtmlError', 'ParseHtmlOptions',
  'RENDER_ERRORS', 'RenderErrorCode', 'RenderLimits', 'RenderLogger', 'RenderTimers', 'Renderer', 'RendererOptions',
  'StyleName', 'Styles', 'TextNode', 'WebPage', 'WebPageOptions', 'createRenderer', 'escapeHtml', 'parseHtml', 'parse_html',
];

const APP = ['JUSTPY_DEFAULTS', 'JustpyApp', 'JustpyCloseOptions', 'JustpyOptions', 'JustpyParts', 'JustpyRoutes', 'RunningJustpyApp', 'createJustpyApp', 'justpy'];

const TESTING = [
  'ActionOptions', 'AttachSockets', 'BootData', 'Change', 'ErrorMessage', 'EventReply', 'FieldValue', 'HelloMessage',
  'Locator', 'LocatorQuery', 'OpenOptions', 'OutgoingEvent', 'PageEventError', 'PageOptions', 'PageProblem', 'RenewMessage',
  'ServerMessage', 'SessionCookieSettings', 'SoftErrorCode', 'Target', 'TestClient', 'TestClientOptions',
  'TestElement', 'TestKitError', 'TestPage', 'TestTarget', 'UpdateMessage', 'createTestClient',
];

const ENTRIES = {
  'justpy-ts': { file: 'lib/index.ts', names: [...SESSION, ...RENDER, ...APP] },
  'justpy-ts/session': { file: 'lib/session/index.ts', names: SESSION },
  'justpy-ts/render': { file: 'lib/render/index.ts', names: RENDER },
  'justpy-ts/testing': { file: 'lib/testing/index.ts', names: TESTING },
} as const;

const sorted = (names: readonly string[]): string[] => [...new Set(names)].sort();

describe('the export surface', () => {
  const found = exportNames(Object.values(ENTRIES).map((e) => e.file));

  it.each(Object.entries(ENTRIES))('%s exports exactly its pinned names', (_entry, { file, names }) => {
    expect(found[file]).toEqual(sorted(names));
  });

  it.each(Object.entries(ENTRIES))('%s: what it exports at run time is among them', async (_entry, { file, names }) => {
    const module = (await import(`../${file.replace(/\.ts$/, '.js')}`)) as Record<string, unknown>;
    const pinned = new Set<string>(names);
    expect(Object.keys(module).filter((name) => !pinned.has(name))).toEqual([]);
  });

  it('keeps the protocol internal', () => {
    for (const internal of ['CLOSE', 'DOM', 'WIRE_VERSION', 'WS_QUERY', 'EVENT_NAMES', 'parseClientMessage', 'parseServerMessage', 'newComponentId', 'ELEMENT_CLASSES', 'deriveKey', 'createSigner']) {
      for (const { file } of Object.values(ENTRIES)) expect(found[file], `${file} exports ${internal}`).not.toContain(internal);
    }
  });
});

describe('exported tables', () => {
  it.each(Object.entries(ENTRIES))('%s: every exported table is frozen all the way down', async (_entry, { file }) => {
    const module = (await import(`../${file.replace(/\.ts$/, '.js')}`)) as Record<string, unknown>;
    const unfrozen: string[] = [];
    const visit = (value: unknown, path: string): void => {
      if (typeof value !== 'object' || value === null) return;
      if (!Object.isFrozen(value)) unfrozen.push(path);
      for (const [key, inner] of Object.entries(value)) visit(inner, `${path}.${key}`);
    };
    for (const [name, value] of Object.entries(module)) visit(value, name);
    expect(unfrozen).toEqual([]);
  });

  it('holds frozen tables the protocol uses inside, too', async () => {
    const wire = await import('../lib/render/wire.js');
    const { ELEMENT_CLASSES } = await import('../lib/render/element-classes.js');
    for (const table of [wire.CLOSE, wire.CLOSE.pageGone, wire.DOM, wire.WS_QUERY, wire.EVENT_NAMES, ELEMENT_CLASSES]) {
      expect(Object.isFrozen(table)).toBe(true);
    }
  });
});
