/* The judge's score forms. Each sheet goes to an IndexedDB outbox with a UUID made here,
   so the server stores a sheet sent twice once (the pattern of party life's check-in);
   sent at once when online, kept and sent when the network comes back; a refusal (4xx)
   is kept with its reason and not sent again by itself. */
"use strict";

(function () {
  const _ = BanshiOutbox.t;
  const fmt = BanshiOutbox.fmt;
  const root = document.getElementById("ct-judge");
  if (!root) return;
  const SYNC = root.dataset.sync;
  const DB_NAME = "banshi-contests";
  const RETRY_MS = 15000;

  const box = BanshiOutbox(DB_NAME);
  const { put, del, all, uuid } = box;
  // A tablet may be shared: the outbox holds each judge's sheets, shown and sent only to them.
  const USER = root.dataset.user;
  const mine = async () => (await all()).filter((item) => item.user === USER);

  function say(text, ok) {
    const el = document.getElementById("ct-result");
    el.textContent = text;
    el.className = ok ? "msg ok" : "msg error";
    el.hidden = !text;
  }
  function entryState(entry, text) {
    const box = root.querySelector(`.ct-entry[data-entry="${entry}"]`);
    if (!box) return;
    box.querySelector(".ct-state").textContent = text;
  }

  async function render() {
    const net = document.getElementById("ct-net");
    if (net) net.textContent = navigator.onLine ? _("在线") : _("离线");
    const list = document.getElementById("ct-outbox");
    list.textContent = "";
    const items = (await mine()).sort((a, b) => a.at.localeCompare(b.at));
    for (const item of items) {
      const li = document.createElement("li");
      li.className = item.state;
      li.dataset.clientId = item.client_id;
      li.textContent =
        item.state === "rejected"
          ? fmt(_("%(n)s 的评分未被接受：%(e)s"), { n: item.name, e: item.error })
          : fmt(_("%(n)s 的评分等待发送"), { n: item.name });
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
      } else {
        entryState(item.entry, _("等待发送"));
      }
      list.append(li);
    }
  }

  const flush = BanshiOutbox.sender(box, {
    url: SYNC,
    items: mine,
    render: render,
    retryMs: RETRY_MS,
    refused: _("评分未被接受"),
    body: (item) => ({
      client_id: item.client_id,
      entry: item.entry,
      scores: item.scores,
      at: item.at,
      judge: item.user,
    }),
    // Signed out meanwhile: the login page answered. The sheet waits for the judge.
    stale: () => say(_("登录已过期，请重新登录，评分会自动发送"), false),
    sent: (item, data) => {
      entryState(item.entry, fmt(_("已评分 %(t)s"), { t: data.total }));
      say(fmt(_("已提交%(n)s的评分：%(t)s"), { n: data.entrant, t: data.total }), true);
    },
    rejected: (item, error) => say(error, false),
  });

  for (const form of root.querySelectorAll("form.ct-sheet")) {
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const scores = {};
      for (const input of form.querySelectorAll("input")) {
        const value = input.value.trim();
        const max = Number(input.dataset.max);
        const label = form.querySelector(`label[for="${input.id}"]`).textContent;
        if (!/^[0-9]+(\.[0-9])?$/.test(value) || Number(value) > max) {
          say(fmt(_("%(item)s的得分须在0到%(max)s分之间"), { item: label, max: max }), false);
          input.focus();
          return;
        }
        scores[input.name] = value;
      }
      const entry = Number(form.dataset.entry);
      const box = form.closest(".ct-entry");
      const name = box.querySelector(".ct-name").textContent;
      await put({
        client_id: uuid(),
        user: USER,
        entry: entry,
        name: name,
        scores: scores,
        at: new Date().toISOString(),
        state: "waiting",
      });
      form.remove();
      entryState(entry, _("等待发送"));
      if (!navigator.onLine) say(_("没有网络，评分已保存，联网后自动发送"), true);
      await flush();
    });
  }
  window.addEventListener("online", flush);
  window.addEventListener("offline", render);
  if ("serviceWorker" in navigator && root.dataset.sw) {
    navigator.serviceWorker.register(root.dataset.sw, { scope: "/contests/" }).catch(() => {});
  }
  flush();
})();
