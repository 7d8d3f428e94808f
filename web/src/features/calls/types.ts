// Types of calls, from the generated API schema.
import type { Schemas } from "../../api/client";

export type CallOut = Schemas["CallOut"];
export type Participant = Schemas["ParticipantOut"];
export type JoinOut = Schemas["parta__calls__schemas__JoinOut"];
export type AttendanceRow = Schemas["AttendanceRow"];
export type EventOut = Schemas["EventOut"];
export type GuestInvite = Schemas["GuestInvite"];
export type GuestJoinOut = Schemas["GuestJoinOut"];
export type CallMedia = "audio" | "video";

/** A frame of the group media protocol as the server sends it (`call.media`). */
export interface MediaEvent {
  call_id: string;
  op: string;
  [key: string]: unknown;
}

/** One feed of the room as listed by `feeds`. */
export interface Feed {
  feed: number;
  account_id: string;
  source: "camera" | "screen";
  streams: { mid: string; type: "audio" | "video" }[];
}

export const CALL_REACTIONS = ["👍", "👏", "❤️", "😂", "😮", "🎉", "✋"] as const;
