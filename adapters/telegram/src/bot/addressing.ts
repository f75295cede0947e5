import type { Message, UserFromGetMe } from 'telegraf/types';

export const MAX_QUERY_CHARS = 1000;

/**
 * The text of a message meant for the bot, without the bot's @mention; undefined when a group
 * message is not for us (groups: only mentions and replies to the bot; commands are routed before).
 */
export function addressedText(
  msg: Message.TextMessage,
  bot: Pick<UserFromGetMe, 'id' | 'username'>,
  isPrivate: boolean,
): string | undefined {
  const handle = `@${bot.username}`.toLowerCase();
  const mention = (msg.entities ?? []).find(
    (e) =>
      (e.type === 'mention' && msg.text.slice(e.offset, e.offset + e.length).toLowerCase() === handle) ||
      (e.type === 'text_mention' && e.user.id === bot.id),
  );
  const text = mention ? `${msg.text.slice(0, mention.offset)} ${msg.text.slice(mention.offset + mention.length)}` : msg.text;
  if (isPrivate || mention || isReplyToBot(msg, bot.id)) return text;
  return undefined;
}

export function isReplyToBot(msg: Message, botId: number): boolean {
  return 'reply_to_message' in msg && msg.reply_to_message?.from?.id === botId;
}

export type PreparedQuery = { ok: true; query: string; trimmed: boolean } | { ok: false };

/**
 * Whitespace collapsed, cut to what the service accepts (at a word boundary); "not a query" when
 * nothing is left or there is not a single letter or digit ("????", "…", emoji only).
 */
export function prepareQuery(raw: string, maxChars = MAX_QUERY_CHARS): PreparedQuery {
  const text = raw
    .toWellFormed()
    // eslint-disable-next-line no-control-regex -- control characters are what is being removed
    .replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (!/[\p{L}\p{N}]/u.test(text)) return { ok: false };
  const chars = [...text];
  if (chars.length <= maxChars) return { ok: true, query: text, trimmed: false };
  const cut = chars.slice(0, maxChars).join('');
  const space = cut.lastIndexOf(' ');
  return { ok: true, query: space > maxChars / 2 ? cut.slice(0, space) : cut, trimmed: true };
}
