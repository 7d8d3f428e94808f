// The conversation of one community as this device holds it, and the live events applied to
// it (pure, idempotent: the same post arriving from the socket and from this device's own
// answer, or twice, changes nothing the second time).
//
// - "community.post": a post or a reply, with the parent's new reply count for a reply.
// - "community.post_deleted": a post with replies stays as a placeholder; without, it goes.
// The community has no sequence numbers: after a reconnect the screen reloads the newest page.
import type { Schemas } from "../../api/client";

export type Post = Schemas["CommunityPostOut"];

export interface Talk {
  /** Posts (not replies), newest first. */
  posts: Post[];
  /** Cursor of the next older page; null when everything is here. */
  next: string | null;
  /** Replies of the threads opened on this device, oldest first. */
  replies: Record<string, Post[]>;
}

export const emptyTalk: Talk = { posts: [], next: null, replies: {} };

interface ParentCount {
  id: string;
  reply_count: number;
}

/** A page from the server: the newest replaces what was held (after a reconnect), an older
 * one is added at the end. */
export function withPage(talk: Talk, page: { items: Post[]; next_cursor?: string | null }, older: boolean): Talk {
  if (!older) return { ...talk, posts: page.items, next: page.next_cursor ?? null };
  const have = new Set(talk.posts.map((p) => p.id));
  return {
    ...talk,
    posts: [...talk.posts, ...page.items.filter((p) => !have.has(p.id))],
    next: page.next_cursor ?? null,
  };
}

export function withReplies(talk: Talk, postId: string, replies: Post[]): Talk {
  return { ...talk, replies: { ...talk.replies, [postId]: replies } };
}

export function withoutReplies(talk: Talk, postId: string): Talk {
  const rest = { ...talk.replies };
  delete rest[postId];
  return { ...talk, replies: rest };
}

function setCount(posts: Post[], parent: ParentCount | undefined): Post[] {
  if (!parent) return posts;
  return posts.map((p) => (p.id === parent.id ? { ...p, reply_count: parent.reply_count } : p));
}

/** A new post or reply (from the socket or from this device's own send). */
export function withPost(talk: Talk, post: Post, parent?: ParentCount): Talk {
  if (post.parent_id === null) {
    if (talk.posts.some((p) => p.id === post.id)) return talk;
    const posts = [...talk.posts, post].sort((a, b) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
    return { ...talk, posts };
  }
  const count = parent ?? { id: post.parent_id, reply_count: (talk.posts.find((p) => p.id === post.parent_id)?.reply_count ?? 0) + 1 };
  const open = talk.replies[post.parent_id];
  if (open?.some((r) => r.id === post.id)) return { ...talk, posts: setCount(talk.posts, parent) };
  return {
    ...talk,
    posts: setCount(talk.posts, count),
    replies: open ? { ...talk.replies, [post.parent_id]: [...open, post] } : talk.replies,
  };
}

/** A post or reply was deleted. */
export function withDeleted(talk: Talk, postId: string, parentId: string | null, parent?: ParentCount): Talk {
  if (parentId === null) {
    const held = talk.posts.find((p) => p.id === postId);
    if (!held) return talk;
    const posts =
      held.reply_count > 0
        ? talk.posts.map((p) => (p.id === postId ? { ...p, deleted: true, body: "", html: "" } : p))
        : talk.posts.filter((p) => p.id !== postId);
    return { ...talk, posts };
  }
  const open = talk.replies[parentId];
  // Without the server's count (this device's own delete), count down only what was held,
  // so the delete and its event together count once.
  const held = open?.some((r) => r.id === postId) ?? false;
  const before = talk.posts.find((p) => p.id === parentId)?.reply_count ?? 1;
  const count = parent ?? (held ? { id: parentId, reply_count: Math.max(0, before - 1) } : undefined);
  let posts = setCount(talk.posts, count);
  // The parent, deleted earlier and now without replies, goes too.
  posts = posts.filter((p) => !(p.id === parentId && p.deleted && p.reply_count === 0));
  return {
    ...talk,
    posts,
    replies: open ? { ...talk.replies, [parentId]: open.filter((r) => r.id !== postId) } : talk.replies,
  };
}

export interface CommunityEvent {
  type: string;
  data: Record<string, unknown>;
}

/** Apply a realtime event of this community (others are ignored by the caller). */
export function applyTalkEvent(talk: Talk, event: CommunityEvent): Talk {
  const d = event.data;
  if (event.type === "community.post") {
    return withPost(talk, d.post as Post, d.parent as ParentCount | undefined);
  }
  if (event.type === "community.post_deleted") {
    return withDeleted(talk, d.post_id as string, (d.parent_id as string | null) ?? null, d.parent as ParentCount | undefined);
  }
  return talk;
}
