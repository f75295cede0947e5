export interface Renamed {
  from: string;
  to: string;
  /** Position of the renamed item in the input. */
  index: number;
}

/**
 * First come keeps its id, a later holder gets "-2", "-3"… — the memepedia loader's scheme, kept
 * identical so an imported file and the loader give the same ids. Cut to fit the 200-character limit.
 */
export function uniqueIds(ids: readonly string[]): { ids: string[]; renamed: Renamed[] } {
  const used = new Set<string>();
  const renamed: Renamed[] = [];
  const out = ids.map((id, index) => {
    let next = id;
    for (let n = 2; used.has(next); n++) next = `${id.slice(0, 200 - String(n).length - 1)}-${n}`;
    used.add(next);
    if (next !== id) renamed.push({ from: id, to: next, index });
    return next;
  });
  return { ids: out, renamed };
}
