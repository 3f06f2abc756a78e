/**
 * The named scenarios, written in the JSON form users write (docs/workloads.md) and checked by
 * the same validator:
 *
 * - `compile`: make runs gcc for every source file, two at a time; gcc runs cc1 and as. Many
 *   short processes exec'ing programs that map the same libc; headers read with read(); cc1's
 *   parse trees on a growing heap; temporary files written, truncated and deleted; pipes.
 * - `database`: one server with a SysV shared-memory buffer pool, worker threads with a Zipf
 *   hot set over it, table scans through a mapped data file larger than most memories, random
 *   reads of the data file, a write-ahead log appended to and truncated at checkpoints, and a
 *   forked checkpointer sharing the pool.
 * - `web`: a threaded server reading a Zipf-popular document tree with read(), an in-memory cache
 *   that grows (mremap), a log, and short CGI processes.
 * - `mixed`: all three at once.
 */
import * as fs from 'node:fs';
import { OptionError, UsageError } from '../../traces/index.js';
import type { JsonObject } from './fieldReader.js';
import { parseScenario, validateScenario, type Scenario } from './scenario.js';

const LIBRARIES: JsonObject = {
  libc: { path: '/lib/libc.so.6', pages: 320, text: 300 },
  libpthread: { path: '/lib/libpthread.so.0', pages: 24, text: 20 },
  libm: { path: '/lib/libm.so.6', pages: 40, text: 38 },
};

const touchCode = (references: number, extra: JsonObject = {}): JsonObject => ({
  touch: {
    text: { pattern: 'zipf', share: 3, run: 6, exponent: 0.9 },
    libc: { pattern: 'zipf', share: 1, run: 4 },
    stack: { pattern: 'zipf', share: 1, run: 4, writes: 0.5, exponent: 1.4 },
    ...extra,
  },
  references,
});

const COMPILE: JsonObject = {
  name: 'compile',
  description: 'make building 30 files two at a time: gcc, cc1, as and a final link — many short processes sharing libc',
  files: {
    make: { path: '/usr/bin/make', pages: 48, text: 44 },
    gcc: { path: '/usr/bin/gcc', pages: 64, text: 60 },
    cc1: { path: '/usr/lib/gcc-lib/i386-linux/3.3/cc1', pages: 900, text: 850 },
    as: { path: '/usr/bin/as', pages: 150, text: 140 },
    ld: { path: '/usr/bin/ld', pages: 180, text: 170 },
    headers: { path: '/usr/include/h', pages: 3, count: 300 },
    sources: { path: '/src/prog/file.c', pages: 6, count: 30 },
    objects: { path: '/src/prog/file.o', pages: 0, count: 30 },
    program: { path: '/src/prog/a.out', pages: 0 },
    asm: { path: '/tmp/cc.s', perProcess: true },
    pipe: { path: 'pipe:[cc1-as]', type: 'p' },
  },
  programs: {
    make: {
      binary: 'make',
      libraries: ['libc'],
      heap: 64,
      steps: [
        touchCode(20000, { heap: { pattern: 'uniform', writes: 0.3, run: 4 } }),
        { repeat: 15, steps: [{ spawn: 'gcc', count: 2, wait: true }, touchCode(2000, { heap: { pattern: 'zipf', writes: 0.2 } })] },
        { spawn: 'link' },
      ],
    },
    gcc: {
      binary: 'gcc',
      libraries: ['libc'],
      heap: 32,
      steps: [
        touchCode(15000, { heap: { pattern: 'zipf', writes: 0.3, run: 3 } }),
        { spawn: 'cc1' },
        { spawn: 'as' },
        touchCode(3000, { heap: { pattern: 'zipf', writes: 0.3 } }),
      ],
    },
    cc1: {
      binary: 'cc1',
      libraries: ['libc'],
      stack: 32,
      heap: 128,
      steps: [
        { read: 'sources', pick: 'sequential', bytes: 24576 },
        {
          repeat: 10,
          steps: [
            { read: 'headers', pick: 'zipf', bytes: 12288 },
            touchCode(12000, { heap: { pattern: 'zipf', share: 2, writes: 0.4, run: 3 } }),
            { brk: 24 },
          ],
        },
        touchCode(60000, { heap: { pattern: 'sequential', share: 3, writes: 0.1, run: 8 } }),
        { mmap: 'obstack', pages: 256 },
        touchCode(50000, { obstack: { pattern: 'uniform', share: 3, writes: 0.5, run: 3 }, heap: { pattern: 'zipf', writes: 0.2 } }),
        { munmap: 'obstack' },
        { write: 'asm', bytes: 40960 },
        { write: 'pipe', bytes: 40960 },
        { truncate: 'asm', size: 0 },
        { delete: 'asm' },
      ],
    },
    as: {
      binary: 'as',
      libraries: ['libc'],
      heap: 48,
      steps: [
        { read: 'pipe', bytes: 40960 },
        touchCode(25000, { heap: { pattern: 'zipf', share: 2, writes: 0.4, run: 3 } }),
        { write: 'objects', pick: 'sequential', bytes: 16384, at: 'start' },
      ],
    },
    link: {
      binary: 'ld',
      libraries: ['libc', 'libm'],
      heap: 64,
      steps: [
        { repeat: 30, steps: [{ read: 'objects', pick: 'sequential', bytes: 16384 }, { brk: 8 }, touchCode(3000, { heap: { pattern: 'sequential', writes: 0.6, run: 4 } })] },
        touchCode(40000, { heap: { pattern: 'zipf', share: 3, writes: 0.3, run: 3 } }),
        { write: 'program', bytes: 491520, chunk: 16384, at: 'start' },
      ],
    },
  },
  start: [{ program: 'make' }],
};

