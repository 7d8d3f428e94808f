// The pure part of the channel view: which messages are posts, how channel events change
// the counters and the open comment thread, which views still need reporting, and the
// local date-time field of the "schedule" option.
import type { Schemas } from "../../api/client";
import type { Message, RealtimeEvent } from "../chats/types";

export type PostStats = Schemas["ChannelPostStats"];
export type Comment = Schemas["ChannelCommentOut"];
export type Scheduled = Schemas["ScheduledPostOut"];

/** Message kinds that are not posts (membership notes and the like). */
const NOT_POSTS = new Set(["system"]);

/** The channel's posts, newest first: live messages that are not system notes. */
export function postsOf(messages: readonly Message[]): Message[] {
  return messages.filter((m) => !m.deleted && !NOT_POSTS.has(m.kind)).reverse();
}

/** The open comment thread of one post: comments oldest first. */
export interface Thread {
  postId: string;
  comments: Comment[];
  hasMoreBefore: boolean;
  loading: boolean;
}

export interface ChannelState {
  stats: Record<string, PostStats>;
  thread: Thread | null;
}

export const emptyChannel = (): ChannelState => ({ stats: {}, thread: null });

export type ChannelAction =
  | { type: "stats"; list: readonly PostStats[] }
  | { type: "event"; event: RealtimeEvent }
  | { type: "thread.open"; postId: string }
  | { type: "thread.page"; postId: string; comments: readonly Comment[]; hasMoreBefore: boolean; stats: PostStats }
  | { type: "thread.older"; postId: string; comments: readonly Comment[]; hasMoreBefore: boolean }
  | { type: "comment.mine"; comment: Comment }
  | { type: "thread.close" };

/** Comments by id, oldest first (ULIDs sort by time); a comment already held wins. */
export function mergeComments(held: readonly Comment[], incoming: readonly Comment[]): Comment[] {
  const byId = new Map<string, Comment>();
  for (const c of incoming) byId.set(c.id, c);
  for (const c of held) byId.set(c.id, c);
  return [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

function withStats(state: ChannelState, postId: string, patch: Partial<PostStats>): ChannelState {
  const old = state.stats[postId];
  if (!old) return state; // not shown here: its counters come with the next fetch
  return { ...state, stats: { ...state.stats, [postId]: { ...old, ...patch } } };
}

function inThread(state: ChannelState, postId: string, fn: (t: Thread) => Thread): ChannelState {
  if (!state.thread || state.thread.postId !== postId) return state;
  return { ...state, thread: fn(state.thread) };
}

/** Channel events carry the post's new totals, so applying one twice changes nothing. */
export function channelReducer(state: ChannelState, action: ChannelAction): ChannelState {
  switch (action.type) {
    case "stats": {
      if (action.list.length === 0) return state;
      const stats = { ...state.stats };
      for (const s of action.list) {
        const old = stats[s.message_id];
        // Views only grow: an older answer arriving late must not take one back.
        stats[s.message_id] = old ? { ...s, views: Math.max(old.views, s.views) } : s;
      }
      return { ...state, stats };
    }
    case "event":
      return applyChannelEvent(state, action.event);
    case "thread.open":
      if (state.thread?.postId === action.postId) return state;
      return { ...state, thread: { postId: action.postId, comments: [], hasMoreBefore: false, loading: true } };
    case "thread.page": {
      const next = inThread(state, action.postId, (t) => ({
        ...t,
        comments: mergeComments(t.comments, action.comments),
        hasMoreBefore: action.hasMoreBefore,
        loading: false,
      }));
      return channelReducer(next, { type: "stats", list: [action.stats] });
    }
    case "thread.older":
      return inThread(state, action.postId, (t) => ({
        ...t,
        comments: mergeComments(t.comments, action.comments),
        hasMoreBefore: action.hasMoreBefore,
      }));
    case "comment.mine":
      return inThread(state, action.comment.post_id, (t) => ({
        ...t,
        comments: mergeComments(t.comments, [action.comment]),
      }));
    case "thread.close":
      return state.thread ? { ...state, thread: null } : state;
  }
}

export function applyChannelEvent(state: ChannelState, event: RealtimeEvent): ChannelState {
  const d = event.data;
  const postId = typeof d.post_id === "string" ? d.post_id : null;
  switch (event.type) {
    case "channel.comment": {
      if (!postId) return state;
      const next = withStats(state, postId, { comments: Number(d.comments) });
      const comment = d.comment as Comment | undefined;
      if (!comment) return next;
      return inThread(next, postId, (t) => ({ ...t, comments: mergeComments(t.comments, [comment]) }));
    }
    case "channel.comment_deleted": {
      if (!postId) return state;
      const gone = String(d.comment_id);
      const next = withStats(state, postId, { comments: Number(d.comments) });
      return inThread(next, postId, (t) => ({ ...t, comments: t.comments.filter((c) => c.id !== gone) }));
    }
    case "channel.post": {
      const id = String(d.message_id ?? "");
      return withStats(state, id, {
        comments: Number(d.comments),
        comments_enabled: Boolean(d.comments_enabled),
        comments_open: Boolean(d.comments_open),
      });
    }
    case "chat.updated": {
      // The channel's comments switch: every post's "open" follows it.
      const settings = d.settings as Record<string, unknown> | undefined;
      if (!settings || typeof settings.comments !== "boolean") return state;
      const on = settings.comments;
      const stats: Record<string, PostStats> = {};
      for (const [id, s] of Object.entries(state.stats)) stats[id] = { ...s, comments_open: on && s.comments_enabled };
      return { ...state, stats };
    }
    default:
      return state;
  }
}

/** Posts seen on screen wait here until they are reported together (each one once). */
export class ViewQueue {
  private readonly reported = new Set<string>();
  private waiting: string[] = [];

  /** Note a post on screen; true when it is new to the queue. */
  add(id: string): boolean {
    if (this.reported.has(id)) return false;
    this.reported.add(id);
    this.waiting.push(id);
    return true;
  }

  /** The next batch to report (at most `max`), taken out of the queue. */
  take(max = 100): string[] {
    const batch = this.waiting.slice(0, max);
    this.waiting = this.waiting.slice(max);
    return batch;
  }

  /** A batch failed to reach the server: report it again later. */
  giveBack(ids: readonly string[]): void {
    this.waiting = [...ids, ...this.waiting];
  }

  get size(): number {
    return this.waiting.length;
  }
}

/** Ids of posts whose counters have not been fetched yet (and are not being fetched). */
export function missingStats(posts: readonly Message[], stats: Record<string, PostStats>, asked: ReadonlySet<string>): string[] {
  return posts.filter((m) => !stats[m.id] && !asked.has(m.id)).map((m) => m.id);
}

const pad = (n: number) => String(n).padStart(2, "0");

/** An instant as the value of <input type="datetime-local"> in the browser's zone. */
export function toLocalInput(iso: string | Date): string {
  const d = typeof iso === "string" ? new Date(iso) : iso;
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** The value of a datetime-local field as an ISO instant (null when empty or invalid). */
export function fromLocalInput(value: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value)) return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

/** A sensible first choice for a scheduled post: the next full hour, at least 30 min away. */
export function defaultPublishTime(now: Date): string {
  const d = new Date(now.getTime() + 30 * 60_000);
  d.setMinutes(0, 0, 0);
  d.setHours(d.getHours() + 1);
  return toLocalInput(d);
}
