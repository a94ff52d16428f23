// Sends the import form with upload progress and swaps in the report the
// server rendered, keeping the chosen file for the real import after the
// dry run. Without this script the form posts as usual.
const form = document.getElementById("import-form");
const bar = document.getElementById("import-progress");
let mode = "dry-run";
for (const b of form.querySelectorAll('button[name=mode]')) b.addEventListener("click", () => { mode = b.value; });
form.addEventListener("submit", (ev) => {
  ev.preventDefault();
  const data = new FormData(form);
  data.set("mode", mode);
  const xhr = new XMLHttpRequest();
  xhr.open("POST", form.action);
  bar.hidden = false; bar.value = 0;
  xhr.upload.onprogress = (e) => { if (e.lengthComputable) bar.value = Math.round(100 * e.loaded / e.total); };
  xhr.onload = () => {
    bar.value = 100;
    const doc = new DOMParser().parseFromString(xhr.responseText, "text/html");
    for (const id of ["import-report"]) document.getElementById(id).replaceWith(doc.getElementById(id));
    const old = document.querySelector(".error-summary");
    if (old) old.remove();
    const err = doc.querySelector(".error-summary");
    if (err) document.querySelector("h1").after(err);
    for (const k of ["csrf_token", "idempotency_key"]) {
      const fresh = doc.querySelector(`#import-form input[name=${k}]`);
      if (fresh) form.querySelector(`input[name=${k}]`).value = fresh.value;
    }
    bar.hidden = true;
  };
  xhr.onerror = () => { bar.hidden = true; alert("The upload failed: check the connection and try again."); };
  xhr.send(data);
});
