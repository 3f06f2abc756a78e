/** Hexadecimal digits, for every byte-level decoder (stream text, raw kVMTrace text, importers, the collector's logs). */

/** Value of each byte as a hex digit, or -1. Upper case is accepted on input. */
export const HEX_VALUE = new Int8Array(256).fill(-1);
for (let i = 0; i < 16; i++) {
  HEX_VALUE['0123456789abcdef'.charCodeAt(i)] = i;
  HEX_VALUE['0123456789ABCDEF'.charCodeAt(i)] = i;
}
