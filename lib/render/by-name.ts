import type { Component } from './component.js';

/** A component class, for byName's checked lookup (`Input`, `Button`, ...). */
export type ComponentClass<C extends Component> = abstract new (...args: never[]) => C;

/**
 * The first component in `root`'s subtree (itself included, document order) whose `name` is
 * `name`; throws an Error naming what is missing (and the names there are), or what it found
 * when it is not a `kind`.
 */
export function findByName<C extends Component>(root: Component, name: string, kind?: ComponentClass<C>): C {
  const named: Component[] = [];
  const stack: Component[] = [root];
  for (let c = stack.pop(); c; c = stack.pop()) {
    if (c.name !== '') named.push(c);
    for (let i = c.components.length - 1; i >= 0; i--) stack.push(c.components[i] as Component);
  }
  const found = named.find((c) => c.name === name);
  if (found === undefined) {
    const names = [...new Set(named.map((c) => JSON.stringify(c.name)))].join(', ');
    throw new Error(`byName: no component named ${JSON.stringify(name)} here (names: ${names || 'none'})`);
  }
  if (kind !== undefined && !(found instanceof kind)) {
    const article = /^[AEIOU]/.test(kind.name) ? 'an' : 'a';
    throw new Error(`byName: ${JSON.stringify(name)} is a <${found.tag}> (${found.constructor.name}), not ${article} ${kind.name}`);
  }
  return found as C;
}
