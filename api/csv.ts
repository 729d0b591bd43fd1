// CSV (RFC 4180): CRLF line ends, a header row, and fields quoted when they contain a comma, a
// quote, CR or LF (quotes doubled). Null/undefined → empty field; dates → ISO 8601. Fields that a
// spreadsheet would run as a formula (leading = + - @, tab, CR) get a leading apostrophe inside
// quotes (OWASP CSV injection), since titles come from Reddit users.
export type CsvValue = string | number | boolean | Date | null | undefined;

const FORMULA = /^[=+\-@\t\r]/;

export function csvField(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const text = FORMULA.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) || text !== value ? `"${text.replaceAll('"', '""')}"` : text;
}

export function toCsv<Row extends Record<string, CsvValue>>(
  columns: readonly (keyof Row & string)[],
  rows: readonly Row[],
): string {
  const lines = [columns.map((c) => csvField(c)).join(',')];
  for (const row of rows) lines.push(columns.map((c) => csvField(row[c])).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
