// Numbers a poll card shows: percentages that add up, the deadline as words.

/**
 * Whole percentages of `total` for each count.
 *
 * When the counts add up to the total (single choice: each voter once) the shares are
 * rounded by largest remainder, so they sum to exactly 100 — never 99 or 101. With multiple
 * choice a voter counts under several options; each share is then of the voters, rounded
 * on its own (the sum may well pass 100, as it should).
 */
export function percentages(counts: readonly number[], total: number): number[] {
  if (total <= 0) return counts.map(() => 0);
  const sum = counts.reduce((a, b) => a + b, 0);
  if (sum !== total) return counts.map((c) => Math.round((c * 100) / total));
  const exact = counts.map((c) => (c * 100) / total);
  const floors = exact.map(Math.floor);
  let left = 100 - floors.reduce((a, b) => a + b, 0);
  // Largest remainders first; ties go to the larger count, then to the earlier option.
  const order = exact
    .map((x, i) => ({ i, r: x - Math.floor(x), c: counts[i] ?? 0 }))
    .sort((a, b) => b.r - a.r || b.c - a.c || a.i - b.i);
  for (const { i, r } of order) {
    if (left <= 0) break;
    if (r <= 0) continue;
    floors[i] = (floors[i] ?? 0) + 1;
    left -= 1;
  }
  return floors;
}

/** Is the poll closed, counting a deadline that has passed since the server said so. */
export function isClosed(poll: { closed: boolean; deadline?: string | null }, now: number): boolean {
  return poll.closed || (poll.deadline != null && Date.parse(poll.deadline) <= now);
}

/** A local date (yyyy-mm-dd) and time (hh:mm) as an ISO instant; null when no date. */
export function deadlineIso(date: string, time: string): string | null {
  if (!date) return null;
  const [y, mo, d] = date.split("-").map(Number);
  const [h, mi] = (time || "23:59").split(":").map(Number);
  if (!y || !mo || !d) return null;
  const at = new Date(y, mo - 1, d, h ?? 0, mi ?? 0, 0, 0);
  return Number.isNaN(at.getTime()) ? null : at.toISOString();
}
