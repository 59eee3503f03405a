/**
 * A selector for the elements whose attribute `name` is `value`, with `value` quoted
 * (`[data-host="processing-3"]`) and its quotes and backslashes escaped, as `CSS.escape` would:
 * the unit tests' DOM has no `CSS.escape`, and a hook that called it would throw there. Names
 * are the scenario's (letters, digits, `-`, `_`, `.`), but nothing here relies on it. Pure.
 * @param prefix What the selector starts with (`[data-testid="host-card"]`), or nothing.
 */
export function attributeSelector(name: string, value: string, prefix = ''): string {
  return `${prefix}[${name}="${value.replace(/["\\]/g, '\\$&').replace(/\n/g, '\\a ')}"]`;
}
