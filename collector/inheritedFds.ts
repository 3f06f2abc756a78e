/**
 * The descriptors the traced command starts with: it inherits the collector's stdin and stdout
 * (so `faultline collect -o t -- sort < big.txt` reads a file the trace knows, from where the
 * collector's stdin stood) and gets a pipe as stderr (valgrind's debug output comes through it).
 */
import * as fs from 'node:fs';
import { procProber } from './fileProbe.js';
import type { FileRegistry } from './fileRegistry.js';
import { O_APPEND } from './linux.js';
import type { InheritedFd } from './systemModel.js';

/** Position and O_APPEND of one of this process's descriptors, from /proc/self/fdinfo. */
function fdInfo(fd: number): { position: number; append: boolean } {
  try {
    const text = fs.readFileSync(`/proc/self/fdinfo/${fd}`, 'latin1');
    const position = Number(/^pos:\s*(\d+)/m.exec(text)?.[1] ?? 0);
    const flags = parseInt(/^flags:\s*([0-7]+)/m.exec(text)?.[1] ?? '0', 8);
    return { position, append: (flags & O_APPEND) !== 0 };
  } catch {
    return { position: 0, append: false };
  }
}

export function inheritedDescriptors(files: FileRegistry): InheritedFd[] {
  const out: InheritedFd[] = [];
  for (const fd of [0, 1]) {
    const found = procProber.descriptor(process.pid, fd);
    if (!found) continue;
    const { position, append } = fdInfo(fd);
    out.push({ fd, file: files.get(found.identity, found.link), offset: position, append });
  }
  out.push({ fd: 2, file: files.madeUpFile('p', 'stderr'), offset: 0, append: false });
  return out;
}
