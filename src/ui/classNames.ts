/**
 * The class names that apply, joined for `className`: a CSS module's classes are looked up by
 * key (possibly `undefined`), and a condition that does not hold adds nothing.
 */
export function cx(...names: ReadonlyArray<string | false | null | undefined>): string {
  return names.filter(Boolean).join(' ');
}
