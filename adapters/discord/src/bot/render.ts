import { meaningLine as kitMeaningLine, truncate } from '@memesearch/adapter-kit';
import type { MemeMessage } from '@memesearch/search/client';

export { truncate };
import {
  ButtonStyle,
  ComponentType,
  type APIActionRowComponent,
  type APIButtonComponentWithCustomId,
  type APIComponentInMessageActionRow,
  type APIEmbed,
  type APIMessageTopLevelComponent,
} from 'discord-api-types/v10';
import { encodeAction, decodeAction } from './custom-id.js';
import { MORE_LABEL } from './messages.js';

const BRAND = 0x5865f2;

/** One short line of what the meme means (an embed has room for 300 characters of it). */
export function meaningLine(description: string, max = 300): string {
  return kitMeaningLine(description, max);
}

/** One meme as an embed: title linked to its source, what it means, the picture, the score. */
export function memeEmbed(meme: MemeMessage, opts: { n?: number; score?: number } = {}): APIEmbed {
  const prefix = opts.n === undefined ? '' : `${opts.n}. `;
  const embed: APIEmbed = {
    title: truncate(prefix + (meme.title || meme.id), 256),
    description: meaningLine(meme.description) || undefined,
    color: BRAND,
  };
  if (/^https?:\/\//.test(meme.source_url)) embed.url = meme.source_url;
  if (/^https?:\/\//.test(meme.image_url)) embed.image = { url: meme.image_url };
  if (opts.score !== undefined) embed.footer = { text: `совпадение ${opts.score.toFixed(2)}` };
  return embed;
}

export type VoteState = 'like' | 'dislike' | 'none';
type Row = APIActionRowComponent<APIComponentInMessageActionRow>;

function voteButton(
  vote: 'like' | 'dislike',
  n: number,
  queryId: string,
  memeId: string,
  state: VoteState,
): APIButtonComponentWithCustomId | undefined {
  const custom_id = encodeAction({ kind: 'vote', vote, queryId, memeId });
  if (!custom_id) return undefined;
  const pressed = state === vote;
  const emoji = vote === 'like' ? '👍' : '👎';
  const style = pressed ? (vote === 'like' ? ButtonStyle.Success : ButtonStyle.Danger) : ButtonStyle.Secondary;
  return { type: ComponentType.Button, style, custom_id, label: `${n}${pressed ? ' ✓' : ''}`, emoji: { name: emoji } };
}

/**
 * One row per result (👍/👎, numbered like the embeds) and «Ещё» on the last row, so five results
 * fit Discord's five action rows.
 */
export function resultComponents(
  queryId: string,
  memeIds: readonly string[],
  withMore: boolean,
  states: ReadonlyMap<string, VoteState> = new Map(),
): Row[] {
  const rows: Row[] = memeIds.map((memeId, i) => ({
    type: ComponentType.ActionRow,
    components: (['like', 'dislike'] as const)
      .map((v) => voteButton(v, i + 1, queryId, memeId, states.get(memeId) ?? 'none'))
      .filter((b): b is APIButtonComponentWithCustomId => b !== undefined),
  }));
  const more = withMore ? encodeAction({ kind: 'more', queryId }) : undefined;
  if (more) {
    const moreButton: APIButtonComponentWithCustomId = {
      type: ComponentType.Button,
      style: ButtonStyle.Primary,
      custom_id: more,
      label: MORE_LABEL,
    };
    const last = rows.at(-1);
    if (last) last.components.push(moreButton);
    else rows.push({ type: ComponentType.ActionRow, components: [moreButton] });
  }
  return rows.filter((r) => r.components.length > 0);
}

/** Reads the message's buttons back: which search, which memes, which votes are shown pressed. */
export function readComponents(components: readonly APIMessageTopLevelComponent[] | undefined): {
  memeIds: string[];
  states: Map<string, VoteState>;
  hasMore: boolean;
} {
  const memeIds: string[] = [];
  const states = new Map<string, VoteState>();
  let hasMore = false;
  for (const row of components ?? []) {
    if (row.type !== ComponentType.ActionRow) continue;
    for (const c of row.components) {
      if (c.type !== ComponentType.Button || !('custom_id' in c)) continue;
      const action = decodeAction(c.custom_id);
      if (!action) continue;
      if (action.kind === 'more') {
        hasMore = true;
        continue;
      }
      if (!memeIds.includes(action.memeId)) memeIds.push(action.memeId);
      if (c.style !== ButtonStyle.Secondary) states.set(action.memeId, action.vote);
    }
  }
  return { memeIds, states, hasMore };
}
