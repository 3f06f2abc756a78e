/**
 * The real CloudPhysics trace (libCacheSim's sample, test/fixtures/cloudPhysics) in its two forms: both import
 * to the same stream, 113,872 references to 48,974 pages, equal to an obviously-correct
 * renumbering of the text form's ids.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { KIND_FILE, OP_VM_READ, makeCode, openTraceStream } from '../../traces/index.js';
import { runCli, tempDir } from '../helpers/cli.js';
import { CLOUDPHYSICS_BIN, CLOUDPHYSICS_TXT } from '../helpers/realTraces.js';

const BIN = CLOUDPHYSICS_BIN;
const TXT = CLOUDPHYSICS_TXT;
const REFERENCES = 113_872;
const PAGES = 48_974;

async function records(stream: string): Promise<{ pages: number[]; codes: Set<number> }> {
  const pages: number[] = [];
  const codes = new Set<number>();
  for await (const c of (await openTraceStream(stream)).chunks()) {
    for (let i = 0; i < c.length; i++) {
      pages.push(c.pages[i]!);
      codes.add(c.codes[i]!);
    }
  }
  return { pages, codes };
}

/** Renumbers the text form's ids in first-appearance order with a plain Map of strings. */
function referencePages(): number[] {
  const seen = new Map<string, number>();
  return zlib.gunzipSync(fs.readFileSync(TXT)).toString('utf8').trim().split('\n').map((id) => {
    if (!seen.has(id)) seen.set(id, seen.size);
    return seen.get(id)!;
  });
}

describe('CloudPhysics trace: oracleGeneral and txt forms', () => {
  it('the library reads both as the same stream: 113,872 reads of 48,974 file pages', async () => {
    const bin = await records(`oracleGeneral:${BIN}`);
    const txt = await records(`txt:${TXT}`);
    const reference = referencePages();
    expect(reference).toHaveLength(REFERENCES);
    expect(new Set(reference).size).toBe(PAGES);
    expect(bin.pages).toEqual(reference);
    expect(txt.pages).toEqual(reference);
    expect([...bin.codes]).toEqual([makeCode(OP_VM_READ, KIND_FILE)]);
    expect([...txt.codes]).toEqual([makeCode(OP_VM_READ, KIND_FILE)]);
  });

  it('faultline import writes byte-identical streams from both, with the counts in the summary', () => {
    const dir = tempDir();
    const fromBin = runCli(['import', 'oracleGeneral', BIN, '-o', path.join(dir, 'bin.bin')]);
    const fromTxt = runCli(['import', 'txt', TXT, '-o', path.join(dir, 'txt.bin'), '--json', '--quiet']);
    expect(fromBin.status).toBe(0);
    expect(fromBin.stderr).toBe(`${path.join(dir, 'bin.bin')}: ${REFERENCES} references, ${PAGES} pages (basic-named) from ${REFERENCES} oracleGeneral records\n`);
    expect(fromTxt.status).toBe(0);
    expect(fromTxt.stderr).toBe('');
    expect(JSON.parse(fromTxt.stdout)).toMatchObject({ requests: REFERENCES, references: REFERENCES, pages: PAGES, pageSize: 4096 });
    expect(fs.readFileSync(path.join(dir, 'bin.bin')).equals(fs.readFileSync(path.join(dir, 'txt.bin')))).toBe(true);
    const stats = JSON.parse(runCli(['stats', '--json', path.join(dir, 'bin.bin')]).stdout);
    expect(stats).toMatchObject({ references: REFERENCES, distinctPages: PAGES, vmReads: REFERENCES, filePages: PAGES, dense: true });
  });

  it('stats and convert take the prefixed form directly', () => {
    const dir = tempDir();
    const stats = JSON.parse(runCli(['stats', '--json', `oracleGeneral:${BIN}`]).stdout);
    expect(stats).toMatchObject({ references: REFERENCES, distinctPages: PAGES });
    expect(runCli(['convert', `txt:${TXT}`, path.join(dir, 'c.txt.gz'), '--quiet']).status).toBe(0);
    expect(runCli(['import', 'oracleGeneral', BIN, '-o', path.join(dir, 'i.txt.gz'), '--quiet']).status).toBe(0);
    const a = runCli(['cat', path.join(dir, 'c.txt.gz')]).stdout;
    expect(a).toBe(runCli(['cat', path.join(dir, 'i.txt.gz')]).stdout);
    expect(a.split('\n')).toHaveLength(REFERENCES + 2);
  });
});
