import { describe, expect, it } from "vitest";
import { ANNA, BORIS, ME, ev, message } from "../chats/fixtures";
import {
  ViewQueue,
  channelReducer,
  defaultPublishTime,
  emptyChannel,
  fromLocalInput,
  mergeComments,
  missingStats,
  postsOf,
  toLocalInput,
  type ChannelState,
  type Comment,
  type PostStats,
} from "./logic";

const C = "ch1";

function stats(id: string, over: Partial<PostStats> = {}): PostStats {
  return { message_id: id, views: 0, comments: 0, comments_enabled: true, comments_open: true, ...over };
}

function comment(id: string, postId: string, author = ANNA): Comment {
  return {
    id,
    post_id: postId,
    author_id: author,
    author_name: author === ANNA ? "Anna" : "Boris",
    author_verified: false,
    author_avatar_url: null,
    client_id: `c-${id}`,
    body: `text ${id}`,
    html: `<p>text ${id}</p>`,
    created_at: "2026-09-01T10:00:00Z",
  };
}

function withThread(postId: string, comments: Comment[]): ChannelState {
  let s = channelReducer(emptyChannel(), { type: "stats", list: [stats(postId, { comments: comments.length })] });
  s = channelReducer(s, { type: "thread.open", postId });
  return channelReducer(s, { type: "thread.page", postId, comments, hasMoreBefore: false, stats: stats(postId, { comments: comments.length }) });
}

describe("posts", () => {
  it("are live, non-system messages, newest first", () => {
    const list = [
      message(C, 1, ME),
      message(C, 2, ME, { kind: "system" }),
      message(C, 3, ME, { deleted: true }),
      message(C, 4, ME, { kind: "poll" }),
    ];
    expect(postsOf(list).map((m) => m.seq)).toEqual([4, 1]);
  });

  it("ask for the counters of posts not fetched nor asked yet", () => {
    const list = [message(C, 1, ME), message(C, 2, ME), message(C, 3, ME)];
    const have = { [list[0]!.id]: stats(list[0]!.id) };
    expect(missingStats(list, have, new Set([list[1]!.id]))).toEqual([list[2]!.id]);
  });
});

describe("channel events", () => {
  it("set comment counts from the event, so a repeat changes nothing", () => {
    const s0 = channelReducer(emptyChannel(), { type: "stats", list: [stats("p1")] });
    const e = ev("channel.comment", C, 5, { post_id: "p1", comments: 3, comment: comment("01B", "p1") });
    const s1 = channelReducer(s0, { type: "event", event: e });
    const s2 = channelReducer(s1, { type: "event", event: e });
    expect(s1.stats.p1?.comments).toBe(3);
    expect(s2).toEqual(s1);
  });

  it("ignore posts not shown here", () => {
    const s0 = emptyChannel();
    const e = ev("channel.comment", C, 5, { post_id: "p9", comments: 1 });
    expect(channelReducer(s0, { type: "event", event: e })).toBe(s0);
  });

  it("append new comments to the open thread once, in order, and drop deleted ones", () => {
    let s = withThread("p1", [comment("01A", "p1"), comment("01C", "p1")]);
    s = channelReducer(s, { type: "event", event: ev("channel.comment", C, 6, { post_id: "p1", comments: 3, comment: comment("01B", "p1", BORIS) }) });
    s = channelReducer(s, { type: "comment.mine", comment: comment("01B", "p1", BORIS) });
    expect(s.thread?.comments.map((c) => c.id)).toEqual(["01A", "01B", "01C"]);
    s = channelReducer(s, { type: "event", event: ev("channel.comment_deleted", C, 7, { post_id: "p1", comments: 2, comment_id: "01A" }) });
    expect(s.thread?.comments.map((c) => c.id)).toEqual(["01B", "01C"]);
    expect(s.stats.p1?.comments).toBe(2);
    // Another post's comments do not enter this thread.
    s = channelReducer(s, { type: "stats", list: [stats("p2")] });
    s = channelReducer(s, { type: "event", event: ev("channel.comment", C, 8, { post_id: "p2", comments: 1, comment: comment("01D", "p2") }) });
    expect(s.thread?.comments).toHaveLength(2);
    expect(s.stats.p2?.comments).toBe(1);
  });

  it("follow the post's and the channel's comment switches", () => {
    let s = channelReducer(emptyChannel(), { type: "stats", list: [stats("p1"), stats("p2", { comments_enabled: false, comments_open: false })] });
    s = channelReducer(s, { type: "event", event: ev("channel.post", C, 3, { message_id: "p1", comments: 0, comments_enabled: false, comments_open: false, views: 0 }) });
    expect(s.stats.p1?.comments_open).toBe(false);
    s = channelReducer(s, { type: "event", event: ev("channel.post", C, 4, { message_id: "p2", comments: 0, comments_enabled: true, comments_open: true, views: 0 }) });
    s = channelReducer(s, { type: "event", event: ev("chat.updated", C, 5, { settings: { comments: false } }) });
    expect([s.stats.p1?.comments_open, s.stats.p2?.comments_open]).toEqual([false, false]);
    s = channelReducer(s, { type: "event", event: ev("chat.updated", C, 6, { settings: { comments: true } }) });
    expect([s.stats.p1?.comments_open, s.stats.p2?.comments_open]).toEqual([false, true]);
  });

  it("never take a view back when an older answer comes late", () => {
    let s = channelReducer(emptyChannel(), { type: "stats", list: [stats("p1", { views: 5 })] });
    s = channelReducer(s, { type: "stats", list: [stats("p1", { views: 4, comments: 2 })] });
    expect(s.stats.p1).toMatchObject({ views: 5, comments: 2 });
  });

  it("keep older pages of comments in order and drop the thread when closed", () => {
    let s = withThread("p1", [comment("01M", "p1"), comment("01N", "p1")]);
    s = channelReducer(s, { type: "thread.older", postId: "p1", comments: [comment("01K", "p1"), comment("01L", "p1")], hasMoreBefore: false });
    expect(s.thread?.comments.map((c) => c.id)).toEqual(["01K", "01L", "01M", "01N"]);
    expect(channelReducer(s, { type: "thread.close" }).thread).toBeNull();
    expect(mergeComments([comment("01A", "p1")], [comment("01A", "p1", BORIS)])[0]?.author_id).toBe(ANNA);
  });
});

describe("view queue", () => {
  it("reports each post once, in batches", () => {
    const q = new ViewQueue();
    expect([q.add("a"), q.add("b"), q.add("a")]).toEqual([true, true, false]);
    expect(q.take(1)).toEqual(["a"]);
    expect(q.take()).toEqual(["b"]);
    expect(q.size).toBe(0);
    q.giveBack(["b"]);
    expect(q.add("b")).toBe(false);
    expect(q.take()).toEqual(["b"]);
  });
});

describe("schedule time", () => {
  it("round-trips a local date and time", () => {
    const d = new Date(2026, 8, 1, 8, 30);
    expect(toLocalInput(d)).toBe("2026-09-01T08:30");
    expect(fromLocalInput("2026-09-01T08:30")).toBe(d.toISOString());
    expect(fromLocalInput("")).toBeNull();
    expect(fromLocalInput("завтра")).toBeNull();
  });

  it("proposes the next full hour at least half an hour ahead", () => {
    expect(defaultPublishTime(new Date(2026, 8, 1, 8, 10))).toBe("2026-09-01T09:00");
    expect(defaultPublishTime(new Date(2026, 8, 1, 8, 40))).toBe("2026-09-01T10:00");
  });
});
