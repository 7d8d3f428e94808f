// What a call session gives its media link (direct peer-to-peer or the group's Janus room).
import type { RealtimeEvent } from "../chats/types";
import type { CallOut, JoinOut } from "./types";

export interface Tile {
  key: string;
  accountId: string;
  source: "camera" | "screen";
  stream: MediaStream;
}

export interface LinkHost {
  myId: string;
  /** This device's session (signalling is addressed to it). */
  session(): string;
  join(): JoinOut;
  call(): CallOut;
  local(): MediaStream | null;
  send(frame: Record<string, unknown>): boolean;
  setTiles(fn: (tiles: Tile[]) => Tile[]): void;
  connected(on: boolean): void;
  weak(): void;
  error(code: string): void;
}

export interface Link {
  /** I am in (state joined): connect. */
  begin(): void;
  /** A `call.signal` or `call.media` event of this call. */
  event(ev: RealtimeEvent): void;
  callUpdated(call: CallOut): void;
  /** The event socket is back after a drop. */
  reconnected(): void;
  /** A new local camera or microphone track (device change). */
  replaceTrack(kind: "audio" | "video", track: MediaStreamTrack): Promise<void>;
  /** Start (a stream) or stop (null) sharing the screen. */
  shareScreen(stream: MediaStream | null): Promise<void>;
  pcs(): RTCPeerConnection[];
  close(): void;
}
