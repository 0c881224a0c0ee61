/* The grid worker's pages, online and offline: an IndexedDB outbox of records (each with a
   UUID made here, so the server stores a record sent twice once), photos shrunk before
   upload, the grid's data kept for offline use, and the list of what waits to be sent. */
"use strict";

(function () {
  const root = document.getElementById("fw");
  if (!root) return;
  const GRID = root.dataset.grid;
  const DB_NAME = "banshi-fieldwork";
  const MAX_SIDE = 1600;
  const RETRY_MS = 15000; // the first retry after a 5xx or no network; doubled each time
  const RETRY_MAX_MS = 5 * 60000;
  let flushing = false;
  let retryTimer = null;
  let retryMs = RETRY_MS;

  // --- helpers ---------------------------------------------------------------------------
  const _ = BanshiOutbox.t;
  const fmt = BanshiOutbox.fmt;
  const uuid = BanshiOutbox.uuid;
  const csrfToken = BanshiOutbox.csrfToken;
  function isoLocal(value) {
    // <input type="datetime-local"> → ISO with the phone's offset
    if (!value) return null;
    const d = new Date(value);
    return isNaN(d) ? null : d.toISOString();
  }
  function nowLocalInput() {
    const d = new Date();
    d.setMinutes(d.getMinutes() - d.getTimezoneOffset());
    return d.toISOString().slice(0, 16);
  }
  function $(id) {
    return document.getElementById(id);
  }
  function show(el, text) {
    if (!el) return;
    el.textContent = text || "";
    el.hidden = !text;
  }

  // --- IndexedDB ---------------------------------------------------------------------------
  const box = BanshiOutbox(DB_NAME, (db) => {
    db.createObjectStore("outbox", { keyPath: "id" });
    db.createObjectStore("photos", { keyPath: "client_id" });
    db.createObjectStore("grid", { keyPath: "code" });
  });
  const put = (store, value) => box.store(store).put(value);
  const get = (store, key) => box.store(store).get(key);
  const del = (store, key) => box.store(store).del(key);
  const all = (store) => box.store(store).all();

  // --- grid data ---------------------------------------------------------------------------
  async function gridData() {
    try {
      const response = await fetch("/fieldwork/data/grid.json", { credentials: "same-origin" });
      if (response.ok && !response.redirected) {
        const data = await response.json();
        await put("grid", { code: data.grid.code, data: data });
        return data;
      }
    } catch (e) {
      /* offline: the copy kept on the phone */
    }
    const kept = await get("grid", GRID);
    return kept ? kept.data : null;
  }

  // --- outbox ------------------------------------------------------------------------------
  async function renderOutbox() {
    const items = (await all("outbox")).sort((a, b) => a.created.localeCompare(b.created));
    const waiting = items.filter((i) => i.state !== "rejected").length;
    const refused = items.length - waiting;
    const summary = $("fw-outbox-summary");
    if (summary) {
      summary.textContent =
        fmt(_("待发送：%(n)s 条"), { n: waiting }) +
        (refused ? fmt(_("，未被接受：%(n)s 条"), { n: refused }) : "");
    }
    const net = $("fw-net");
    if (net) {
      net.textContent = navigator.onLine ? _("在线") : _("离线");
      net.className = "fw-net " + (navigator.onLine ? "online" : "offline");
    }
    const list = $("fw-outbox-list");
    if (!list) return;
    list.textContent = "";
    for (const item of items) {
      const li = document.createElement("li");
      li.dataset.id = item.id;
      li.dataset.state = item.state;
      li.className = item.state;
      li.textContent = `${item.title}（${item.state === "rejected" ? _("未被接受") : _("等待发送")}）`;
      if (item.state === "rejected") {
        // Refused by the server (a 4xx): kept, never sent again by itself; the worker
        // reads why, then sends it again (once the cause is fixed) or discards it.
        const why = document.createElement("p");
        why.className = "fw-refused-error";
        why.textContent = item.error;
        const again = document.createElement("button");
        again.type = "button";
        again.className = "link fw-resend";
        again.textContent = _("重新发送");
        again.addEventListener("click", async () => {
          item.state = "waiting";
          delete item.error;
          await put("outbox", item);
          await renderOutbox();
          flush();
        });
        const drop = document.createElement("button");
        drop.type = "button";
        drop.className = "link fw-discard";
        drop.textContent = _("删除");
        drop.addEventListener("click", async () => {
          if (!window.confirm(fmt(_("确定删除“%(title)s”？删除后无法恢复。"), { title: item.title }))) return;
          for (const p of item.photos || []) await del("photos", p);
          await del("outbox", item.id);
          renderOutbox();
        });
        li.append(why);
        if (item.url === "/fieldwork/sync/visits/") {
          const edit = document.createElement("a");
          edit.className = "fw-edit";
          edit.href = `/fieldwork/visit/?edit=${encodeURIComponent(item.id)}`;
          edit.textContent = _("修改");
          li.append(edit, " ");
        }
        li.append(again, " ", drop);
      }
      list.append(li);
    }
  }

  async function enqueue(item) {
    item.created = new Date().toISOString();
    item.state = "waiting";
    await put("outbox", item);
    await renderOutbox();
    flush();
  }

  class Retry extends Error {}
  class Rejected extends Error {}

  async function send(url, options) {
    let response;
    try {
      response = await fetch(url, Object.assign({ credentials: "same-origin" }, options));
    } catch (e) {
      throw new Retry(_("网络不可用"));
    }
    const status = response.status;
    // Worth trying again later: the server failing, too many requests, a lapsed login.
    const transient = status >= 500 || [401, 403, 408, 429].includes(status);
    const type = response.headers.get("Content-Type") || "";
    if (response.redirected || !type.includes("application/json")) {
      if (status >= 400 && !transient)
        throw new Rejected(fmt(_("服务器拒绝了该记录（错误 %(status)s）"), { status }));
      throw new Retry(_("登录已过期或服务器暂不可用"));
    }
    let data = {};
    try {
      data = await response.json();
    } catch (e) {
      if (transient || response.ok) throw new Retry(_("服务器暂不可用"));
    }
    if (response.ok) return data;
    if (transient && !(status === 403 && data.error)) throw new Retry(data.error || "");
    // Any other 4xx is final for this record: sending it again would get the same answer.
    throw new Rejected(data.error || fmt(_("服务器拒绝了该记录（错误 %(status)s）"), { status }));
  }

  async function sendItem(item) {
    for (const pid of item.photos || []) {
      const photo = await get("photos", pid);
      if (!photo) continue;
      const form = new FormData();
      form.append("client_id", pid);
      form.append("grid_code", item.body.grid_code || "");
      form.append("file", photo.blob, `${pid}.jpg`);
      await send("/fieldwork/sync/photos/", {
        method: "POST",
        headers: { "X-CSRFToken": csrfToken() },
        body: form,
      });
    }
    return send(item.url, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
      body: JSON.stringify(item.body),
    });
  }

  async function flush() {
    if (flushing) return;
    flushing = true;
    clearTimeout(retryTimer);
    let again = false;
    try {
      const items = (await all("outbox")).filter((i) => i.state !== "rejected");
      items.sort((a, b) => a.created.localeCompare(b.created));
      for (const item of items) {
        try {
          await sendItem(item);
          for (const p of item.photos || []) await del("photos", p);
          await del("outbox", item.id);
          retryMs = RETRY_MS;
        } catch (e) {
          if (e instanceof Rejected) {
            item.state = "rejected";
            item.error = e.message;
            await put("outbox", item);
          } else {
            again = true;
            break;
          }
        }
      }
    } finally {
      flushing = false;
      await renderOutbox();
      if (again) {
        retryTimer = setTimeout(flush, retryMs);
        retryMs = Math.min(retryMs * 2, RETRY_MAX_MS);
      }
    }
  }

  // --- photos ------------------------------------------------------------------------------
  async function shrink(file) {
    const bitmap = await createImageBitmap(file);
    const scale = Math.min(1, MAX_SIDE / Math.max(bitmap.width, bitmap.height));
    const canvas = document.createElement("canvas");
    canvas.width = Math.max(1, Math.round(bitmap.width * scale));
    canvas.height = Math.max(1, Math.round(bitmap.height * scale));
    const ctx = canvas.getContext("2d");
    ctx.fillStyle = "#fff";
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    return new Promise((resolve) => canvas.toBlob(resolve, "image/jpeg", 0.85));
  }

  // --- pages -------------------------------------------------------------------------------
  async function visitPage() {
    const form = $("fw-visit-form");
    const select = $("fw-household");
    const data = await gridData();
    const wanted = new URLSearchParams(location.search).get("household");
    if (data) {
      for (const h of data.households) {
        const opt = document.createElement("option");
        opt.value = h.id;
        opt.textContent = h.label + (h.overdue ? _("（已逾期）") : "");
        if (String(h.id) === wanted) opt.selected = true;
        select.append(opt);
      }
      const box = $("fw-needs");
      for (const k of data.need_kinds) {
        const row = document.createElement("div");
        row.className = "fw-need";
        row.innerHTML =
          `<label class="check"><input type="checkbox" name="need" value="${k.value}"> ${k.label}</label> ` +
          `<input type="text" name="need_note_${k.value}" maxlength="500" placeholder="${_("说明")}"> ` +
          `<label class="check"><input type="checkbox" name="need_demand_${k.value}"> ${_("转为诉求")}</label>`;
        box.append(row);
      }
    }
    $("fw-visited-at").value = nowLocalInput();
    // 修改: a refused visit back in the form; saving it replaces the refused record.
    const editId = new URLSearchParams(location.search).get("edit");
    let editing = editId ? await get("outbox", editId) : null;
    if (editing) {
      const b = editing.body;
      select.value = String(b.household_id);
      const at = new Date(b.visited_at);
      if (!isNaN(at)) {
        at.setMinutes(at.getMinutes() - at.getTimezoneOffset());
        $("fw-visited-at").value = at.toISOString().slice(0, 16);
      }
      $("fw-met").value = b.met || "";
      $("fw-situation").value = b.situation || "";
      $("fw-follow-up").value = b.follow_up_on || "";
      for (const n of b.needs || []) {
        const box = form.querySelector(`input[name=need][value="${n.kind}"]`);
        if (!box) continue;
        box.checked = true;
        form.elements[`need_note_${n.kind}`].value = n.note || "";
        form.elements[`need_demand_${n.kind}`].checked = !!n.to_demand;
      }
      show($("fw-visit-error"), editing.error || "");
    }
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      show($("fw-visit-error"), "");
      const householdId = select.value;
      if (!householdId) return show($("fw-visit-error"), _("请选择走访的户"));
      const visitedAt = isoLocal($("fw-visited-at").value);
      if (!visitedAt) return show($("fw-visit-error"), _("请填写走访时间"));
      if (new Date(visitedAt) > new Date(Date.now() + 5 * 60000)) {
        return show($("fw-visit-error"), _("走访时间晚于当前时间，请检查"));
      }
      const needs = [];
      for (const box of form.querySelectorAll("input[name=need]:checked")) {
        needs.push({
          kind: box.value,
          note: form.elements[`need_note_${box.value}`].value,
          to_demand: form.elements[`need_demand_${box.value}`].checked,
        });
      }
      const label = select.options[select.selectedIndex].textContent;
      if (editing) await del("outbox", editing.id);
      editing = null;
      const clientId = uuid();
      await enqueue({
        id: clientId,
        title: fmt(_("入户走访 %(label)s"), { label }),
        url: "/fieldwork/sync/visits/",
        photos: [],
        body: {
          client_id: clientId,
          grid_code: GRID,
          household_id: Number(householdId),
          household_label: label,
          visited_at: visitedAt,
          met: $("fw-met").value,
          situation: $("fw-situation").value,
          needs: needs,
          follow_up_on: $("fw-follow-up").value || null,
        },
      });
      form.reset();
      $("fw-visited-at").value = nowLocalInput();
      show($("fw-visit-saved"), _("已保存到手机，联网后自动发送"));
    });
  }

  async function patrolPage() {
    const form = $("fw-patrol-form");
    const data = await gridData();
    const kind = $("fw-kind");
    const kinds = data ? data.finding_kinds : [{ value: "other", label: _("其他") }];
    for (const k of kinds) {
      const opt = document.createElement("option");
      opt.value = k.value;
      opt.textContent = k.label;
      kind.append(opt);
    }
    $("fw-started-at").value = nowLocalInput();
    const findings = [];
    let point = null;
    const photoInput = $("fw-photos");

    // 巡查轨迹: while recording, a point whenever the phone has moved 10 m; kept on the
    // phone (localStorage) until the patrol is saved, so a reload loses nothing.
    const routeKey = `fw-route-${GRID}`;
    const route = JSON.parse(localStorage.getItem(routeKey) || "[]");
    const toggle = $("fw-route-toggle");
    const startLabel = toggle.textContent;
    let watch = null;
    const showRoute = () => {
      $("fw-route-status").textContent = route.length
        ? fmt(_("已记录轨迹点 %(n)s 个"), { n: route.length })
        : "";
    };
    const metres = (a, b) => {
      const rad = Math.PI / 180;
      const dLat = (b.lat - a.lat) * rad;
      const dLng = (b.lng - a.lng) * rad * Math.cos(((a.lat + b.lat) / 2) * rad);
      return 6371000 * Math.sqrt(dLat * dLat + dLng * dLng);
    };
    const keep = (pos) => {
      const p = {
        lat: Number(pos.coords.latitude.toFixed(6)),
        lng: Number(pos.coords.longitude.toFixed(6)),
        at: new Date(pos.timestamp).toISOString(),
      };
      const last = route[route.length - 1];
      if ((last && metres(last, p) < 10) || route.length >= 5000) return;
      route.push(p);
      localStorage.setItem(routeKey, JSON.stringify(route));
      showRoute();
    };
    const stopRoute = () => {
      if (watch !== null) navigator.geolocation.clearWatch(watch);
      watch = null;
      toggle.textContent = startLabel;
    };
    toggle.addEventListener("click", () => {
      if (watch !== null) return stopRoute();
      if (!navigator.geolocation) return show($("fw-patrol-error"), _("此设备无法定位"));
      show($("fw-patrol-error"), "");
      watch = navigator.geolocation.watchPosition(
        keep,
        (e) => show($("fw-patrol-error"), fmt(_("无法获取位置：%(why)s"), { why: e.message })),
        { enableHighAccuracy: true, maximumAge: 5000 },
      );
      toggle.textContent = toggle.dataset.stop;
    });
    showRoute();

    $("fw-locate-finding").addEventListener("click", () => {
      if (!navigator.geolocation) return;
      navigator.geolocation.getCurrentPosition((pos) => {
        point = { lat: pos.coords.latitude, lng: pos.coords.longitude };
        $("fw-finding-point").textContent = `${point.lat.toFixed(5)}, ${point.lng.toFixed(5)}`;
      });
    });

    async function takeFinding() {
      const note = $("fw-finding-note").value.trim();
      if (!note) return null;
      const photoIds = [];
      for (const file of photoInput.files) {
        if (!file.type.startsWith("image/"))
          throw new Error(fmt(_("“%(name)s”不是有效的图片文件"), { name: file.name }));
        let blob;
        try {
          blob = await shrink(file);
        } catch (e) {
          throw new Error(fmt(_("“%(name)s”不是有效的图片文件"), { name: file.name }));
        }
        const pid = uuid();
        await put("photos", { client_id: pid, blob: blob });
        photoIds.push(pid);
      }
      const finding = {
        client_id: uuid(),
        kind: kind.value,
        note: note,
        lat: point ? point.lat : null,
        lng: point ? point.lng : null,
        found_at: new Date().toISOString(),
        photos: photoIds,
        to_demand: $("fw-to-demand").checked,
      };
      findings.push(finding);
      const li = document.createElement("li");
      li.textContent = fmt(_("%(kind)s：%(note)s（照片 %(n)s 张）"), {
        kind: kind.options[kind.selectedIndex].textContent,
        note,
        n: photoIds.length,
      });
      $("fw-findings").append(li);
      $("fw-finding-note").value = "";
      photoInput.value = "";
      $("fw-to-demand").checked = false;
      point = null;
      $("fw-finding-point").textContent = "";
      return finding;
    }

    $("fw-add-finding").addEventListener("click", async () => {
      show($("fw-patrol-error"), "");
      try {
        if (!(await takeFinding())) show($("fw-patrol-error"), _("请填写情况说明"));
      } catch (e) {
        show($("fw-patrol-error"), e.message);
      }
    });

    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      show($("fw-patrol-error"), "");
      try {
        await takeFinding();
      } catch (e) {
        return show($("fw-patrol-error"), e.message);
      }
      const startedAt = isoLocal($("fw-started-at").value);
      if (!startedAt) return show($("fw-patrol-error"), _("请填写开始时间"));
      const endedAt = isoLocal($("fw-ended-at").value);
      const limit = new Date(Date.now() + 5 * 60000);
      if (new Date(startedAt) > limit || (endedAt && new Date(endedAt) > limit)) {
        return show($("fw-patrol-error"), _("巡查时间晚于当前时间，请检查"));
      }
      // One tap on an untouched form would count a patrol nobody made: ask first.
      const empty = !$("fw-patrol-note").value.trim() && !findings.length && route.length < 2;
      if (empty && !window.confirm(_("这次巡查没有备注、没有发现，也没有记录轨迹。确定保存吗？"))) {
        return;
      }
      const clientId = uuid();
      await enqueue({
        id: clientId,
        title: fmt(_("巡查（发现 %(n)s 条）"), { n: findings.length }),
        url: "/fieldwork/sync/patrols/",
        photos: findings.flatMap((f) => f.photos),
        body: {
          client_id: clientId,
          grid_code: GRID,
          started_at: startedAt,
          ended_at: endedAt || new Date().toISOString(),
          note: $("fw-patrol-note").value,
          findings: findings.splice(0),
          route: route.splice(0),
        },
      });
      stopRoute();
      localStorage.removeItem(routeKey);
      showRoute();
      form.reset();
      $("fw-findings").textContent = "";
      $("fw-started-at").value = nowLocalInput();
      show($("fw-patrol-saved"), _("已保存到手机，联网后自动发送"));
    });
  }

  async function householdPage() {
    const id = new URLSearchParams(location.search).get("id");
    const data = await gridData();
    const h = data && data.households.find((x) => String(x.id) === id);
    if (!h) {
      $("fw-hh-missing").hidden = false;
      return;
    }
    $("fw-hh-title").textContent = h.label;
    const fields = {
      address: h.address || "—",
      building: h.building || "—",
      residents: h.residents.join("、") || "—",
      last_visit: h.last_visit ? h.last_visit.slice(0, 10) : _("从未走访"),
      due: h.due ? h.due.slice(0, 10) : _("即刻"),
    };
    for (const [k, v] of Object.entries(fields)) {
      root.querySelector(`[data-field=${k}]`).textContent = v + (k === "due" && h.overdue ? _("（已逾期）") : "");
    }
    $("fw-hh-visit").href = `/fieldwork/visit/?household=${h.id}`;
  }

  function todayPage() {
    const locate = $("fw-locate");
    if (locate && navigator.geolocation) {
      locate.addEventListener("click", () => {
        navigator.geolocation.getCurrentPosition((pos) => {
          location.search = `?lat=${pos.coords.latitude}&lng=${pos.coords.longitude}`;
        });
      });
    }
    gridData();
  }

  // --- start -------------------------------------------------------------------------------
  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(() => {});
  }
  window.addEventListener("online", () => {
    renderOutbox();
    flush();
  });
  window.addEventListener("offline", renderOutbox);
  const syncNow = $("fw-sync-now");
  if (syncNow) syncNow.addEventListener("click", flush);
  const pages = { today: todayPage, visit: visitPage, patrol: patrolPage, household: householdPage };
  const ready = (pages[root.dataset.page] || (() => {}))();
  Promise.resolve(ready).then(() => {
    root.dataset.ready = "1";
    renderOutbox();
    if (navigator.onLine) flush();
  });
  window.banshiFieldwork = { flush: flush, outbox: () => all("outbox") };
})();
