// Calls for the signed-in person: the running call of each chat (the "join" bar), a call
// ringing for me, and the one call this device is in. Fed by the realtime runtime's events.
import { createStore, type Store } from "../../lib/store";
import type { RealtimeEvent } from "../chats/types";
import type { Runtime } from "../../realtime/runtime";
import { callsApi, type StartOptions } from "./api";
import { runningAfter, type Running } from "./events";
import { CallSession, type SessionInit } from "./session";
import type { CallMedia, CallOut, EventOut, JoinOut } from "./types";

export interface Ring {
  call: CallOut;
  fromName: string;
}

export interface ManagerDeps {
  runtime: Runtime;
  myId: string;
  announce(kind: "joined" | "left" | "hand", name: string): void;
}

export class CallManager {
  readonly running: Store<Running, Running>;
  readonly ring: Store<Ring | null, Ring | null>;
  readonly current: Store<CallSession | null, CallSession | null>;

  constructor(private readonly deps: ManagerDeps) {
    const replace = <S,>(_: S, next: S) => next;
    this.running = createStore<Running, Running>(replace, {});
    this.ring = createStore<Ring | null, Ring | null>(replace, null);
    this.current = createStore<CallSession | null, CallSession | null>(replace, null);
  }

  /** Listen to the runtime; returns the function that stops listening. */
  attach(): () => void {
    const offEvent = this.deps.runtime.onEvent((ev) => this.onEvent(ev));
    let first = true;
    const offConnected = this.deps.runtime.onConnected(() => {
      if (first) {
        first = false;
        return;
      }
      void this.current.getState()?.reconnected();
    });
    exposeForTests(() => this.current.getState(), this.log);
    return () => {
      offEvent();
      offConnected();
    };
  }

  /** The last call events' kinds (test hooks only: what a failed browser test shows). */
  private readonly log: string[] = [];

  private onEvent(ev: RealtimeEvent): void {
    if (!ev.type.startsWith("call.")) return;
    if (this.log.length < 400 && testHooks()) {
      const d = ev.data;
      this.log.push(`${ev.type}${d.op ? `:${String(d.op)}` : ""}${d.code ? `:${String(d.code)}` : ""}${d.about ? `:${String(d.about)}` : ""}`);
    }
    const next = runningAfter(this.running.getState(), ev);
    if (next !== this.running.getState()) this.running.dispatch(next);
    const ring = this.ring.getState();
    const call = ev.data.call as CallOut | undefined;
    if (ev.type === "call.ring" && call && !call.ended_at) {
      if (!this.current.getState()) this.ring.dispatch({ call, fromName: String(ev.data.from_name ?? "") });
    } else if (ring && call && call.id === ring.call.id) {
      const me = call.participants.find((p) => p.account_id === this.deps.myId);
      if (call.ended_at || me?.state !== "invited") this.ring.dispatch(null);
    }
    this.current.getState()?.event(ev);
  }

  /** The chat's running call as the server says now (opening a chat, after a reconnect). */
  async refresh(orgId: string, chatId: string): Promise<void> {
    try {
      const call = await callsApi.running(orgId, chatId);
      const held = this.running.getState();
      if (call) this.running.dispatch({ ...held, [chatId]: call });
      else if (held[chatId]) {
        const next = { ...held };
        delete next[chatId];
        this.running.dispatch(next);
      }
    } catch {
      // offline: the events will tell
    }
  }

  private open(init: SessionInit): CallSession | null {
    if (this.current.getState()) return null;
    const session: CallSession = new CallSession(
      {
        myId: this.deps.myId,
        send: (f) => this.deps.runtime.sendFrame(f),
        sessionId: () => this.deps.runtime.sessionId(),
        announce: this.deps.announce,
        onClosed: () => {
          if (this.current.getState() === session) this.current.dispatch(null);
        },
      },
      init,
    );
    this.current.dispatch(session);
    return session;
  }

  /** Open the call window before starting or joining: device choice and preview. */
  prepare(orgId: string, chatId: string, media: CallMedia, opts: { callId?: string; lesson?: StartOptions; call?: CallOut } = {}): void {
    const running = this.running.getState()[chatId] ?? opts.call;
    const callId = opts.callId ?? running?.id ?? null;
    const session = this.open({
      chatId,
      orgId,
      media: running && !opts.callId ? running.media : media,
      callId,
      call: running ?? null,
      lesson: opts.lesson ?? null,
      phase: "prejoin",
    });
    void session?.openMedia();
  }

  /** Open the window for the online meeting or lesson planned with an event: the organiser
   * starts it, everyone invited joins it (members of its chat or not). */
  prepareEvent(orgId: string, event: EventOut): void {
    const plan = event.call_plan;
    if (!plan) return;
    const session = this.open({
      chatId: plan.chat_id ?? "",
      orgId,
      media: plan.media === "audio" ? "audio" : "video",
      callId: null,
      call: null,
      lesson: plan.mode === "lesson" ? { media: plan.media === "audio" ? "audio" : "video", lesson: true } : null,
      phase: "prejoin",
      entry: (): Promise<JoinOut> => callsApi.eventCall(orgId, event.id),
    });
    void session?.openMedia();
  }

  /** Answer the call ringing for me. */
  accept(): void {
    const ring = this.ring.getState();
    if (!ring) return;
    this.ring.dispatch(null);
    const orgId = orgOf(this.deps.runtime, ring.call.chat_id);
    const session = this.open({
      chatId: ring.call.chat_id,
      orgId,
      media: ring.call.media,
      callId: ring.call.id,
      call: ring.call,
      lesson: null,
      phase: "joining",
    });
    void session?.go();
  }

  async decline(): Promise<void> {
    const ring = this.ring.getState();
    if (!ring) return;
    this.ring.dispatch(null);
    try {
      await callsApi.decline({ orgId: orgOf(this.deps.runtime, ring.call.chat_id), callId: ring.call.id });
    } catch {
      // it stopped ringing meanwhile
    }
  }
}

function orgOf(runtime: Runtime, chatId: string): string {
  return runtime.store.getState().chats[chatId]?.org_id ?? "";
}

/** Browser tests read the call's peer connections and state (`window.__partaCall`). */
export function exposeForTests(current: () => CallSession | null, log: string[] = []): void {
  if (!testHooks()) return;
  (window as unknown as { __partaCall: unknown }).__partaCall = {
    pcs: () => current()?.peerConnections() ?? [],
    state: () => current()?.state ?? null,
    log,
  };
}

function testHooks(): boolean {
  try {
    return localStorage.getItem("parta.testHooks") === "1";
  } catch {
    return false;
  }
}
