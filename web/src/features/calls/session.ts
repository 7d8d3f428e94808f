// One call on this device: local media, the media link (direct or group), the call's state
// from the server and what the call window shows. Created by the CallManager.
import { ApiError } from "../../api/client";
import { createStore, type Store } from "../../lib/store";
import type { RealtimeEvent } from "../chats/types";
import { callsApi, type StartOptions } from "./api";
import { DirectLink } from "./direct";
import { openDevices, saveChoice, savedChoice, stopStream, type DeviceChoice } from "./devices";
import { joinsAndLeaves } from "./events";
import { GroupLink } from "./group";
import type { Link, LinkHost, Tile } from "./link";
import { quality, sample, worse, type Quality, type StatSample } from "./stats";
import type { CallMedia, CallOut, JoinOut } from "./types";

export type Phase = "prejoin" | "joining" | "waiting" | "in" | "ended" | "removed";

export interface Reaction {
  id: number;
  accountId: string;
  emoji: string;
}

export interface SessionState {
  chatId: string;
  orgId: string;
  media: CallMedia;
  /** Prejoin: start a lesson (teachers in class and group chats). */
  lesson: StartOptions | null;
  callId: string | null;
  call: CallOut | null;
  phase: Phase;
  local: MediaStream | null;
  screen: MediaStream | null;
  micOn: boolean;
  camOn: boolean;
  tiles: Tile[];
  connected: boolean;
  quality: Quality;
  /** The media server said the connection is weak (until this time). */
  weakUntil: number;
  reactions: Reaction[];
  /** An error to show: an ApiError or a code. */
  error: unknown;
  /** The lesson ended and I ran it: show attendance. */
  attendance: boolean;
}

export interface SessionDeps {
  myId: string;
  send(frame: Record<string, unknown>): boolean;
  sessionId(): string | null;
  announce(kind: "joined" | "left" | "hand", name: string): void;
  onClosed(): void;
  /** Another way in and out than the organisation's call endpoints (guests by name). */
  backend?: CallBackend;
}

/** How a session joins, refreshes and leaves its call when not through /orgs/../calls. */
export interface CallBackend {
  join(): Promise<JoinOut>;
  get(): Promise<CallOut>;
  leave(): Promise<CallOut>;
}

export interface SessionInit {
  chatId: string;
  orgId: string;
  media: CallMedia;
  callId: string | null;
  call: CallOut | null;
  lesson: StartOptions | null;
  phase: Phase;
  /** How to get in instead of start/join (a call planned with an event). */
  entry?: () => Promise<JoinOut>;
}

type Patch = Partial<SessionState> | ((s: SessionState) => Partial<SessionState>);

let sessions = 0;

export class CallSession {
  /** Stable for the window's lifetime (the call id arrives later). */
  readonly id = ++sessions;
  readonly store: Store<SessionState, Patch>;
  private link: Link | null = null;
  private joinOut: JoinOut | null = null;
  private statsTimer: ReturnType<typeof setInterval> | null = null;
  private lastSample: StatSample | null = null;
  private reactionId = 0;
  private closed = false;
  /** Signals that came before the link existed (the caller's offer racing my join). */
  private early: RealtimeEvent[] = [];

  private readonly entry: (() => Promise<JoinOut>) | null;

  constructor(
    private readonly deps: SessionDeps,
    { entry, ...init }: SessionInit,
  ) {
    this.entry = entry ?? deps.backend?.join ?? null;
    this.store = createStore<SessionState, Patch>(
      (s, p) => ({ ...s, ...(typeof p === "function" ? p(s) : p) }),
      {
        ...init,
        local: null,
        screen: null,
        micOn: true,
        camOn: init.media === "video",
        tiles: [],
        connected: false,
        quality: "unknown",
        weakUntil: 0,
        reactions: [],
        error: null,
        attendance: false,
      },
    );
  }

  /** Joining through an event or a guest link: the window offers "join", never "start". */
  get joinsPlanned(): boolean {
    return this.entry !== null;
  }

  get state(): SessionState {
    return this.store.getState();
  }

  private set(p: Patch): void {
    this.store.dispatch(p);
  }

  private ref() {
    const s = this.state;
    return { orgId: s.orgId, callId: s.callId ?? "" };
  }

  /** Open the camera and microphone (the preview before joining). */
  async openMedia(choice?: DeviceChoice): Promise<void> {
    try {
      const stream = await openDevices(this.state.media, choice);
      if (this.closed) {
        stopStream(stream);
        return;
      }
      stopStream(this.state.local);
      const { micOn, camOn } = this.state;
      for (const t of stream.getAudioTracks()) t.enabled = micOn;
      for (const t of stream.getVideoTracks()) t.enabled = camOn;
      this.set({ local: stream });
    } catch {
      this.set({ error: "no_devices" });
    }
  }

