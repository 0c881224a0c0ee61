/* Service worker of an app's offline pages (rendered by banshi.core.offline). Pages:
   network first, stored by path without query, the cache when offline, else a 503 page.
   Static files: cache first. Writes (POST) are never intercepted: pages keep an outbox. */
"use strict";

const CACHE = {{ cache }};
const CACHE_PREFIX = {{ cache_prefix }};
const PAGES = {{ pages }};
const STATIC = {{ static }};
const STATIC_PREFIX = {{ static_prefix }};
const PAGE_PREFIX = {{ page_prefix }};
const EXCLUDE_PREFIX = {{ exclude_prefix }};

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
  // Only this app's older caches: the other apps' workers keep theirs.
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(keys.filter((k) => k.startsWith(CACHE_PREFIX) && k !== CACHE).map((k) => caches.delete(k))),
      )
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("message", (event) => {
  if (event.data === "precache") event.waitUntil(precache());
});

async function networkFirst(request) {
  const cache = await caches.open(CACHE);
  const url = new URL(request.url);
  try {
    const response = await fetch(request);
    // Pages are stored without their query (?household=…); one copy serves them all.
    if (cacheable(response)) await cache.put(url.pathname, response.clone());
    return response;
  } catch (e) {
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

function isPage(path) {
  if (PAGES.includes(path)) return true;
  if (!PAGE_PREFIX || !path.startsWith(PAGE_PREFIX)) return false;
  return !(EXCLUDE_PREFIX && path.startsWith(EXCLUDE_PREFIX));
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (isPage(url.pathname)) {
    event.respondWith(networkFirst(request));
  } else if (STATIC.includes(url.pathname) || (PAGE_PREFIX && url.pathname.startsWith(STATIC_PREFIX))) {
    event.respondWith(cacheFirst(request));
  }
});
