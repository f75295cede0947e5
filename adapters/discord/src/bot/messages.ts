/** Everything the bot says, in one place (Russian). */
import type { SearchFailureKind } from '../search/search.gateway.js';

export const MORE_LABEL = 'Ещё';
export const NOTHING_FOUND = 'Ничего подходящего не нашлось 😔 Попробуйте описать ситуацию по-другому.';
export const NO_MORE = 'Больше вариантов нет — попробуйте переформулировать запрос.';
export const SESSION_EXPIRED = 'Этот поиск уже забыт. Запустите /meme ещё раз.';
export const STALE_BUTTON = 'Эта кнопка устарела.';
export const NOT_YOURS = 'Это чужой поиск — запустите /meme сами, чтобы оценивать и листать.';
export const EMPTY_QUERY = 'Опишите ситуацию словами, например: /meme всю ночь готовился к экзамену, а его отменили';
export const MEME_NOT_FOUND = 'Не нашёл мем с таким названием 🤔 Выберите его из подсказок или попробуйте /meme.';
export const GENERIC_ERROR = 'Что-то пошло не так 😔 Попробуйте ещё раз чуть позже.';
export const VOTE_FAILED = 'Не получилось сохранить оценку — попробуйте чуть позже.';

export const resultsHeader = (query: string) => `🔎 Мемы по запросу «${query.length > 200 ? `${query.slice(0, 199)}…` : query}»`;

export const rateLimited = (retryAfterMs: number) =>
  `🐢 Не так быстро! Слишком много запросов подряд — подождите ${Math.max(1, Math.ceil(retryAfterMs / 1000))} сек. и попробуйте снова.`;

export const SEARCH_FAILURE: Record<SearchFailureKind, string> = {
  unavailable: '😔 Поиск мемов сейчас недоступен. Мы уже чиним — попробуйте через минуту.',
  slow: '⏳ Поиск сейчас отвечает слишком долго. Попробуйте ещё раз чуть позже.',
  busy: '⏳ Сейчас слишком много запросов. Попробуйте через пару секунд.',
  invalid: '🤔 Не получилось разобрать запрос. Опишите ситуацию обычными словами, например: «опять понедельник».',
  not_found: MEME_NOT_FOUND,
  internal: GENERIC_ERROR,
};
