// A group call or lesson: media through Janus, negotiated through Parta's event socket
// (`call.media` frames, docs/api/calls.md). One publishing connection per source (camera,
// screen) and one subscribing connection for everything I may see; the server decides what
// that is (the feeds it lists are already filtered for me).
import type { RealtimeEvent } from "../chats/types";
import type { Link, LinkHost, Tile } from "./link";
import { gathered, rtcConfig, sdpOf, trickleAfterSend } from "./rtc";
import type { CallOut, Feed } from "./types";

type Source = "camera" | "screen";
type Jsep = { type: RTCSdpType; sdp: string };
interface Pub {
  pc: RTCPeerConnection;
  trickle: { sent(): void };
}
interface StreamInfo {
  mid: string;
  feed_id?: number;
  type?: string;
}

export class GroupLink implements Link {
  private pubs = new Map<Source, Pub>();
  private sub: { pc: RTCPeerConnection; trickle: { sent(): void } } | null = null;
  private feeds = new Map<number, Feed>();
  private subscribed = new Set<number>();
  private mids = new Map<string, number>();
  private subBusy = false;
  private subSince = 0;
  private offers: Promise<void> = Promise.resolve();
  private entered = false;
  private screen: MediaStream | null = null;

  constructor(private readonly host: LinkHost) {}

  private media(op: string, extra: Record<string, unknown> = {}): boolean {
    return this.host.send({ type: "call.media", call_id: this.host.call().id, op, ...extra });
  }

  begin(): void {
    if (!this.entered) this.media("enter");
  }

  callUpdated(_call: CallOut): void {
    // The server applies the host's mute and camera-off itself; nothing to renegotiate.
  }

  event(ev: RealtimeEvent): void {
    if (ev.type !== "call.media") return;
    const d = ev.data;
    if (d.call_id !== this.host.call().id) return;
    switch (d.op) {
      case "entered":
        this.entered = true;
        void this.publishCamera();
        if (this.screen) void this.publish("screen", this.screen);
        break;
      case "feeds":
        this.onFeeds((d.feeds ?? []) as Feed[]);
        break;
      case "answer": {
        const pub = this.pubs.get(d.source as Source);
        if (pub) void pub.pc.setRemoteDescription(d.jsep as Jsep).then(() => pub.trickle.sent(), () => this.host.error("media_server_error"));
        break;
      }
      case "offer": {
        // Answers to my subscriptions and Janus's own renegotiations (a feed went away),
        // one at a time.
        const jsep = d.jsep as Jsep;
        const streams = (d.streams ?? []) as StreamInfo[];
        this.offers = this.offers
          .then(() => this.onOffer(jsep, streams))
          .catch(() => {
            this.subBusy = false;
            this.host.error("media_server_error");
          });
        break;
      }
      case "hangup":
        if (d.target === "subscriber" && d.reason !== "removed") this.resetSubscriber();
        break;
      case "quality":
        this.host.weak();
        break;
      case "error":
        if (d.about === "subscribe") {
          this.subBusy = false;
          if (d.code === "no_such_feed") this.subscribed.clear();
        }
        if (d.about === "publish" && d.code === "screen_not_allowed") void this.shareScreen(null);
        this.host.error(String(d.code ?? "media_server_error"));
        break;
    }
  }

  private async publishCamera(): Promise<void> {
    const local = this.host.local();
    if (local && local.getTracks().length) await this.publish("camera", local);
  }

  private async publish(source: Source, stream: MediaStream): Promise<void> {
    this.pubs.get(source)?.pc.close();
    const pc = new RTCPeerConnection(rtcConfig(this.host.join()));
    for (const track of stream.getTracks()) pc.addTransceiver(track, { direction: "sendonly", streams: [stream] });
    const trickle = trickleAfterSend(pc, (candidate) => this.media("trickle", { target: source, candidate }));
    this.pubs.set(source, { pc, trickle });
    pc.addEventListener("connectionstatechange", () => {
      if (source === "camera") this.host.connected(pc.connectionState === "connected");
    });
    await pc.setLocalDescription(await pc.createOffer());
    await gathered(pc);
    if (this.pubs.get(source)?.pc !== pc) return;
    this.media("publish", { source, jsep: sdpOf(pc) });
  }

