import { Component } from './component.js';
import type { ComponentOptions } from './component-options.js';

// One class per HTML element JustPy's htmlcomponents offers for ordinary pages; Input and Textarea
// (which bind their value) live in input.ts, Select, Option and Optgroup in select.ts.

export class Div extends Component { constructor(o?: ComponentOptions) { super(o, 'div'); } }
export class Span extends Component { constructor(o?: ComponentOptions) { super(o, 'span'); } }
export class P extends Component { constructor(o?: ComponentOptions) { super(o, 'p'); } }
export class A extends Component { constructor(o?: ComponentOptions) { super(o, 'a'); } }
export class Button extends Component { constructor(o?: ComponentOptions) { super(o, 'button'); } }
export class Form extends Component { constructor(o?: ComponentOptions) { super(o, 'form'); } }
export class Label extends Component { constructor(o?: ComponentOptions) { super(o, 'label'); } }
export class H1 extends Component { constructor(o?: ComponentOptions) { super(o, 'h1'); } }
export class H2 extends Component { constructor(o?: ComponentOptions) { super(o, 'h2'); } }
export class H3 extends Component { constructor(o?: ComponentOptions) { super(o, 'h3'); } }
export class H4 extends Component { constructor(o?: ComponentOptions) { super(o, 'h4'); } }
export class H5 extends Component { constructor(o?: ComponentOptions) { super(o, 'h5'); } }
export class H6 extends Component { constructor(o?: ComponentOptions) { super(o, 'h6'); } }
export class Ul extends Component { constructor(o?: ComponentOptions) { super(o, 'ul'); } }
export class Ol extends Component { constructor(o?: ComponentOptions) { super(o, 'ol'); } }
export class Li extends Component { constructor(o?: ComponentOptions) { super(o, 'li'); } }
export class Img extends Component { constructor(o?: ComponentOptions) { super(o, 'img'); } }
export class Table extends Component { constructor(o?: ComponentOptions) { super(o, 'table'); } }
export class Thead extends Component { constructor(o?: ComponentOptions) { super(o, 'thead'); } }
export class Tbody extends Component { constructor(o?: ComponentOptions) { super(o, 'tbody'); } }
export class Tfoot extends Component { constructor(o?: ComponentOptions) { super(o, 'tfoot'); } }
export class Tr extends Component { constructor(o?: ComponentOptions) { super(o, 'tr'); } }
export class Th extends Component { constructor(o?: ComponentOptions) { super(o, 'th'); } }
export class Td extends Component { constructor(o?: ComponentOptions) { super(o, 'td'); } }
export class Caption extends Component { constructor(o?: ComponentOptions) { super(o, 'caption'); } }
export class Hr extends Component { constructor(o?: ComponentOptions) { super(o, 'hr'); } }
export class Br extends Component { constructor(o?: ComponentOptions) { super(o, 'br'); } }
export class Section extends Component { constructor(o?: ComponentOptions) { super(o, 'section'); } }
export class Header extends Component { constructor(o?: ComponentOptions) { super(o, 'header'); } }
export class Footer extends Component { constructor(o?: ComponentOptions) { super(o, 'footer'); } }
export class Nav extends Component { constructor(o?: ComponentOptions) { super(o, 'nav'); } }
export class Main extends Component { constructor(o?: ComponentOptions) { super(o, 'main'); } }
export class Article extends Component { constructor(o?: ComponentOptions) { super(o, 'article'); } }
export class Aside extends Component { constructor(o?: ComponentOptions) { super(o, 'aside'); } }
export class Strong extends Component { constructor(o?: ComponentOptions) { super(o, 'strong'); } }
export class Em extends Component { constructor(o?: ComponentOptions) { super(o, 'em'); } }
export class B extends Component { constructor(o?: ComponentOptions) { super(o, 'b'); } }
export class I extends Component { constructor(o?: ComponentOptions) { super(o, 'i'); } }
export class U extends Component { constructor(o?: ComponentOptions) { super(o, 'u'); } }
export class S extends Component { constructor(o?: ComponentOptions) { super(o, 's'); } }
export class Small extends Component { constructor(o?: ComponentOptions) { super(o, 'small'); } }
export class Code extends Component { constructor(o?: ComponentOptions) { super(o, 'code'); } }
export class Pre extends Component { constructor(o?: ComponentOptions) { super(o, 'pre'); } }
export class Blockquote extends Component { constructor(o?: ComponentOptions) { super(o, 'blockquote'); } }
export class Fieldset extends Component { constructor(o?: ComponentOptions) { super(o, 'fieldset'); } }
export class Legend extends Component { constructor(o?: ComponentOptions) { super(o, 'legend'); } }
export class Dl extends Component { constructor(o?: ComponentOptions) { super(o, 'dl'); } }
export class Dt extends Component { constructor(o?: ComponentOptions) { super(o, 'dt'); } }
export class Dd extends Component { constructor(o?: ComponentOptions) { super(o, 'dd'); } }
export class Figure extends Component { constructor(o?: ComponentOptions) { super(o, 'figure'); } }
export class Figcaption extends Component { constructor(o?: ComponentOptions) { super(o, 'figcaption'); } }
export class Sup extends Component { constructor(o?: ComponentOptions) { super(o, 'sup'); } }
export class Sub extends Component { constructor(o?: ComponentOptions) { super(o, 'sub'); } }
export class Mark extends Component { constructor(o?: ComponentOptions) { super(o, 'mark'); } }
export class Abbr extends Component { constructor(o?: ComponentOptions) { super(o, 'abbr'); } }
export class Time extends Component { constructor(o?: ComponentOptions) { super(o, 'time'); } }
export class Kbd extends Component { constructor(o?: ComponentOptions) { super(o, 'kbd'); } }
export class Details extends Component { constructor(o?: ComponentOptions) { super(o, 'details'); } }
export class Summary extends Component { constructor(o?: ComponentOptions) { super(o, 'summary'); } }
export class Address extends Component { constructor(o?: ComponentOptions) { super(o, 'address'); } }
