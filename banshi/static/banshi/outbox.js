/* The IndexedDB outbox shared by the offline pages (contests' judge, party life's check-in,
   fieldwork): `const box = BanshiOutbox("banshi-contests")` gives put/get/del/all on its
   "outbox" store (keyPath client_id), `box.store(name)` the same on another store. A page
   with other stores passes `upgrade(db)`, which creates them; the database names and
   layouts are those the pages always had, so records kept on a phone are still read.
   Shared helpers: BanshiOutbox.t (gettext), .fmt (interpolate), .uuid, .csrfToken, and
   .sender, the send loop every offline page runs over its outbox. */
"use strict";

(function () {
  function defaultUpgrade(db) {
    db.createObjectStore("outbox", { keyPath: "client_id" });
  }

  function BanshiOutbox(dbName, upgrade) {
    const onUpgrade = upgrade || defaultUpgrade;
    function openDb() {
      return new Promise((resolve, reject) => {
        const req = indexedDB.open(dbName, 1);
        req.onupgradeneeded = () => onUpgrade(req.result);
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error);
      });
    }
    async function tx(store, mode, fn) {
      const db = await openDb();
      return new Promise((resolve, reject) => {
        const t = db.transaction(store, mode);
        let result;
        const r = fn(t.objectStore(store));
        if (r) r.onsuccess = () => (result = r.result);
        t.oncomplete = () => resolve(result);
        t.onerror = () => reject(t.error);
      });
    }
    function store(name) {
      return {
        put: (value) => tx(name, "readwrite", (s) => s.put(value)),
        get: (key) => tx(name, "readonly", (s) => s.get(key)),
        del: (key) => tx(name, "readwrite", (s) => s.delete(key)),
        all: () => tx(name, "readonly", (s) => s.getAll()),
      };
    }
    const box = store("outbox");
    box.store = store;
    box.uuid = BanshiOutbox.uuid;
    box.csrfToken = BanshiOutbox.csrfToken;
    return box;
  }

  // The words come from Django's JavaScript catalog (/jsi18n/, loaded before the page's
  // script); without it (an old cached page) they stay in Chinese.
  BanshiOutbox.t = function (text) {
    return window.gettext ? window.gettext(text) : text;
  };
  BanshiOutbox.fmt = function (translated, values) {
    return window.interpolate
      ? window.interpolate(translated, values, true)
      : translated.replace(/%\((\w+)\)s/g, (m, k) => String(values[k]));
  };
  BanshiOutbox.uuid = function () {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    const b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    const h = Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  };
  BanshiOutbox.csrfToken = function () {
    const m = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return m ? decodeURIComponent(m[1]) : "";
  };

  /* The send loop: `const flush = BanshiOutbox.sender(box, options)`. Each item of
     `options.items()` not yet refused is POSTed as JSON (`options.body(item)`) to
     `options.url`. A 2xx answer deletes it and calls `options.sent(item, data)`; a 4xx keeps
     it as refused with the server's `error` (or `options.refused`) and calls
     `options.rejected(item, error)`, and it is not sent again by itself; no network, a 5xx,
     or (with `options.stale`) an answer that is not JSON — the login page, the session having
     ended — leaves it waiting, and the loop runs again after `options.retryMs`.
     `options.render()` runs after every pass. */
  BanshiOutbox.sender = function (box, options) {
    let flushing = false;
    let retryTimer = null;

    async function send(item) {
      let response;
      try {
        response = await fetch(options.url, {
          method: "POST",
          credentials: "same-origin",
          headers: {
            "Content-Type": "application/json",
            "X-CSRFToken": BanshiOutbox.csrfToken(),
          },
          body: JSON.stringify(options.body(item)),
        });
      } catch (e) {
        return "retry"; // no network
      }
      if (options.stale) {
        const json = (response.headers.get("Content-Type") || "").includes("json");
        if (response.redirected || !json) {
          options.stale(item);
          return "retry";
        }
      }
      if (response.ok) {
        const data = await response.json();
        await box.del(item.client_id);
        options.sent(item, data);
        return "sent";
      }
      if (response.status >= 400 && response.status < 500) {
        let error = options.refused;
        try {
          error = (await response.json()).error || error;
        } catch (e) {
          /* not JSON: keep the general message */
        }
        item.state = "rejected";
        item.error = error;
        await box.put(item);
        options.rejected(item, error);
        return "rejected";
      }
      return "retry";
    }

    async function flush() {
      if (flushing) return;
      flushing = true;
      let retry = false;
      try {
        for (const item of await options.items()) {
          if (item.state === "rejected") continue;
          if ((await send(item)) === "retry") retry = true;
        }
      } finally {
        flushing = false;
      }
      await options.render();
      clearTimeout(retryTimer);
      if (retry) retryTimer = setTimeout(flush, options.retryMs || 15000);
    }
    return flush;
  };

  window.BanshiOutbox = BanshiOutbox;
})();
