/**
 * kVMTrace's activator, from another terminal: a running `faultline collect --control DIR`
 * listens on the unix socket `DIR/activator.sock`; `faultline activator DIR start|stop|status`
 * connects, sends its command as one line and prints the one-line JSON answer. The socket is
 * removed when the collection ends.
 */
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { OptionError, UsageError } from '../traces/index.js';

export const ACTIVATOR_SOCKET = 'activator.sock';
export const ACTIVATOR_COMMANDS = ['start', 'stop', 'status'] as const;
export type ActivatorCommand = (typeof ACTIVATOR_COMMANDS)[number];

/** What the collector answers: the state asked for last and what has happened so far. */
export interface ActivatorStatus {
  /** Whether the command changed anything (start while on, stop while off: false). */
  changed: boolean;
  /** What the user (or the start) asked for last: on, off, or off until a trigger. */
  references: 'on' | 'off' | 'trigger';
  /** The user's switches so far. */
  switches: number;
  /** Page references traced so far (in the trace's order, which runs behind the program). */
  tracedReferences: number;
  /** Tracing windows begun so far in the trace. */
  windows: number;
}

/** The collector's side: answers commands with `handle` until `close`. */
export class ActivatorServer {
  private readonly server: net.Server;
  readonly socket: string;

  private constructor(socket: string, handle: (command: ActivatorCommand) => ActivatorStatus) {
    this.socket = socket;
    this.server = net.createServer((conn) => {
      let text = '';
      conn.setEncoding('utf8');
      conn.on('data', (chunk: string) => {
        text += chunk;
        const nl = text.indexOf('\n');
        if (nl < 0) return;
        const command = text.slice(0, nl).trim();
        const answer = (ACTIVATOR_COMMANDS as readonly string[]).includes(command)
          ? handle(command as ActivatorCommand)
          : { error: `unknown command ${JSON.stringify(command)}: start, stop or status` };
        conn.end(JSON.stringify(answer) + '\n');
      });
      conn.on('error', () => undefined);
    });
  }

  /** Listens in `dir` (created if missing); a socket left by a collector that is gone is replaced. */
  static async listen(dir: string, handle: (command: ActivatorCommand) => ActivatorStatus): Promise<ActivatorServer> {
    fs.mkdirSync(dir, { recursive: true });
    const socket = path.join(path.resolve(dir), ACTIVATOR_SOCKET);
    if (fs.existsSync(socket)) {
      if (await answers(socket)) throw new OptionError('controlDir', `${dir}: a running collection already listens there`);
      fs.rmSync(socket, { force: true });
    }
    const server = new ActivatorServer(socket, handle);
    await new Promise<void>((resolve, reject) => {
      server.server.once('error', (err) => reject(new OptionError('controlDir', `${dir}: cannot listen on ${socket}: ${err.message}`)));
      server.server.listen(socket, resolve);
    });
    return server;
  }

  close(): void {
    this.server.close();
    fs.rmSync(this.socket, { force: true });
  }
}

function answers(socket: string): Promise<boolean> {
  return new Promise((resolve) => {
    const conn = net.connect(socket, () => {
      conn.destroy();
      resolve(true);
    });
    conn.on('error', () => resolve(false));
  });
}

/** The activator's side: sends `command` to the collector listening in `dir`, returns its answer. */
export function activatorRequest(dir: string, command: ActivatorCommand): Promise<ActivatorStatus> {
  const socket = path.join(dir, ACTIVATOR_SOCKET);
  return new Promise((resolve, reject) => {
    let text = '';
    const conn = net.connect(socket, () => conn.write(command + '\n'));
    conn.setEncoding('utf8');
    conn.on('data', (chunk: string) => (text += chunk));
    conn.on('end', () => {
      try {
        const answer = JSON.parse(text) as ActivatorStatus & { error?: string };
        if (answer.error) reject(new UsageError(answer.error));
        else resolve(answer);
      } catch {
        reject(new UsageError(`${socket}: the collector gave no answer`));
      }
    });
    conn.on('error', (err: NodeJS.ErrnoException) => {
      const why = err.code === 'ENOENT' || err.code === 'ECONNREFUSED' ? 'no running collection listens there (none was started with this control directory)' : err.message;
      reject(new UsageError(`${dir}: ${why}`));
    });
  });
}
