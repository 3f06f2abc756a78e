/**
 * The importers are not part of the traces barrel (reading faultline's own streams never loads
 * them): `openTraceStream` loads them the first time it meets a `FORMAT:` prefix. This file
 * imports nothing that registers them.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openTraceStream } from '../../traces/index.js';
import { tempDir } from '../helpers/cli.js';

describe('importers loaded on first use', () => {
  it('opens FORMAT:FILE with nothing imported beforehand, ids numbered densely as they appear', async () => {
    const file = path.join(tempDir(), 'ids.txt');
    fs.writeFileSync(file, '50\n70\n50\n90\n');
    const stream = await openTraceStream(`txt:${file}`);
    expect(stream.info).toMatchObject({ file: `txt:${file}`, format: 'basic-named' });
    const pages: number[] = [];
    for await (const chunk of stream.chunks()) pages.push(...chunk.pages.subarray(0, chunk.length));
    expect(pages).toEqual([0, 1, 0, 2]);
  });

  it('names every format for a prefix that is neither a format nor a file', async () => {
    await expect(openTraceStream('nosuchformat:/nonexistent')).rejects.toThrow(/unknown format "nosuchformat" before ':' \(formats: .*oracleGeneral.*txt/);
  });
});
