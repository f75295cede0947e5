import type {
  APIApplicationCommandAutocompleteInteraction,
  APIApplicationCommandInteractionDataOption,
  APIApplicationCommandOptionChoice,
  APIChatInputApplicationCommandInteraction,
} from 'discord-api-types/v10';
import { SearchFailure } from '../search/search.gateway.js';
import type { Answer } from './answer.js';
import { Notice } from './answer.js';
import type { BotDeps } from './bot-deps.js';
import { optionValue, userIdOf } from './interaction-fields.js';
import { MEME_NOT_FOUND } from './messages.js';
import { memeEmbed, truncate } from './render.js';

const MAX_CHOICES = 25;

/**
 * Autocomplete of `/meme-name name:`. The service has no title lookup, so the typed text is run as
 * a search and the titles that contain it are put first. Never fails: no answer = no suggestions.
 */
export async function handleMemeNameAutocomplete(
  deps: BotDeps,
  i: APIApplicationCommandAutocompleteInteraction,
): Promise<APIApplicationCommandOptionChoice[]> {
  const focused = (i.data.options as Array<APIApplicationCommandInteractionDataOption & { focused?: boolean; value?: unknown }>).find(
    (o) => o.focused,
  );
  const typed = String(focused?.value ?? '').trim();
  if (!typed) return [];
  const userId = userIdOf(i);
  if (!deps.limiter.take(userId, 0.2).ok) return [];
  const res = await deps.search.search(typed, MAX_CHOICES, userId);
  const needle = typed.toLowerCase();
  const memes = res.results.flatMap((r) => (r.meme ? [r.meme] : []));
  const matching = memes.filter((m) => m.title.toLowerCase().includes(needle));
  const rest = memes.filter((m) => !m.title.toLowerCase().includes(needle));
  return [...matching, ...rest]
    .filter((m) => m.id.length <= 100)
    .slice(0, MAX_CHOICES)
    .map((m) => ({ name: truncate(m.title || m.id, 100), value: m.id }));
}

/** `/meme-name name:<id or text>`: the meme picked in autocomplete, else the best match of the text. */
export async function handleMemeNameCommand(deps: BotDeps, i: APIChatInputApplicationCommandInteraction, answer: Answer): Promise<void> {
  const name = String(optionValue(i.data.options, 'name') ?? '').trim();
  if (!name) throw new Notice(MEME_NOT_FOUND);
  const userId = userIdOf(i);
  await answer.inTime(
    'reply',
    (async () => {
      const meme = await deps.search.meme(name).catch(async (err: unknown) => {
        // Typed without picking a suggestion: the value is text, not an id.
        if (!(err instanceof SearchFailure) || (err.kind !== 'not_found' && err.kind !== 'invalid')) throw err;
        const res = await deps.search.search(name, 1, userId);
        const top = res.results[0]?.meme;
        if (!top) throw new Notice(MEME_NOT_FOUND);
        return top;
      });
      return { embeds: [memeEmbed(meme)] };
    })(),
  );
}
