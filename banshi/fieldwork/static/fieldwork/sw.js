/* Service worker of the grid worker's pages: caches the pages and the grid's data so they
   open with no network. Pages and data: network first, the cache when offline. Static
   files: cache first. Writes (POST) are never intercepted: the pages keep an outbox. */
"use strict";

const CACHE = "banshi-fieldwork-v4"; // a new name whenever a cached static file changes
const PAGES = [
  "/fieldwork/",
  "/fieldwork/household/",
  "/fieldwork/visit/",
  "/fieldwork/patrol/",
  "/fieldwork/data/grid.json",
  "/jsi18n/", // the scripts' words, in the language of the moment
];
const STATIC = [
  "/static/fieldwork/fieldwork.js",
  "/static/fieldwork/fieldwork.css",
  "/static/banshi/site.css",
  "/static/banshi/site.js",
  "/static/django_htmx/htmx-2.min.js",
];

function cacheable(response) {
  return response && response.ok && !response.redirected && response.type === "basic";
}

async function precache() {
  const cache = await caches.open(CACHE);
  // One at a time: a phone on a weak signal, and a server that need not serve a burst.
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
      .then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("message", (event) => {
  if (event.data === "precache") event.waitUntil(precache());
});

async function networkFirst(request) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (cacheable(response)) {
      const url = new URL(request.url);
      // Pages are stored without their query (?household=…); one copy serves them all.
      await cache.put(url.pathname, response.clone());
    }
    return response;
  } catch (e) {
    const url = new URL(request.url);
    const hit = (await cache.match(url.pathname)) || (await cache.match(request, { ignoreSearch: true }));
    if (hit) return hit;
    return new Response("<h1>离线：此页面尚未缓存</h1>", {
      status: 503,
      headers: { "Content-Type": "text/html; charset=utf-8" },
    });
  }
}

async function cacheFirst(request) {
  const cache = await caches.open(CACHE);
  const hit = await cache.match(request, { ignoreSearch: true });
  if (hit) return hit;
  const response = await fetch(request);
  if (cacheable(response)) await cache.put(request, response.clone());
  return response;
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  const page = url.pathname.startsWith("/fieldwork/") && !url.pathname.startsWith("/fieldwork/sync/");
  if (page || url.pathname === "/jsi18n/") {
    event.respondWith(networkFirst(request));
  } else if (url.pathname.startsWith("/static/")) {
    event.respondWith(cacheFirst(request));
  }
});
