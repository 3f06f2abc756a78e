/**
 * Starts a worker thread on a module beside the caller: its compiled JavaScript, or under the test
 * runner (which runs the TypeScript sources) the `.ts` file loaded through tsx.
 */
import { Worker, type TransferListItem } from 'node:worker_threads';

/**
 * `callerUrl` is the caller's `import.meta.url`; `name` the entry module's name without extension;
 * `transferList` what `workerData` holds that must be moved, not copied (message ports).
 */
export function startWorker(callerUrl: string, name: string, workerData: unknown, transferList: TransferListItem[] = []): Worker {
  if (!callerUrl.endsWith('.ts')) return new Worker(new URL(`./${name}.js`, callerUrl), { workerData, transferList });
  const entry = new URL(`./${name}.ts`, callerUrl).href;
  const boot = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(entry)}); })`;
  return new Worker(boot, { eval: true, workerData, transferList });
}
