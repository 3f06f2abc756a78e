import { describe, expect, it } from 'vitest';
import { COST_PRESETS, autoSizes, createCostModel, parseSizes, parseWarmup, zeroCounters } from '../../index.js';

const ctx = { footprint: 1000, pageSize: 4096 };

describe('memory sizes', () => {
  it('frames, ranges, fractions, percentages and amounts, mixed, sorted and unique', () => {
    expect(parseSizes('100,10:40:10,0.5,25%,64KiB,1MB', ctx)).toEqual([10, 16, 20, 30, 40, 100, 244, 250, 500]);
    expect(parseSizes(['8', '8,2'], ctx)).toEqual([2, 8]);
  });

  it('auto is log-spaced from footprint/1024 up to the footprint', () => {
    const sizes = autoSizes(1_000_000);
    expect(sizes[0]).toBe(976);
    expect(sizes.at(-1)).toBe(1_000_000);
    for (let k = 1; k < sizes.length; k++) expect(sizes[k]! / sizes[k - 1]!).toBeCloseTo(Math.pow(1024, 1 / 23), 2);
    expect(parseSizes('auto', { footprint: 5, pageSize: 4096 })).toEqual([1, 2, 3, 4, 5]);
  });

  it('auto itself is ascending without duplicates when the footprint is small (reuse --curve and simulateTrace use it unparsed)', () => {
    // 844 pages: bottom = max(1, floor(844/1024)) = 1, so the first steps round 844^(1/23) ≈ 1.34 to 1, 1, 2, 2, …
    for (const footprint of [5, 30, 844, 2000]) {
      const sizes = autoSizes(footprint);
      expect(sizes.at(-1)).toBe(footprint);
      for (let k = 1; k < sizes.length; k++) expect(sizes[k]!, `footprint ${footprint}`).toBeGreaterThan(sizes[k - 1]!);
    }
    expect(autoSizes(844).slice(0, 4)).toEqual([1, 2, 3, 4]);
  });

  it('rejects what is not a size', () => {
    for (const bad of ['x', '-5', '0', '10:5:1', '1:10:0', '0%', '1B', '3:4']) {
      expect(() => parseSizes(bad, ctx), bad).toThrow(/bad memory size/);
    }
  });

  it('warm-up as a count or a fraction of the references', () => {
    expect(parseWarmup('250', 1000)).toBe(250);
    expect(parseWarmup('0.1', 1000)).toBe(100);
    expect(parseWarmup('15%', 1000)).toBe(150);
    expect(() => parseWarmup('5000', 1000)).toThrow(/5000 references: the trace has only 1000/);
    expect(() => parseWarmup('1.5', 1000)).toThrow(/below 1/);
  });
});

describe('cost models', () => {
  const c = { ...zeroCounters(), references: 100, faults: 10, compulsoryFaults: 6, capacityFaults: 4, anonCompulsory: 3, fileCompulsory: 3, anonCapacity: 1, fileCapacity: 3, writebacks: 2, softFaults: 5 };

  it('presets: zero-fill, file reads, swap-ins, write-backs and soft faults at their unit costs', async () => {
    const hdd = await createCostModel('hdd');
    const u = COST_PRESETS.hdd!;
    const e = hdd.estimate(c);
    expect(e.parts).toEqual({ zeroFill: 3 * u.zeroFill, fileRead: 6 * u.fileRead, swapIn: 1 * u.swapIn, writeBack: 2 * u.writeBack, softFault: 5 * u.softFault });
    expect(e.seconds).toBeCloseTo(3e-6 + 6 * 8e-3 + 8e-3 + 2 * 8e-3 + 2.5e-6, 12);
  });

  it('faults of basic streams (no kind) are charged as disk reads', async () => {
    const basic = { ...zeroCounters(), faults: 5, compulsoryFaults: 3, capacityFaults: 2 };
    const ssd = await createCostModel('ssd');
    expect(ssd.estimate(basic).seconds).toBeCloseTo(3 * 100e-6 + 2 * 100e-6, 12);
  });

  it('expressions with units over the counters', async () => {
    const m = await createCostModel('file_faults * 4ms + writebacks * 4ms + anon_compulsory * 2us');
    expect(m.estimate(c).seconds).toBeCloseTo(6 * 4e-3 + 2 * 4e-3 + 3 * 2e-6, 12);
    expect(m.info).toEqual({ name: 'expression', expression: 'file_faults * 4ms + writebacks * 4ms + anon_compulsory * 2us' });
  });

  it('rejects expressions that are not times or use unknown names', async () => {
    await expect(createCostModel('faults * 4 kg')).rejects.toThrow(/must give a time/);
    await expect(createCostModel('fautls * 4ms')).rejects.toThrow(/Undefined symbol fautls/);
    await expect(createCostModel('faults * (4ms')).rejects.toThrow(/cost expression/);
  });
});
