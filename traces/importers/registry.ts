/**
 * Every importer, by name, and the two ways in: `openImport(FORMAT, FILE)` for the library and
 * `FORMAT:FILE` / `FORMAT[SETTINGS]:FILE` wherever a stream is read (registered with the stream
 * reader when this module loads: the root index.ts imports it, and `openTraceStream` loads it the
 * first time it meets a prefix).
 */
import * as fs from 'node:fs';
import { DEFAULT_GUNZIP, openBytes } from '../byteSource.js';
import { UsageError } from '../errors.js';
import { registerStreamOpener, type OpenOptions, type StreamInfo, type TraceStream } from '../streamReader.js';
import { arcImporter } from './arc.js';
import { csvImporter } from './csv.js';
import { hexImporter } from './hexPages.js';
import type { ImportCounts, Importer } from './importer.js';
import { parseSettingsText, resolveSettings, type GivenSettings, type ImportSettings } from './importSettings.js';
import { lackeyImporter } from './lackey.js';
import { lirsImporter } from './lirs.js';
import { msrImporter } from './msr.js';
import { oracleGeneralImporter } from './oracleGeneral.js';
import { spcImporter } from './spc.js';
import { txtImporter } from './txt.js';

export const IMPORTERS: readonly Importer[] = [
  oracleGeneralImporter,
  txtImporter,
  csvImporter,
  hexImporter,
  lirsImporter,
  spcImporter,
  arcImporter,
  msrImporter,
  lackeyImporter,
];

export function importerNames(): string[] {
  return IMPORTERS.map((i) => i.name);
}

export function findImporter(name: string): Importer {
  const importer = IMPORTERS.find((i) => i.name === name);
  if (!importer) throw new UsageError(`unknown import format ${JSON.stringify(name)} (formats: ${importerNames().join(', ')})`);
  return importer;
}

export interface ImportOptions extends OpenOptions {
  /** Settings beyond those in the format's brackets; these win. */
  settings?: GivenSettings;
}

/** A basic-named stream read from a foreign format; `counts` grows as the chunks are read. */
export interface ImportedStream extends TraceStream {
  importer: Importer;
  settings: ImportSettings;
  counts: ImportCounts;
}

const FORMAT_SPEC = /^([A-Za-z][\w-]*)(?:\[([^\]]*)\])?$/;

/** Opens `file` as the foreign format `format` (`NAME` or `NAME[SETTINGS]`). */
export async function openImport(format: string, file: string, options: ImportOptions = {}): Promise<ImportedStream> {
  const spec = FORMAT_SPEC.exec(format);
  if (!spec) throw new UsageError(`${JSON.stringify(format)}: expected an import format NAME or NAME[SETTING=VALUE,…] (formats: ${importerNames().join(', ')})`);
  const importer = findImporter(spec[1]!);
  const given: GivenSettings = parseSettingsText(spec[2] ?? '');
  for (const [name, value] of Object.entries(options.settings ?? {})) {
    if (value !== undefined) given[name as keyof GivenSettings] = value;
  }
  const settings = resolveSettings(importer, given);
  importer.validate?.(settings);
  const source = await openBytes(file, options.gunzip ?? DEFAULT_GUNZIP);
  const { gzip, chunks: bytes } = source;
  // Readers of fixed-size records keep nothing of a chunk but a copied partial record.
  if (importer.recordBytes) source.recycle();
  const info: StreamInfo = { file: `${format}:${file}`, form: importer.form, gzip, format: 'basic-named', pageSize: settings.pageSize, releases: false };
  if (importer.recordBytes && !gzip) info.expectedRecords = Math.floor(fs.statSync(file).size / importer.recordBytes);
  const counts: ImportCounts = { requests: 0 };
  return { info, importer, settings, counts, chunks: () => importer.read(file, bytes, settings, counts), close: async () => void (await bytes.return(undefined)) };
}

for (const importer of IMPORTERS) {
  registerStreamOpener(importer.name, (file, options, settings) =>
    openImport(settings === undefined ? importer.name : `${importer.name}[${settings}]`, file, options),
  );
}
