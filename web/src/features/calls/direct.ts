// A direct call: one RTCPeerConnection between the two browsers, signalled over Parta's
// event socket (`call.signal`). The caller offers once the other side has joined; after the
// socket comes back from a drop the caller restarts ICE (the callee asks it to).
import type { RealtimeEvent } from "../chats/types";
import type { Link, LinkHost } from "./link";
import { gathered, rtcConfig, sdpOf } from "./rtc";
import type { CallOut } from "./types";

type Signal = { type?: string; sdp?: string; candidate?: string; sdpMid?: string | null; sdpMLineIndex?: number | null };

export class DirectLink implements Link {
  private pc: RTCPeerConnection | null = null;
  private offered = false;
  private readonly caller: boolean;
  private peerId: string;
  private remote = new MediaStream();
  private pendingCandidates: RTCIceCandidateInit[] = [];
  private screenTrack: MediaStreamTrack | null = null;
  /** Our description went out: later candidates trickle (earlier ones are in it). */
  private live = false;

  constructor(private readonly host: LinkHost) {
    const call = host.call();
    this.caller = call.started_by === host.myId;
    this.peerId = call.participants.find((p) => p.account_id !== host.myId)?.account_id ?? "";
  }

  begin(): void {
    this.ensurePc();
    this.callUpdated(this.host.call());
  }

  private ensurePc(): RTCPeerConnection {
    if (this.pc) return this.pc;
    const pc = new RTCPeerConnection(rtcConfig(this.host.join()));
    this.pc = pc;
    const local = this.host.local();
    const audio = local?.getAudioTracks()[0];
    const video = local?.getVideoTracks()[0];
    if (this.caller) {
      // Both kinds always: sound-only calls can still share a screen without renegotiating.
      pc.addTransceiver(audio ?? "audio", { direction: "sendrecv", streams: local ? [local] : [] });
      pc.addTransceiver(video ?? "video", { direction: "sendrecv", streams: local ? [local] : [] });
    }
    pc.addEventListener("icecandidate", (e) => {
      if (!this.live) return;
      this.signal(e.candidate ? { ...e.candidate.toJSON() } : { candidate: "" });
    });
    pc.addEventListener("track", (e) => {
      if (!this.remote.getTracks().includes(e.track)) this.remote.addTrack(e.track);
      const stream = new MediaStream(this.remote.getTracks());
      this.remote = stream;
      this.host.setTiles(() => [{ key: `direct:${this.peerId}`, accountId: this.peerId, source: "camera", stream }]);
    });
    pc.addEventListener("connectionstatechange", () => {
      const s = pc.connectionState;
      this.host.connected(s === "connected");
      if (s === "failed" && this.caller) void this.offer(true);
    });
    return pc;
  }

  private signal(data: Record<string, unknown>): void {
    const call = this.host.call();
    this.host.send({ type: "call.signal", call_id: call.id, to: this.peerId, data });
  }

  private async offer(restart: boolean): Promise<void> {
    const pc = this.ensurePc();
    this.offered = true;
    this.live = false;
    await pc.setLocalDescription(await pc.createOffer(restart ? { iceRestart: true } : {}));
    await gathered(pc, 1000);
    this.signal(sdpOf(pc));
    this.live = true;
  }

  callUpdated(call: CallOut): void {
    const peer = call.participants.find((p) => p.account_id === this.peerId);
    if (this.caller && !this.offered && peer?.state === "joined" && this.pc) void this.offer(false);
  }

  event(ev: RealtimeEvent): void {
    if (ev.type !== "call.signal") return;
    const d = ev.data;
    if (d.to_session !== this.host.session() || d.from !== this.peerId) return;
    void this.onSignal((d.data ?? {}) as Signal).catch(() => this.host.error("signal"));
  }

  private async onSignal(s: Signal): Promise<void> {
    const pc = this.ensurePc();
    if (s.type === "restart") {
      if (this.caller) await this.offer(true);
      return;
    }
    if (s.type === "offer" && s.sdp) {
      this.live = false;
      await pc.setRemoteDescription({ type: "offer", sdp: s.sdp });
      this.attachLocal(pc);
      await pc.setLocalDescription(await pc.createAnswer());
      await this.flushCandidates(pc);
      await gathered(pc, 1000);
      this.signal(sdpOf(pc));
      this.live = true;
      return;
    }
    if (s.type === "answer" && s.sdp) {
      await pc.setRemoteDescription({ type: "answer", sdp: s.sdp });
      await this.flushCandidates(pc);
      return;
    }
    if (typeof s.candidate === "string") {
      const c: RTCIceCandidateInit = { candidate: s.candidate, sdpMid: s.sdpMid ?? null, sdpMLineIndex: s.sdpMLineIndex ?? null };
      if (!pc.remoteDescription) this.pendingCandidates.push(c);
      else await pc.addIceCandidate(s.candidate ? c : undefined).catch(() => undefined);
    }
  }

  private async flushCandidates(pc: RTCPeerConnection): Promise<void> {
    const list = this.pendingCandidates;
    this.pendingCandidates = [];
    for (const c of list) await pc.addIceCandidate(c.candidate ? c : undefined).catch(() => undefined);
  }

  /** The callee sends its own tracks on the transceivers the offer made. */
  private attachLocal(pc: RTCPeerConnection): void {
    if (this.caller) return;
    const local = this.host.local();
    for (const t of pc.getTransceivers()) {
      const kind = t.receiver.track.kind;
      if (t.sender.track) continue;
      const track = kind === "video" ? this.screenTrack ?? local?.getVideoTracks()[0] : local?.getAudioTracks()[0];
      t.direction = "sendrecv";
      if (track) {
        void t.sender.replaceTrack(track);
        if (local) t.sender.setStreams(local);
      }
    }
  }

  reconnected(): void {
    if (!this.pc) return;
    if (this.caller) void this.offer(true);
    else this.signal({ type: "restart" });
  }

  private sender(kind: "audio" | "video"): RTCRtpSender | undefined {
    return this.pc?.getTransceivers().find((t) => t.receiver.track.kind === kind)?.sender;
  }

  async replaceTrack(kind: "audio" | "video", track: MediaStreamTrack): Promise<void> {
    if (kind === "video" && this.screenTrack) return; // the screen stays on until stopped
    await this.sender(kind)?.replaceTrack(track);
  }

  async shareScreen(stream: MediaStream | null): Promise<void> {
    // One video stream each way: the screen takes the camera's place while shared.
    this.screenTrack = stream?.getVideoTracks()[0] ?? null;
    const camera = this.host.local()?.getVideoTracks()[0] ?? null;
    await this.sender("video")?.replaceTrack(this.screenTrack ?? camera);
  }

  pcs(): RTCPeerConnection[] {
    return this.pc ? [this.pc] : [];
  }

  close(): void {
    this.pc?.close();
    this.pc = null;
  }
}
