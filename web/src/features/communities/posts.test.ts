import { describe, expect, it } from "vitest";
import { applyTalkEvent, emptyTalk, withDeleted, withPage, withPost, withReplies, type Post, type Talk } from "./posts";

function post(id: string, over: Partial<Post> = {}): Post {
  return {
    id,
    community_id: "c1",
    parent_id: null,
    author_id: "a1",
    author_name: "Анна",
    author_org: { id: "o1", name: "Школа №5" },
    body: `текст ${id}`,
    html: `<p>текст ${id}</p>`,
    reply_count: 0,
    last_reply_at: null,
    created_at: "2026-09-01T10:00:00Z",
    deleted: false,
    ...over,
  };
}

const ev = (type: string, data: Record<string, unknown>) => ({ type, data: { community_id: "c1", ...data } });

describe("community conversation", () => {
  it("keeps posts newest first and ignores a post it already has", () => {
    let t: Talk = withPage(emptyTalk, { items: [post("03"), post("01")], next_cursor: "01" }, false);
    t = applyTalkEvent(t, ev("community.post", { post: post("02") }));
    t = applyTalkEvent(t, ev("community.post", { post: post("04") }));
    const again = applyTalkEvent(t, ev("community.post", { post: post("04") }));
    expect(again).toBe(t);
    expect(t.posts.map((p) => p.id)).toEqual(["04", "03", "02", "01"]);
    t = withPage(t, { items: [post("01"), post("00")], next_cursor: null }, true);
    expect(t.posts.map((p) => p.id)).toEqual(["04", "03", "02", "01", "00"]);
    expect(t.next).toBeNull();
  });

  it("counts replies from the event and adds them to an open thread once", () => {
    let t = withPage(emptyTalk, { items: [post("10")] }, false);
    const reply = post("11", { parent_id: "10" });
    // Thread closed: only the count moves.
    t = applyTalkEvent(t, ev("community.post", { post: reply, parent: { id: "10", reply_count: 1 } }));
    expect(t.posts[0]?.reply_count).toBe(1);
    expect(t.replies["10"]).toBeUndefined();
    // Thread open: this device's own reply first, then the same reply from the socket.
    t = withReplies(t, "10", [reply]);
    const mine = post("12", { parent_id: "10" });
    t = withPost(t, mine);
    t = applyTalkEvent(t, ev("community.post", { post: mine, parent: { id: "10", reply_count: 2 } }));
    expect(t.replies["10"]?.map((r) => r.id)).toEqual(["11", "12"]);
    expect(t.posts[0]?.reply_count).toBe(2);
  });

  it("leaves a deleted post with replies as a placeholder and drops it with the last reply", () => {
    let t = withPage(emptyTalk, { items: [post("20", { reply_count: 1 }), post("19")] }, false);
    t = withReplies(t, "20", [post("21", { parent_id: "20" })]);
    t = applyTalkEvent(t, ev("community.post_deleted", { post_id: "19", parent_id: null }));
    expect(t.posts.map((p) => p.id)).toEqual(["20"]);
    t = applyTalkEvent(t, ev("community.post_deleted", { post_id: "20", parent_id: null }));
    expect(t.posts[0]).toMatchObject({ id: "20", deleted: true, body: "", html: "" });
    t = withDeleted(t, "21", "20", { id: "20", reply_count: 0 });
    expect(t.posts).toEqual([]);
    expect(t.replies["20"]).toEqual([]);
    // Deleting what is not held changes nothing.
    expect(withDeleted(t, "99", null)).toBe(t);
  });

  it("ignores other events", () => {
    const t = withPage(emptyTalk, { items: [post("30")] }, false);
    expect(applyTalkEvent(t, ev("community.updated", {}))).toBe(t);
  });
});

describe("own actions and their events together", () => {
  it("count a deleted reply once, whichever comes first", () => {
    const base = withReplies(
      withPage(emptyTalk, { items: [post("40", { reply_count: 2 })] }, false),
      "40",
      [post("41", { parent_id: "40" }), post("42", { parent_id: "40" })],
    );
    const event = ev("community.post_deleted", { post_id: "41", parent_id: "40", parent: { id: "40", reply_count: 1 } });
    const ownFirst = applyTalkEvent(withDeleted(base, "41", "40"), event);
    const eventFirst = withDeleted(applyTalkEvent(base, event), "41", "40");
    for (const t of [ownFirst, eventFirst]) {
      expect(t.posts[0]?.reply_count).toBe(1);
      expect(t.replies["40"]?.map((r) => r.id)).toEqual(["42"]);
    }
  });
});
