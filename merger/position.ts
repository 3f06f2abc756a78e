/** Where the merge is (which record of which file), for warnings and errors. Updated per record without allocating. */
export class RecordPosition {
  inKernel = true;
  kernelLine = 0;
  refRecord = 0;
  refLine = 0;

  constructor(
    readonly kernelFile: string,
    readonly referenceFile: string,
    private readonly locateReference: (record: number, line: number) => string,
  ) {}

  readonly where = (): [string, string] =>
    this.inKernel ? [this.kernelFile, `line ${this.kernelLine}`] : [this.referenceFile, this.locateReference(this.refRecord, this.refLine)];
}
