import { describe, expect, it } from "vitest";
import { keyBytes, openTarget, refusalOf, sameKey, subscriptionBody, support } from "./push";

// A real VAPID public key's shape: 65 bytes, uncompressed point (0x04 first).
const KEY = "BOr2Zf1Ew0oVmt2vVfFgxk6qJ_7d1dJ8g5WmQf0Yh6Vh2oKfW1g2c7n3xLrJ2kQ9yH2PqX0b8c7d6e5f4g3h2i1";

describe("push helpers", () => {
  it("turns the base64url key into bytes", () => {
    const bytes = keyBytes(KEY);
    expect(bytes).toHaveLength(65);
    expect(bytes[0]).toBe(0x04);
    expect(keyBytes("-_8")).toEqual(new Uint8Array([0xfb, 0xff]));
  });

  it("knows whether a subscription was made for this key", () => {
    const same = keyBytes(KEY).buffer;
    const other = keyBytes(KEY.replace("B", "C")).buffer;
    expect(sameKey(same, KEY)).toBe(true);
    expect(sameKey(other, KEY)).toBe(false);
    expect(sameKey(null, KEY)).toBe(false);
  });

  it("sends the server only a complete subscription", () => {
    const full = { endpoint: "https://push.example/1", expirationTime: null, keys: { p256dh: "p", auth: "a" } };
    expect(subscriptionBody(full)).toEqual({ endpoint: "https://push.example/1", keys: { p256dh: "p", auth: "a" } });
    expect(subscriptionBody({ endpoint: "https://push.example/1", keys: { p256dh: "p" } })).toBeNull();
    expect(subscriptionBody({ keys: { p256dh: "p", auth: "a" } })).toBeNull();
  });

  it("explains why the browser refused", () => {
    expect(refusalOf(new DOMException("no", "NotAllowedError"), "default")).toBe("denied");
    expect(refusalOf(new Error("x"), "denied")).toBe("denied");
    expect(refusalOf(new DOMException("no", "NotSupportedError"), "granted")).toBe("unsupported");
    expect(refusalOf(new DOMException("push service", "AbortError"), "granted")).toBe("failed");
    expect(refusalOf("??", "granted")).toBe("failed");
  });

  it("needs HTTPS, a service worker and the Push API", () => {
    const all = { isSecureContext: true, hasServiceWorker: true, hasPushManager: true, hasNotification: true };
    expect(support(all)).toBe("ok");
    expect(support({ ...all, isSecureContext: false })).toBe("insecure");
    expect(support({ ...all, hasPushManager: false })).toBe("unsupported");
  });

  it("opens only paths of this site from a service worker message", () => {
    expect(openTarget({ type: "parta.open", url: "/chats/X?msg=Y" })).toBe("/chats/X?msg=Y");
    expect(openTarget({ type: "parta.open", url: "//evil.example/" })).toBeNull();
    expect(openTarget({ type: "parta.open", url: "https://evil.example/" })).toBeNull();
    expect(openTarget({ type: "other", url: "/" })).toBeNull();
    expect(openTarget(null)).toBeNull();
  });
});
