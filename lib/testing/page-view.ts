// What a browser tab shows of a page, kept current from the server's messages as the runtime keeps
// its DOM (lib/client/index.ts, patch.ts, page-options.ts): changes replace elements by id, a
// redirect wins over the rest of its message, title and display_url follow.
import type { BootData, FieldValue, PageOptions, ServerMessage } from '../render/wire.js';
import { chooseOptions, fieldValue, isField, isPassword, isTextField, setFieldValue } from './fields.js';
import { descendants, prettyHtml, readableLines, type PageDocument } from './page-document.js';

/** Something the page reported or the kit noticed; the runtime dispatches the same as `jp:error`. */
export interface PageProblem {
  /** A server code (`handler-error`, ...) or the runtime's own (`missing-element`, `bad-message`). */
  code: string;
  message: string;
}

export class PageView {
  doc!: PageDocument;
  /** The address bar: the loaded URL, then display_url resolved against it. */
  url!: string;
  title!: string;
  display_url: string | null = null;
  redirect: string | null = null;
  version!: number;
  /** The field the user typed into last: its value survives updates while it keeps focus. */
  focusedId: string | null = null;
  readonly messages: ServerMessage[] = [];
  readonly problems: PageProblem[] = [];
  private readonly listeners = new Set<() => void>();

  constructor(doc: PageDocument, url: string, boot: BootData) {
    this.load(doc, url, boot);
  }

  /** Shows a freshly loaded document (the first load, or a reload); messages and problems so far stay. */
  load(doc: PageDocument, url: string, boot: BootData): void {
    this.doc = doc;
    this.url = url;
    this.title = doc.title();
    this.version = boot.version;
    this.display_url = null;
    this.redirect = null;
    this.focusedId = null;
    // On first load the runtime follows a redirect at once and shows only a non-empty display_url.
    if (boot.redirect) this.redirect = boot.redirect;
    else if (boot.display_url) this.showUrl(boot.display_url);
  }

  /** Applies one server message; returns true when it redirects (the page is leaving). */
  apply(msg: ServerMessage): boolean {
    this.messages.push(msg);
    try {
      if (msg.type === 'error') {
        this.problems.push({ code: msg.code, message: msg.message });
        return false;
      }
      if (msg.type === 'renew') return false; // the page answers it (test-page.ts), as the runtime does
      if (msg.page_options?.redirect) {
        this.redirect = msg.page_options.redirect;
        return true;
      }
      for (const change of msg.changes ?? []) this.replace(change.id, change.html);
      if (msg.type === 'update') this.setFields(msg.fields ?? []);
      this.version = msg.version;
      this.applyOptions(msg.page_options);
      return false;
    } finally {
      this.changed();
    }
  }

  noteProblem(problem: PageProblem): void {
    this.problems.push(problem);
    this.changed();
  }

  /** Calls `listener` after every change; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  changed(): void {
    for (const listener of [...this.listeners]) listener();
  }

  /** The page's visible text, one line per block. */
  text(): string {
    return readableLines(this.doc.root(), true).join('\n');
  }

  /** The page as it is now, for error messages. */
  snapshot(): string {
    return `The page (${this.url}) is now:\n${prettyHtml(this.doc.root())}`;
  }

  private replace(id: string, html: string): void {
    const old = this.doc.byId(id);
    if (!old) {
      this.problems.push({ code: 'missing-element', message: `no element for change ${id}` });
      return;
    }
    const kept = [old, ...descendants(old)]
      .filter((f) => f.attribs.id && isTextField(f) && (isPassword(f) || f.attribs.id === this.focusedId))
      .map((f) => [f.attribs.id as string, fieldValue(f)] as const);
    this.doc.replace(id, html);
    for (const [fieldId, value] of kept) {
      const field = this.doc.byId(fieldId);
      if (field && isTextField(field)) setFieldValue(field, value);
    }
  }

  /** Values the server set: they win over what a password or the focused field kept through the morph. */
  private setFields(fields: readonly FieldValue[]): void {
    for (const { id, value } of fields) {
      const field = this.doc.byId(id);
      if (!field || !isField(field)) {
        this.problems.push({ code: 'missing-element', message: `no field for value ${id}` });
        continue;
      }
      if (field.name === 'select') chooseOptions(field, typeof value === 'string' ? [value] : value);
      else setFieldValue(field, typeof value === 'string' ? value : (value[0] ?? ''));
    }
  }

  private applyOptions(options: PageOptions | undefined): void {
    if (!options) return;
    if (typeof options.title === 'string') this.title = options.title;
    // JustPy pushes any non-null display_url on updates (an empty one included).
    if (typeof options.display_url === 'string') this.showUrl(options.display_url);
  }

  private showUrl(shown: string): void {
    this.display_url = shown;
    this.url = new URL(shown, this.url).href;
  }
}
