/**
 * One recency-ordered PageList whose front part holds resident pages and whose back part holds
 * ghosts (pages remembered after eviction). ARC's T1/B1 and T2/B2, 2Q's A1in/A1out and S3-FIFO's
 * small queue and ghost queue all have this shape: a resident page leaves the resident part only at
 * its oldest end, to become the newest ghost, so its place in the list never changes and the
 * boundary between the parts is one pointer. 8 bytes per page (the PageList).
 */
import { PageList } from './pageList.js';

export class SplitList {
  readonly list: PageList;
  /** The newest ghost (the first page past the resident part), or -1 when there are no ghosts. */
  private ghostTop = -1;
  resident = 0;
  ghosts = 0;

  constructor(pageCount: number) {
    this.list = new PageList(pageCount);
  }

  /** Adds p as the newest resident page. */
  pushResident(p: number): void {
    this.list.pushFront(p);
    this.resident++;
  }

  /** The oldest resident page, or -1 when there is none. */
  oldestResident(): number {
    if (this.ghostTop < 0) return this.list.back();
    const p = this.list.prev[this.ghostTop]!;
    return p === this.list.sentinel ? -1 : p;
  }

  /** Turns the oldest resident page into the newest ghost and returns it. */
  demoteOldest(): number {
    const p = this.oldestResident();
    this.ghostTop = p;
    this.resident--;
    this.ghosts++;
    return p;
  }

  removeResident(p: number): void {
    this.list.remove(p);
    this.resident--;
  }

  removeGhost(p: number): void {
    if (p === this.ghostTop) {
      const older = this.list.next[p]!;
      this.ghostTop = older === this.list.sentinel ? -1 : older;
    }
    this.list.remove(p);
    this.ghosts--;
  }

  /** Forgets the oldest ghost and returns it (there must be one). */
  dropOldestGhost(): number {
    const p = this.list.back();
    this.removeGhost(p);
    return p;
  }

  /** The resident pages, newest first. */
  residentPages(): number[] {
    return this.list.toArray().slice(0, this.resident);
  }
}
