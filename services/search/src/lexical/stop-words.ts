/**
 * Russian function words that carry no meaning for finding a meme: pronouns, prepositions,
 * conjunctions, particles and the forms of «быть». A short list on purpose (after normalisation: ё → е):
 * the long published lists (Snowball's, stopwords-iso) also drop content words such as «жизнь», «два»
 * or «хорошо» that meme titles are made of. Negations («не», «нет», «ни») are kept: «денег нет»,
 * «не могу» are what people type to find a meme.
 */
export const RUSSIAN_STOP_WORDS: ReadonlySet<string> = new Set(
  (
    'а без более бы был была были было быть в вам вас вдруг ведь во вот все всего всех всю вы где да даже для до ' +
    'его ее ей ему если есть еще ж же за зачем здесь и из или им их к как какая какой когда кто ли либо ' +
    'между меня мне мной мое может мой мы на над нас наш него нее ней нем нему нибудь них но ну о об ' +
    'обо он она они оно от перед по под после потом потому при про раз с сам себе себя со так также там ' +
    'тебе тебя тем теперь то тогда того тоже только том тот ту тут ты у уж уже хоть чего чей чем через что ' +
    'чтоб чтобы чье чья эта эти это этого этой этом этот я'
  ).split(' '),
);
