import { describe, expect, it } from 'vitest';
import { rewritePlaceholders } from '../../../../shared/adapters/aws/sql-placeholders';

const positional = (sql: string) => rewritePlaceholders(sql, 'positional', (n) => `<${n}>`);
const named = (sql: string) => rewritePlaceholders(sql, 'named', (name) => `<${name}>`);

describe('rewritePlaceholders', () => {
  it('replaces $n placeholders, multi-digit ones whole, and the same one each time it appears', () => {
    expect(positional('SELECT $1, $12 WHERE a = $1 AND b = ($2::uuid)')).toBe(
      'SELECT <1>, <12> WHERE a = <1> AND b = (<2>::uuid)',
    );
  });

  it('leaves $n alone inside literals, quoted identifiers, dollar quotes and comments', () => {
    const sql = `SELECT '$1', E'\\'$2', "col$3", $$ $4 $$, $tag$ $5 $tag$ -- $6
      /* $7 */ FROM t WHERE x = $8`;
    expect(positional(sql)).toBe(sql.replace('$8', '<8>'));
  });

  it('treats a doubled quote as part of the literal, not its end', () => {
    expect(positional("SELECT 'it''s $1', $2")).toBe("SELECT 'it''s $1', <2>");
  });

  it('replaces :name placeholders but not :: casts, nor names in literals', () => {
    expect(named("SELECT :a::uuid, ':b', x::text, :c_2 FROM t")).toBe(
      "SELECT <a>::uuid, ':b', x::text, <c_2> FROM t",
    );
  });

  it('does not see a placeholder in an identifier that contains $', () => {
    expect(positional('SELECT a$1 FROM t WHERE b = $1')).toBe('SELECT a$1 FROM t WHERE b = <1>');
  });
});
