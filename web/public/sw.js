// Parta's service worker: keeps the app shell so the app opens (and can be installed)
// without a network, and shows push notifications. It never touches /api: messages and
// sessions always go to the server.
const SHELL = "parta-shell-v1";
const ASSETS = "parta-assets-v1";
const PRECACHE = ["/", "/manifest.webmanifest", "/icon.svg", "/icon-192.png", "/icon-512.png"];

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(SHELL).then((c) => c.addAll(PRECACHE)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== SHELL && k !== ASSETS).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  const req = event.request;
  if (req.method !== "GET") return;
  const url = new URL(req.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.startsWith("/api/") || url.pathname === "/api") return;

  // Pages: the network first (a fresh index.html after each release), the shell offline.
  if (req.mode === "navigate") {
    event.respondWith(
      fetch(req)
        .then((res) => {
          // Only the app's own page is the shell (not, say, a JSON health check).
          if (res.ok && (res.headers.get("Content-Type") || "").startsWith("text/html")) {
            const copy = res.clone();
            caches.open(SHELL).then((c) => c.put("/", copy));
          }
          return res;
        })
        .catch(() => caches.match("/").then((r) => r || Response.error())),
    );
    return;
  }

  // Hashed build files never change: the cache first.
  if (url.pathname.startsWith("/assets/")) {
    event.respondWith(
      caches.match(req).then(
        (hit) =>
          hit ||
          fetch(req).then((res) => {
            if (res.ok) {
              const copy = res.clone();
              caches.open(ASSETS).then((c) => c.put(req, copy));
            }
            return res;
          }),
      ),
    );
  }
});

// Web Push (the server's push worker): show what arrived, unless the app is open and in
// front — it tells the person itself then (a test push is always shown: it was asked for). A newer push with the same tag (the same chat)
// replaces the older notification instead of piling up.
const APP_NAME = "Парта";

function pushData(event) {
  try {
    const data = event.data ? event.data.json() : null;
    return data && typeof data === "object" ? data : {};
  } catch {
    return {};
  }
}

/** Only paths of this site are opened (never another origin a payload might name). */
function targetPath(url) {
  return typeof url === "string" && url.startsWith("/") && !url.startsWith("//") ? url : "/";
}

async function showPush(data) {
  const windows = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
  const inFront = windows.some((c) => c.focused && c.visibilityState === "visible");
  if (inFront && data.kind !== "test") return;
  const options = {
    body: typeof data.body === "string" ? data.body : "",
    tag: typeof data.tag === "string" ? data.tag : undefined,
    icon: "/icon-192.png",
    badge: "/icon-192.png",
    data: { url: targetPath(data.url) },
    timestamp: typeof data.ts === "number" ? data.ts : Date.now(),
    requireInteraction: data.require_interaction === true,
    renotify: data.kind === "call" || data.kind === "mention",
  };
  if (!options.tag) options.renotify = false;
  const title = typeof data.title === "string" && data.title ? data.title : APP_NAME;
  return self.registration.showNotification(title, options);
}

self.addEventListener("push", (event) => {
  event.waitUntil(showPush(pushData(event)));
});

/** Ask an open page to show `url` itself (no reload); true when it did. */
function askToOpen(client, url) {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    const timer = setTimeout(() => resolve(false), 1000);
    channel.port1.onmessage = () => {
      clearTimeout(timer);
      resolve(true);
    };
    client.postMessage({ type: "parta.open", url }, [channel.port2]);
  });
}

async function openFromNotification(url) {
  const windows = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
  const client = windows.find((c) => c.focused) || windows[0];
  if (client) {
    await client.focus();
    if (await askToOpen(client, url)) return;
    if ("navigate" in client) {
      await client.navigate(url);
      return;
    }
  }
  await self.clients.openWindow(url);
}

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const url = targetPath(event.notification.data && event.notification.data.url);
  event.waitUntil(openFromNotification(url));
});
