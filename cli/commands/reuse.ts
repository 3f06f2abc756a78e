import { lruReuseProfile, missesFromReuse, planLoadedRun, type ReuseProfile } from '../../simulators/index.js';
import { loadTrace, writeFileAtomic } from '../../traces/index.js';
import { writeOut } from '../stdout.js';
import type { Command } from '../command.js';

interface ReuseArgs {
  stream: string;
  curve: boolean;
  sizes?: string[];
  warmup: string;
  json: boolean;
  output?: string;
}

function histogramText(name: string, p: ReuseProfile): string {
  const lines = [`# LRU stack distances of ${name}: ${p.references} references`, '# distance count'];
  for (let d = 1; d < p.count.length; d++) if (p.count[d]! > 0) lines.push(`${d} ${p.count[d]}`);
  lines.push(`inf ${p.infinite}`);
  return lines.join('\n') + '\n';
}

function curveText(name: string, p: ReuseProfile, sizes: number[], misses: number[]): string {
  const lines = [`# LRU miss curve of ${name}: ${p.references} references`, '# frames misses miss-ratio'];
  sizes.forEach((s, k) => lines.push(`${s} ${misses[k]} ${p.references ? (misses[k]! / p.references).toFixed(6) : 0}`));
  return lines.join('\n') + '\n';
}

export const reuseCommand: Command<ReuseArgs> = {
  positionals: [{ name: 'stream', required: true, describe: 'reference stream (any form), or FORMAT:FILE' }],
  options: {
    curve: { type: 'boolean', default: false, describe: 'print the LRU miss curve (frames misses miss-ratio) instead of the histogram' },
    sizes: { type: 'string', alias: 's', array: true, describe: 'memory sizes for the curve (as simulate takes them; default auto)' },
    warmup: { type: 'string', default: '0', describe: 'references before counting starts: a number or a fraction (0.1, 10%)' },
    json: { type: 'boolean', default: false, describe: 'print JSON: the histogram, the infinite distances and the curve' },
    output: { type: 'string', alias: ['o', 'out'], describe: 'write the output to this file instead of stdout' },
  },
  examples: [
    ['faultline reuse trace.bin.gz', '"distance count" lines, then "inf N" for first references'],
    ['faultline reuse trace.bin --curve -s 100:1000:100', 'LRU misses at ten sizes'],
  ],
  run: async (args) => {
    const { trace } = await loadTrace(args.stream);
    const { sizes, warmupRecords } = planLoadedRun(trace, args);
    const profile = lruReuseProfile(trace, warmupRecords);
    const misses = missesFromReuse(profile, sizes);
    let text: string;
    if (args.json) {
      const histogram: [number, number][] = [];
      profile.count.forEach((c, d) => c > 0 && histogram.push([d, c]));
      const curve = sizes.map((frames, k) => ({ frames, misses: misses[k]!, missRatio: profile.references ? misses[k]! / profile.references : 0 }));
      text = JSON.stringify({ stream: args.stream, references: profile.references, pages: trace.pageCount, histogram, infinite: profile.infinite, curve }, null, 2) + '\n';
    } else {
      text = args.curve ? curveText(args.stream, profile, sizes, misses) : histogramText(args.stream, profile);
    }
    if (args.output) writeFileAtomic(args.output, text);
    else await writeOut(text);
  },
};
