/**
 * libCacheSim's plain-text traces (`txt`): one decimal object id per line, below 2⁶⁴ (libCacheSim
 * reads it with strtoull). Ids are compared as numbers; one object is one page.
 */
import { KIND_FILE } from '../operations.js';
import { decimalU64Field } from './fields.js';
import { IdPerLineFormat } from './idPerLine.js';
import { lineImporter } from './importer.js';

export const txtImporter = lineImporter(
  { name: 'txt', describe: 'libCacheSim txt: one decimal object id per line (one page per object)', settings: [], defaultKind: KIND_FILE },
  (file, settings) => new IdPerLineFormat(file, settings, decimalU64Field, 'expected one decimal object id below 2^64'),
);