  private onFeeds(list: Feed[]): void {
    this.feeds = new Map(list.map((f) => [f.feed, f]));
    for (const feed of [...this.subscribed]) if (!this.feeds.has(feed)) this.subscribed.delete(feed);
    this.host.setTiles((tiles) => tiles.filter((t) => this.feeds.has(Number(t.key.split(":")[1]))));
    this.requestSubscriptions();
  }

  private requestSubscriptions(): void {
    // A subscription whose offer never came (the server or Janus lost it) does not block
    // the next ones for ever.
    if (this.subBusy && Date.now() - this.subSince < 8000) {
      return;
    }
    const want = [...this.feeds.values()].filter((f) => !this.subscribed.has(f.feed) && f.streams.length > 0);
    if (!want.length) return;
    this.subBusy = true;
    this.subSince = Date.now();
    for (const f of want) this.subscribed.add(f.feed);
    if (!this.media("subscribe", { streams: want.map((f) => ({ feed: f.feed })) })) this.subBusy = false;
  }

  private ensureSub(): RTCPeerConnection {
    if (this.sub) return this.sub.pc;
    const pc = new RTCPeerConnection(rtcConfig(this.host.join()));
    const trickle = trickleAfterSend(pc, (candidate) => this.media("trickle", { target: "subscriber", candidate }));
    this.sub = { pc, trickle };
    pc.addEventListener("track", (e) => {
      const mid = e.transceiver.mid ?? "";
      const feedId = this.mids.get(mid);
      const feed = feedId !== undefined ? this.feeds.get(feedId) : undefined;
      if (feedId === undefined) return;
      const key = `feed:${feedId}`;
      this.host.setTiles((tiles) => {
        const old = tiles.find((t) => t.key === key);
        const tracks = (old?.stream.getTracks() ?? []).filter((t) => t.kind !== e.track.kind || t === e.track);
        if (!tracks.includes(e.track)) tracks.push(e.track);
        const tile: Tile = {
          key,
          accountId: feed?.account_id ?? old?.accountId ?? "",
          source: feed?.source ?? old?.source ?? "camera",
          stream: new MediaStream(tracks),
        };
        return old ? tiles.map((t) => (t.key === key ? tile : t)) : [...tiles, tile];
      });
    });
    return pc;
  }

  private async onOffer(jsep: Jsep, streams: StreamInfo[]): Promise<void> {
    for (const s of streams) if (s.feed_id !== undefined) this.mids.set(String(s.mid), s.feed_id);
    const pc = this.ensureSub();
    await pc.setRemoteDescription(jsep);
    await pc.setLocalDescription(await pc.createAnswer());
    await gathered(pc);
    this.media("start", { jsep: sdpOf(pc) });
    this.sub?.trickle.sent();
    this.subBusy = false;
    this.requestSubscriptions(); // feeds that arrived meanwhile
  }

  private resetSubscriber(): void {
    this.sub?.pc.close();
    this.sub = null;
    this.subscribed.clear();
    this.mids.clear();
    this.subBusy = false;
    this.host.setTiles(() => []);
    this.requestSubscriptions();
  }

  reconnected(): void {
    // The server let go of this device's media when the socket closed: start over.
    for (const pub of this.pubs.values()) pub.pc.close();
    this.pubs.clear();
    this.sub?.pc.close();
    this.sub = null;
    this.subscribed.clear();
    this.mids.clear();
    this.feeds.clear();
    this.subBusy = false;
    this.entered = false;
    this.host.setTiles(() => []);
    this.media("enter");
  }

  async replaceTrack(kind: "audio" | "video", track: MediaStreamTrack): Promise<void> {
    const pc = this.pubs.get("camera")?.pc;
    const sender = pc?.getSenders().find((s) => s.track?.kind === kind);
    if (sender) await sender.replaceTrack(track);
  }

  async shareScreen(stream: MediaStream | null): Promise<void> {
    this.screen = stream;
    if (stream) {
      if (this.entered) await this.publish("screen", stream);
      return;
    }
    const pub = this.pubs.get("screen");
    if (!pub) return;
    pub.pc.close();
    this.pubs.delete("screen");
    this.media("unpublish", { source: "screen" });
  }

  pcs(): RTCPeerConnection[] {
    return [...[...this.pubs.values()].map((p) => p.pc), ...(this.sub ? [this.sub.pc] : [])];
  }

  close(): void {
    this.media("exit");
    for (const pub of this.pubs.values()) pub.pc.close();
    this.pubs.clear();
    this.sub?.pc.close();
    this.sub = null;
  }
}
