import { GENERIC_ERROR, rateLimited, searchFailureMessages } from '@memesearch/adapter-kit';

export { GENERIC_ERROR, rateLimited };
/** Everything the bot says, in one place (Russian). */

export const MORE_LABEL = 'Ещё';
export const NOTHING_FOUND = 'Ничего подходящего не нашлось 😔 Попробуйте описать ситуацию по-другому.';
export const NO_MORE = 'Больше вариантов нет — попробуйте переформулировать запрос.';
export const SESSION_EXPIRED = 'Этот поиск уже забыт. Запустите /meme ещё раз.';
export const STALE_BUTTON = 'Эта кнопка устарела.';
export const NOT_YOURS = 'Это чужой поиск — запустите /meme сами, чтобы оценивать и листать.';
export const EMPTY_QUERY = 'Опишите ситуацию словами, например: /meme всю ночь готовился к экзамену, а его отменили';
export const MEME_NOT_FOUND = 'Не нашёл мем с таким названием 🤔 Выберите его из подсказок или попробуйте /meme.';
export const VOTE_FAILED = 'Не получилось сохранить оценку — попробуйте чуть позже.';

export const resultsHeader = (query: string) => `🔎 Мемы по запросу «${query.length > 200 ? `${query.slice(0, 199)}…` : query}»`;

export const SEARCH_FAILURE = searchFailureMessages(MEME_NOT_FOUND);
