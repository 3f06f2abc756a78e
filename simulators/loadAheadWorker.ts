/**
 * The worker of loadAhead.ts: reads and decodes a stream straight into the trace's shared arrays
 * (the fresh memory is first touched here, on this thread), counts what wrapping them as a trace
 * needs (ArrayFacts), and publishes how many records are in after each chunk.
 */
import { workerData, type MessagePort } from 'node:worker_threads';
// The reader alone, not the traces index (importers and writers): the worker starts sooner.
import { openTraceStream } from '../traces/streamReader.js';
import { ArrayFacts } from '../traces/loadedTrace.js';
import { describeFailure } from './chunksAhead.js';
import { DONE, FAILED, Loaded, type LoadAheadShared } from './loadAhead.js';

const { file, control: controlBuffer, pages: pagesBuffer, codes: codesBuffer, port } = workerData as LoadAheadShared & { port: MessagePort };
const control = new Int32Array(controlBuffer);
const pages = new Uint32Array(pagesBuffer);
const codes = new Uint8Array(codesBuffer);

function finish(state: number): void {
  Atomics.store(control, Loaded.STATE, state);
  Atomics.add(control, Loaded.SEQ, 1);
  Atomics.notify(control, Loaded.SEQ);
}

async function run(): Promise<void> {
  const facts = new ArrayFacts();
  const stream = await openTraceStream(file);
  let at = 0;
  for await (const chunk of stream.chunks()) {
    facts.copy(chunk.pages, chunk.codes, chunk.length, pages, codes, at);
    at += chunk.length;
    Atomics.store(control, Loaded.RECORDS, at);
    Atomics.add(control, Loaded.SEQ, 1);
    Atomics.notify(control, Loaded.SEQ);
  }
  port.postMessage({ releases: facts.releases, next: facts.next, dense: facts.dense });
  finish(DONE);
}

run().catch((err: unknown) => {
  port.postMessage(describeFailure(err));
  finish(FAILED);
});
