/** The real CloudPhysics trace (libCacheSim's sample; a copy of ../shared/data kept in the repository). */
import * as path from 'node:path';

const DIR = path.resolve(import.meta.dirname, '../fixtures/cloudPhysics');

/** libCacheSim oracleGeneral form, gzip-compressed. */
export const CLOUDPHYSICS_BIN = path.join(DIR, 'cloudPhysicsIO.oracleGeneral.bin.gz');
/** libCacheSim txt form (one decimal id per line), gzip-compressed. */
export const CLOUDPHYSICS_TXT = path.join(DIR, 'cloudPhysicsIO.txt.gz');
