/** `faultline synth --irm SPEC`: an Independent Reference Model stream written to a file. */
import { withTraceWriter } from '../traces/index.js';
import { generateIrmTrace, irmLabel, parseIrmSpec } from './irm.js';

export interface IrmStreamSummary {
  output: string;
  /** The distribution in its canonical form, every parameter included. */
  spec: string;
  references: number;
  pages: number;
}

export async function writeIrmStream(specText: string, length: number, seed: number, output: string): Promise<IrmStreamSummary> {
  const spec = parseIrmSpec(specText);
  const trace = generateIrmTrace(spec, length, seed);
  await withTraceWriter(output, { format: trace.format, pageSize: trace.pageSize }, (w) => w.appendChunk(trace.pages, trace.codes, trace.length));
  return { output, spec: irmLabel(spec), references: trace.references, pages: trace.pageCount };
}
