// `COPY ... FROM STDIN` must never reach the engine: in this PGlite build it aborts the WebAssembly
// instance ("RuntimeError: unreachable"), which kills the whole embedded database, app included.
// (COPY TO STDOUT works and is allowed; COPY inside PL/pgSQL or SQL functions is refused by
// Postgres itself.) This is a small lexer, not a parser: it skips comments, quoted strings,
// quoted identifiers and dollar quotes, splits on top-level semicolons, and flags a statement whose
// first word is COPY and that has the words FROM STDIN outside parentheses.

const WORD_START = /[A-Za-z_\u0080-\uffff]/;
const WORD_PART = /[A-Za-z0-9_$\u0080-\uffff]/;
const DOLLAR_TAG = /^\$([A-Za-z_\u0080-\uffff][A-Za-z0-9_\u0080-\uffff]*)?\$/;

export function hasCopyFromStdin(sql: string): boolean {
  let words: string[] = [];
  let depth = 0;
  let i = 0;
  const statementEnds = (): boolean => isCopyFromStdin(words);
  while (i < sql.length) {
    const c = sql[i] ?? '';
    const next = sql[i + 1] ?? '';
    if (c === '-' && next === '-') {
      const end = sql.indexOf('\n', i);
      i = end < 0 ? sql.length : end + 1;
    } else if (c === '/' && next === '*') {
      i = skipBlockComment(sql, i);
    } else if (c === "'") {
      i = skipQuoted(sql, i, "'", false);
    } else if (c === '"') {
      i = skipQuoted(sql, i, '"', false);
      if (depth === 0) words.push('"');
    } else if (c === '$') {
      const tag = DOLLAR_TAG.exec(sql.slice(i, i + 200));
      if (tag) {
        const close = sql.indexOf(tag[0], i + tag[0].length);
        i = close < 0 ? sql.length : close + tag[0].length;
      } else i++;
    } else if (c === '(') {
      depth++;
      i++;
    } else if (c === ')') {
      depth = Math.max(0, depth - 1);
      i++;
    } else if (c === ';') {
      if (statementEnds()) return true;
      words = [];
      depth = 0;
      i++;
    } else if (WORD_START.test(c)) {
      let end = i + 1;
      while (end < sql.length && WORD_PART.test(sql[end] ?? '')) end++;
      const word = sql.slice(i, end).toLowerCase();
      // E'...' strings take backslash escapes, so \' does not end them.
      if (word === 'e' && sql[end] === "'") {
        i = skipQuoted(sql, end, "'", true);
        continue;
      }
      if (depth === 0) words.push(word);
      i = end;
    } else {
      i++;
    }
  }
  return statementEnds();
}

function isCopyFromStdin(words: readonly string[]): boolean {
  if (words[0] !== 'copy') return false;
  for (let k = 1; k + 1 < words.length; k++) {
    if (words[k] === 'from' && words[k + 1] === 'stdin') return true;
  }
  return false;
}

function skipBlockComment(sql: string, start: number): number {
  let depth = 0;
  let i = start;
  while (i < sql.length) {
    if (sql[i] === '/' && sql[i + 1] === '*') {
      depth++;
      i += 2;
    } else if (sql[i] === '*' && sql[i + 1] === '/') {
      depth--;
      i += 2;
      if (depth === 0) return i;
    } else i++;
  }
  return sql.length;
}

function skipQuoted(sql: string, start: number, quote: string, backslashEscapes: boolean): number {
  let i = start + 1;
  while (i < sql.length) {
    const c = sql[i];
    if (backslashEscapes && c === '\\') i += 2;
    else if (c === quote) {
      if (sql[i + 1] === quote) i += 2;
      else return i + 1;
    } else i++;
  }
  return sql.length;
}
