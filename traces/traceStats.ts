/** Summary counts of a reference stream, computed in one streaming pass (`faultline stats`). */
import { KIND_ANON, KIND_FILE, KIND_SHIFT, OP_MASK, OP_RELEASE } from './operations.js';
import { PageSet } from './pageSet.js';
import type { StreamInfo, TraceStream } from './streamReader.js';

export interface TraceStats {
  file: string;
  format: StreamInfo['format'];
  form: StreamInfo['form'];
  gzip: boolean;
  pageSize: number;
  records: number;
  references: number;
  releases: number;
  distinctPages: number;
  /** References by operation. */
  vmReads: number;
  vmWrites: number;
  fsReads: number;
  fsWrites: number;
  /** References and distinct pages by kind (zero for basic streams). */
  anonReferences: number;
  fileReferences: number;
  anonPages: number;
  filePages: number;
  footprintKiB: number;
  /** Pages are numbered densely in order of first appearance. */
  dense: boolean;
  /** A tagged stream (every record names its process and thread): processes and threads in its table. */
  tagged: boolean;
  processes?: number;
  threads?: number;
}

export async function computeStats(stream: TraceStream): Promise<TraceStats> {
  const byOp = new Float64Array(5);
  const refsByKind = new Float64Array(4);
  const pagesByKind = new Float64Array(4);
  const seen = new PageSet();
  let records = 0;
  let next = 0;
  let dense = true;
  for await (const chunk of stream.chunks()) {
    const { pages, codes, length } = chunk;
    for (let i = 0; i < length; i++) {
      const c = codes[i]!;
      const p = pages[i]!;
      const op = c & OP_MASK;
      byOp[op]!++;
      if (p >= next) {
        if (p === next) next++;
        else dense = false;
      }
      if (op === OP_RELEASE) continue;
      const kind = c >> KIND_SHIFT;
      refsByKind[kind]!++;
      if (seen.add(p)) pagesByKind[kind]!++;
    }
    records += length;
  }
  const info = stream.info;
  return {
    file: info.file,
    format: info.format,
    form: info.form,
    gzip: info.gzip,
    pageSize: info.pageSize,
    records,
    references: records - byOp[OP_RELEASE]!,
    releases: byOp[OP_RELEASE]!,
    distinctPages: seen.size,
    vmReads: byOp[0]!,
    vmWrites: byOp[1]!,
    fsReads: byOp[2]!,
    fsWrites: byOp[3]!,
    anonReferences: refsByKind[KIND_ANON]!,
    fileReferences: refsByKind[KIND_FILE]!,
    anonPages: pagesByKind[KIND_ANON]!,
    filePages: pagesByKind[KIND_FILE]!,
    footprintKiB: (seen.size * info.pageSize) / 1024,
    dense,
    tagged: info.tagged === true,
    ...(info.processTable ? { processes: info.processTable.processes.length - 1, threads: info.processTable.threads.length - 1 } : {}),
  };
}
