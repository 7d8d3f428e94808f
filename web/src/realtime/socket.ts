// One WebSocket to /api/v1/events: reconnects with backoff and jitter, sends a heartbeat
// and treats a silent connection as dead. Events go to `onEvent`; `onOpen` runs after the
// server's hello (the time to resume by cursors).
import type { RealtimeEvent } from "../features/chats/types";
import { backoffDelay } from "./backoff";

export type SocketStatus = "connecting" | "open" | "offline";

export interface SocketHandlers {
  onEvent(event: RealtimeEvent): void;
  /** After the server's hello (its data: account_id, session_id, heartbeat_seconds). */
  onOpen(hello: Record<string, unknown>): void;
  onStatus(status: SocketStatus): void;
  /** The server says the session is gone (close code 4401): stop and sign in again. */
  onUnauthorized(): void;
}

const CLOSE_UNAUTHORIZED = 4401;
const DEFAULT_HEARTBEAT_S = 25;
const GRACE_MS = 10_000;

export function eventsUrl(loc: Location = window.location): string {
  const scheme = loc.protocol === "https:" ? "wss:" : "ws:";
  return `${scheme}//${loc.host}/api/v1/events`;
}

export class RealtimeSocket {
  private ws: WebSocket | null = null;
  private attempt = 0;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private beatTimer: ReturnType<typeof setInterval> | null = null;
  private lastFrameAt = 0;
  private heartbeatMs = DEFAULT_HEARTBEAT_S * 1000;
  private stopped = true;
  private pausedUntil = 0;
  status: SocketStatus = "offline";

  constructor(
    private readonly handlers: SocketHandlers,
    private readonly url: string = eventsUrl(),
  ) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    window.addEventListener("online", this.wake);
    document.addEventListener("visibilitychange", this.onVisible);
    this.connect();
  }

  stop(): void {
    this.stopped = true;
    window.removeEventListener("online", this.wake);
    document.removeEventListener("visibilitychange", this.onVisible);
    this.clearTimers();
    const ws = this.ws;
    this.ws = null;
    ws?.close(1000, "bye");
    this.setStatus("offline");
  }

  /** Send a small client frame (typing); dropped while disconnected. */
  send(frame: Record<string, unknown>): boolean {
    if (this.ws?.readyState !== WebSocket.OPEN) return false;
    this.ws.send(JSON.stringify(frame));
    return true;
  }

  /** Drop the connection and stay away for `ms` (the browser tests' "connection lost"). */
  drop(ms: number): void {
    this.pausedUntil = Date.now() + ms;
    this.ws?.close(4000, "dropped");
  }

  /** Reconnect now (the network came back, the tab became visible). */
  private readonly wake = (): void => {
    if (this.stopped || this.status === "open" || this.ws) return;
    this.attempt = 0;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.connect();
  };

  private readonly onVisible = (): void => {
    if (document.visibilityState === "visible") this.wake();
  };

  private connect(): void {
    const paused = this.pausedUntil - Date.now();
    if (paused > 0) {
      this.setStatus("offline");
      if (this.retryTimer) clearTimeout(this.retryTimer);
      this.retryTimer = setTimeout(() => {
        this.retryTimer = null;
        if (!this.stopped) this.connect();
      }, paused);
      return;
    }
    this.setStatus("connecting");
    let ws: WebSocket;
    try {
      ws = new WebSocket(this.url);
    } catch {
      this.scheduleRetry();
      return;
    }
    this.ws = ws;
    ws.onmessage = (msg) => {
      this.lastFrameAt = Date.now();
      let event: RealtimeEvent;
      try {
        event = JSON.parse(String(msg.data)) as RealtimeEvent;
      } catch {
        return;
      }
      if (!event || typeof event.type !== "string") return;
      if (event.type === "hello") {
        const hb = Number(event.data?.heartbeat_seconds);
        this.heartbeatMs = (hb > 0 ? hb : DEFAULT_HEARTBEAT_S) * 1000;
        this.attempt = 0;
        this.startHeartbeat();
        this.setStatus("open");
        this.handlers.onOpen(event.data ?? {});
        return;
      }
      if (event.type === "pong") return;
      this.handlers.onEvent(event);
    };
    ws.onclose = (ev) => {
      if (this.ws !== ws) return;
      this.ws = null;
      this.clearTimers();
      if (ev.code === CLOSE_UNAUTHORIZED) {
        this.stopped = true;
        this.setStatus("offline");
        this.handlers.onUnauthorized();
        return;
      }
      this.setStatus("offline");
      if (!this.stopped) this.scheduleRetry();
    };
    ws.onerror = () => {
      // onclose follows and schedules the retry.
    };
  }

  private startHeartbeat(): void {
    if (this.beatTimer) clearInterval(this.beatTimer);
    this.lastFrameAt = Date.now();
    this.beatTimer = setInterval(() => {
      const ws = this.ws;
      if (!ws) return;
      if (Date.now() - this.lastFrameAt > this.heartbeatMs + GRACE_MS) {
        ws.close(4000, "heartbeat timeout"); // onclose reconnects
        return;
      }
      if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify({ type: "ping", t: Date.now() }));
    }, this.heartbeatMs);
  }

  private scheduleRetry(): void {
    if (this.stopped) return;
    const delay = backoffDelay(this.attempt++);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (!this.stopped) this.connect();
    }, delay);
  }

  private clearTimers(): void {
    if (this.beatTimer) clearInterval(this.beatTimer);
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.beatTimer = null;
    this.retryTimer = null;
  }

  private setStatus(status: SocketStatus): void {
    if (this.status === status) return;
    this.status = status;
    this.handlers.onStatus(status);
  }
}
