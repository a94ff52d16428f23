// Shows a lot's slider value as it moves (the form works without this).
for (const r of document.querySelectorAll('input[type=range][data-output]')) {
  const out = document.getElementById(r.dataset.output);
  r.addEventListener("input", () => { out.value = r.value; });
}
