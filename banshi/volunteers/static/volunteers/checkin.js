/* The volunteer's sign-in/sign-out page: an IndexedDB outbox (BanshiOutbox) of sign-ins and
   sign-outs, each with a UUID made here and the time it was entered, so the server checks
   the code against that moment and stores each once however often it arrives; sent at once
   when online, in the order they happened, kept and sent when the network comes back; a
   refusal (4xx) is kept with its reason and not sent again by itself. */
"use strict";

(function () {
  const _ = BanshiOutbox.t;
  const fmt = BanshiOutbox.fmt;
  const root = document.getElementById("vl-checkin");
  const form = document.getElementById("vl-checkin-form");
  if (!root || !form) return;

  const box = BanshiOutbox("banshi-volunteers");
  const { put, del, all, uuid } = box;

  function result(text, ok) {
    const el = document.getElementById("vl-checkin-result");
    el.textContent = text;
    el.className = ok ? "ok" : "refused";
    el.hidden = !text;
  }

  // A sign-out must arrive after its sign-in: send in the order they happened.
  const ordered = async () => (await all()).sort((a, b) => a.at.localeCompare(b.at));

  async function render() {
    const net = document.getElementById("vl-net");
    if (net) net.textContent = navigator.onLine ? _("在线") : _("离线");
    const list = document.getElementById("vl-outbox");
    list.textContent = "";
    for (const item of await ordered()) {
      const li = document.createElement("li");
      li.className = item.state;
      li.dataset.clientId = item.client_id;
      const when = new Date(item.at).toLocaleTimeString();
      const what = item.kind === "out" ? _("签退") : _("签到");
      li.textContent =
        item.state === "rejected"
          ? fmt(_("%(t)s 的%(k)s未被接受：%(e)s"), { t: when, k: what, e: item.error })
          : fmt(_("%(t)s 的%(k)s等待发送"), { t: when, k: what });
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
    url: root.dataset.sync,
    items: ordered,
    render: render,
    retryMs: 15000,
    refused: _("签到未被接受"),
    body: (item) => ({ client_id: item.client_id, kind: item.kind, code: item.code, at: item.at }),
    sent: (item, data) =>
      result(
        item.kind === "out"
          ? fmt(_("签退成功：%(a)s，服务时长 %(h)s 小时"), { a: data.activity, h: data.hours })
          : fmt(_("签到成功：%(a)s"), { a: data.activity }),
        true,
      ),
    rejected: (item, error) => result(error, false),
  });

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const input = document.getElementById("vl-code-input");
    const code = input.value.trim();
    if (!/^[0-9]{6}$/.test(code)) {
      result(_("请输入6位数字签到码"), false);
      return;
    }
    const kind = (form.querySelector("input[name=kind]:checked") || {}).value || "in";
    await put({ client_id: uuid(), kind: kind, code: code, at: new Date().toISOString(), state: "waiting" });
    input.value = "";
    if (!navigator.onLine) result(_("没有网络，已保存在手机上，联网后自动发送"), true);
    await flush();
  });
  window.addEventListener("online", flush);
  window.addEventListener("offline", render);
  if ("serviceWorker" in navigator && root.dataset.sw) {
    navigator.serviceWorker.register(root.dataset.sw, { scope: "/volunteers/" }).catch(() => {});
  }
  flush();
})();
