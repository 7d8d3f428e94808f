import { describe, expect, it } from "vitest";
import { buildOffsets, plan, rowAt, scrollToShow, visibleRange } from "./virtual";

const fixed = (n: number, h = 50) => buildOffsets(n, () => h);

describe("virtual window maths", () => {
  it("builds offsets from heights", () => {
    const o = buildOffsets(3, (i) => [10, 20, 30][i] as number);
    expect([...o]).toEqual([0, 10, 30, 60]);
  });

  it("finds the row at a position", () => {
    const o = fixed(10);
    expect(rowAt(o, 0)).toBe(0);
    expect(rowAt(o, 49.9)).toBe(0);
    expect(rowAt(o, 50)).toBe(1);
    expect(rowAt(o, 10_000)).toBe(9);
    expect(rowAt(o, -5)).toBe(0);
    expect(rowAt(fixed(0), 10)).toBe(0);
  });

  it("renders only the rows in view plus overscan, whatever the total", () => {
    const o = fixed(10_000);
    const r = visibleRange(o, 250_000, 800, 400);
    expect(r.start).toBe(4992);
    expect(r.end).toBe(5025);
    expect(r.end - r.start).toBeLessThan(40);
    expect(visibleRange(o, 0, 800, 400)).toEqual({ start: 0, end: 25 });
    expect(visibleRange(o, o[10_000] as number, 800, 0).end).toBe(10_000);
    expect(visibleRange(fixed(0), 0, 800, 400)).toEqual({ start: 0, end: 0 });
  });

  it("plans rows with gaps so the list keeps its height", () => {
    const o = fixed(100, 10);
    const p = plan(o, { start: 40, end: 45 });
    expect(p.rows.map((r) => r.index)).toEqual([40, 41, 42, 43, 44]);
    expect(p.rows[0]?.gapBefore).toBe(400);
    expect(p.rows[1]?.gapBefore).toBe(0);
    expect(p.padBottom).toBe(550);
    const total = p.rows.reduce((s, r) => s + r.gapBefore + 10, 0) + p.padBottom;
    expect(total).toBe(1000);
  });

  it("keeps a focused row mounted outside the window", () => {
    const o = fixed(100, 10);
    const p = plan(o, { start: 40, end: 42 }, [5, 41, 500]);
    expect(p.rows).toEqual([
      { index: 5, gapBefore: 50 },
      { index: 40, gapBefore: 340 },
      { index: 41, gapBefore: 0 },
    ]);
    expect(p.padBottom).toBe(580);
  });

  it("scrolls just enough to show a row, or centres it", () => {
    const o = fixed(100, 10);
    expect(scrollToShow(o, 5, 0, 100)).toBeNull();
    expect(scrollToShow(o, 20, 0, 100)).toBe(110);
    expect(scrollToShow(o, 2, 50, 100)).toBe(20);
    expect(scrollToShow(o, 50, 0, 100, "center")).toBe(455);
    expect(scrollToShow(o, 500, 0, 100)).toBeNull();
  });
});
