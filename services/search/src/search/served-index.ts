import type { Config } from '../config/env.js';
import type { IndexArtifact } from '../index/index-artifact.js';
import { Retriever, type RetrievalSettings } from './retriever.js';
import { buildLexicalSearch, buildSpeller } from './text-retrieval.js';

/** One index version as served: the artifact and its ranking pipeline, swapped as one. */
export interface ServedIndex {
  artifact: IndexArtifact;
  retriever: Retriever;
}

/**
 * The ranking configuration the service and `search` use, from the environment. The defaults are
 * the configuration chosen from `eval --compare` (README, "Search quality"): dense + lexical with
 * linear fusion; spell correction measured no gain, so it is off unless asked for.
 */
export function retrievalSettings(config: Config): RetrievalSettings {
  return {
    fusion: config.SEARCH_FUSION,
    lexical: config.SEARCH_LEXICAL,
    rrfK: config.SEARCH_RRF_K,
    spell: config.SEARCH_SPELL,
  };
}

/** Builds what ranking needs beside the vectors (lexical index, speller) for an artifact, before it is served. */
export async function prepareServedIndex(artifact: IndexArtifact, settings: RetrievalSettings): Promise<ServedIndex> {
  const lexical =
    settings.fusion === 'none'
      ? undefined
      : buildLexicalSearch(
          artifact.memes,
          settings.lexical.map((c) => c.kind),
        );
  const speller = settings.spell ? await buildSpeller(artifact.memes) : undefined;
  const retriever = new Retriever({ memes: artifact.memes, dense: artifact.index, lexical, speller }, settings);
  return { artifact, retriever };
}
