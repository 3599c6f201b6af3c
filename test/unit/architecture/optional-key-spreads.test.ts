/**
 * Optional keys have one idiom, `definedProps` (shared/domain/defined-props.ts): no source file
 * builds them with a conditional object, `...(x ? { x } : {})`, `x ? { x } : {}` or `...(x && { x })`. The scan parses
 * every TypeScript file, so line breaks and comments inside the expression do not hide it.
 */
import { type Dirent, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = process.cwd();
const folders = ['shared', 'functions', 'infra', 'cli', 'clients', 'scripts', 'test', 'layers', 'bin'];

function sources(dir: string): string[] {
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sources(path);
    return /\.[cm]?tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

const unwrap = (node: ts.Expression): ts.Expression =>
  ts.isParenthesizedExpression(node) ? unwrap(node.expression) : node;

const isEmptyObject = (node: ts.Expression) =>
  ts.isObjectLiteralExpression(node) && node.properties.length === 0;

/** Lines (1-based) holding a conditional with an `{}` branch and an object-literal one, or `...(x && { ... })`. */
function conditionalOptionalKeys(fileName: string, text: string): number[] {
  const file = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false);
  const lines: number[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isConditionalExpression(node)) {
      const yes = unwrap(node.whenTrue);
      const no = unwrap(node.whenFalse);
      const objectOrEmpty =
        (isEmptyObject(no) && ts.isObjectLiteralExpression(yes)) ||
        (isEmptyObject(yes) && ts.isObjectLiteralExpression(no));
      if (objectOrEmpty) lines.push(file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1);
    }
    if (ts.isSpreadAssignment(node)) {
      const spread = unwrap(node.expression);
      const guarded =
        ts.isBinaryExpression(spread) &&
        spread.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken &&
        ts.isObjectLiteralExpression(unwrap(spread.right));
      if (guarded) lines.push(file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return lines;
}

describe('optional keys', () => {
  it('are never built with a conditional object literal', () => {
    const files = folders.flatMap((f) => sources(join(root, f)));
    expect(files.length).toBeGreaterThan(300);
    const found = files.flatMap((path) => {
      const text = readFileSync(path, 'utf8');
      // Only a file with an empty object literal can hold the pattern; parsing the others is wasted time.
      if (!/\{\s*\}/.test(text)) return [];
      return conditionalOptionalKeys(path, text).map((line) => `${relative(root, path)}:${line}`);
    });
    expect(found, 'use definedProps({ ... }) from shared/domain/defined-props.ts').toEqual([]);
  });

  it('finds the pattern in its forms and leaves plain defaults alone', () => {
    const probe = [
      'const a = { ...(x ? { x } : {}) };',
      'const b = { ...(x === undefined ? {} : { x }) };',
      'const c = {',
      '  ...(x',
      '    ? { x: 1 }',
      '    : {}),',
      '};',
      'call(p ? { period: p } : {});',
      'const d = { ...(isObject(x) ? x : {}) };',
      'const e = definedProps({ x });',
      'const f = x ? { a: 1 } : { b: 2 };',
      'const g = { ...(x && { x }) };',
      'const h = [...(x && [x])];',
    ].join('\n');
    expect(conditionalOptionalKeys('probe.ts', probe)).toEqual([1, 2, 4, 8, 12]);
  });
});