  /** Switch to another camera or microphone, during the preview or the call. */
  async useDevice(kind: "camera" | "microphone", deviceId: string): Promise<void> {
    const choice = { ...savedChoice(), [kind]: deviceId };
    saveChoice(choice);
    const local = this.state.local;
    if (!local) return this.openMedia(choice);
    try {
      const got = await navigator.mediaDevices.getUserMedia(
        kind === "camera" ? { video: { deviceId: { exact: deviceId } } } : { audio: { deviceId: { exact: deviceId } } },
      );
      const track = (kind === "camera" ? got.getVideoTracks() : got.getAudioTracks())[0];
      if (!track) return;
      const old = kind === "camera" ? local.getVideoTracks() : local.getAudioTracks();
      track.enabled = kind === "camera" ? this.state.camOn : this.state.micOn;
      const next = new MediaStream([...local.getTracks().filter((t) => !old.includes(t)), track]);
      await this.link?.replaceTrack(kind === "camera" ? "video" : "audio", track);
      for (const t of old) t.stop();
      this.set({ local: next });
    } catch {
      this.set({ error: "no_devices" });
    }
  }

  /** Start the call (or join it); a call already running in the chat is joined instead. */
  async go(): Promise<void> {
    const s = this.state;
    this.set({ phase: "joining", error: null });
    if (!s.local) await this.openMedia();
    try {
      let join: JoinOut;
      if (this.entry) {
        join = await this.entry();
      } else if (s.callId) {
        join = await callsApi.join(this.ref());
      } else {
        try {
          join = await callsApi.start(s.orgId, s.chatId, s.lesson ?? { media: s.media });
        } catch (err) {
          const running = err instanceof ApiError && err.code === "call_running" ? err.fields?.call_id : undefined;
          if (typeof running !== "string") throw err;
          this.set({ callId: running });
          join = await callsApi.join({ orgId: s.orgId, callId: running });
        }
      }
      this.joined(join);
    } catch (err) {
      this.set({ phase: "prejoin", error: err });
    }
  }

  private me(call: CallOut | null = this.state.call) {
    return call?.participants.find((p) => p.account_id === this.deps.myId);
  }

  private joined(join: JoinOut): void {
    this.joinOut = join;
    this.set({ call: join.call, callId: join.call.id });
    const me = this.me(join.call);
    if (me?.state === "waiting") {
      this.set({ phase: "waiting" });
      return;
    }
    this.enter();
  }

  private enter(): void {
    if (this.link || !this.joinOut) return;
    this.set({ phase: "in" });
    const call = this.state.call as CallOut;
    const host = this.linkHost();
    this.link = call.mode === "direct" ? new DirectLink(host) : new GroupLink(host);
    this.applyHostLimits(call);
    this.link.begin();
    const early = this.early;
    this.early = [];
    for (const ev of early) this.link.event(ev);
    this.statsTimer = setInterval(() => void this.sampleStats(), 2000);
  }

  private linkHost(): LinkHost {
    return {
      myId: this.deps.myId,
      session: () => this.joinOut?.session_id ?? this.deps.sessionId() ?? "",
      join: () => this.joinOut as JoinOut,
      call: () => this.state.call as CallOut,
      local: () => this.state.local,
      send: (frame) => this.deps.send(frame),
      setTiles: (fn) => this.set((s) => ({ tiles: fn(s.tiles) })),
      connected: (on) => this.set({ connected: on }),
      weak: () => this.set({ weakUntil: Date.now() + 10_000 }),
      error: (code) => this.set({ error: code }),
    };
  }

  /** Events of this call from the socket. */
  event(ev: RealtimeEvent): void {
    const callId = this.state.callId;
    if (!callId) return;
    if (ev.type === "call.signal" || ev.type === "call.media") {
      if (ev.data.call_id !== callId) return;
      if (this.link) this.link.event(ev);
      else if (this.early.length < 100) this.early.push(ev);
      return;
    }
    const call = ev.data.call as CallOut | undefined;
    if (ev.type === "call.updated" && call?.id === callId) this.updated(call);
    else if (ev.type === "call.ended" && call?.id === callId) this.ended(call);
    else if (ev.type === "call.removed" && ev.data.call_id === callId) this.removed();
    else if (ev.type === "call.reaction" && ev.data.call_id === callId) {
      const id = ++this.reactionId;
      this.set((s) => ({ reactions: [...s.reactions.slice(-9), { id, accountId: String(ev.data.account_id), emoji: String(ev.data.emoji) }] }));
      setTimeout(() => this.set((s) => ({ reactions: s.reactions.filter((r) => r.id !== id) })), 4000);
    }
  }

  private updated(call: CallOut): void {
    const before = this.state.call;
    if (call.ended_at) return this.ended(call);
    const changes = joinsAndLeaves(before, call);
    for (const name of changes.joined) if (before) this.deps.announce("joined", name);
    for (const name of changes.left) this.deps.announce("left", name);
    for (const name of changes.hands) this.deps.announce("hand", name);
    this.set({ call });
    const me = this.me(call);
    if (me?.state === "removed") return this.removed();
    if (this.state.phase === "waiting" && me?.state === "joined") this.enter();
    this.applyHostLimits(call);
    this.link?.callUpdated(call);
  }

