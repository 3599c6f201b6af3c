/**
 * Finds the parameter placeholders of a Postgres statement, outside string literals, quoted
 * identifiers, dollar-quoted bodies and comments: `$1` (pg's positional style) or `:name` (the
 * RDS Data API's named style; `::type` casts are not placeholders). A placeholder in a literal is
 * text, and rewriting it would change the statement's meaning.
 */

export type PlaceholderStyle = 'positional' | 'named';

const identStart = /[A-Za-z_]/;
const identPart = /[A-Za-z0-9_]/;

/** The statement with each placeholder replaced by `replace(key)`: the number for `$n`, the name for `:name`. */
export function rewritePlaceholders(
  sql: string,
  style: PlaceholderStyle,
  replace: (key: string) => string,
): string {
  let out = '';
  let i = 0;
  const skipTo = (end: number) => {
    out += sql.slice(i, end);
    i = end;
  };
  while (i < sql.length) {
    const c = sql[i] ?? '';
    const next = sql[i + 1] ?? '';
    if (c === "'" || c === '"') {
      skipTo(closingQuote(sql, i, c, c === "'" && /[eE]/.test(sql[i - 1] ?? '')));
    } else if (c === '-' && next === '-') {
      const end = sql.indexOf('\n', i);
      skipTo(end < 0 ? sql.length : end);
    } else if (c === '/' && next === '*') {
      const end = sql.indexOf('*/', i + 2);
      skipTo(end < 0 ? sql.length : end + 2);
    } else if (c === '$' && /[0-9]/.test(next) && !identPart.test(sql[i - 1] ?? '')) {
      let end = i + 1;
      while (/[0-9]/.test(sql[end] ?? '')) end++;
      out += style === 'positional' ? replace(sql.slice(i + 1, end)) : sql.slice(i, end);
      i = end;
    } else if (c === '$') {
      const tag = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(sql.slice(i))?.[0];
      if (tag && !identPart.test(sql[i - 1] ?? '')) {
        const end = sql.indexOf(tag, i + tag.length);
        skipTo(end < 0 ? sql.length : end + tag.length);
      } else skipTo(i + 1);
    } else if (c === ':' && next === ':') {
      skipTo(i + 2);
    } else if (c === ':' && identStart.test(next) && style === 'named') {
      let end = i + 1;
      while (identPart.test(sql[end] ?? '')) end++;
      out += replace(sql.slice(i + 1, end));
      i = end;
    } else skipTo(i + 1);
  }
  return out;
}

/** The index just past the quote closing the literal or identifier opened at `start`. */
function closingQuote(sql: string, start: number, quote: string, backslashEscapes: boolean): number {
  for (let i = start + 1; i < sql.length; i++) {
    if (backslashEscapes && sql[i] === '\\') i++;
    else if (sql[i] === quote) {
      if (sql[i + 1] === quote) i++;
      else return i + 1;
    }
  }
  return sql.length;
}
