/** System V shared memory segments by id: their pages are shared by every attach until `/`. */
export class ShmSegment {
  /** Canonical page of each page index that has appeared. */
  readonly pages = new Map<number, number>();
  constructor(readonly id: number) {}
}

export class ShmTable {
  private readonly segments = new Map<number, ShmSegment>();

  /** The live segment with this id, created on first attach. */
  get(id: number): ShmSegment {
    let s = this.segments.get(id);
    if (!s) {
      s = new ShmSegment(id);
      this.segments.set(id, s);
    }
    return s;
  }

  /** Removes the segment and returns it (undefined when unknown); its id may then name a new one. */
  destroy(id: number): ShmSegment | undefined {
    const s = this.segments.get(id);
    this.segments.delete(id);
    return s;
  }
}