const DATABASE: JsonObject = {
  name: 'database',
  description: 'a database server: shared-memory buffer pool, worker threads with a hot set, table scans larger than memory, a write-ahead log, a forked checkpointer',
  files: {
    postgres: { path: '/usr/bin/postgres', pages: 700, text: 600 },
    base: { path: '/var/db/base/16384', pages: 24000 },
    index: { path: '/var/db/base/16384_idx', pages: 3000 },
    wal: { path: '/var/db/pg_wal/000000010000', pages: 0 },
  },
  segments: { pool: { pages: 6000 } },
  programs: {
    postmaster: {
      binary: 'postgres',
      libraries: ['libc', 'libpthread', 'libm'],
      heap: 256,
      steps: [
        { shmat: 'pool', segment: 'pool' },
        { touch: { pool: { pattern: 'sequential', writes: 1, run: 2 } }, references: 12000 },
        { map: 'idx', file: 'index' },
        { map: 'table', file: 'base' },
        touchCode(20000, { heap: { pattern: 'uniform', writes: 0.5, run: 2 } }),
        { fork: 1, wait: false, steps: [{ repeat: 6, steps: [{ touch: { pool: { pattern: 'sequential', run: 4 }, stack: { pattern: 'zipf' } }, references: 20000 }, { write: 'base', at: 'random', bytes: 131072, chunk: 8192 }] }] },
        {
          repeat: 3,
          steps: [
            {
              threads: 6,
              steps: [
                {
                  repeat: 40,
                  steps: [
                    touchCode(8000, {
                      pool: { pattern: 'zipf', share: 5, writes: 0.3, run: 4, exponent: 0.9 },
                      idx: { pattern: 'zipf', share: 2, run: 2 },
                      heap: { pattern: 'zipf', share: 1, writes: 0.4 },
                    }),
                    { read: 'base', at: 'random', bytes: 16384, chunk: 8192 },
                    { write: 'wal', bytes: 8192, chunk: 8192 },
                  ],
                },
                { touch: { table: { pattern: 'sequential', run: 12 }, pool: { pattern: 'zipf', share: 0.2, writes: 0.2 } }, references: 60000 },
              ],
            },
            { truncate: 'wal', size: 0 },
            { brk: 64 },
          ],
        },
        { 'wait-children': true },
        { munmap: 'table' },
        { shmdt: 'pool' },
        { shmrm: 'pool' },
      ],
    },
  },
  start: [{ program: 'postmaster' }],
};

