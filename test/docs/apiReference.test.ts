/**
 * docs/api (TypeDoc's output, `npm run docs:api`, committed) must match index.ts: every exported
 * name has its entry, the reference names nothing index.ts no longer exports, and each entry
 * carries the first line of its current doc comment. The exports are read with the TypeScript
 * compiler's checker (index.ts re-exports whole modules with `export type *`), not by running TypeDoc.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = path.join(import.meta.dirname, '../..');
const reference = fs.readFileSync(path.join(root, 'docs/api/README.md'), 'utf8');
const REGENERATE = 'docs/api is stale: run npm run docs:api and commit docs/api';

/** The exported symbols of index.ts, aliases resolved to their declarations. */
function exportsOfIndex(): { checker: ts.TypeChecker; symbols: Map<string, ts.Symbol> } {
  const index = path.join(root, 'index.ts');
  const program = ts.createProgram([index], { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, strict: true, noEmit: true, skipLibCheck: true, types: [] });
  const checker = program.getTypeChecker();
  const module = checker.getSymbolAtLocation(program.getSourceFile(index)!)!;
  const symbols = new Map<string, ts.Symbol>();
  for (const s of checker.getExportsOfModule(module)) symbols.set(s.name, s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s);
  return { checker, symbols };
}

/** The reference's entries (`### name` under Classes, Interfaces, Type Aliases, Variables, Functions) with their text. */
function entriesOfReference(): Map<string, string> {
  const entries = new Map<string, string>();
  const parts = reference.split(/^### /m).slice(1);
  for (const part of parts) {
    const heading = part.slice(0, part.indexOf('\n'));
    entries.set(heading.replace(/\(\)$/, '').replace(/\\_/g, '_'), part);
  }
  return entries;
}

/** Text compared without Markdown escapes, links and spacing, which TypeDoc adds. */
const plain = (text: string): string =>
  text
    .replace(/\[([^[\]\n]*)\]\([^)\s]*\)/g, '$1')
    .replace(/\\([_*<>`[\]\\|])/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();

describe('docs/api is current', () => {
  const { checker, symbols } = exportsOfIndex();
  const entries = entriesOfReference();

  it('every name index.ts exports has its entry, and every entry is still exported', () => {
    expect(symbols.size).toBeGreaterThan(200);
    const exported = [...symbols.keys()].sort();
    const documented = [...entries.keys()].sort();
    expect(exported.filter((n) => !entries.has(n)), `${REGENERATE}: exported but undocumented`).toEqual([]);
    expect(documented.filter((n) => !symbols.has(n)), `${REGENERATE}: documented but no longer exported`).toEqual([]);
  });

  it('each entry carries the first line of its current doc comment', () => {
    const stale: string[] = [];
    for (const [name, symbol] of symbols) {
      const comment = plain(ts.displayPartsToString(symbol.getDocumentationComment(checker)).split('\n')[0] ?? '');
      if (comment && !plain(entries.get(name) ?? '').includes(comment)) stale.push(`${name}: "${comment}"`);
    }
    expect(stale, REGENERATE).toEqual([]);
  });
});
