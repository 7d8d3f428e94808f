// Window maths for the virtualised message list: which rows to render for a scroll
// position, with measured heights where known and an estimate elsewhere. Pure functions,
// no DOM: the list measures rows and feeds the heights back in.

/** offsets[i] is the top of row i; offsets[count] the total height. */
export function buildOffsets(count: number, heightOf: (i: number) => number): Float64Array {
  const out = new Float64Array(count + 1);
  for (let i = 0; i < count; i++) out[i + 1] = (out[i] as number) + heightOf(i);
  return out;
}

/** The row that contains `y` (clamped to the rows that exist). */
export function rowAt(offsets: Float64Array, y: number): number {
  const count = offsets.length - 1;
  if (count <= 0) return 0;
  let lo = 0;
  let hi = count - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((offsets[mid] as number) <= y) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

export interface Range {
  /** First row rendered. */
  start: number;
  /** One past the last row rendered. */
  end: number;
}

/** Rows that intersect [top - overscan, top + viewport + overscan]. */
export function visibleRange(offsets: Float64Array, top: number, viewport: number, overscan: number): Range {
  const count = offsets.length - 1;
  if (count <= 0) return { start: 0, end: 0 };
  const start = rowAt(offsets, Math.max(0, top - overscan));
  const end = rowAt(offsets, top + viewport + overscan) + 1;
  return { start, end: Math.min(count, end) };
}

export interface PlanRow {
  index: number;
  /** Empty space to leave above this row: the rows skipped since the previous one. */
  gapBefore: number;
}

export interface Plan {
  rows: PlanRow[];
  /** Empty space after the last rendered row. */
  padBottom: number;
}

/**
 * The rows to put in the DOM: the visible range plus `keep` (rows that must stay mounted,
 * such as the one holding keyboard focus), each with the space of the skipped rows before
 * it so that the list keeps its full height and every row its place.
 */
export function plan(offsets: Float64Array, range: Range, keep: readonly number[] = []): Plan {
  const count = offsets.length - 1;
  const set = new Set<number>();
  for (let i = range.start; i < range.end; i++) set.add(i);
  for (const k of keep) if (k >= 0 && k < count) set.add(k);
  const indices = [...set].sort((a, b) => a - b);
  const rows: PlanRow[] = [];
  let bottom = 0;
  for (const index of indices) {
    const top = offsets[index] as number;
    rows.push({ index, gapBefore: top - bottom });
    bottom = offsets[index + 1] as number;
  }
  return { rows, padBottom: (offsets[count] ?? 0) - bottom };
}

/** Where to scroll so that row `index` is in view, or null when it already is. */
export function scrollToShow(
  offsets: Float64Array,
  index: number,
  top: number,
  viewport: number,
  align: "nearest" | "center" = "nearest",
): number | null {
  const a = offsets[index];
  const b = offsets[index + 1];
  if (a === undefined || b === undefined) return null;
  if (align === "center") return Math.max(0, a - (viewport - (b - a)) / 2);
  if (a >= top && b <= top + viewport) return null;
  if (a < top || b - a > viewport) return a;
  return b - viewport;
}
