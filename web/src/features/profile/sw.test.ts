// The service worker's push and notificationclick handlers, run from public/sw.js itself
// with a fake worker scope (what it shows, what it opens, what it refuses to open).
import { afterEach, describe, expect, it, vi } from "vitest";
import source from "../../../public/sw.js?raw";

type Handler = (event: Record<string, unknown>) => void;
interface Shown {
  title: string;
  options: NotificationOptions & { data: { url: string }; renotify?: boolean };
}

class FakeClient {
  focused = true;
  visibilityState = "visible";
  focusCalls = 0;
  navigated: string[] = [];
  messages: unknown[] = [];
  constructor(private readonly answers: boolean) {}
  async focus() {
    this.focusCalls += 1;
    return this;
  }
  async navigate(url: string) {
    this.navigated.push(url);
    return this;
  }
  postMessage(data: unknown, ports: { postMessage(d: unknown): void }[]) {
    this.messages.push(data);
    if (this.answers) ports[0]?.postMessage("opened");
  }
}

class FakeChannel {
  port1: { onmessage: ((e: { data: unknown }) => void) | null } = { onmessage: null };
  port2 = { postMessage: (data: unknown) => this.port1.onmessage?.({ data }) };
}

function worker(windows: FakeClient[] = []) {
  const handlers: Record<string, Handler> = {};
  const shown: Shown[] = [];
  const opened: string[] = [];
  const scope = {
    addEventListener: (type: string, fn: Handler) => {
      handlers[type] = fn;
    },
    clients: {
      matchAll: async () => windows,
      openWindow: async (url: string) => {
        opened.push(url);
        return null;
      },
      claim: async () => undefined,
    },
    registration: {
      showNotification: async (title: string, options: Shown["options"]) => {
        shown.push({ title, options });
      },
    },
    location: { origin: "https://parta.example" },
    skipWaiting: async () => undefined,
  };
  new Function("self", "caches", "MessageChannel", source)(scope, {}, FakeChannel);

  async function dispatch(type: string, event: Record<string, unknown>): Promise<void> {
    let pending: Promise<unknown> = Promise.resolve();
    const handler = handlers[type];
    if (!handler) throw new Error(`no ${type} handler`);
    handler({ ...event, waitUntil: (p: Promise<unknown>) => (pending = p) });
    await pending;
  }
  const push = (payload: unknown) =>
    dispatch("push", {
      data: {
        json: () => {
          if (payload instanceof Error) throw payload;
          return payload;
        },
      },
    });
  const click = (url: unknown) => {
    const notification = { data: { url }, close: vi.fn() };
    return { notification, done: dispatch("notificationclick", { notification }) };
  };
  return { push, click, shown, opened };
}

afterEach(() => {
  vi.useRealTimers();
});

describe("push", () => {
  it("shows the notification with its tag and the page to open", async () => {
    const w = worker();
    await w.push({ kind: "message", title: "5А (3)", body: "Анна: привет", url: "/chats/X?msg=Y", tag: "X", ts: 5 });
    expect(w.shown).toHaveLength(1);
    const [n] = w.shown;
    expect(n?.title).toBe("5А (3)");
    expect(n?.options).toMatchObject({ body: "Анна: привет", tag: "X", data: { url: "/chats/X?msg=Y" }, timestamp: 5, renotify: false });
  });

  it("rings again for calls and keeps them on screen", async () => {
    const w = worker();
    await w.push({ kind: "call", title: "Учитель", body: "Входящий звонок", url: "/chats/X", tag: "call:1", require_interaction: true });
    expect(w.shown[0]?.options).toMatchObject({ requireInteraction: true, renotify: true });
  });

  it("never opens another site, and survives a payload it cannot read", async () => {
    const w = worker();
    await w.push({ title: "x", url: "//evil.example/phish" });
    await w.push(new SyntaxError("not JSON"));
    expect(w.shown.map((n) => n.options.data.url)).toEqual(["/", "/"]);
    expect(w.shown[1]?.title).toBe("Парта");
  });

  it("stays quiet while the app is in front, except for a test", async () => {
    const w = worker([new FakeClient(true)]);
    await w.push({ kind: "message", title: "5А", url: "/chats/X" });
    expect(w.shown).toHaveLength(0);
    await w.push({ kind: "test", title: "Парта", url: "/settings/notifications" });
    expect(w.shown).toHaveLength(1);
  });
});

describe("notificationclick", () => {
  it("asks the open app to show the page without reloading it", async () => {
    const app = new FakeClient(true);
    const w = worker([app]);
    const { notification, done } = w.click("/chats/X?msg=Y");
    await done;
    expect(notification.close).toHaveBeenCalled();
    expect(app.focusCalls).toBe(1);
    expect(app.messages).toEqual([{ type: "parta.open", url: "/chats/X?msg=Y" }]);
    expect(app.navigated).toEqual([]);
  });

  it("navigates a window that does not answer, and opens one when there is none", async () => {
    vi.useFakeTimers();
    const page = new FakeClient(false);
    const w = worker([page]);
    const { done } = w.click("/chats/X");
    await vi.advanceTimersByTimeAsync(1000);
    await done;
    expect(page.navigated).toEqual(["/chats/X"]);

    const none = worker([]);
    await none.click("https://evil.example/").done;
    expect(none.opened).toEqual(["/"]);
  });
});
