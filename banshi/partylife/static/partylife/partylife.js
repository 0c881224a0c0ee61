/* Party-life pages. The organiser's page: the rotating code's countdown (the code itself is
   refreshed by htmx). The member's check-in page: an IndexedDB outbox of check-ins, each
   with a UUID made here, so the server stores a check-in sent twice once; sent at once when
   online, kept and sent when the network comes back; a refusal (4xx) is kept with its
   reason and not sent again by itself. */
"use strict";

(function () {
  const _ = BanshiOutbox.t;
  const fmt = BanshiOutbox.fmt;

  // --- the organiser's countdown ---------------------------------------------------------
  setInterval(() => {
    const el = document.getElementById("pl-countdown");
    if (!el) return;
    const left = Math.max(0, parseInt(el.dataset.seconds, 10) - 1);
    el.dataset.seconds = String(left);
    el.textContent = String(left);
  }, 1000);

  // --- the member's check-in -------------------------------------------------------------
  const root = document.getElementById("pl-checkin");
  const form = document.getElementById("pl-checkin-form");
  if (!root || !form) return;
  const SYNC = root.dataset.sync;
  const DB_NAME = "banshi-partylife";
  const RETRY_MS = 15000;

  const box = BanshiOutbox(DB_NAME);
  const { put, del, all, uuid } = box;

  function result(text, ok) {
    const el = document.getElementById("pl-checkin-result");
    el.textContent = text;
    el.className = ok ? "ok" : "refused";
    el.hidden = !text;
  }

  async function render() {
    const net = document.getElementById("pl-net");
    if (net) net.textContent = navigator.onLine ? _("在线") : _("离线");
    const list = document.getElementById("pl-outbox");
    list.textContent = "";
    const items = (await all()).sort((a, b) => a.at.localeCompare(b.at));
    for (const item of items) {
      const li = document.createElement("li");
      li.className = item.state;
      li.dataset.clientId = item.client_id;
      const when = new Date(item.at).toLocaleTimeString();
      li.textContent =
        item.state === "rejected"
          ? fmt(_("%(t)s 的签到未被接受：%(e)s"), { t: when, e: item.error })
          : fmt(_("%(t)s 的签到等待发送"), { t: when });
      if (item.state === "rejected") {
        const drop = document.createElement("button");
        drop.type = "button";
        drop.className = "btn small";
        drop.textContent = _("删除");
        drop.addEventListener("click", async () => {
          await del(item.client_id);
          render();
        });
        li.append(" ", drop);
      }
      list.append(li);
    }
  }

  const flush = BanshiOutbox.sender(box, {
    url: SYNC,
    items: all,
    render: render,
    retryMs: RETRY_MS,
    refused: _("签到未被接受"),
    body: (item) => ({ client_id: item.client_id, code: item.code, at: item.at }),
    sent: (item, data) => result(fmt(_("签到成功：%(a)s"), { a: data.activity }), true),
    rejected: (item, error) => result(error, false),
  });

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const input = document.getElementById("pl-code-input");
    const code = input.value.trim();
    if (!/^[0-9]{6}$/.test(code)) {
      result(_("请输入6位数字签到码"), false);
      return;
    }
    // The time it was entered: the code is checked against it when it arrives later.
    await put({ client_id: uuid(), code: code, at: new Date().toISOString(), state: "waiting" });
    input.value = "";
    if (!navigator.onLine) result(_("没有网络，签到已保存，联网后自动发送"), true);
    await flush();
  });
  window.addEventListener("online", flush);
  window.addEventListener("offline", render);
  if ("serviceWorker" in navigator && root.dataset.sw) {
    navigator.serviceWorker.register(root.dataset.sw, { scope: "/partylife/" }).catch(() => {});
  }
  flush();
})();
