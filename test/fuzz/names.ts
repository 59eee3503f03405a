/**
 * Words every plain JavaScript object answers to: a lookup `table[word]` on an object literal
 * finds them even when the table never defined them. The fuzz and property suites put them
 * wherever a scenario takes a name.
 */
export const PROTOTYPE_NAMES = [
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  'valueOf',
  'isPrototypeOf',
  'propertyIsEnumerable',
  'toLocaleString',
  '__defineGetter__',
  '__lookupSetter__',
  'prototype',
] as const;
