/**
 * The stand-in for a startup table that never came (the program's stderr went elsewhere): the
 * client's part of /proc/PID/maps of a program running under valgrind 3.19
 * (test/fixtures/collector/proc-maps.txt, `sleep` under lackey), checked row by row.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { clientMap } from '../../collector/startProbe.js';
import { startupImage } from '../../collector/startupImage.js';

const MAPS = fs.readFileSync(path.resolve(import.meta.dirname, '../fixtures/collector/proc-maps.txt'), 'latin1');

describe('clientMap', () => {
  const map = clientMap(26997, MAPS);

  it("keeps the client's range, the tool binary and the stack; valgrind's own memory goes", () => {
    const hex = (n: number) => n.toString(16);
    const rows = map.segments.map((s) => `${s.kind} ${hex(s.start)}-${hex(s.end)} ${s.shrink}${s.name ? ' ' + path.basename(s.name) : ''}`);
    expect(rows.filter((r) => r.includes('sleep'))).toHaveLength(5);
    expect(rows).toContain('anon 4035000-4056000 ');
    expect(rows.filter((r) => r.includes('lackey-amd64-linux'))).toEqual([
      'file 58000000-58001000  lackey-amd64-linux',
      'file 58001000-5819a000  lackey-amd64-linux',
      'file 5819a000-5822d000  lackey-amd64-linux',
      'file 5822d000-58232000  lackey-amd64-linux',
    ]);
    // the stack as it has grown, with valgrind's 8 MiB reservation below its end
    expect(rows.slice(-2)).toEqual(['RSVN 1ffe801000-1ffeffe000 SmUpper', 'anon 1ffeffe000-1fff001000 ']);
    expect(rows.some((r) => r.includes('1002001000') || r.includes('58232000-') || r.includes('7fff46614000') || r.includes('vvar'))).toBe(false);
    expect(map.segments[0]).toEqual({ kind: 'file', start: 0x108000, end: 0x10a000, device: 0xfe00, inode: 260875, offset: 0, name: '/usr/bin/sleep', shrink: '' });
  });

  it('makes a startup image like a table does: the executable, valgrind files left out, the whole stack', () => {
    const image = startupImage(map, '/usr/libexec/valgrind');
    expect(image.exe).toEqual({ path: '/usr/bin/sleep', identity: { major: 254, minor: 0, inode: 260875, type: 'f', size: 0 } });
    const excluded = image.mappings.filter((m) => m.kind === 'excluded').map((m) => path.basename(m.path));
    expect(new Set(excluded)).toEqual(new Set(['vgpreload_core-amd64-linux.so', 'lackey-amd64-linux']));
    expect(image.mappings[image.mappings.length - 1]).toMatchObject({ kind: 'anon', start: 0x1ffe801000, end: 0x1fff001000 });
  });
});
