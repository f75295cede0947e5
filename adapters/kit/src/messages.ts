import type { SearchFailureKind } from './search-failure.js';

// Russian texts both bots show for the same situations (one wording everywhere).
export const GENERIC_ERROR = 'Что-то пошло не так 😔 Попробуйте ещё раз чуть позже.';

export const rateLimited = (retryAfterMs: number) =>
  `🐢 Не так быстро! Слишком много запросов подряд — подождите ${Math.max(1, Math.ceil(retryAfterMs / 1000))} сек. и попробуйте снова.`;

/** What to tell a user per kind of search failure; `notFound` is the platform's own wording. */
export function searchFailureMessages(notFound: string): Record<SearchFailureKind, string> {
  return {
    unavailable: '😔 Поиск мемов сейчас недоступен. Мы уже чиним — попробуйте через минуту.',
    slow: '⏳ Поиск сейчас отвечает слишком долго. Попробуйте ещё раз чуть позже.',
    busy: '⏳ Сейчас слишком много запросов. Попробуйте через пару секунд.',
    invalid: '🤔 Не получилось разобрать запрос. Опишите ситуацию обычными словами, например: «опять понедельник».',
    not_found: notFound,
    internal: GENERIC_ERROR,
  };
}
