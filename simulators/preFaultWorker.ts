/** The worker of preFault.ts: touches each page of the shared buffer it is given, from the start, without changing a word. */
import { workerData } from 'node:worker_threads';

/** Words of a 4 KiB page: the touch's stride. */
const PAGE_WORDS = 1024;

const words = new Int32Array(workerData as SharedArrayBuffer, 0, (workerData as SharedArrayBuffer).byteLength >> 2);
for (let i = 0; i < words.length; i += PAGE_WORDS) Atomics.compareExchange(words, i, 0, 0);
