/**
 * The k highest positive scores of an array as {row, score}, best first (ties: lower row first).
 * A min-heap of size k: one pass over the array, no sort of all of it.
 */
export function topK(scores: ArrayLike<number>, k: number): Array<{ row: number; score: number }> {
  if (k <= 0) return [];
  const heapRow: number[] = [];
  const heapScore: number[] = [];
  // "worse" = lower score, or the same score at a higher row (so ties keep the lower row).
  const worse = (i: number, j: number) => heapScore[i]! < heapScore[j]! || (heapScore[i] === heapScore[j] && heapRow[i]! > heapRow[j]!);
  const swap = (i: number, j: number) => {
    [heapRow[i], heapRow[j]] = [heapRow[j]!, heapRow[i]!];
    [heapScore[i], heapScore[j]] = [heapScore[j]!, heapScore[i]!];
  };
  const down = (i: number) => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heapRow.length && worse(l, m)) m = l;
      if (r < heapRow.length && worse(r, m)) m = r;
      if (m === i) return;
      swap(i, m);
      i = m;
    }
  };
  for (let row = 0; row < scores.length; row++) {
    const s = scores[row]!;
    if (!(s > 0)) continue;
    if (heapRow.length < k) {
      heapRow.push(row);
      heapScore.push(s);
      for (let i = heapRow.length - 1; i > 0;) {
        const p = (i - 1) >> 1;
        if (!worse(i, p)) break;
        swap(i, p);
        i = p;
      }
    } else if (s > heapScore[0]!) {
      heapRow[0] = row;
      heapScore[0] = s;
      down(0);
    }
  }
  const out = heapRow.map((row, i) => ({ row, score: heapScore[i]! }));
  return out.sort((a, b) => b.score - a.score || a.row - b.row);
}
