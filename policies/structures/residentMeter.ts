/** The mean resident-set size of a variable-space policy, sampled after every reference. */
export class ResidentMeter {
  private sum = 0;
  private samples = 0;

  add(size: number): void {
    this.sum += size;
    this.samples++;
  }

  mean(): number {
    return this.samples === 0 ? 0 : this.sum / this.samples;
  }

  reset(): void {
    this.sum = 0;
    this.samples = 0;
  }
}
