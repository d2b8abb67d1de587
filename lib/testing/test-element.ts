import type { KeyData } from '../render/wire.js';
import { TestKitError } from './errors.js';
import { fieldValue, isChecked, isField, selectedValues } from './fields.js';
import { elementText } from './locator.js';
import { attr, isHidden, outerHtml, type Element } from './page-document.js';
import type { EventReply } from './page-socket.js';
import type { ActionOptions, TestPage } from './test-page.js';

/**
 * One element of a {@link TestPage}, found by `page.find(...)`. It follows its component through
 * updates (it is looked up by id each time it is read), and acts through the page.
 */
export class TestElement {
  /** @internal */
  constructor(
    private readonly page: TestPage,
    private readonly node: Element,
    /** How it was found, for messages. */
    readonly description: string,
  ) {}

  /** The element as the page holds it now; throws once an update has removed it. */
  private get current(): Element {
    const id = attr(this.node, 'id');
    if (id === undefined) return this.node;
    const now = this.page.elementById(id);
    if (!now) throw new TestKitError(`${this.description} (#${id}) is no longer on the page`);
    return now;
  }

  /** The component id (the element's DOM id); '' for an element that is not a component. */
  get id(): string {
    return attr(this.node, 'id') ?? '';
  }

  get tag(): string {
    return this.current.name;
  }

  /** Its text, whitespace collapsed, hidden parts included. */
  get text(): string {
    return elementText(this.current);
  }

  /** Its outer HTML as the page holds it now. */
  get html(): string {
    return outerHtml(this.current);
  }

  /** A field's live value (what was typed or chosen), else its `value` attribute ('' without). */
  get value(): string {
    const el = this.current;
    return isField(el) ? fieldValue(el) : (attr(el, 'value') ?? '');
  }

  /** Every chosen value of a select (several for a `multiple` one); `[value]` for other fields. */
  get values(): string[] {
    const el = this.current;
    return el.name === 'select' ? selectedValues(el) : [this.value];
  }

  get checked(): boolean {
    return isChecked(this.current);
  }

  /** False when it or an ancestor is `hidden` (what `show: false` renders). CSS is not evaluated. */
  get visible(): boolean {
    return !isHidden(this.current);
  }

  /** Whether it is still on the page. */
  get attached(): boolean {
    const id = attr(this.node, 'id');
    return id === undefined || this.page.elementById(id) !== null;
  }

  attr(name: string): string | undefined {
    return attr(this.current, name);
  }

  /** @internal the DOM node as it is now */
  resolve(): Element {
    return this.current;
  }

  click(options?: ActionOptions): Promise<EventReply> {
    return this.page.click(this, options);
  }

  type(text: string, options?: ActionOptions): Promise<EventReply> {
    return this.page.type(this, text, options);
  }

  change(value?: string | readonly string[] | boolean, options?: ActionOptions): Promise<EventReply> {
    return this.page.change(this, value, options);
  }

  submit(options?: ActionOptions): Promise<EventReply> {
    return this.page.submit(this, options);
  }

  keydown(key: string | Partial<KeyData>, options?: ActionOptions): Promise<EventReply> {
    return this.page.keydown(this, key, options);
  }
}
