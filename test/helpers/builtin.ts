/** Built-in memes about exams, sessions and studying (ids from data/builtin/memes.jsonl). */
export const STUDY_MEMES = [
  'halyava-pridi',
  'shurik-konspekt',
  'ot-sessii-do-sessii',
  'eto-fiasko-bratan',
  'pacan-k-uspexu-shyol',
  'math-lady',
  'lab-dog-no-idea',
];

/** The acceptance query: a sleepless night before an exam that was then cancelled. */
export const EXAM_QUERY = 'всю ночь не спал, готовился к экзамену, а утром его отменили';
