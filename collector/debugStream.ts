/**
 * Separates valgrind's `-d` messages from the programs' own output on the stderr they share, and
 * puts back together messages that several valgrind processes wrote at once.
 *
 * valgrind writes a debug message (`--PID:LEVEL:module text\n`) in pieces of 90 bytes
 * (m_debuglog.c fills a 100-byte buffer and writes it out at 90), each piece one write() — atomic
 * on a pipe, but another process's piece may come between two pieces of one message. So: a piece
 * that starts with `--PID:` opens a message of PID; a message goes on, 90 bytes at a time, until a
 * piece brings its newline; a piece without prefix continues an open message (when several are
 * open, the one it completes best, else the one begun last). Text that comes
 * while no message is open is the programs' output, handed on a line at a time — except the
 * pieces owed by a wrong guess: when a process begins a message while its last one is still
 * open, that one's end went to another message, whose own end will turn up with no message open;
 * such a piece is dropped.
 */

/** valgrind's debug-output piece size. */
export const DEBUG_PIECE = 90;
const PREFIX = /--(\d+):\d+:/y;
/** What the start of a prefix may look like while the rest has not arrived. */
const PARTIAL_PREFIX = /^-(?:-(?:\d+(?::\d*)?)?)?$/;

export class DebugStream {
  private buffer = '';
  /** Messages begun and not yet ended, oldest first. */
  private readonly open = new Map<number, string>();
  /** Last pieces of messages that were closed by another's piece: they come later, homeless. */
  private owed = 0;

  /**
   * `message` receives each complete debug message (without its newline); `other` the programs'
   * text (with its newline). When several messages are open, a piece goes to the one it fits
   * best: `fit` scores a completed message (higher is a better fit).
   */
  constructor(
    private readonly message: (pid: number, text: string) => void,
    private readonly other: (text: string) => void,
    private readonly fit: (text: string) => number,
  ) {}

  /** More of the stream (latin1: one character per byte, so piece sizes count bytes). */
  push(text: string): void {
    this.buffer += text;
    this.drain(false);
  }

  end(): void {
    this.drain(true);
    for (const [pid, text] of this.open) this.message(pid, text);
    this.open.clear();
  }

  private drain(final: boolean): void {
    const b = this.buffer;
    let i = 0;
    while (i < b.length) {
      PREFIX.lastIndex = i;
      const head = PREFIX.exec(b);
      const nl = b.indexOf('\n', i);
      if (!head && !final && nl < 0 && PARTIAL_PREFIX.test(b.slice(i, i + 24))) break;
      if (head || this.open.size > 0) {
        const end = nl >= 0 && nl < i + DEBUG_PIECE ? nl + 1 : i + DEBUG_PIECE;
        if (end > b.length && !final) break;
        const piece = b.slice(i, end);
        i = Math.min(end, b.length);
        if (head) this.begin(Number(head[1]), piece);
        else this.continueWith(piece);
        continue;
      }
      if (nl < 0 && !final) break;
      const end = nl < 0 ? b.length : nl + 1;
      if (this.owed > 0 && end - i <= DEBUG_PIECE) this.owed--;
      else this.other(b.slice(i, end));
      i = end;
    }
    this.buffer = b.slice(i);
  }

  private begin(pid: number, piece: string): void {
    const stale = this.open.get(pid);
    if (stale !== undefined) {
      // Its last piece went to another message: that one's last piece will come with no
      // message open, and must not pass for the programs' output.
      this.open.delete(pid);
      this.message(pid, stale);
      this.owed++;
    }
    this.add(pid, piece);
  }

  private continueWith(piece: string): void {
    let owner = -1;
    let best = -1;
    for (const [pid, text] of this.open) {
      const score = this.open.size === 1 || !piece.endsWith('\n') ? 0 : this.fit((text + piece).slice(0, -1));
      // Ties go to the message begun last: a process writes its pieces back to back, so another
      // process's message more often falls between two pieces than the other way round.
      if (score >= best) {
        best = score;
        owner = pid;
      }
    }
    const text = this.open.get(owner)!;
    this.open.delete(owner);
    this.add(owner, text + piece);
  }

  private add(pid: number, text: string): void {
    if (text.endsWith('\n')) this.message(pid, text.slice(0, -1));
    else this.open.set(pid, text);
  }
}
