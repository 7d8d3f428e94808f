// Channel requests (typed client). A channel's id is its chat id; history, pins, files and
// polls are the chat's own requests.
import { api, ok, type Schemas } from "../../api/client";
import type { Chat } from "../chats/types";
import type { Comment, PostStats, Scheduled } from "./logic";

export type ChannelInfo = Schemas["ChannelOut"];
export type ChannelIn = Schemas["ChannelIn"];
export type ChannelPatch = Schemas["ChannelPatch"];
export type Audience = Schemas["ChannelAudienceIn"];
export type PostOut = Schemas["ChannelPostOut"];
export type CommentPage = Schemas["ChannelCommentPage"];

export function newClientId(): string {
  if (typeof crypto !== "undefined" && "randomUUID" in crypto) return crypto.randomUUID();
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}

const at = (chat: Pick<Chat, "org_id" | "id">) => ({ org_id: chat.org_id, chat_id: chat.id });

export const getChannel = (chat: Chat): Promise<ChannelInfo> =>
  ok(api.GET("/api/v1/orgs/{org_id}/channels/{chat_id}", { params: { path: at(chat) } }));

export const updateChannel = (chat: Chat, body: ChannelPatch): Promise<ChannelInfo> =>
  ok(api.PATCH("/api/v1/orgs/{org_id}/channels/{chat_id}", { params: { path: at(chat) }, body }));

export const createChannel = (orgId: string, body: ChannelIn): Promise<ChannelInfo> =>
  ok(api.POST("/api/v1/orgs/{org_id}/channels", { params: { path: { org_id: orgId } }, body }));

export const fetchStats = (chat: Chat, ids: string[]): Promise<PostStats[]> =>
  ok(api.GET("/api/v1/orgs/{org_id}/channels/{chat_id}/stats", { params: { path: at(chat), query: { ids } } }));

export const reportViews = (chat: Chat, ids: string[]): Promise<PostStats[]> =>
  ok(api.POST("/api/v1/orgs/{org_id}/channels/{chat_id}/views", { params: { path: at(chat) }, body: { message_ids: ids } }));

export const publishPost = (
  chat: Chat,
  body: { client_id: string; body: string; attachment_ids: string[]; comments_enabled: boolean; ack_required: boolean },
): Promise<PostOut> =>
  ok(api.POST("/api/v1/orgs/{org_id}/channels/{chat_id}/posts", { params: { path: at(chat) }, body }));

export const switchComments = (chat: Chat, postId: string, on: boolean): Promise<PostStats> =>
  ok(
    api.PATCH("/api/v1/orgs/{org_id}/channels/{chat_id}/posts/{message_id}", {
      params: { path: { ...at(chat), message_id: postId } },
      body: { comments_enabled: on },
    }),
  );

export const fetchComments = (chat: Chat, postId: string, before: string | null): Promise<CommentPage> =>
  ok(
    api.GET("/api/v1/orgs/{org_id}/channels/{chat_id}/posts/{message_id}/comments", {
      params: { path: { ...at(chat), message_id: postId }, query: before ? { before, limit: 50 } : { limit: 50 } },
    }),
  );

export const sendComment = (chat: Chat, postId: string, clientId: string, body: string): Promise<Comment> =>
  ok(
    api.POST("/api/v1/orgs/{org_id}/channels/{chat_id}/posts/{message_id}/comments", {
      params: { path: { ...at(chat), message_id: postId } },
      body: { client_id: clientId, body },
    }),
  );

export const deleteComment = (chat: Chat, postId: string, commentId: string): Promise<unknown> =>
  ok(
    api.DELETE("/api/v1/orgs/{org_id}/channels/{chat_id}/posts/{message_id}/comments/{comment_id}", {
      params: { path: { ...at(chat), message_id: postId, comment_id: commentId } },
    }),
  );

export const listScheduled = (chat: Chat): Promise<Scheduled[]> =>
  ok(api.GET("/api/v1/orgs/{org_id}/channels/{chat_id}/scheduled", { params: { path: at(chat) } }));

export const schedulePost = (
  chat: Chat,
  body: { body: string; attachment_ids: string[]; comments_enabled: boolean; publish_at: string },
): Promise<Scheduled> =>
  ok(api.POST("/api/v1/orgs/{org_id}/channels/{chat_id}/scheduled", { params: { path: at(chat) }, body }));

export const updateScheduled = (
  chat: Chat,
  id: string,
  body: { body?: string; publish_at?: string; comments_enabled?: boolean },
): Promise<Scheduled> =>
  ok(
    api.PATCH("/api/v1/orgs/{org_id}/channels/{chat_id}/scheduled/{scheduled_id}", {
      params: { path: { ...at(chat), scheduled_id: id } },
      body,
    }),
  );

export const cancelScheduled = (chat: Chat, id: string): Promise<unknown> =>
  ok(
    api.DELETE("/api/v1/orgs/{org_id}/channels/{chat_id}/scheduled/{scheduled_id}", {
      params: { path: { ...at(chat), scheduled_id: id } },
    }),
  );

export const publishScheduled = (chat: Chat, id: string): Promise<PostOut> =>
  ok(
    api.POST("/api/v1/orgs/{org_id}/channels/{chat_id}/scheduled/{scheduled_id}/publish", {
      params: { path: { ...at(chat), scheduled_id: id } },
    }),
  );
