/* Service worker of the judge's score page: the page and its files are cached so it
   opens with no network (network first for the page, cache first for static files). The
   score sheets wait in the page's IndexedDB outbox; POSTs are never intercepted. */
"use strict";

const CACHE = "banshi-contests-v1"; // a new name whenever a cached static file changes
const PAGES = ["/contests/judge/", "/jsi18n/"];
const STATIC = [
  "/static/contests/judge.js",
  "/static/banshi/site.css",
  "/static/banshi/site.js",
  "/static/django_htmx/htmx-2.min.js",
];

function cacheable(response) {
  return response && response.ok && !response.redirected && response.type === "basic";
}

async function precache() {
  const cache = await caches.open(CACHE);
  for (const url of PAGES.concat(STATIC)) {
    try {
      const response = await fetch(url, { credentials: "same-origin" });
      if (cacheable(response)) await cache.put(url, response);
    } catch (e) {
      /* offline during install: cached on the next visit */
    }
  }
}

self.addEventListener("install", (event) => {
  event.waitUntil(precache().then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(
          keys.filter((k) => k.startsWith("banshi-contests") && k !== CACHE).map((k) => caches.delete(k)),
        ),
      )
      .then(() => self.clients.claim()),
  );
});

async function networkFirst(request) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (cacheable(response)) await cache.put(request, response.clone());
    return response;
  } catch (e) {
    const kept = await cache.match(request, { ignoreSearch: true });
    if (kept) return kept;
    throw e;
  }
}

async function cacheFirst(request) {
  const cache = await caches.open(CACHE);
  const kept = await cache.match(request);
  if (kept) return kept;
  const response = await fetch(request);
  if (cacheable(response)) await cache.put(request, response.clone());
  return response;
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (PAGES.includes(url.pathname)) {
    event.respondWith(networkFirst(request));
  } else if (STATIC.includes(url.pathname)) {
    event.respondWith(cacheFirst(request));
  }
});
