/** The command line as typed, for results files (arguments with spaces or quotes are quoted). */
export function commandLine(argv: string[]): string {
  return ['faultline', ...argv].map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');
}
