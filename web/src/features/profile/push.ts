// Web Push on this device: turning it on and off, keeping the server's copy of this
// browser's subscription bound to the signed-in session, and opening what a clicked
// notification points to (the service worker, public/sw.js, asks the open page first).
// The small pure helpers at the top are tested without a browser (push.test.ts).
import { useEffect } from "react";
import { api, ok, type Schemas } from "../../api/client";
import { navigate } from "../../app/router";

/** Whose pushes this browser carries: only they re-register it after signing in again. */
const OWNER = "parta.push.owner";
const WORKER_TIMEOUT_MS = 8000;

export type Support = "ok" | "unsupported" | "insecure";
/** Why pushes could not be turned on (each has its own explanation in the interface). */
export type Refusal = "unsupported" | "insecure" | "denied" | "dismissed" | "no_worker" | "failed";

export class PushRefused extends Error {
  readonly reason: Refusal;
  constructor(reason: Refusal, cause?: unknown) {
    super(`push refused: ${reason}`, { cause });
    this.name = "PushRefused";
    this.reason = reason;
  }
}

export type SubscriptionBody = Schemas["SubscriptionIn"];

interface Env {
  isSecureContext: boolean;
  hasServiceWorker: boolean;
  hasPushManager: boolean;
  hasNotification: boolean;
}

function env(): Env {
  const w = typeof window === "undefined" ? undefined : window;
  return {
    isSecureContext: w?.isSecureContext ?? false,
    hasServiceWorker: typeof navigator !== "undefined" && "serviceWorker" in navigator,
    hasPushManager: !!w && "PushManager" in w,
    hasNotification: !!w && "Notification" in w,
  };
}

/** Can this browser take pushes here? (They need HTTPS, a service worker and the Push API.) */
export function support(e: Env = env()): Support {
  if (!e.isSecureContext) return "insecure";
  if (!e.hasServiceWorker || !e.hasPushManager || !e.hasNotification) return "unsupported";
  return "ok";
}

/** The VAPID public key (base64url) as the bytes `PushManager.subscribe` wants. */
export function keyBytes(base64url: string): Uint8Array<ArrayBuffer> {
  const base64 = base64url.replace(/-/g, "+").replace(/_/g, "/");
  const padded = base64 + "=".repeat((4 - (base64.length % 4)) % 4);
  const raw = atob(padded);
  const out = new Uint8Array(new ArrayBuffer(raw.length));
  for (let i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i);
  return out;
}