  /** The host muted me or turned my camera off: my tracks follow (the server enforces it). */
  private applyHostLimits(call: CallOut): void {
    const me = this.me(call);
    if (!me) return;
    if (me.muted_by_host && this.state.micOn) this.setMic(false);
    if (me.camera_off_by_host && this.state.camOn) this.setCam(false);
    if (!me.may_share_screen && this.state.screen) void this.stopScreen();
  }

  private ended(call: CallOut): void {
    const ranIt = call.mode === "lesson" && (call.started_by === this.deps.myId || Boolean(this.me(call)?.host));
    this.set({ call, phase: "ended", attendance: ranIt });
    this.teardown();
  }

  private removed(): void {
    this.set({ phase: "removed" });
    this.teardown();
  }

  /** The event socket is back after a drop: catch up and reconnect the media. */
  async reconnected(): Promise<void> {
    const { callId, phase } = this.state;
    if (!callId || (phase !== "in" && phase !== "waiting")) return;
    const backend = this.deps.backend;
    try {
      const call = backend ? await backend.get() : await callsApi.get(this.ref());
      if (call.ended_at) return this.ended(call);
      const me = this.me(call);
      if (me?.state === "removed") return this.removed();
      if (me?.state !== "joined" && me?.state !== "waiting") {
        this.joined(backend ? await backend.join() : await callsApi.join(this.ref()));
        this.link?.reconnected();
        return;
      }
      this.updated(call);
      this.link?.reconnected();
    } catch (err) {
      this.set({ error: err });
    }
  }

  setMic(on: boolean): void {
    if (on && this.me()?.muted_by_host) return;
    for (const t of this.state.local?.getAudioTracks() ?? []) t.enabled = on;
    this.set({ micOn: on });
  }

  setCam(on: boolean): void {
    if (on && this.me()?.camera_off_by_host) return;
    for (const t of this.state.local?.getVideoTracks() ?? []) t.enabled = on;
    this.set({ camOn: on });
  }

  async startScreen(): Promise<void> {
    try {
      const stream = await navigator.mediaDevices.getDisplayMedia({ video: true, audio: false });
      stream.getVideoTracks()[0]?.addEventListener("ended", () => void this.stopScreen());
      this.set({ screen: stream });
      await this.link?.shareScreen(stream);
    } catch {
      // cancelled by the person
    }
  }

  async stopScreen(): Promise<void> {
    const screen = this.state.screen;
    if (!screen) return;
    stopStream(screen);
    this.set({ screen: null });
    await this.link?.shareScreen(null);
  }

  async hand(raised: boolean): Promise<void> {
    await this.act(() => callsApi.hand(this.ref(), raised));
  }

  async react(emoji: string): Promise<void> {
    await this.act(() => callsApi.react(this.ref(), emoji));
  }

  /** A host control; the answer is the new call (others get call.updated). */
  async act(fn: () => Promise<unknown>): Promise<void> {
    this.set({ error: null });
    try {
      const out = await fn();
      if (out && typeof out === "object" && "participants" in out) this.updated(out as CallOut);
    } catch (err) {
      this.set({ error: err });
    }
  }

  get ids() {
    return this.ref();
  }

  async leave(forAll = false): Promise<void> {
    const { callId, phase } = this.state;
    if (callId && (phase === "in" || phase === "waiting" || phase === "joining")) {
      try {
        const backend = this.deps.backend;
        const call = forAll
          ? await callsApi.end(this.ref())
          : backend
            ? await backend.leave()
            : await callsApi.leave(this.ref());
        if (forAll && call.mode === "lesson") {
          this.ended(call);
          return;
        }
      } catch {
        // gone already; leave locally anyway
      }
    }
    this.close();
  }

  private teardown(): void {
    if (this.statsTimer) clearInterval(this.statsTimer);
    this.statsTimer = null;
    this.link?.close();
    this.link = null;
    stopStream(this.state.local);
    stopStream(this.state.screen);
    this.set({ local: null, screen: null, tiles: [], connected: false });
  }

  /** Close the window: stop everything. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.teardown();
    this.deps.onClosed();
  }

  peerConnections(): RTCPeerConnection[] {
    return this.link?.pcs() ?? [];
  }

  private async sampleStats(): Promise<void> {
    const pcs = this.peerConnections();
    if (!pcs.length) return;
    let merged: StatSample = { rtt: null, received: 0, lost: 0, framesDecoded: 0, localType: null };
    for (const pc of pcs) {
      try {
        const report = await pc.getStats();
        const s = sample(report.values() as Iterable<Record<string, unknown> & { type: string; id: string }>);
        merged = {
          rtt: s.rtt === null ? merged.rtt : Math.max(merged.rtt ?? 0, s.rtt),
          received: merged.received + s.received,
          lost: merged.lost + s.lost,
          framesDecoded: merged.framesDecoded + s.framesDecoded,
          localType: merged.localType ?? s.localType,
        };
      } catch {
        // closed meanwhile
      }
    }
    let q = quality(this.lastSample, merged);
    this.lastSample = merged;
    if (Date.now() < this.state.weakUntil) q = worse(q, "poor");
    if (q !== this.state.quality) this.set({ quality: q });
  }
}
