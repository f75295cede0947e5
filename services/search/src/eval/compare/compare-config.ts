import { UserError } from '../../errors.js';
import type { Fusion, LexicalKind } from '../../search/retriever.js';

/** Which weights embed: the manifest model zero-shot, or the fine-tuned one (fp32 / int8). */
export type ModelChoice = 'base' | 'tuned' | 'tuned8';

export interface CompareConfig {
  /** As given on the command line, e.g. "tuned+char". */
  name: string;
  model: ModelChoice;
  /** Lexical scorers fused with the dense ranking (none: dense only). */
  lexical: LexicalKind[];
  /** linear (weights fitted on the validation memes) or rrf; none without lexical scorers. */
  fusion: Fusion;
  spell: boolean;
}

const MODEL_TOKENS: Record<string, ModelChoice> = { e5: 'base', tuned: 'tuned', tuned8: 'tuned8' };

export const CONFIG_SYNTAX =
  'a model (e5 = zero-shot, tuned = fine-tuned, tuned8 = fine-tuned int8) joined by "+" with switches: bm25 (Snowball-stem BM25), char (character 3-5-gram TF-IDF), rrf (fuse by reciprocal rank instead of linearly), spell (spell correction); e.g. tuned+char, e5+bm25+rrf';

/** The configurations `eval --compare` runs when given none. */
export const DEFAULT_COMPARE = [
  'e5',
  'e5+bm25',
  'e5+char',
  'tuned',
  'tuned+bm25',
  'tuned+bm25+rrf',
  'tuned+char',
  'tuned+char+rrf',
  'tuned+char+bm25',
  'tuned+char+spell',
  'tuned8+char',
];

export function parseCompareConfig(name: string): CompareConfig {
  const [modelToken, ...switches] = name.trim().split('+');
  const model = MODEL_TOKENS[modelToken ?? ''];
  if (!model) throw new UserError(`configuration "${name}": it must start with e5, tuned or tuned8`, CONFIG_SYNTAX);
  const config: CompareConfig = { name: name.trim(), model, lexical: [], fusion: 'none', spell: false };
  const seen = new Set<string>();
  let rrf = false;
  for (const s of switches) {
    if (seen.has(s)) throw new UserError(`configuration "${name}": "${s}" appears twice`, CONFIG_SYNTAX);
    seen.add(s);
    if (s === 'bm25' || s === 'char') config.lexical.push(s);
    else if (s === 'rrf') rrf = true;
    else if (s === 'spell') config.spell = true;
    else throw new UserError(`configuration "${name}": unknown switch "${s}"`, CONFIG_SYNTAX);
  }
  if (rrf && config.lexical.length === 0)
    throw new UserError(`configuration "${name}": rrf needs a lexical scorer (bm25 or char)`, CONFIG_SYNTAX);
  if (config.lexical.length > 0) config.fusion = rrf ? 'rrf' : 'linear';
  return config;
}
