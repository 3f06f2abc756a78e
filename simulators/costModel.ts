/**
 * Estimated paging time: counts × unit costs. Presets give order-of-magnitude unit costs for
 * three kinds of backing store; a user can instead write an expression with units, evaluated by
 * mathjs, over the counters (e.g. `file_faults * 4ms + writebacks * 4ms + anon_compulsory * 2us`).
 *
 * Preset events: a compulsory anonymous fault zero-fills a new page (CPU only); a file fault reads
 * the page from its file; an anonymous capacity fault reads it back from swap; evicting a dirty
 * page writes it back; a soft fault is a trap and a list move. Faults of basic streams (no kind)
 * are charged as disk reads.
 */
import { UsageError } from '../traces/errors.js';
import type { EvalFunction } from 'mathjs';
import type { Counters, CostEstimate, CostModelInfo } from './results.js';

export interface UnitCosts {
  zeroFill: number;
  fileRead: number;
  swapIn: number;
  writeBack: number;
  softFault: number;
}

/** Seconds per event. HDD: ~8 ms random access; SATA SSD: ~100 µs read, ~50 µs write; NVMe: ~20 µs / ~15 µs. */
export const COST_PRESETS: Record<string, UnitCosts> = {
  hdd: { zeroFill: 1e-6, fileRead: 8e-3, swapIn: 8e-3, writeBack: 8e-3, softFault: 0.5e-6 },
  ssd: { zeroFill: 1e-6, fileRead: 100e-6, swapIn: 100e-6, writeBack: 50e-6, softFault: 0.5e-6 },
  nvme: { zeroFill: 1e-6, fileRead: 20e-6, swapIn: 20e-6, writeBack: 15e-6, softFault: 0.5e-6 },
};

export const DEFAULT_COST_MODEL = 'ssd';

/** Counter values under the snake_case names cost expressions use. */
export function costVariables(c: Counters): Record<string, number> {
  return {
    references: c.references,
    hits: c.hits,
    faults: c.faults,
    compulsory_faults: c.compulsoryFaults,
    capacity_faults: c.capacityFaults,
    anon_compulsory: c.anonCompulsory,
    anon_capacity: c.anonCapacity,
    file_compulsory: c.fileCompulsory,
    file_capacity: c.fileCapacity,
    anon_faults: c.anonCompulsory + c.anonCapacity,
    file_faults: c.fileCompulsory + c.fileCapacity,
    soft_faults: c.softFaults,
    evictions: c.evictions,
    writebacks: c.writebacks,
    anon_writebacks: c.anonWritebacks,
    file_writebacks: c.fileWritebacks,
    releases: c.releases,
    released_resident: c.releasedResident,
  };
}

export interface CostModel {
  info: CostModelInfo;
  estimate(c: Counters): CostEstimate;
}

function presetModel(name: string, u: UnitCosts): CostModel {
  return {
    info: { name, unitCosts: { ...u } },
    estimate(c: Counters): CostEstimate {
      const unknownCompulsory = c.compulsoryFaults - c.anonCompulsory - c.fileCompulsory;
      const unknownCapacity = c.capacityFaults - c.anonCapacity - c.fileCapacity;
      const parts = {
        zeroFill: c.anonCompulsory * u.zeroFill,
        fileRead: (c.fileCompulsory + c.fileCapacity + unknownCompulsory) * u.fileRead,
        swapIn: (c.anonCapacity + unknownCapacity) * u.swapIn,
        writeBack: c.writebacks * u.writeBack,
        softFault: c.softFaults * u.softFault,
      };
      return { seconds: Object.values(parts).reduce((a, b) => a + b, 0), parts };
    },
  };
}

async function expressionModel(expression: string): Promise<CostModel> {
  const { compile, isUnit, unit } = await import('mathjs');
  const second = unit('1 s');
  let compiled: EvalFunction;
  try {
    compiled = compile(expression);
  } catch (err) {
    throw new UsageError(`cost expression ${JSON.stringify(expression)}: ${(err as Error).message}`);
  }
  const names = Object.keys(costVariables({} as Counters));
  const evaluate = (vars: Record<string, number>): number => {
    let value: unknown;
    try {
      value = compiled.evaluate({ ...vars });
    } catch (err) {
      throw new UsageError(`cost expression ${JSON.stringify(expression)}: ${(err as Error).message} (variables: ${names.join(', ')})`);
    }
    if (!isUnit(value) || !value.equalBase(second)) {
      throw new UsageError(`cost expression ${JSON.stringify(expression)} must give a time (e.g. "faults * 4ms"), got ${String(value)}`);
    }
    return value.toNumber('s');
  };
  // Check the expression once up front so a mistake is reported before any simulation runs.
  evaluate(Object.fromEntries(names.map((n) => [n, 1])));
  return {
    info: { name: 'expression', expression },
    estimate: (c) => {
      const seconds = evaluate(costVariables(c));
      return { seconds, parts: { expression: seconds } };
    },
  };
}

/** A preset name (hdd, ssd, nvme) or an expression with time units. */
export async function createCostModel(spec: string = DEFAULT_COST_MODEL): Promise<CostModel> {
  const preset = COST_PRESETS[spec.toLowerCase()];
  if (preset) return presetModel(spec.toLowerCase(), preset);
  if (/^[a-z]+$/i.test(spec.trim())) {
    throw new UsageError(`unknown cost model ${JSON.stringify(spec)}: use ${Object.keys(COST_PRESETS).join(', ')} or an expression such as "file_faults * 4ms + writebacks * 4ms"`);
  }
  return expressionModel(spec);
}
