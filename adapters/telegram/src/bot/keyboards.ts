import type { InlineKeyboardButton, InlineKeyboardMarkup } from 'telegraf/types';
import type { VoteState } from '../state/vote-memory.store.js';

/** callback_data prefixes: "vl"/"vd" + ref (vote), "m" + session key («Ещё»). */
export const VOTE_LIKE = 'vl';
export const VOTE_DISLIKE = 'vd';
export const MORE = 'm';
/** What is left of callback_data's 64 bytes for a ref after the vote prefix. */
export const VOTE_REF_BUDGET = 64 - VOTE_LIKE.length;

const PRESSED = ' ✓';

export function voteRow(ref: string, state: VoteState): InlineKeyboardButton[] {
  return [
    { text: state === 'like' ? `👍${PRESSED}` : '👍', callback_data: VOTE_LIKE + ref },
    { text: state === 'dislike' ? `👎${PRESSED}` : '👎', callback_data: VOTE_DISLIKE + ref },
  ];
}

export function moreRow(sessionKey: string): InlineKeyboardButton[] {
  return [{ text: 'Ещё ⬇️', callback_data: MORE + sessionKey }];
}

export function resultKeyboard(ref: string, moreKey: string | undefined): InlineKeyboardMarkup {
  return { inline_keyboard: moreKey ? [voteRow(ref, 'none'), moreRow(moreKey)] : [voteRow(ref, 'none')] };
}

const dataOf = (b: InlineKeyboardButton) => ('callback_data' in b ? b.callback_data : undefined);
const isVoteRow = (row: InlineKeyboardButton[]) => row.some((b) => dataOf(b)?.startsWith(VOTE_LIKE) || dataOf(b)?.startsWith(VOTE_DISLIKE));
const isMoreRow = (row: InlineKeyboardButton[]) => row.some((b) => dataOf(b)?.startsWith(MORE));

/** The vote the keyboard shows as pressed (the fallback when the bot no longer remembers). */
export function shownVote(markup: InlineKeyboardMarkup | undefined): VoteState {
  const pressed = markup?.inline_keyboard.flat().find((b) => b.text.endsWith(PRESSED));
  const data = pressed ? dataOf(pressed) : undefined;
  return data?.startsWith(VOTE_LIKE) ? 'like' : data?.startsWith(VOTE_DISLIKE) ? 'dislike' : 'none';
}

/** The same keyboard with the vote row showing `state` (other rows kept). */
export function withVote(markup: InlineKeyboardMarkup | undefined, ref: string, state: VoteState): InlineKeyboardMarkup {
  const rows = markup?.inline_keyboard ?? [];
  const others = rows.filter((r) => !isVoteRow(r));
  return { inline_keyboard: [voteRow(ref, state), ...others] };
}

/** The same keyboard without «Ещё» (it moves to the newest page). */
export function withoutMore(markup: InlineKeyboardMarkup | undefined): InlineKeyboardMarkup {
  return { inline_keyboard: (markup?.inline_keyboard ?? []).filter((r) => !isMoreRow(r)) };
}
