/**
 * The expected merge of a synthetic workload. The generator knows every page's true identity, so
 * it records, in time order, what the merged stream must hold (docs/workloads.md, "The truth"):
 *
 * - one reference per reference record, at the record's stamp (the page's first reference while
 *   in the filter), on the identity the page had then, a write when the record's tag says so;
 * - one FS reference per page a read()/write() moved bytes of, at the record's place;
 * - release records when identities die, the pages of one kernel record in ascending canonical
 *   order, only for pages that have appeared.
 *
 * Canonical numbers are then given in order of first appearance. The generator stamps every
 * event with a distinct, increasing cycle, so time order is the merged order.
 */
import { KIND_ANON, KIND_FILE, OP_FS_READ, OP_FS_WRITE, OP_VM_READ, OP_VM_WRITE, OP_RELEASE, makeCode, withTraceWriter, PAGE_SIZE, type Kind } from '../../traces/index.js';

/** Marks the first release of one kernel record's group (cleared before writing). */
const GROUP_START = 0x80;
/** A VM reference whose operation is known only when its record leaves the filter. */
const PENDING = 0x40;

export interface TruthCounts {
  references: number;
  releases: number;
  pages: number;
  anonPages: number;
  filePages: number;
  /** Pages the trace does not show touched before their first reference (first touch ever in a window). */
  firstTouchEver: number;
}

class Growable {
  ids = new Int32Array(1 << 16);
  codes = new Uint8Array(1 << 16);
  length = 0;

  push(id: number, code: number): number {
    if (this.length === this.ids.length) {
      const ids = new Int32Array(this.ids.length * 2);
      ids.set(this.ids);
      this.ids = ids;
      const codes = new Uint8Array(this.codes.length * 2);
      codes.set(this.codes);
      this.codes = codes;
    }
    this.ids[this.length] = id;
    this.codes[this.length] = code;
    return this.length++;
  }
}

export class Truth {
  private kinds = new Uint8Array(1 << 16);
  /** Per identity: 1 once it is in the stream, 2 when the trace shows it touched before that (while tracing was off). */
  private state = new Uint8Array(1 << 16);
  private identities = 0;
  private readonly slots = new Growable();

  /** A new page identity (anonymous or file); identities are never reused. */
  newIdentity(kind: Kind): number {
    if (this.identities === this.kinds.length) {
      const grown = new Uint8Array(this.kinds.length * 2);
      grown.set(this.kinds);
      this.kinds = grown;
      const state = new Uint8Array(this.identities * 2);
      state.set(this.state);
      this.state = state;
    }
    this.kinds[this.identities] = kind;
    return this.identities++;
  }

  kindOf(id: number): Kind {
    return this.kinds[id] as Kind;
  }

  /** A reference record's place; its operation follows with `settle` when the record is emitted. */
  vmReference(id: number): number {
    this.state[id] ||= 1;
    return this.slots.push(id, PENDING);
  }

  settle(slot: number, write: boolean): void {
    this.slots.codes[slot] = makeCode(write ? OP_VM_WRITE : OP_VM_READ, this.kindOf(this.slots.ids[slot]!));
  }

  fsReference(id: number, write: boolean): void {
    this.state[id] ||= 1;
    this.slots.push(id, makeCode(write ? OP_FS_WRITE : OP_FS_READ, KIND_FILE));
  }

  /** The trace shows `id` touched while tracing is off (`z`, `C`, read()/write()). */
  touchedBefore(id: number): void {
    if (this.state[id] === 0) this.state[id] = 2;
  }

  /** The identities that die at one kernel record. */
  release(ids: readonly number[]): void {
    ids.forEach((id, i) => this.slots.push(id, OP_RELEASE | (i === 0 ? GROUP_START : 0)));
  }

  /** Writes the expected basic-named stream with release records. */
  async write(path: string): Promise<TruthCounts> {
    const { ids, codes, length } = this.slots;
    const canon = new Int32Array(this.identities).fill(-1);
    const counts: TruthCounts = { references: 0, releases: 0, pages: 0, anonPages: 0, filePages: 0, firstTouchEver: 0 };
    const group: number[] = [];
    await withTraceWriter(path, { format: 'basic-named', pageSize: PAGE_SIZE, releases: true }, (w) => {
      const flushGroup = (): void => {
        group.sort((a, b) => a - b);
        for (const page of group) w.append(OP_RELEASE, page);
        counts.releases += group.length;
        group.length = 0;
      };
      for (let i = 0; i < length; i++) {
        const code = codes[i]!;
        const id = ids[i]!;
        if (code & PENDING) throw new Error(`truth: reference ${i} was never settled (its record did not leave the filter)`);
        if ((code & ~GROUP_START) === OP_RELEASE) {
          if (code & GROUP_START) flushGroup();
          if (canon[id]! >= 0) group.push(canon[id]!);
          continue;
        }
        flushGroup();
        if (canon[id]! < 0) {
          canon[id] = counts.pages++;
          if (this.state[id] !== 2) counts.firstTouchEver++;
          if (this.kinds[id] === KIND_ANON) counts.anonPages++;
          else counts.filePages++;
        }
        w.append(code, canon[id]!);
        counts.references++;
      }
      flushGroup();
    });
    return counts;
  }
}
