// Firebase sign-in (email/password, Google where configured): the SDK is
// served from the binary (firebase-auth.js); its configuration comes from
// the server in #firebase-config. The ID token is exchanged for a session
// cookie at POST /api/session; a person in several households picks one.
import {
  initializeApp, getAuth, connectAuthEmulator, signInWithEmailAndPassword, createUserWithEmailAndPassword,
  signInWithPopup, GoogleAuthProvider, signOut, onAuthStateChanged,
} from "./firebase-auth.js";

const el = document.getElementById("firebase-config");
const status = document.getElementById("firebase-status");
const say = (t) => { if (status) status.textContent = t; };

if (el) {
  const cfg = JSON.parse(el.dataset.config);
  const app = initializeApp({ apiKey: cfg.apiKey, authDomain: cfg.authDomain, projectId: cfg.projectId });
  const auth = getAuth(app);
  if (cfg.emulatorHost) connectAuthEmulator(auth, "http://" + cfg.emulatorHost, { disableWarnings: true });
  const params = new URLSearchParams(location.search);
  const next = params.get("next") && params.get("next").startsWith("/app/") ? params.get("next") : "/app/";
  const form = document.getElementById("firebase-signin");
  const invitation = form && form.dataset.invitation;

  if (params.get("out")) signOut(auth).catch(() => {});

  async function session(user, tenant) {
    const headers = { "Content-Type": "application/json" };
    if (tenant) headers["BakeTracker-Tenant"] = tenant;
    const r = await fetch("/api/session", { method: "POST", headers, body: JSON.stringify({ id_token: await user.getIdToken() }) });
    if (r.ok) { location.assign(next); return; }
    const body = await r.json().catch(() => ({}));
    if (r.status === 403 && !tenant) return pickHousehold(user);
    say((body.error && body.error.message) || "Sign-in failed.");
  }

  // pickHousehold lists the person's households (GET /api/me with the ID
  // token) and signs in to the one they pick.
  async function pickHousehold(user, current) {
    const r = await fetch("/api/me", { headers: { Authorization: "Bearer " + await user.getIdToken() } });
    const me = await r.json().catch(() => ({}));
    const list = document.getElementById("household-list");
    const ms = (me.memberships || []);
    if (!r.ok || !list) { say((me.error && me.error.message) || "No household to sign in to."); return; }
    if (ms.length === 0) { say("You are not a member of any household yet: open an invitation link."); return; }
    list.replaceChildren(...ms.map((m) => {
      const li = document.createElement("li");
      const b = document.createElement("button");
      b.type = "button";
      b.textContent = (m.tenant_id === current ? "✓ " : "") + m.tenant_name + " (" + m.role + ")";
      b.addEventListener("click", () => session(user, m.tenant_id));
      li.append(b);
      return li;
    }));
    document.getElementById("household-pick").hidden = false;
  }

  async function accept(user) {
    const r = await fetch("/api/invitations/" + encodeURIComponent(invitation) + "/accept", {
      method: "POST", headers: { Authorization: "Bearer " + await user.getIdToken(), "Content-Type": "application/json" }, body: "{}",
    });
    const body = await r.json().catch(() => ({}));
    if (!r.ok) { say((body.error && body.error.message) || "The invitation could not be accepted."); return; }
    return session(user, body.tenant_id);
  }

  const done = (cred) => (invitation ? accept(cred.user) : session(cred.user));
  const fail = (e) => say(e && e.code ? e.code.replace("auth/", "").replaceAll("-", " ") : "Sign-in failed.");

  if (form) {
    form.addEventListener("submit", (ev) => {
      ev.preventDefault();
      say("");
      signInWithEmailAndPassword(auth, form.email.value, form.password.value).then(done, fail);
    });
    const up = document.getElementById("firebase-signup");
    if (up) up.addEventListener("click", () => createUserWithEmailAndPassword(auth, form.email.value, form.password.value).then(done, fail));
    const g = document.getElementById("google-signin");
    if (g) g.addEventListener("click", () => signInWithPopup(auth, new GoogleAuthProvider()).then(done, fail));
  } else if (document.getElementById("household-pick")) {
    // The households page: list them once Firebase knows the person.
    onAuthStateChanged(auth, (user) => {
      if (user) pickHousehold(user, document.body.dataset.tenant);
      else say("Signed in with an API token: it belongs to this household only.");
    });
  }
}
