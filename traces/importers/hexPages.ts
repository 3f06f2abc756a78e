/**
 * Hexadecimal page lists: one page number per line, the form of the Amherst/Kaplan page traces
 * (SAD/OLR suite) and their LRU tools. Those are traces of programs' virtual pages, so the pages
 * are anonymous unless `kind=file` says otherwise. An optional 0x prefix is accepted.
 */
import { KIND_ANON } from '../operations.js';
import { hexU64Field } from './fields.js';
import { IdPerLineFormat } from './idPerLine.js';
import { lineImporter } from './importer.js';

export const hexImporter = lineImporter(
  { name: 'hex', describe: 'hex page lists (Amherst/Kaplan page traces): one hexadecimal page number per line', settings: [], defaultKind: KIND_ANON },
  (file, settings) => new IdPerLineFormat(file, settings, hexU64Field, 'expected one hexadecimal page number below 2^64'),
);
