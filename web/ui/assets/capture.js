// The phone capture page: record voice (MediaRecorder), take a photo, type;
// each capture goes first into a queue on the device (IndexedDB) with an
// Idempotency-Key made here, then to POST /api/captures. Offline, it waits
// and is sent when the connection returns; a resend of the same key makes
// no second capture on the server. The proposals come back as editable
// cards to confirm (or leave out), correct by reply, and undo.
import { csrfToken } from "./app.js";

const form = document.getElementById("capture-form");
const result = document.getElementById("result");
const queueStatus = document.getElementById("queue-status");
const recordBtn = document.getElementById("record");
const recordStatus = document.getElementById("record-status");
const photo = document.getElementById("photo");
let voice = null; // {blob, type}

// ---- the queue on the device ----
function db() {
  return new Promise((resolve, reject) => {
    const r = indexedDB.open("baketracker", 1);
    r.onupgradeneeded = () => r.result.createObjectStore("captures", { keyPath: "key" });
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
}
async function tx(mode, fn) {
  const d = await db();
  return new Promise((resolve, reject) => {
    const t = d.transaction("captures", mode);
    const out = fn(t.objectStore("captures"));
    t.oncomplete = () => resolve(out && out.result !== undefined ? out.result : undefined);
    t.onerror = () => reject(t.error);
  });
}
const queued = () => tx("readonly", (s) => s.getAll()).then((xs) => xs.sort((a, b) => a.created - b.created));
const enqueue = (item) => tx("readwrite", (s) => s.put(item));
const dequeue = (key) => tx("readwrite", (s) => s.delete(key));

async function showQueue() {
  const n = (await queued()).length;
  queueStatus.textContent = n ? `${n} capture${n > 1 ? "s" : ""} waiting to be sent${navigator.onLine ? "" : " (offline)"}` : "";
}

let flushing = false;
async function flush() {
  if (flushing) return;
  flushing = true;
  try {
    for (const item of await queued()) {
      const body = new FormData();
      if (item.text) body.set("text", item.text);
      if (item.audio) body.set("audio", new File([item.audio], "voice", { type: item.audioType }));
      if (item.image) body.set("image", item.image, item.imageName || "photo");
      let r;
      try {
        r = await fetch("/api/captures", { method: "POST", body, headers: { "Idempotency-Key": item.key, "X-CSRF-Token": csrfToken() } });
      } catch {
        break; // offline: keep it, try again when the connection returns
      }
      if (r.status >= 500 || r.status === 429 || r.status === 408) {
        const e = await r.json().catch(() => ({}));
        showError((e.error && e.error.message) || "The server could not take the capture now; it stays queued.");
        break;
      }
      await dequeue(item.key);
      const v = await r.json().catch(() => ({}));
      if (r.ok) render(v); else showError((v.error && v.error.message) || "The capture was refused.", v.error && v.error.field);
    }
  } finally {
    flushing = false;
    showQueue();
  }
}

// ---- recording ----
const audioTypes = ["audio/webm;codecs=opus", "audio/webm", "audio/mp4", "audio/ogg;codecs=opus", "audio/ogg"];
if (window.MediaRecorder && navigator.mediaDevices) {
  recordBtn.hidden = false;
  let rec = null;
  recordBtn.addEventListener("click", async () => {
    if (rec) { rec.stop(); return; }
    try {
      const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
      const type = audioTypes.find((t) => MediaRecorder.isTypeSupported(t)) || "";
      rec = new MediaRecorder(stream, type ? { mimeType: type } : {});
      const chunks = [];
      rec.ondataavailable = (e) => chunks.push(e.data);
      rec.onstop = () => {
        stream.getTracks().forEach((t) => t.stop());
        const t = (rec.mimeType || type || "audio/webm").split(";")[0];
        voice = { blob: new Blob(chunks, { type: t }), type: t };
        recordStatus.textContent = "Voice note ready to send.";
        recordBtn.textContent = "Record again";
        recordBtn.classList.remove("recording");
        recordBtn.setAttribute("aria-pressed", "false");
        rec = null;
      };
      rec.start();
      recordBtn.textContent = "Stop recording";
      recordBtn.classList.add("recording");
      recordBtn.setAttribute("aria-pressed", "true");
      recordStatus.textContent = "Recording…";
    } catch {
      recordStatus.textContent = "The microphone is not available.";
    }
  });
}
photo.addEventListener("change", () => {
  document.getElementById("photo-name").textContent = photo.files[0] ? "Photo: " + photo.files[0].name : "";
});

form.addEventListener("submit", async (ev) => {
  ev.preventDefault();
  const text = form.text.value.trim();
  const image = photo.files[0] || null;
  if (!text && !image && !voice) { showError("Record, take a photo or type something first.", "text"); return; }
  await enqueue({
    key: crypto.randomUUID(), created: Date.now(), text,
    audio: voice && voice.blob, audioType: voice && voice.type, image, imageName: image && image.name,
  });
  form.reset(); voice = null; recordStatus.textContent = ""; document.getElementById("photo-name").textContent = "";
  result.replaceChildren(note("Sending…"));
  await showQueue();
  flush();
});
window.addEventListener("online", flush);
showQueue().then(flush);

// ---- the answer ----
function note(text, cls = "note") {
  const p = document.createElement("p");
  p.className = cls;
  p.textContent = text;
  return p;
}
function showError(msg, field) {
  const d = document.createElement("div");
  d.className = "error-summary";
  d.setAttribute("role", "alert");
  d.append(note(msg + (field ? ` (${field})` : ""), "field-error"));
  result.replaceChildren(d);
}

async function api(path, body) {
  const r = await fetch(path, {
    method: "POST", body: JSON.stringify(body || {}),
    headers: { "Content-Type": "application/json", "X-CSRF-Token": csrfToken(), "Idempotency-Key": crypto.randomUUID() },
  });
  const v = await r.json().catch(() => ({}));
  return { ok: r.ok, status: r.status, v };
}

function render(v) {
  const wrap = document.createElement("div");
  wrap.className = "capture-view";
  wrap.dataset.capture = v.id;
  if (v.reply) wrap.append(note(v.reply, "reply"));
  const cards = [];
  for (const p of v.proposals || []) {
    const card = document.createElement("fieldset");
    card.className = "card proposal";
    const legend = document.createElement("legend");
    legend.textContent = p.summary || p.tool;
    card.append(legend);
    const inc = document.createElement("label");
    inc.className = "check";
    const box = document.createElement("input");
    box.type = "checkbox"; box.checked = true; box.name = "include";
    box.addEventListener("change", () => card.classList.toggle("excluded", !box.checked));
    inc.append(box, " Include");
    card.append(inc);
    const grid = document.createElement("div");
    grid.className = "grid";
    const inputs = {};
    for (const [k, val] of Object.entries(p.arguments || {})) {
      if (k === "idempotency_key") continue;
      const id = `p-${p.id}-${k}`;
      const f = document.createElement("div");
      f.className = "field";
      const l = document.createElement("label");
      l.htmlFor = id; l.textContent = k.replaceAll("_", " ");
      const complex = val !== null && typeof val === "object";
      const i = document.createElement(complex ? "textarea" : "input");
      i.id = id; i.name = k;
      i.value = complex ? JSON.stringify(val) : String(val ?? "");
      inputs[k] = { el: i, orig: val };
      f.append(l, i);
      grid.append(f);
    }
    card.append(grid);
    cards.push({ p, box, inputs });
    wrap.append(card);
  }
  if (v.results && v.results.length) wrap.append(results(v));
  if (v.status === "proposed" && cards.length) {
    const confirm = document.createElement("button");
    confirm.type = "button"; confirm.textContent = "Confirm"; confirm.className = "big-button primary";
    confirm.addEventListener("click", async () => {
      const picks = cards.filter((c) => c.box.checked).map((c) => ({ id: c.p.id, arguments: argsOf(c) }));
      if (!picks.length) { return discard(v.id); }
      const r = await api(`/api/captures/${v.id}/confirm`, { proposals: picks });
      if (!r.ok) return showError(r.v.error ? r.v.error.message : "Confirm failed.", r.v.error && r.v.error.field);
      render(r.v);
    });
    const drop = document.createElement("button");
    drop.type = "button"; drop.textContent = "Discard all"; drop.className = "secondary";
    drop.addEventListener("click", () => discard(v.id));
    wrap.append(confirm, drop);
  }
  if (v.status === "proposed" || v.status === "answered") wrap.append(replyForm(v));
  if (v.status === "failed") wrap.append(note(v.detail || "The assistant could not read this capture.", "field-error"));
  result.replaceChildren(wrap);
}

function argsOf(c) {
  const out = { ...c.p.arguments };
  for (const [k, { el, orig }] of Object.entries(c.inputs)) {
    const s = el.value.trim();
    if (orig !== null && typeof orig === "object") { try { out[k] = JSON.parse(s); } catch { out[k] = s; } }
    else if (typeof orig === "number") out[k] = /^-?\d+$/.test(s) ? Number(s) : s;
    else if (typeof orig === "boolean") out[k] = s === "true";
    else out[k] = s;
  }
  return out;
}

async function discard(id) {
  const r = await api(`/api/captures/${id}/discard`);
  if (!r.ok) return showError(r.v.error ? r.v.error.message : "Discard failed.");
  result.replaceChildren(note("Discarded: nothing was written."));
}

function results(v) {
  const box = document.createElement("div");
  box.className = "card results";
  const h = document.createElement("h2");
  h.textContent = "Done";
  box.append(h);
  const ul = document.createElement("ul");
  for (const r of v.results) {
    const li = document.createElement("li");
    li.textContent = r.error ? `${r.tool}: ${r.error.message}` : `${r.tool}: ${(r.result && r.result.message) || "done"}`;
    ul.append(li);
  }
  box.append(ul);
  const undo = document.createElement("button");
  undo.type = "button"; undo.textContent = "Undo"; undo.className = "secondary"; undo.id = "undo";
  const said = note("");
  said.setAttribute("role", "status");
  undo.addEventListener("click", async () => {
    const r = await api(`/api/captures/${v.id}/undo`);
    if (r.ok) {
      // The capture's status, then what became of each write.
      const each = (r.v.undo || []).map((u) => `${u.tool}: ${u.message || (u.undone ? "undone" : u.reason || "kept")}`);
      said.textContent = [r.v.status || "undone", ...each].join(" · ");
      undo.disabled = true;
    }
    else if (r.status === 404 || r.status === 405) said.textContent = (r.v.error && r.v.error.message) || "Undo is not available on this server.";
    else said.textContent = (r.v.error && r.v.error.message) || "Undo failed.";
  });
  box.append(undo, said);
  return box;
}

function replyForm(v) {
  const f = document.createElement("form");
  f.className = "reply-form";
  const l = document.createElement("label");
  l.htmlFor = "reply-text"; l.textContent = "Reply to correct";
  const t = document.createElement("input");
  t.id = "reply-text"; t.name = "reply";
  const b = document.createElement("button");
  b.type = "submit"; b.textContent = "Send reply";
  f.append(l, t, b);
  f.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const r = await fetch(`/api/captures/${v.id}/messages`, {
      method: "POST", body: JSON.stringify({ text: t.value }),
      headers: { "Content-Type": "application/json", "X-CSRF-Token": csrfToken() },
    });
    const nv = await r.json().catch(() => ({}));
    if (!r.ok) return showError(nv.error ? nv.error.message : "The reply failed.", nv.error && nv.error.field);
    render(nv);
  });
  return f;
}
