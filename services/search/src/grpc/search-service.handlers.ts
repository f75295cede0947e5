import { randomUUID } from 'node:crypto';
import type { Meme } from '../corpus/meme.js';
import type { FeedbackService } from '../feedback/feedback-service.js';
import type { Reaction } from '../feedback/feedback-store.js';
import type { SearchCore } from '../search/search-core.js';
import type { Reaction as ReactionMessage } from './generated/memesearch/v1/Reaction.js';

const REACTION_MESSAGES: Record<Reaction, ReactionMessage> = {
  like: 'REACTION_LIKE',
  dislike: 'REACTION_DISLIKE',
  chosen: 'REACTION_CHOSEN',
  clear: 'REACTION_CLEAR',
};
import type { Meme as MemeMessage } from './generated/memesearch/v1/Meme.js';
import type { SearchServiceHandlers } from './generated/memesearch/v1/SearchService.js';
import { validateEmbed, validateFeedback, validateGetMeme, validateSearch } from './request-validation.js';
import { notFound } from './status-error.js';
import { unary, type UnaryDeps } from './unary-call.js';

export function memeMessage(m: Meme): MemeMessage {
  return {
    id: m.id,
    title: m.title,
    description: m.description,
    source_url: m.url ?? '',
    image_url: m.imageUrl ?? '',
    tags: m.tags,
    date: m.date ?? '',
    source: m.source,
  };
}

/** memesearch.v1.SearchService: validation, then the domain core; no search logic lives here. */
export function searchServiceHandlers(core: SearchCore, deps: UnaryDeps, feedback: FeedbackService): SearchServiceHandlers {
  return {
    Search: unary('Search', deps, async (req, ctx) => {
      const started = performance.now();
      const input = validateSearch(req);
      ctx.log.debug({ query: input.query, platform: input.platform }, 'search');
      const version = core.artifact.meta.version;
      const hits = await core.search(input.query, input.limit, input.filters, ctx.signal);
      const queryId = randomUUID();
      feedback.recordSearch(
        queryId,
        input.query,
        input.platform,
        input.userRef,
        hits.map((h) => h.meme.id),
      );
      return {
        results: hits.map((h, i) => ({ meme: memeMessage(h.meme), score: h.score, rank: i + 1 })),
        query_id: queryId,
        model_id: core.artifact.meta.modelId,
        index_version: version,
        server_time_ms: performance.now() - started,
      };
    }),
    GetMeme: unary('GetMeme', deps, async (req) => {
      const id = validateGetMeme(req);
      const meme = core.getMeme(id);
      if (!meme) throw notFound(`no meme with id "${id}"`);
      return memeMessage(meme);
    }),
    SubmitFeedback: unary('SubmitFeedback', deps, async (req, ctx) => {
      const input = validateFeedback(req);
      if (!core.getMeme(input.memeId)) throw notFound(`no meme with id "${input.memeId}"`);
      await feedback.submit(input);
      ctx.log.debug({ reaction: input.reaction, memeId: input.memeId }, 'feedback stored');
      return { reaction: REACTION_MESSAGES[input.reaction] };
    }),
    Embed: unary('Embed', deps, async (req, ctx) => {
      const { texts, kind } = validateEmbed(req);
      const vectors = await core.embed(texts, kind, ctx.signal);
      return {
        vectors: vectors.map((v) => ({ values: Array.from(v) })),
        model_id: core.artifact.meta.modelId,
        dimension: core.artifact.meta.dimension,
      };
    }),
  };
}