const WEB: JsonObject = {
  name: 'web',
  description: 'a threaded web server reading a Zipf-popular document tree, with a growing cache, a log and short CGI processes',
  files: {
    httpd: { path: '/usr/sbin/httpd', pages: 200, text: 180 },
    libssl: { path: '/usr/lib/libssl.so.0.9.7', pages: 120, text: 110 },
    perl: { path: '/usr/bin/perl', pages: 300, text: 260 },
    docroot: { path: '/var/www/htdocs/page', pages: 3, count: 3000 },
    log: { path: '/var/log/httpd/access_log', pages: 0 },
    scratch: { path: '/tmp/cgi', perProcess: true },
  },
  programs: {
    httpd: {
      binary: 'httpd',
      libraries: ['libc', 'libpthread', 'libssl'],
      heap: 256,
      steps: [
        { mmap: 'cache', pages: 1024 },
        {
          repeat: 3,
          steps: [
            {
              threads: 8,
              steps: [
                {
                  repeat: 150,
                  steps: [
                    { accept: true },
                    { read: 'docroot', pick: 'zipf', bytes: 12288 },
                    touchCode(2500, {
                      libssl: { pattern: 'zipf', share: 2, run: 4 },
                      heap: { pattern: 'zipf', share: 2, writes: 0.3, run: 2 },
                      cache: { pattern: 'hotcold', share: 2, writes: 0.1, hot: 0.2, hotShare: 0.8 },
                    }),
                    { write: 'log', bytes: 200 },
                  ],
                },
              ],
            },
            { spawn: 'cgi', count: 4, wait: false },
            { mremap: 'cache', pages: 2048 },
          ],
        },
        { 'wait-children': true },
        { truncate: 'log', size: 0 },
      ],
    },
    cgi: {
      binary: 'perl',
      libraries: ['libc', 'libm'],
      heap: 128,
      steps: [
        { read: 'docroot', pick: 'uniform', bytes: 12288 },
        touchCode(30000, { heap: { pattern: 'uniform', share: 3, writes: 0.5, run: 2 } }),
        { write: 'scratch', bytes: 16384 },
        { delete: 'scratch' },
      ],
    },
  },
  start: [{ program: 'httpd' }],
};

function withLibraries(s: JsonObject): JsonObject {
  return { ...s, files: { ...LIBRARIES, ...(s.files as JsonObject) } };
}

/** All three at once: one system, every program. */
function mixed(): JsonObject {
  const parts = [COMPILE, DATABASE, WEB];
  const merge = (key: string): JsonObject => Object.assign({}, ...parts.map((p) => (p[key] as JsonObject | undefined) ?? {})) as JsonObject;
  return {
    name: 'mixed',
    description: 'compile, database and web at once on one machine',
    files: merge('files'),
    segments: merge('segments'),
    programs: merge('programs'),
    start: parts.flatMap((p) => p.start as unknown[]),
  };
}

const PRESETS: Record<string, () => JsonObject> = {
  compile: () => COMPILE,
  database: () => DATABASE,
  web: () => WEB,
  mixed,
};

export const PRESET_NAMES = Object.keys(PRESETS);
export const DEFAULT_SCENARIO = 'mixed';

/** A named scenario (compile, database, web, mixed). */
export function presetScenario(name: string): Scenario {
  const make = PRESETS[name];
  if (!make) throw new UsageError(`unknown scenario ${JSON.stringify(name)}: name a preset (${PRESET_NAMES.join(', ')}) or a JSON file`);
  return validateScenario(withLibraries(make()), `preset ${name}`);
}

/** `--scenario`: a preset's name, or a JSON file. */
export function loadScenario(nameOrFile: string): Scenario {
  if (Object.prototype.hasOwnProperty.call(PRESETS, nameOrFile)) return presetScenario(nameOrFile);
  let text: string;
  try {
    text = fs.readFileSync(nameOrFile, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new OptionError('scenario', `${nameOrFile}: no such preset (${PRESET_NAMES.join(', ')}) or file`);
    throw new OptionError('scenario', `${nameOrFile}: cannot read it (${code ?? (err as Error).message})`);
  }
  return parseScenario(text, nameOrFile);
}
