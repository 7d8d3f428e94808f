import { describe, expect, it } from "vitest";
import { ANNA, ME, chat, message } from "./fixtures";
import { notificationText, notifyKind } from "./notifications";
import { emptyState, type ChatsState } from "./types";

function state(muted = false): ChatsState {
  return { ...emptyState(ME), chats: { c1: chat("c1", { muted }), ch: chat("ch", { kind: "channel" }) } };
}

describe("browser notifications", () => {
  it("tell about new messages only while the tab is hidden, never in muted chats", () => {
    const m = message("c1", 1, ANNA);
    expect(notifyKind(state(), m, true, "c1")).toBe("message");
    expect(notifyKind(state(), m, false, null)).toBeNull();
    expect(notifyKind(state(true), m, true, null)).toBeNull();
  });
  it("tell about mentions even in muted chats", () => {
    const m = message("c1", 1, ANNA, { mentions: [ME] });
    expect(notifyKind(state(true), m, true, null)).toBe("mention");
    expect(notifyKind(state(true), { ...m, mentions: [], mentions_all: true }, true, null)).toBe("mention");
  });
  it("never for my own, deleted or unknown chats' messages", () => {
    expect(notifyKind(state(), message("c1", 1, ME), true, null)).toBeNull();
    expect(notifyKind(state(), message("c1", 1, ANNA, { deleted: true }), true, null)).toBeNull();
    expect(notifyKind(state(), message("zz", 1, ANNA), true, null)).toBeNull();
  });
  it("shortens the text and hides mention tokens", () => {
    expect(notificationText("Привет, <@01ANNA000000000000000000AN>!\nЗавтра")).toBe("Привет, @…! Завтра");
    expect(notificationText("x".repeat(200), 10)).toBe("xxxxxxxxx…");
  });
});
