import type { LabelledQuery } from '../query-file.js';
import type { LoadedSplit } from '../team-queries.js';

/** A labelled query with its style (situation, picture, typo, short, …; `other` when the file has none). */
export interface StyledQuery {
  query: string;
  relevant: ReadonlySet<string>;
  style: string;
}

export interface QuerySets {
  /** Team queries of the validation memes: what linear-fusion weights are fitted on. */
  validation: StyledQuery[];
  /**
   * The held-out split: the team's queries of the held-out memes plus the rows of the natural query
   * file whose memes are all held-out. Nothing trains or fits on it; configurations are chosen on it.
   */
  heldout: StyledQuery[];
  /** The whole natural query file (another writer's queries over every meme), when given. */
  natural: StyledQuery[];
}

/**
 * The query sets of `eval --compare`. The corpus's own `example` queries are left out of both the
 * fitting and the held-out sets: they are one synthetic style (mostly «Когда…»), which the team's
 * queries were written to get away from; the training script reports them separately.
 */
export function buildQuerySets(split: LoadedSplit, natural: readonly LabelledQuery[]): QuerySets {
  const teamOf = (part: 'validation' | 'heldout'): StyledQuery[] => {
    const byQuery = new Map<string, StyledQuery>();
    for (const r of split.rows) {
      if (r.part !== part || r.style === 'example') continue;
      const q = byQuery.get(r.query);
      if (q) (q.relevant as Set<string>).add(r.id);
      else byQuery.set(r.query, { query: r.query, relevant: new Set([r.id]), style: r.style });
    }
    return [...byQuery.values()];
  };
  const styled = natural.map((q) => ({ query: q.query, relevant: q.relevant, style: q.style ?? 'other' }));
  const heldoutNatural = styled.filter((q) => [...q.relevant].every((id) => split.parts.get(id) === 'heldout'));
  return { validation: teamOf('validation'), heldout: [...teamOf('heldout'), ...heldoutNatural], natural: styled };
}
