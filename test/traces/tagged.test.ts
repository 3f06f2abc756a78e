import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  HEADER_BYTES,
  TAGGED_RECORD_BYTES,
  computeStats,
  convertStream,
  loadTrace,
  openTraceStream,
  streamAsText,
  withTraceWriter,
  type ProcessTable,
} from '../../traces/index.js';
import { listFiles, runCli, tempDir } from '../helpers/cli.js';
import { randomTaggedTrace } from '../helpers/randomTagged.js';

const dir = tempDir();
const sample = randomTaggedTrace(3, { length: 3000, processes: 5, releaseRate: 0.02 });

async function write(name: string, table: ProcessTable = sample.table): Promise<string> {
  const file = path.join(dir, name);
  const { trace } = sample;
  await withTraceWriter(file, { format: 'basic-named', pageSize: 4096, releases: true, tagged: true }, (w) => {
    w.appendChunk(trace.pages, trace.codes, trace.length, trace.tags!.processes, trace.tags!.threads);
    w.setProcessTable(table);
  });
  return file;
}

describe('the tagged stream form', () => {
  for (const name of ['t.bin', 't.txt', 't.bin.gz', 't.txt.gz']) {
    it(`${name}: every record's page, code, process and thread, and the table, come back; the reader says it is tagged`, async () => {
      const file = await write(name);
      const { trace, info } = await loadTrace(file);
      expect(info.tagged).toBe(true);
      expect(info.form).toBe(name.includes('.bin') ? 'binary' : 'text');
      expect(info.gzip).toBe(name.endsWith('.gz'));
      expect(Array.from(trace.pages)).toEqual(sample.pages);
      expect(Array.from(trace.codes)).toEqual(sample.codes);
      expect(Array.from(trace.tags!.processes)).toEqual(sample.procs);
      expect(Array.from(trace.tags!.threads)).toEqual(sample.procs);
      expect(trace.tags!.table).toEqual(sample.table);
    });
  }

  it('binary layout: format id 3, 13-byte records, a trailer record 0xff with the table length, then the table', async () => {
    const bytes = fs.readFileSync(await write('layout.bin'));
    expect(bytes[6]).toBe(3);
    const trailer = HEADER_BYTES + sample.trace.length * TAGGED_RECORD_BYTES;
    expect(bytes[trailer]).toBe(0xff);
    const length = bytes.readUInt32LE(trailer + 1);
    expect(bytes.length).toBe(trailer + TAGGED_RECORD_BYTES + length);
    expect(JSON.parse(bytes.subarray(trailer + TAGGED_RECORD_BYTES).toString('utf8'))).toEqual(sample.table);
    // The first record: code, page, process, thread.
    expect(bytes[HEADER_BYTES]).toBe(sample.codes[0]);
    expect(bytes.readUInt32LE(HEADER_BYTES + 5)).toBe(sample.procs[0]);
  });

  it('text: `OP PAGE KIND PROCESS THREAD`, then #process and #thread lines; cat prints the same', async () => {
    const file = await write('form.txt');
    const text = fs.readFileSync(file, 'utf8');
    expect(text.split('\n')[0]).toBe('#faultline tagged page-size=4096 releases');
    expect(text).toMatch(/^#process id=2 label=102 pid=102 parent=1 start=\d+ end=(\d+|-) command=prog2$/m);
    let catted = '';
    for await (const piece of streamAsText(await write('cat.bin'))) catted += piece;
    expect(catted).toBe(text);
  });

  it('a header-less text stream with five fields is read as tagged', async () => {
    const file = path.join(dir, 'bare.txt');
    fs.writeFileSync(file, 'r 0 a 1 1\nw 1 f 1 1\n#process id=0 label=unattributed pid=- parent=- start=0 end=- command=\n#process id=1 label=7 pid=7 parent=- start=0 end=2 command=sh -c x\n#thread id=0 process=0 label=none pid=-\n#thread id=1 process=1 label=7 pid=7\n');
    const { trace, info } = await loadTrace(file);
    expect(info.tagged).toBe(true);
    expect(trace.tags!.table.processes[1]!.command).toBe('sh -c x');
    expect(Array.from(trace.tags!.processes)).toEqual([1, 1]);
  });

  it('convert keeps the tags, or drops them: the untagged stream is plain basic-named', async () => {
    const file = await write('conv.bin');
    await convertStream(file, path.join(dir, 'conv.txt.gz'));
    expect((await loadTrace(path.join(dir, 'conv.txt.gz'))).trace.tags!.table).toEqual(sample.table);
    await convertStream(file, path.join(dir, 'plain.bin'), { dropTags: true });
    const { trace, info } = await loadTrace(path.join(dir, 'plain.bin'));
    expect(info.tagged).toBeUndefined();
    expect(trace.tags).toBeUndefined();
    expect(Array.from(trace.pages)).toEqual(sample.pages);
    expect(fs.statSync(path.join(dir, 'plain.bin')).size).toBe(HEADER_BYTES + 5 * sample.trace.length);
  });

  it('stats reports the form and the number of processes and threads', async () => {
    const stats = await computeStats(await openTraceStream(await write('stats.txt.gz')));
    expect(stats.tagged).toBe(true);
    expect(stats.processes).toBe(5);
    expect(stats.threads).toBe(5);
  });
});

describe('bad tagged input: the file, the place, what was expected', () => {
  it('a binary stream cut before its table', async () => {
    const file = await write('cut.bin');
    const bytes = fs.readFileSync(file);
    const cut = bytes.subarray(0, HEADER_BYTES + 10 * TAGGED_RECORD_BYTES);
    // A plain file is measured against its header's record count before anything is read…
    fs.writeFileSync(file, cut);
    await expect(loadTrace(file)).rejects.toThrow(/cut\.bin: byte 16: the header declares 3000 records \(39045 bytes\), but the file has 162 bytes: truncated\?/);
    // …inside gzip the reader finds the end where the table should begin.
    const gz = path.join(dir, 'cut.bin.gz');
    fs.writeFileSync(gz, zlib.gzipSync(cut));
    await expect(loadTrace(gz)).rejects.toThrow(/cut\.bin\.gz: record 11 \(byte 162\): tagged stream ends without its process table/);
    fs.writeFileSync(file, bytes.subarray(0, bytes.length - 5));
    await expect(loadTrace(file)).rejects.toThrow(/process table: expected \d+ bytes, found \d+/);
  });

  it('a page at or above the header\'s declared page count: file, record and byte offset; exit 2 from the CLI', async () => {
    const file = await write('pages.bin');
    const bytes = fs.readFileSync(file);
    expect(bytes.readUInt32LE(12)).toBe(sample.trace.pageCount); // the writer declares the counts
    bytes.writeUInt32LE(2, 12);
    fs.writeFileSync(file, bytes);
    const first = sample.trace.pages.findIndex((p) => p >= 2);
    expect(first).toBeGreaterThanOrEqual(0);
    const message = `pages.bin: record ${first + 1} (byte ${HEADER_BYTES + first * TAGGED_RECORD_BYTES}): page 0x${sample.trace.pages[first]!.toString(16)} is not below the header's page count 2`;
    await expect(loadTrace(file)).rejects.toThrow(message);
    const gz = path.join(dir, 'pages.bin.gz');
    fs.writeFileSync(gz, zlib.gzipSync(bytes));
    await expect(loadTrace(gz)).rejects.toThrow(message.replace('pages.bin', 'pages.bin.gz'));
    const r = runCli(['stats', file]);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`faultline: ${file.slice(0, -'pages.bin'.length)}${message}\n`);
  });

  it('fewer records declared than the stream holds: found at the trailer', async () => {
    const file = await write('count.bin');
    const bytes = fs.readFileSync(file);
    bytes.writeUInt32LE(2999, 16);
    fs.writeFileSync(file, bytes);
    const trailer = HEADER_BYTES + 3000 * TAGGED_RECORD_BYTES;
    await expect(loadTrace(file)).rejects.toThrow(`count.bin: byte ${trailer}: the header declares 2999 records, the stream holds 3000`);
  });

  it('a text stream without #process lines', async () => {
    const file = path.join(dir, 'notable.txt');
    fs.writeFileSync(file, '#faultline tagged page-size=4096\nr 0 a 1 1\n');
    await expect(loadTrace(file)).rejects.toThrow(/notable\.txt: line 2: tagged stream without its process table/);
  });

  it('records naming a process the table does not list', async () => {
    const small: ProcessTable = { processes: sample.table.processes.slice(0, 2), threads: sample.table.threads.slice(0, 2) };
    await expect(write('few.bin', small)).rejects.toThrow(/records name process \d+, which the process table does not list/);
    const file = path.join(dir, 'few.txt');
    fs.writeFileSync(file, 'r 0 a 3 0\n#process id=0 label=unattributed pid=- parent=- start=0 end=- command=\n#thread id=0 process=0 label=none pid=-\n');
    await expect(loadTrace(file)).rejects.toThrow(/few\.txt: line 3: records name process 3/);
  });

  it('a table whose positions lie past the end, or a bad field', async () => {
    const file = path.join(dir, 'late.txt');
    fs.writeFileSync(file, 'r 0 a 0 0\n#process id=0 label=unattributed pid=- parent=- start=5 end=- command=\n#thread id=0 process=0 label=none pid=-\n');
    await expect(loadTrace(file)).rejects.toThrow(/bad process table: process 0: start 5 and end null must satisfy start ≤ end ≤ 1 records/);
    fs.writeFileSync(file, 'r 0 a 0 x\n');
    await expect(loadTrace(file)).rejects.toThrow(/late\.txt: line 1: process and thread must be decimal numbers/);
  });

  it('the CLI: one line, exit 2, nothing written', async () => {
    const file = await write('cli.bin');
    fs.writeFileSync(file, fs.readFileSync(file).subarray(0, HEADER_BYTES + 3 * TAGGED_RECORD_BYTES + 4));
    const before = listFiles(dir);
    const r = runCli(['convert', file, path.join(dir, 'cli-out.bin')]);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/cli\.bin: byte 16: the header declares 3000 records \(39045 bytes\), but the file has 75 bytes: truncated\?/);
    expect(listFiles(dir)).toEqual(before);
  });
});
