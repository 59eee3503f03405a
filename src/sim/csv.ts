/**
 * CSV as RFC 4180 writes it, for every table Rehearse saves as CSV (the debugger's downtime table,
 * `rehearse sweep --csv`).
 */

/** A field: quoted, its quotes doubled, when it holds `,`, `"`, CR or LF. Pure. */
function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * Records as CSV text: fields quoted where they need it, CRLF after every record (the last
 * too). The first record is the header. Pure.
 * @example csvText([['name', 'note'], ['a', 'x, y']]) // 'name,note\r\na,"x, y"\r\n'
 */
export function csvText(records: readonly (readonly string[])[]): string {
  return records.map((record) => `${record.map(csvField).join(',')}\r\n`).join('');
}
