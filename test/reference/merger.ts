/**
 * An obviously-correct (slow) merger for differential tests, written from docs/merger.md page by
 * page: every mapped page has its own descriptor, anonymous identities are shared objects, and a
 * page dies when a brute-force scan of every address space no longer finds it. It handles the
 * well-formed traces of randomWorkload.ts (fork = F, A, D; threads = F; exec = A, u, X) and
 * produces the basic-named text with release records.
 */
import type { KernelRecord, ReferenceRecord } from '../../merger/index.js';

interface Ident {
  canon: number;
}
interface NFile {
  pages: Map<number, number>;
}
type Desc = { kind: 'anon' } | { kind: 'file'; file: NFile; index: number } | { kind: 'shm'; seg: NFile; index: number };

class NSpace {
  map = new Map<number, Desc>();
  priv = new Map<number, Ident>();
}

const sameBacking = (a: Desc, b: Desc): boolean =>
  (a.kind === 'anon' && b.kind === 'anon') ||
  (a.kind === 'file' && b.kind === 'file' && a.file === b.file && a.index === b.index) ||
  (a.kind === 'shm' && b.kind === 'shm' && a.seg === b.seg && a.index === b.index);

export function naiveMerge(kernel: KernelRecord[], refs: ReferenceRecord[]): string {
  const out: string[] = [];
  let next = 0;
  const spaces = new Map<number, NSpace>();
  const spaceOfPid = new Map<number, NSpace>();
  const files = new Map<number, NFile>();
  const segs = new Map<number, NFile>();
  const file = (inode: number): NFile => files.get(inode) ?? (files.set(inode, { pages: new Map() }), files.get(inode)!);
  const page = (pages: Map<number, number>, index: number): number => {
    if (!pages.has(index)) pages.set(index, next++);
    return pages.get(index)!;
  };
  const idents = (): Set<Ident> => new Set([...spaces.values()].flatMap((s) => [...s.priv.values()]));
  const release = (pages: number[]): void => {
    for (const p of pages.sort((a, b) => a - b)) out.push(`x ${p.toString(16)}`);
  };
  const pages = (address: number, length: number): number[] => {
    const list: number[] = [];
    for (let v = Math.floor(address / 4096); v < Math.ceil((address + length) / 4096); v++) list.push(v);
    return list;
  };

  const reference = (ref: ReferenceRecord): void => {
    const space = spaces.get(ref.context)!;
    const op = ref.tag === 'w' || ref.tag === 'W' ? 'w' : 'r';
    let ident = space.priv.get(ref.vpn);
    const desc = space.map.get(ref.vpn);
    if (!ident && desc && desc.kind !== 'anon') {
      const p = page(desc.kind === 'file' ? desc.file.pages : desc.seg.pages, desc.index);
      out.push(`${op} ${p.toString(16)} ${desc.kind === 'file' ? 'f' : 'a'}`);
      return;
    }
    if (!ident) space.priv.set(ref.vpn, (ident = { canon: -1 }));
    if (ident.canon < 0) ident.canon = next++;
    out.push(`${op} ${ident.canon.toString(16)} a`);
  };

  const map = (space: NSpace, vpns: number[], desc: (vpn: number) => Desc): void => {
    for (const v of vpns) {
      const d = desc(v);
      const old = space.map.get(v);
      const keep = old ? sameBacking(old, d) : d.kind === 'anon';
      if (!keep) space.priv.delete(v);
      space.map.set(v, d);
    }
  };

  const apply = (r: KernelRecord): void => {
    const before = idents();
    const space = 'pid' in r ? spaceOfPid.get(r.pid) : undefined;
    switch (r.tag) {
      case 'A': {
        const s = new NSpace();
        spaces.set(r.context, s);
        spaceOfPid.set(r.pid, s);
        break;
      }
      case 'F':
        spaceOfPid.set(r.pid, spaceOfPid.get(r.parentPid)!);
        break;
      case 'D': {
        const from = spaces.get(r.context)!;
        const to = spaces.get(r.dupContext)!;
        // the fork's A gave the child a copy of the parent's mappings
        to.map = new Map(from.map);
        for (const v of pages(r.start, r.end - r.start)) if (from.priv.has(v)) to.priv.set(v, from.priv.get(v)!);
        break;
      }
      case 'u':
        spaces.delete(r.context);
        break;
      case 'm':
        map(space!, pages(r.address, r.length), () => ({ kind: 'anon' }));
        break;
      case 'M': {
        const f = file(r.inode);
        const first = Math.floor(r.address / 4096);
        map(space!, pages(r.address, r.length), (v) => ({ kind: 'file', file: f, index: r.pageOffset + v - first }));
        break;
      }
      case 's': {
        if (!segs.has(r.shmId)) segs.set(r.shmId, { pages: new Map() });
        const seg = segs.get(r.shmId)!;
        const first = Math.floor(r.address / 4096);
        map(space!, pages(r.address, r.length), (v) => ({ kind: 'shm', seg, index: v - first }));
        break;
      }
      case 'U':
        for (const v of pages(r.address, r.length)) {
          space!.map.delete(v);
          space!.priv.delete(v);
        }
        break;
      case '@': {
        const old = pages(r.oldAddress, r.oldLength);
        const dest = pages(r.newAddress, r.newLength);
        const shift = dest[0]! - old[0]!;
        const moved = old.map((v) => [v, space!.map.get(v), space!.priv.get(v)] as const);
        for (const v of old) {
          space!.map.delete(v);
          space!.priv.delete(v);
        }
        for (const v of dest) {
          space!.map.delete(v);
          space!.priv.delete(v);
        }
        const end = dest[dest.length - 1]! + 1;
        for (const [v, d, id] of moved) {
          if (v + shift >= end) continue;
          if (d) space!.map.set(v + shift, d);
          if (id) space!.priv.set(v + shift, id);
        }
        const last = moved[moved.length - 1]![1];
        for (let v = old[old.length - 1]! + 1 + shift; last && v < end; v++) {
          const k = v - (old[old.length - 1]! + shift);
          space!.map.set(v, last.kind === 'anon' ? last : { ...last, index: last.index + k });
        }
        break;
      }
      case 'C':
        space!.priv.set(Math.floor(r.address / 4096), { canon: -1 });
        break;
      case '<':
      case '>':
        for (const index of r.length > 0 ? pages(r.offset, r.length) : []) out.push(`${r.tag} ${page(file(r.inode).pages, index).toString(16)} f`);
        break;
      case 't': {
        const f = file(r.inode);
        const dead: number[] = [];
        for (const [index, p] of f.pages) if (index >= Math.ceil(r.size / 4096)) (dead.push(p), f.pages.delete(index));
        release(dead);
        break;
      }
      case '-': {
        const f = files.get(r.inode);
        if (f) {
          release([...f.pages.values()]);
          f.pages.clear();
          files.delete(r.inode);
        }
        break;
      }
      case '/': {
        release([...segs.get(r.shmId)!.pages.values()]);
        segs.get(r.shmId)!.pages.clear();
        segs.delete(r.shmId);
        break;
      }
      default:
        break;
    }
    const after = idents();
    release([...before].filter((id) => !after.has(id) && id.canon >= 0).map((id) => id.canon));
  };

  const ordered = refs.map((ref, i) => ({ ref, i })).sort((a, b) => a.ref.cycle - b.ref.cycle || a.i - b.i);
  let k = 0;
  for (const { ref } of ordered) {
    while (k < kernel.length && kernel[k]!.cycle <= ref.cycle) apply(kernel[k++]!);
    reference(ref);
  }
  while (k < kernel.length) apply(kernel[k++]!);
  return out.map((l) => l + '\n').join('');
}
