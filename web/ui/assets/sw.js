// The service worker: keeps the app's shell (the capture page, styles,
// scripts, icons) so it opens offline. Pages are fetched from the network
// first and the copy kept is used only when there is none. API requests are
// never cached: the capture page queues them itself (IndexedDB).
const SHELL = "baketracker-shell-v1";
const ASSETS = ["/app/capture", "/app/assets/app.css", "/app/assets/app.js", "/app/assets/capture.js",
  "/app/assets/icon-192.png", "/app/manifest.webmanifest"];

self.addEventListener("install", (e) => {
  e.waitUntil(caches.open(SHELL).then((c) => c.addAll(ASSETS)).catch(() => {}).then(() => self.skipWaiting()));
});
self.addEventListener("activate", (e) => {
  e.waitUntil(caches.keys().then((ks) => Promise.all(ks.filter((k) => k !== SHELL).map((k) => caches.delete(k))))
    .then(() => self.clients.claim()));
});
self.addEventListener("fetch", (e) => {
  const url = new URL(e.request.url);
  if (e.request.method !== "GET" || url.origin !== location.origin || !url.pathname.startsWith("/app/")) return;
  e.respondWith(fetch(e.request).then((r) => {
    if (r.ok && !r.redirected && (ASSETS.includes(url.pathname) || url.pathname.startsWith("/app/assets/"))) {
      const copy = r.clone();
      caches.open(SHELL).then((c) => c.put(url.pathname, copy));
    }
    return r;
  }).catch(() => caches.match(url.pathname).then((r) => r || new Response("offline", { status: 503 }))));
});