/** Was this subscription made for this server key? (A changed key needs a new one.) */
export function sameKey(current: ArrayBuffer | null | undefined, base64url: string): boolean {
  if (!current) return false;
  const a = new Uint8Array(current);
  const b = keyBytes(base64url);
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

/** What the server stores of `PushSubscription.toJSON()`; null when something is missing. */
export function subscriptionBody(json: PushSubscriptionJSON): SubscriptionBody | null {
  const p256dh = json.keys?.p256dh;
  const auth = json.keys?.auth;
  if (!json.endpoint || !p256dh || !auth) return null;
  return { endpoint: json.endpoint, keys: { p256dh, auth } };
}

/** Why `subscribe` failed: the person (or the browser's settings) said no, or the browser
 * could not reach its push service (no network, or a browser without one). */
export function refusalOf(err: unknown, permission: NotificationPermission): Refusal {
  if (permission === "denied") return "denied";
  const name = typeof err === "object" && err !== null && "name" in err ? String(err.name) : "";
  if (name === "NotAllowedError") return "denied";
  if (name === "NotSupportedError") return "unsupported";
  return "failed";
}

/** The decision of a `parta.open` message from the service worker: a path of this site. */
export function openTarget(data: unknown): string | null {
  if (typeof data !== "object" || data === null) return null;
  const { type, url } = data as { type?: unknown; url?: unknown };
  if (type !== "parta.open" || typeof url !== "string") return null;
  return url.startsWith("/") && !url.startsWith("//") ? url : null;
}

async function registration(): Promise<ServiceWorkerRegistration> {
  const sw = navigator.serviceWorker;
  const existing = await sw.getRegistration();
  if (!existing) await sw.register("/sw.js");
  const timeout = new Promise<never>((_, reject) =>
    setTimeout(() => reject(new PushRefused("no_worker")), WORKER_TIMEOUT_MS),
  );
  return Promise.race([sw.ready, timeout]);
}

/** This browser's push subscription, if it has one. */
export async function browserSubscription(): Promise<PushSubscription | null> {
  if (support() !== "ok") return null;
  const reg = await navigator.serviceWorker.getRegistration();
  return reg ? reg.pushManager.getSubscription() : null;
}

function remember(owner: string | null): void {
  try {
    if (owner) localStorage.setItem(OWNER, owner);
    else localStorage.removeItem(OWNER);
  } catch {
    // no storage: the subscription is simply not re-registered after the next sign-in
  }
}

function owner(): string | null {
  try {
    return localStorage.getItem(OWNER);
  } catch {
    return null;
  }
}

/** Turn pushes on here: ask for permission (this is called from a click), subscribe with
 * the server's key and register the subscription. Throws PushRefused with the reason, or
 * the server's ApiError. */
export async function enablePush(accountId: string): Promise<void> {
  const s = support();
  if (s !== "ok") throw new PushRefused(s);
  let permission = Notification.permission;
  if (permission === "default") permission = await Notification.requestPermission();
  if (permission === "denied") throw new PushRefused("denied");
  if (permission !== "granted") throw new PushRefused("dismissed");
  const reg = await registration();
  const { public_key } = await ok(api.GET("/api/v1/push/vapid-key"));
  let sub = await reg.pushManager.getSubscription();
  if (sub && !sameKey(sub.options.applicationServerKey, public_key)) {
    await sub.unsubscribe();
    sub = null;
  }
  try {
    sub ??= await reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(public_key) });
  } catch (err) {
    throw new PushRefused(refusalOf(err, Notification.permission), err);
  }
  const body = subscriptionBody(sub.toJSON());
  if (!body) throw new PushRefused("failed");
  await ok(api.PUT("/api/v1/me/push/subscriptions", { body }));
  remember(accountId);
}

/** Turn pushes off here: forget the subscription on the server and in the browser. */
export async function disablePush(): Promise<void> {
  const sub = await browserSubscription();
  if (sub) {
    const devices = await ok(api.GET("/api/v1/me/push/subscriptions"));
    const mine = devices.find((d) => d.endpoint === sub.endpoint);
    if (mine) {
      await ok(api.DELETE("/api/v1/me/push/subscriptions/{subscription_id}", { params: { path: { subscription_id: mine.id } } }));
    }
    await sub.unsubscribe();
  }
  remember(null);
}

/** After signing in again on a browser where this person turned pushes on, bind its
 * subscription to the new session (the old one no longer receives anything). */
export async function syncPush(accountId: string): Promise<void> {
  if (support() !== "ok" || Notification.permission !== "granted" || owner() !== accountId) return;
  const sub = await browserSubscription();
  const body = sub ? subscriptionBody(sub.toJSON()) : null;
  if (body) await ok(api.PUT("/api/v1/me/push/subscriptions", { body }));
}

/** For signed-in pages: keep the subscription registered, and open what the service worker
 * asks for (a clicked notification) without reloading the app. */
export function usePush(accountId: string | null): void {
  useEffect(() => {
    if (accountId) void syncPush(accountId).catch(() => undefined);
  }, [accountId]);
  useEffect(() => {
    if (typeof navigator === "undefined" || !("serviceWorker" in navigator)) return;
    const onMessage = (e: MessageEvent) => {
      const target = openTarget(e.data);
      if (!target) return;
      navigate(target);
      e.ports[0]?.postMessage("opened");
    };
    navigator.serviceWorker.addEventListener("message", onMessage);
    return () => navigator.serviceWorker.removeEventListener("message", onMessage);
  }, []);
}
