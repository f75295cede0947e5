import type { SearchResult } from '@memesearch/search/client';
import type { APIChatInputApplicationCommandInteraction, APIMessageComponentButtonInteraction } from 'discord-api-types/v10';
import type { MessageBody } from '../discord/interaction.responder.js';
import type { Answer } from './answer.js';
import { Notice } from './answer.js';
import type { BotDeps } from './bot-deps.js';
import { EMPTY_QUERY, NO_MORE, NOT_YOURS, NOTHING_FOUND, SESSION_EXPIRED, resultsHeader } from './messages.js';
import { memeEmbed, resultComponents } from './render.js';
import { optionValue, userIdOf } from './interaction-fields.js';

const MAX_LIMIT = 50;

/** `/meme query:<текст> [count:1–5]`: the top results as embeds with 👍/👎 and «Ещё». */
export async function handleMemeCommand(deps: BotDeps, i: APIChatInputApplicationCommandInteraction, answer: Answer): Promise<void> {
  const userId = userIdOf(i);
  const query = String(optionValue(i.data.options, 'query') ?? '').trim();
  if (!query) throw new Notice(EMPTY_QUERY);
  const requested = Number(optionValue(i.data.options, 'count') ?? deps.config.DISCORD_RESULTS);
  const count = Math.min(5, Math.max(1, Number.isInteger(requested) ? requested : deps.config.DISCORD_RESULTS));
  await answer.inTime(
    'reply',
    (async () => {
      const res = await deps.search.search(query, count, userId);
      const results = withMemes(res.results);
      if (results.length === 0) return { content: NOTHING_FOUND, embeds: [], components: [] };
      deps.sessions.set(res.query_id, { query, userId, count, shown: results.map((r) => r.meme.id) });
      return page(query, res.query_id, results);
    })(),
  );
}

/** «Ещё»: the same query again with a larger limit, minus what was shown; replaces the page. */
export async function handleMore(deps: BotDeps, i: APIMessageComponentButtonInteraction, queryId: string, answer: Answer): Promise<void> {
  const userId = userIdOf(i);
  const session = deps.sessions.get(queryId);
  if (!session) throw new Notice(SESSION_EXPIRED);
  if (session.userId !== userId) throw new Notice(NOT_YOURS);
  await answer.inTime(
    'update',
    (async () => {
      const limit = Math.min(MAX_LIMIT, session.shown.length + session.count);
      const res = await deps.search.search(session.query, limit, userId);
      const fresh = withMemes(res.results)
        .filter((r) => !session.shown.includes(r.meme.id))
        .slice(0, session.count);
      if (fresh.length === 0) throw new Notice(NO_MORE);
      const shown = [...session.shown, ...fresh.map((r) => r.meme.id)];
      deps.sessions.set(res.query_id, { ...session, shown });
      return page(session.query, res.query_id, fresh, shown.length < MAX_LIMIT);
    })(),
  );
}

type WithMeme = SearchResult & { meme: NonNullable<SearchResult['meme']> };

function withMemes(results: readonly SearchResult[]): WithMeme[] {
  return results.filter((r): r is WithMeme => r.meme !== null && r.meme !== undefined);
}

function page(query: string, queryId: string, results: readonly WithMeme[], withMore = true): MessageBody {
  return {
    content: resultsHeader(query),
    embeds: results.map((r, n) => memeEmbed(r.meme, { n: n + 1, score: r.score })),
    components: resultComponents(
      queryId,
      results.map((r) => r.meme.id),
      withMore,
    ),
  };
}
