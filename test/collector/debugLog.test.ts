/**
 * valgrind's `-d` output (test/fixtures/collector/debug.log, cut from a run of a program that
 * forks and execs /bin/true): startup tables by process, the library directory, the programs' own
 * stderr passed on; and the startup image built from a table (checked by hand against its rows).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DebugLog } from '../../collector/debugLog.js';
import { DEBUG_PIECE } from '../../collector/debugStream.js';
import { randomInt, rng } from '../helpers/random.js';
import { isValgrindFile, startupImage } from '../../collector/startupImage.js';

const DEBUG = fs.readFileSync(path.resolve(import.meta.dirname, '../fixtures/collector/debug.log'), 'utf8');
const LD_SO = '/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2';

function feed(chunks: string[]): { log: DebugLog; passed: string } {
  let passed = '';
  const log = new DebugLog((text) => (passed += text));
  for (const c of chunks) log.push(c);
  log.end();
  return { log, passed };
}

describe('DebugLog', () => {
  it("keeps each process's startup tables, skips shutdown tables, passes the programs' stderr on", () => {
    const lines = DEBUG.split('\n');
    const mixed = [lines.slice(0, 30).join('\n') + '\nsort: cannot read: x\n', lines.slice(30).join('\n'), 'partial line without newline'];
    // cut the stream at awkward places
    const text = mixed.join('');
    const { log, passed } = feed([text.slice(0, 1000), text.slice(1000, 1001), text.slice(1001, 4321), text.slice(4321)]);
    expect(passed).toBe('sort: cannot read: x\npartial line without newline');
    expect(log.libdir).toBe('/usr/libexec/valgrind');
    expect(log.startupMaps(32038)).toHaveLength(1);
    expect(log.startupMaps(32039)).toHaveLength(1);
    expect(log.startupMaps(1)).toHaveLength(0);
    const rows = log.startupMaps(32038)[0]!.segments;
    expect(rows).toHaveLength(34);
    expect(rows[1]).toEqual({ kind: 'file', start: 0x108000, end: 0x109000, device: 0xfe00, inode: 2269299, offset: 0, name: '/tmp/cs/cap/fe', shrink: '' });
    expect(rows[12]).toMatchObject({ kind: '', start: 0x4835000, end: 0x58000000 });
    expect(rows[24]).toMatchObject({ kind: 'RSVN', start: 0x1ffe801000, end: 0x1ffefff000, shrink: 'SmUpper' });
    expect(log.startupMaps(32039)[0]!.segments[6]).toMatchObject({ kind: 'file', name: LD_SO, inode: 338944 });
  });
});

describe('DebugLog with several valgrind processes writing at once', () => {
  /** A message as valgrind writes it: pieces of 90 bytes, the last one with the newline. */
  const pieces = (line: string): string[] => {
    const text = line + '\n';
    const out: string[] = [];
    for (let i = 0; i < text.length; i += DEBUG_PIECE) out.push(text.slice(i, i + DEBUG_PIECE));
    return out;
  };
  // Another process busy with long messages (two pieces each) while the tables are printed.
  const busy = Array.from({ length: 60 }, (_, i) => `--4242:1:mallocfr newSuperblock at 0x${(0x1002001000 + i * 4096).toString(16)} (pszB 4194272)  owner VALGRIND/dinfo, superblock number ${i}`);

  it("puts each message back together from interleaved pieces; the programs' lines pass between messages", () => {
    const { log: plain } = feed([DEBUG]);
    const lines = DEBUG.trimEnd().split('\n');
    const random = rng(11);
    for (let round = 0; round < 50; round++) {
      const queues = [lines.map(pieces), busy.map(pieces)];
      const client: string[] = [];
      let stream = '';
      const open = [0, 0];
      while (queues.some((q) => q.length)) {
        const who = queues[0]!.length && (!queues[1]!.length || randomInt(random, 2) === 0) ? 0 : 1;
        const message = queues[who]![0]!;
        stream += message.shift()!;
        open[who] = message.length ? 1 : 0;
        if (!message.length) queues[who]!.shift();
        if (open[0] === 0 && open[1] === 0 && randomInt(random, 10) === 0) {
          const text = `program output ${round}.${client.length}\n`;
          client.push(text);
          stream += text;
        }
      }
      let passed = '';
      const log = new DebugLog((text) => (passed += text));
      for (let i = 0; i < stream.length; ) {
        const n = 1 + randomInt(random, 400);
        log.push(stream.slice(i, i + n));
        i += n;
      }
      log.end();
      expect(passed).toBe(client.join(''));
      expect(log.damagedTables).toBe(0);
      expect(log.libdir).toBe('/usr/libexec/valgrind');
      for (const pid of [32038, 32039]) expect(log.startupMaps(pid)).toEqual(plain.startupMaps(pid));
    }
  });

  it('a wrong guess about whose piece is whose does not leak pieces into the programs\' output', () => {
    // Pieces as two valgrind processes wrote them in a real run (sort | gzip): 16326's second
    // pieces come late, after whole messages of 16327.
    const a = '--16327:1:mallocfr newSuperblock at 0x10041E2000 (pszB 1310688) unsplittable owner VALGRIN';
    const b = '--16326:1:mallocfr reclaimSuperblock at 0x10041E2000 (pszB 1310688) unsplittable owner VAL';
    const c = '--16327:1:mallocfr newSuperblock at 0x1003A5B000 (pszB 1048544)  owner VALGRIND/dinfo\n';
    const d = '--16327:1:mallocfr newSuperblock at 0x1003C5B000 (pszB 5795808) unsplittable owner VALGRIN';
    const e = '--16326:1:mallocfr reclaimSuperblock at 0x1003C5B000 (pszB 5795808) unsplittable owner VAL';
    expect([a, b, d, e].map((p) => p.length)).toEqual([DEBUG_PIECE, DEBUG_PIECE, DEBUG_PIECE, DEBUG_PIECE]);
    const stream = [a, b, 'D/dinfo\n', c, d, 'GRIND/dinfo\n', e, 'D/dinfo\n', 'GRIND/dinfo\n', 'program output\n'].join('');
    const { passed } = feed([stream]);
    expect(passed).toBe('program output\n');
  });

  it('counts a table that came out garbled', () => {
    const lines = DEBUG.split('\n').filter((l) => !l.includes('aspacem  10: anon'));
    const { log } = feed([lines.join('\n')]);
    expect(log.damagedTables).toBe(2);
  });
});

