import { UserError } from '../../errors.js';
import type { Fusion } from '../../search/retriever.js';

/** Which weights embed: the manifest model zero-shot, or the fine-tuned one (fp32 / int8). */
export type ModelChoice = 'base' | 'tuned' | 'tuned8';

export interface CompareConfig {
  /** As given on the command line, e.g. "tuned+lex+exp". */
  name: string;
  model: ModelChoice;
  fusion: Fusion;
  expansion: boolean;
  spell: boolean;
}

const MODEL_TOKENS: Record<string, ModelChoice> = { e5: 'base', tuned: 'tuned', tuned8: 'tuned8' };

export const CONFIG_SYNTAX =
  'a model (e5 = zero-shot, tuned = fine-tuned, tuned8 = fine-tuned int8) joined by "+" with switches: lex (hybrid, linear fusion), rrf (hybrid, reciprocal rank fusion), exp (index-side query expansion), spell (spell correction); e.g. e5+lex+spell';

/** The configurations `eval --compare` runs when given none. */
export const DEFAULT_COMPARE = [
  'e5',
  'e5+spell',
  'e5+exp',
  'e5+rrf',
  'e5+lex',
  'e5+lex+spell',
  'tuned',
  'tuned+rrf',
  'tuned+lex',
  'tuned+lex+spell',
  'tuned8+lex',
];

export function parseCompareConfig(name: string): CompareConfig {
  const [modelToken, ...switches] = name.trim().split('+');
  const model = MODEL_TOKENS[modelToken ?? ''];
  if (!model) throw new UserError(`configuration "${name}": it must start with e5, tuned or tuned8`, CONFIG_SYNTAX);
  const config: CompareConfig = { name: name.trim(), model, fusion: 'none', expansion: false, spell: false };
  const seen = new Set<string>();
  for (const s of switches) {
    if (seen.has(s)) throw new UserError(`configuration "${name}": "${s}" appears twice`, CONFIG_SYNTAX);
    seen.add(s);
    if (s === 'lex' || s === 'rrf') {
      if (config.fusion !== 'none') throw new UserError(`configuration "${name}": choose one of lex and rrf`, CONFIG_SYNTAX);
      config.fusion = s === 'lex' ? 'linear' : 'rrf';
    } else if (s === 'exp') config.expansion = true;
    else if (s === 'spell') config.spell = true;
    else throw new UserError(`configuration "${name}": unknown switch "${s}"`, CONFIG_SYNTAX);
  }
  return config;
}
