import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The repository root. This file sits at services/search/{src,dist}/config/, four levels below it,
 * in both the TypeScript sources and the compiled output.
 */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');

export const MANIFEST_PATH = resolve(REPO_ROOT, 'models/manifest.json');
export const CONVERT_SCRIPT_DIR = resolve(REPO_ROOT, 'models/convert');
export const BUILTIN_CORPUS_PATH = resolve(REPO_ROOT, 'data/builtin/memes.jsonl');
export const DEFAULT_CACHE_DIR = resolve(REPO_ROOT, '.cache');
/** The shared evaluation corpus lives beside the checkout and is never copied into it. */
export const SHARED_CORPUS_PATH = resolve(REPO_ROOT, '../shared/data/memepedia-irinba.tsv');

/** The team's hand-written queries: for training memes, and for the held-out memes nothing trains on. */
export const TRAIN_QUERIES_PATH = resolve(REPO_ROOT, 'data/train/queries.tsv');
export const HELDOUT_QUERIES_PATH = resolve(REPO_ROOT, 'data/heldout/queries.tsv');
/** The held-out memes of the shared corpus (links), fixed before anything was trained or chosen. */
export const HELDOUT_LIST_PATH = resolve(REPO_ROOT, 'data/heldout/memes.txt');
