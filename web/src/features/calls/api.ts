// The call endpoints (typed through the generated client).
import { api, ok } from "../../api/client";
import type { AttendanceRow, CallMedia, CallOut, JoinOut } from "./types";

type Call = { orgId: string; callId: string };
const p = ({ orgId, callId }: Call) => ({ params: { path: { org_id: orgId, call_id: callId } } });
const pa = (c: Call, accountId: string) => ({
  params: { path: { org_id: c.orgId, call_id: c.callId, account_id: accountId } },
});

export interface StartOptions {
  media: CallMedia;
  lesson?: boolean;
  waiting_room?: boolean;
  cameras_teacher_only?: boolean;
  title?: string;
}

export const callsApi = {
  start: (orgId: string, chatId: string, o: StartOptions): Promise<JoinOut> =>
    ok(
      api.POST("/api/v1/orgs/{org_id}/chats/{chat_id}/calls", {
        params: { path: { org_id: orgId, chat_id: chatId } },
        body: { lesson: false, title: "", waiting_room: true, cameras_teacher_only: false, link_access: "chat", ...o },
      }),
    ),
  eventCall: (orgId: string, eventId: string): Promise<JoinOut> =>
    ok(api.POST("/api/v1/orgs/{org_id}/events/{event_id}/call", { params: { path: { org_id: orgId, event_id: eventId } } })),
  running: (orgId: string, chatId: string): Promise<CallOut | null> =>
    ok(api.GET("/api/v1/orgs/{org_id}/chats/{chat_id}/call", { params: { path: { org_id: orgId, chat_id: chatId } } })),
  get: (c: Call): Promise<CallOut> => ok(api.GET("/api/v1/orgs/{org_id}/calls/{call_id}", p(c))),
  join: (c: Call): Promise<JoinOut> => ok(api.POST("/api/v1/orgs/{org_id}/calls/{call_id}/join", p(c))),
  leave: (c: Call): Promise<CallOut> => ok(api.POST("/api/v1/orgs/{org_id}/calls/{call_id}/leave", p(c))),
  decline: (c: Call): Promise<CallOut> => ok(api.POST("/api/v1/orgs/{org_id}/calls/{call_id}/decline", p(c))),
  end: (c: Call): Promise<CallOut> => ok(api.POST("/api/v1/orgs/{org_id}/calls/{call_id}/end", p(c))),
  admitAll: (c: Call): Promise<CallOut> => ok(api.POST("/api/v1/orgs/{org_id}/calls/{call_id}/admit", p(c))),
  admit: (c: Call, who: string): Promise<CallOut> =>
    ok(api.POST("/api/v1/orgs/{org_id}/calls/{call_id}/participants/{account_id}/admit", pa(c, who))),
  mute: (c: Call, who: string, muted: boolean): Promise<CallOut> =>
    ok(
      api.POST("/api/v1/orgs/{org_id}/calls/{call_id}/participants/{account_id}/mute", {
        ...pa(c, who),
        body: { muted },
      }),
    ),
  muteAll: (c: Call, muted: boolean): Promise<CallOut> =>
    ok(api.POST("/api/v1/orgs/{org_id}/calls/{call_id}/mute-all", { ...p(c), body: { muted } })),
  camera: (c: Call, who: string, off: boolean): Promise<CallOut> =>
    ok(
      api.POST("/api/v1/orgs/{org_id}/calls/{call_id}/participants/{account_id}/camera", {
        ...pa(c, who),
        body: { off },
      }),
    ),
  screen: (c: Call, who: string, allowed: boolean): Promise<CallOut> =>
    ok(
      api.POST("/api/v1/orgs/{org_id}/calls/{call_id}/participants/{account_id}/screen", {
        ...pa(c, who),
        body: { allowed },
      }),
    ),
  remove: (c: Call, who: string): Promise<CallOut> =>
    ok(api.POST("/api/v1/orgs/{org_id}/calls/{call_id}/participants/{account_id}/remove", pa(c, who))),
  settings: (
    c: Call,
    patch: { locked?: boolean; waiting_room?: boolean; cameras_teacher_only?: boolean; link_access?: "chat" | "org" },
  ): Promise<CallOut> =>
    ok(api.PATCH("/api/v1/orgs/{org_id}/calls/{call_id}/settings", { ...p(c), body: patch })),
  hand: (c: Call, raised: boolean): Promise<CallOut> =>
    ok(api.POST("/api/v1/orgs/{org_id}/calls/{call_id}/hand", { ...p(c), body: { raised } })),
  react: (c: Call, emoji: string): Promise<unknown> =>
    ok(api.POST("/api/v1/orgs/{org_id}/calls/{call_id}/reactions", { ...p(c), body: { emoji } })),
  attendance: (c: Call): Promise<AttendanceRow[]> =>
    ok(api.GET("/api/v1/orgs/{org_id}/calls/{call_id}/attendance", p(c))),
  /** The address members of the organisation open to join (with link access "org"). */
  linkUrl: (callId: string): string => `${window.location.origin}/calls/${callId}`,
  attendanceCsvUrl: (c: Call): string => `/api/v1/orgs/${c.orgId}/calls/${c.callId}/attendance.csv`,
};