describe('startupImage', () => {
  const { log } = feed([DEBUG]);
  const image = startupImage(log.startupMaps(32038)[0]!, log.libdir);
  const fe = { major: 254, minor: 0, inode: 2269299, type: 'f', size: 0 };
  const ld = { major: 254, minor: 0, inode: 338944, type: 'f', size: 0 };

  it('the executable is the lowest client file; the brk area and the stack are found by their reservations', () => {
    expect(image.exe).toEqual({ path: '/tmp/cs/cap/fe', identity: fe });
    expect(image.brk).toEqual({ start: 0x4035000, end: 0x4036000 });
    expect(image.mappings.map((m) => [m.kind, m.start.toString(16), m.end.toString(16), m.offset, m.path])).toEqual([
      ['file', '108000', '109000', 0, '/tmp/cs/cap/fe'],
      ['file', '109000', '10a000', 4096, '/tmp/cs/cap/fe'],
      ['file', '10a000', '10b000', 8192, '/tmp/cs/cap/fe'],
      ['file', '10b000', '10d000', 8192, '/tmp/cs/cap/fe'],
      ['file', '4000000', '4001000', 0, LD_SO],
      ['file', '4001000', '4027000', 4096, LD_SO],
      ['file', '4027000', '4031000', 159744, LD_SO],
      ['file', '4031000', '4035000', 200704, LD_SO],
      ['anon', '4035000', '4036000', 0, ''],
      // valgrind's trampoline page, in the tool binary: left out of the trace
      ['excluded', '5807d000', '5807e000', 512000, '/usr/libexec/valgrind/lackey-amd64-linux'],
      // the 8 KiB stack and the 8 MiB reservation below it, where it grows
      ['anon', '1ffe801000', '1fff001000', 0, ''],
    ]);
    expect(image.mappings[5]!.identity).toEqual(ld);
  });

  it("valgrind's files: its library directory and any vgpreload library", () => {
    expect(isValgrindFile('/usr/libexec/valgrind/vgpreload_core-amd64-linux.so', '/usr/libexec/valgrind')).toBe(true);
    expect(isValgrindFile('/usr/libexec/valgrind/lackey-amd64-linux', '/usr/libexec/valgrind/')).toBe(true);
    expect(isValgrindFile('/opt/vg/lib/vgpreload_memcheck-amd64-linux.so', undefined)).toBe(true);
    expect(isValgrindFile('/usr/libexec/valgrindx/tool', '/usr/libexec/valgrind')).toBe(false);
    expect(isValgrindFile('/usr/lib/libc.so.6', '/usr/libexec/valgrind')).toBe(false);
  });
});
