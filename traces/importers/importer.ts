/** The shape every importer has: what it accepts (its settings profile) and how it decodes bytes. */
import type { StreamForm, TraceChunk } from '../streamReader.js';
import type { ImportSettings, SettingsProfile } from './importSettings.js';
import { lineChunks, type LineFormat } from './lineReader.js';

/** What an import has read so far. */
export interface ImportCounts {
  /** Records of the foreign format (lines or binary records) that were requests. */
  requests: number;
}

export interface Importer extends SettingsProfile {
  /** One line for help texts. */
  describe: string;
  form: StreamForm;
  /** Binary formats of fixed-size records, one reference each: the record's size (a plain file's size then tells how many). */
  recordBytes?: number;
  /** Refuses settings that do not go together (a UsageError), before anything is read. */
  validate?(settings: ImportSettings): void;
  /** Decodes the (decompressed) bytes of `file` into chunks of canonical basic-named records. */
  read(file: string, bytes: AsyncIterable<Uint8Array>, settings: ImportSettings, counts: ImportCounts): AsyncGenerator<TraceChunk>;
}

/** An importer of a text format, read line by line by the parser `make` returns. */
export function lineImporter(
  profile: SettingsProfile & { describe: string },
  make: (file: string, settings: ImportSettings) => LineFormat,
  validate?: (settings: ImportSettings) => void,
): Importer {
  return {
    ...profile,
    form: 'text',
    validate,
    read: (file, bytes, settings, counts) => lineChunks(bytes, make(file, settings), counts),
  };
}
