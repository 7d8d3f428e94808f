import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { DraftSaver } from "./drafts";

describe("draft saving", () => {
  let saved: [string, string][];
  let saver: DraftSaver;
  beforeEach(() => {
    vi.useFakeTimers();
    saved = [];
    saver = new DraftSaver({
      save: (c, t) => saved.push([c, t]),
      schedule: (fn, ms) => setTimeout(fn, ms),
      cancel: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
    }, 1000);
  });
  afterEach(() => vi.useRealTimers());

  it("saves once after typing pauses", () => {
    saver.change("a", "П");
    vi.advanceTimersByTime(500);
    saver.change("a", "Пр");
    vi.advanceTimersByTime(500);
    saver.change("a", "При");
    expect(saved).toEqual([]);
    vi.advanceTimersByTime(999);
    expect(saved).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(saved).toEqual([["a", "При"]]);
  });

  it("keeps a timer per chat", () => {
    saver.change("a", "один");
    saver.change("b", "два");
    vi.advanceTimersByTime(1000);
    expect(saved).toEqual([
      ["a", "один"],
      ["b", "два"],
    ]);
  });

  it("does not save what the server already has", () => {
    saver.known("a", "черновик");
    saver.change("a", "черновик!");
    saver.change("a", "черновик");
    vi.advanceTimersByTime(5000);
    expect(saved).toEqual([]);
    saver.change("a", "");
    vi.advanceTimersByTime(1000);
    expect(saved).toEqual([["a", ""]]);
    saver.change("a", "");
    vi.advanceTimersByTime(1000);
    expect(saved).toHaveLength(1);
  });

  it("flushes at once when leaving the chat", () => {
    saver.change("a", "не потерять");
    saver.flush("a");
    expect(saved).toEqual([["a", "не потерять"]]);
    vi.advanceTimersByTime(5000);
    expect(saved).toHaveLength(1);
    saver.change("b", "и это");
    saver.flush();
    expect(saved).toEqual([
      ["a", "не потерять"],
      ["b", "и это"],
    ]);
  });

  it("a known value from another device does not cancel a pending save", () => {
    saver.change("a", "моё");
    saver.known("a", "чужое");
    vi.advanceTimersByTime(1000);
    expect(saved).toEqual([["a", "моё"]]);
  });
});
