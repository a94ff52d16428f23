// Browser scenarios against a running baketracker serve (started by
// cmd/baketracker/browser_test.go): headless Debian Chromium driven by
// playwright-core, axe-core for accessibility. Prints {"passed", "failures"}
// as JSON on stdout; screenshots of every screen go to $SCREENSHOTS.
import { chromium } from "playwright-core";
import AxeBuilder from "@axe-core/playwright";

const env = process.env;
const BASE = env.BASE_URL;
const passed = [];
const failures = [];
const shot = (page, name) => page.screenshot({ path: `${env.SCREENSHOTS}/${name}.png`, fullPage: true });
const log = (...a) => console.error(...a);

async function step(name, fn) {
  const t0 = Date.now();
  try {
    const note = await fn();
    passed.push(note ? `${name} (${note})` : name);
    log(`ok   ${name} ${Date.now() - t0}ms`);
  } catch (e) {
    failures.push(`${name}: ${e.message.split("\n")[0]}`);
    log(`FAIL ${name}: ${e.stack}`);
  }
}
function expect(cond, msg) { if (!cond) throw new Error(msg); }

const browser = await chromium.launch({
  executablePath: env.CHROMIUM, headless: true,
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
    // A fake microphone, allowed without a prompt, for the voice capture.
    "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream"],
});

// watch fails the run on a CSP violation, a script error or a dialog (an
// injected alert would open one).
function watch(page, label) {
  page.on("console", (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) failures.push(`${label}: CSP violation: ${m.text()}`);
  });
  page.on("pageerror", (e) => failures.push(`${label}: script error: ${e.message}`));
  page.on("dialog", async (d) => { failures.push(`${label}: unexpected dialog "${d.message()}"`); await d.dismiss(); });
  page.on("request", (r) => {
    const u = new URL(r.url());
    if (!["127.0.0.1", "localhost"].includes(u.hostname) && u.protocol.startsWith("http")) failures.push(`${label}: third-party request ${r.url()}`);
  });
}

async function tokenSignIn(page) {
  await page.goto(BASE + "/app/signin");
  await page.fill("#f-token", env.TOKEN);
  await Promise.all([page.waitForURL(BASE + "/app/"), page.click("form[action='/app/signin'] button[type=submit]")]);
}

async function axe(page, name) {
  const r = await new AxeBuilder({ page }).analyze();
  const bad = r.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(bad.length === 0, `${name}: ${bad.map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 2).map((n) => n.target.join(" ")).join(", ")}`).join("; ")}`);
}

// SCENARIOS is "main" (token sign-in, the screens, the phone) or
// "firebase" (the Auth emulator's email/password sign-in).
if (env.SCENARIOS === "firebase") {
// ---- Firebase Auth emulator ----
const fb = await browser.newContext({ viewport: { width: 1024, height: 800 } });
const fp = await fb.newPage();
watch(fp, "firebase");
await step("sign in with email and password (Firebase Auth emulator)", async () => {
  await fp.goto(BASE + "/app/signin");
  await fp.fill("#email", env.FB_EMAIL);
  await fp.fill("#password", env.FB_PASSWORD);
  await Promise.all([fp.waitForURL(BASE + "/app/"), fp.click("#firebase-signin button[type=submit]")]);
  expect((await fp.textContent(".who")).includes(env.FB_EMAIL), "the header does not name the Firebase person");
  await shot(fp, "firebase-home");
  await fp.click("text=Sign out");
  await fp.waitForURL(/\/app\/signin/);
  const r = await fp.goto(BASE + "/app/pantry");
  expect(r.url().includes("/app/signin"), "still signed in after sign-out");
});

await step("accept an invitation from its link, then switch household", async () => {
  await fp.goto(BASE + "/app/invite/" + encodeURIComponent(env.INVITE_CODE));
  await shot(fp, "invite");
  await axe(fp, "/app/invite/{code}");
  await fp.fill("#email", env.FB_EMAIL);
  await fp.fill("#password", env.FB_PASSWORD);
  await Promise.all([fp.waitForURL(BASE + "/app/"), fp.click("#firebase-signin button[type=submit]")]);
  await fp.goto(BASE + "/app/households");
  expect((await fp.textContent("#current-household")) === env.INVITED_TO, `signed in to ${await fp.textContent("#current-household")}, not the inviting household`);
  // Two households now: the one the first sign-in made, and the invited one.
  await fp.waitForSelector("#household-pick:not([hidden]) button");
  const picks = await fp.locator("#household-list button").allTextContents();
  expect(picks.length === 2, `households offered: ${picks.join(", ")}`);
  expect(picks.some((b) => b.startsWith("✓ " + env.INVITED_TO)), `the current household is not ticked: ${picks.join(", ")}`);
  await shot(fp, "households-two");
  await axe(fp, "/app/households with two");
  const other = fp.locator("#household-list button", { hasNotText: env.INVITED_TO });
  const otherName = (await other.textContent()).replace(/ \(.*\)$/, "");
  await Promise.all([fp.waitForURL(BASE + "/app/"), other.click()]);
  await fp.goto(BASE + "/app/households");
  expect((await fp.textContent("#current-household")) === otherName, `after switching, signed in to ${await fp.textContent("#current-household")}, want ${otherName}`);
  await shot(fp, "households-switched");
  return "switched to " + otherName;
});

await step("axe on the Firebase sign-in page", async () => {
  await fp.goto(BASE + "/app/signin");
  await fp.waitForSelector("#firebase-signin");
  await axe(fp, "/app/signin with Firebase");
  await shot(fp, "signin-firebase");
});

} else {
const desk = await browser.newContext({ viewport: { width: 1280, height: 900 } });
const page = await desk.newPage();
watch(page, "desk");

await step("a wrong token is refused next to the token field", async () => {
  await page.goto(BASE + "/app/signin");
  await page.fill("#f-token", "btk_not-a-token");
  await page.click("form[action='/app/signin'] button[type=submit]");
  await page.waitForSelector("#e-token");
  await shot(page, "signin-error");
});

await step("sign in with an API token", async () => {
  await tokenSignIn(page);
  expect((await page.textContent(".who")).includes("browser@example.com"), "the header does not name the person");
  await shot(page, "home");
});

await step("import a desktop export: dry run first, then import", async () => {
  await page.goto(BASE + "/app/import");
  await page.setInputFiles("#f-file", env.DESKTOP_EXPORT);
  await page.click("button[value=dry-run]");
  await page.waitForSelector("table.report caption:has-text('Dry run')");
  await shot(page, "import-dry-run");
  await page.goto(BASE + "/app/recipes");
  expect(!(await page.textContent("table")).includes("Chocolate Chip Cookies"), "the dry run wrote recipes");
  await page.goto(BASE + "/app/import");
  await page.setInputFiles("#f-file", env.DESKTOP_EXPORT);
  await page.click("button[value=import]");
  await page.waitForSelector("table.report caption:has-text('Imported')");
  await shot(page, "import-done");
  await page.goto(BASE + "/app/recipes");
  expect((await page.textContent("table")).includes("Chocolate Chip Cookies"), "imported recipes are not listed");
  await shot(page, "recipes");
});

await step("add an ingredient and see it listed", async () => {
  await page.goto(BASE + "/app/ingredients");
  await page.fill("#f-name", "Browser Rye Flour");
  await page.fill("#f-default_unit", "g");
  await page.click("form[method=post][action='/app/ingredients'] button[type=submit]");
  await page.waitForSelector(".done");
  expect((await page.textContent("table")).includes("Browser Rye Flour"), "the new ingredient is not listed");
  await shot(page, "ingredients");
});

await step("a bad unit is shown next to its field", async () => {
  await page.fill("#f-name", "Bad Unit Flour");
  await page.fill("#f-default_unit", "furlong");
  await page.click("form[method=post][action='/app/ingredients'] button[type=submit]");
  await page.waitForSelector("#e-default_unit");
  expect((await page.getAttribute("#f-name", "value")) === "Bad Unit Flour", "the form lost what was typed");
});

await step("an ingredient named <img src=x onerror=alert(1)> shows as text", async () => {
  await page.goto(BASE + "/app/ingredients");
  await page.fill("#f-name", "<img src=x onerror=alert(1)>");
  await page.click("form[method=post][action='/app/ingredients'] button[type=submit]");
  await page.waitForSelector(".done");
  expect((await page.textContent("table")).includes("<img src=x onerror=alert(1)>"), "the name is not shown as text");
  expect((await page.locator("main img").count()) === 0, "the name became an element");
  await shot(page, "ingredients-escaped");
});

await step("record a purchase and see its pantry lot", async () => {
  await page.goto(BASE + "/app/purchases");
  await page.fill("#f-item_name", "Browser Rye Flour");
  await page.fill("#f-quantity", "5");
  await page.fill("#f-unit", "lb");
  await page.fill("#f-price", "6.50");
  await page.fill("#f-store", "Browser Market");
  await page.click("form[action='/app/purchases'] button[type=submit]");
  await page.waitForSelector(".done");
  expect((await page.textContent("table")).includes("Browser Market"), "the purchase is not listed");
  await shot(page, "purchases");
  await page.goto(BASE + "/app/pantry?ingredient=" + encodeURIComponent("Browser Rye Flour"));
  expect((await page.locator(".lot").count()) >= 1, "no pantry lot for the purchase");
  await shot(page, "pantry");
});

await step("adjust a lot to 40 % with the slider", async () => {
  const slider = page.locator(".lot input[type=range]").first();
  await slider.focus();
  await slider.evaluate((el) => { el.value = "40"; el.dispatchEvent(new Event("input", { bubbles: true })); });
  expect((await page.locator(".lot output").first().textContent()).trim() === "40", "the slider's value is not shown");
  await page.locator(".lot button[type=submit]").first().click();
  await page.waitForSelector(".done");
  const lot = await page.locator(".lot").first().textContent();
  expect(/\(40(\.0+)? %\)/.test(lot), `the lot does not read 40 %: ${lot.replace(/\s+/g, " ")}`);
  await shot(page, "pantry-adjusted");
});

await step("record usage", async () => {
  await page.fill("#f-quantity", "1");
  await page.fill("#f-unit", "lb");
  await page.click("form[action='/app/pantry/usage'] button[type=submit]");
  await page.waitForSelector(".done");
});

await step("create an event with two recipes and read its shopping list", async () => {
  await page.goto(BASE + "/app/events");
  await page.fill("#f-event_name", "Browser Bake Sale");
  await page.fill("#f-event_date", "2026-12-20");
  await page.fill("#f-guest_count", "20");
  await page.fill("#f-recipe_names", "Chocolate Chip Cookies\nFudge Brownies");
  await page.click("form[action='/app/events'] button[type=submit]");
  await page.waitForSelector("table.shopping");
  const planned = await page.locator("main ul li").allTextContents();
  expect(planned.filter((t) => /Chocolate Chip Cookies|Fudge Brownies/.test(t)).length === 2, `planned: ${planned.join(", ")}`);
  expect((await page.locator("table.shopping tbody tr").count()) > 0, "the shopping list is empty");
  expect((await page.textContent("table.shopping tfoot")).includes("Estimated total"), "no estimated total");
  await shot(page, "event-shopping-list");
});

await step("recipe view: components expanded, scaled, costed", async () => {
  await page.goto(BASE + "/app/recipes");
  await page.click("text=Chocolate Chip Cookies");
  await page.fill("#f-batches", "2");
  await page.click("main form button[type=submit]");
  await page.waitForSelector("caption:has-text('2 batch')");
  await shot(page, "recipe");
});

// Screens that axe also checks, found while the scenarios run.
const moreAxe = [];

await step("recipe: cost per item with a target margin, baker's percentages, scaling, label", async () => {
  await page.goto(BASE + "/app/recipes");
  await page.click("text=Chocolate Chip Cookies");
  const recipe = page.url().split("?")[0];
  await page.fill("#f-target_margin", "60");
  await page.click("main form.search button[type=submit]");
  await page.waitForSelector("table.per-item caption:has-text('60 % margin')");
  expect((await page.locator("table.per-item tbody tr").count()) >= 1, "no cost per item");
  await shot(page, "recipe-cost-per-item");
  moreAxe.push(page.url());

  await page.fill("#f-target_margin", "100");
  await page.click("main form.search button[type=submit]");
  await page.waitForSelector("#e-target_margin");
  expect((await page.getAttribute("#f-target_margin", "aria-invalid")) === "true", "the refused margin is not marked invalid");

  await page.goto(recipe);
  await page.click("text=Baker's percentages and hydration");
  await page.waitForSelector("table.percentages");
  // The desktop's flour is in cups and has no density yet: the page says
  // so on the line, as the tool does, and names it as not weighed.
  const flour = await page.locator("table.percentages tbody tr", { hasText: "flour" }).first().textContent();
  expect(/density/.test(flour), `the cup of flour does not say why it is not weighed: ${flour}`);
  expect((await page.locator("main h2:has-text('Not weighed') + ul li").count()) >= 1, "no line is named as not weighed");
  await shot(page, "recipe-percentages");
  moreAxe.push(page.url());

  await page.goto(recipe + "/scale");
  await shot(page, "recipe-scale-form");
  await page.fill("#f-factor", "1.5");
  await page.click("main form button[type=submit]");
  await page.waitForSelector("table.scaled");
  expect((await page.textContent("main")).includes("× 1.5"), "the scale factor is not shown");
  await shot(page, "recipe-scaled-by-factor");
  await page.goto(recipe + "/scale");
  await page.fill("[id='f-from_pan.shape']", "round");
  await page.fill("[id='f-from_pan.diameter']", "8");
  await page.fill("[id='f-to_pan.shape']", "round");
  await page.fill("[id='f-to_pan.diameter']", "10");
  await page.click("main form button[type=submit]");
  await page.waitForSelector("table.scaled");
  expect((await page.textContent("main")).includes("× 1.5625"), "an 8 in to a 10 in round pan is not × 1.5625");
  await shot(page, "recipe-scaled-by-pan");
  moreAxe.push(page.url());
  await page.goto(recipe + "/scale?factor=2&target_yield=60");
  expect(await page.locator("#e-factor").count() === 1, "two ways of scaling at once are not refused next to the factor");

  await page.goto(recipe);
  await Promise.all([page.waitForURL(/\/recipes\/[^/]+\/label/), page.click("text=Printable label (US)")]);
  expect((await page.textContent("body")).includes("Chocolate Chip Cookies"), "the label does not name the recipe");
  await shot(page, "recipe-label");
});

await step("event: plan (batches, leftovers, shopping), store it, progress, record a bake", async () => {
  await page.goto(BASE + "/app/events");
  await page.click("text=Browser Bake Sale");
  const event = page.url().split("?")[0];
  await page.fill("#f-servings_per_guest", "2");
  await page.click("form[action$='/plan'] button[type=submit]");
  await page.waitForSelector("table.plan");
  const plan = await page.locator("table.plan tbody tr").allTextContents();
  expect(plan.length === 2, `the plan has ${plan.length} recipes: ${plan.join(" | ")}`);
  expect(await page.locator("main table.shopping").count() === 1, "the plan has no shopping list");
  expect((await page.textContent("main")).includes("not stored yet"), "the preview says it is stored");
  await shot(page, "event-plan-preview");
  moreAxe.push(page.url());
  await page.click("text=Store this plan");
  await page.waitForSelector(".done");
  expect((await page.textContent(".done")).includes("Plan stored"), "storing the plan said nothing");
  await shot(page, "event-plan-stored");

  await page.goto(event);
  const progress = await page.locator("table.progress tbody tr").allTextContents();
  expect(progress.length === 2, `progress lists ${progress.length} recipes`);
  await shot(page, "event-progress");
  moreAxe.push(page.url());
  // The pantry holds none of the brownies' ingredients: the bake is
  // refused next to its batches, and nothing is recorded.
  await page.fill("[id='f-bake.recipe']", "Fudge Brownies");
  await page.fill("[id='f-bake.batches']", "1");
  await page.click("form[action$='/production'] button[type=submit]");
  await page.waitForSelector("[id='e-bake.batches']");
  expect((await page.textContent("[id='e-bake.batches']")).includes("short"), "the refusal does not say the pantry is short");
  expect((await page.getAttribute("[id='f-bake.recipe']", "value")) === "Fudge Brownies", "the bake form lost what was typed");
  const brownies = await page.locator("table.progress tbody tr", { hasText: "Fudge Brownies" }).locator("td").allTextContents();
  expect(Number(brownies[2]) === 0, `a refused bake was counted: ${brownies.join(" | ")}`);
  await shot(page, "event-bake-refused");
});

for (const [name, path] of [["products", "/app/products"], ["suppliers", "/app/suppliers"], ["reviews", "/app/reviews"],
  ["members", "/app/members"], ["invitations", "/app/invitations"], ["tokens", "/app/tokens"], ["captures", "/app/captures"],
  ["households", "/app/households"], ["usage", "/app/usage"]]) {
  await step(`screen ${name}`, async () => {
    const r = await page.goto(BASE + path);
    expect(r.status() === 200, `${path} answered ${r.status()}`);
    await shot(page, name);
  });
}

await step("axe: no serious or critical violation on the main screens", async () => {
  for (const path of ["/app/", "/app/pantry", "/app/purchases", "/app/ingredients", "/app/products", "/app/recipes", "/app/events",
    "/app/import", "/app/capture", "/app/tokens", "/app/invitations", ...moreAxe]) {
    await page.goto(path.startsWith("http") ? path : BASE + path);
    await axe(page, path.replace(BASE, ""));
  }
  await page.goto(BASE + "/app/signin");
  await axe(page, "/app/signin");
});

// ---- the phone ----
const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2, permissions: ["microphone"] });
const mob = await phone.newPage();
watch(mob, "phone");

await step("phone: send a capture, edit a proposal, confirm, see the purchase, undo and see it gone", async () => {
  await tokenSignIn(mob);
  await mob.goto(BASE + "/app/capture");
  await shot(mob, "phone-capture");
  await mob.fill("#text", "two bags of flour at Capture Mart");
  await mob.click("#send");
  await mob.waitForSelector(".proposal");
  await shot(mob, "phone-proposal");
  const price = mob.locator(".proposal input[name=price]");
  await price.fill("5.49");
  await mob.click("text=Confirm");
  await mob.waitForSelector(".results");
  const done = await mob.textContent(".results");
  expect(done.includes("add_purchase"), `the result does not name the purchase: ${done}`);
  await shot(mob, "phone-confirmed");
  // The purchase, with the edited price, in a second tab of the same
  // session, so the capture's result (and its Undo) stays open here.
  const tab = await phone.newPage();
  watch(tab, "phone tab");
  await tab.goto(BASE + "/app/purchases");
  let table = await tab.textContent("table");
  expect(table.includes("Capture Mart") && table.includes("5.49"), "the confirmed purchase (with the edited price) is not listed");
  await shot(tab, "phone-purchases");
  await mob.click("#undo");
  await mob.waitForFunction(() => document.querySelector(".results [role=status]").textContent.trim() !== "");
  const undo = (await mob.textContent(".results [role=status]")).trim();
  expect(/undone/i.test(undo), `undo did not say it was undone: ${undo}`);
  expect(await mob.locator("#undo").isDisabled(), "Undo can still be pressed after undoing");
  await shot(mob, "phone-undo");
  await tab.reload();
  table = await tab.textContent("table");
  expect(!table.includes("Capture Mart"), "the undone purchase is still listed");
  await shot(tab, "phone-purchases-after-undo");
  await tab.close();
  return "undo said: " + undo;
});

await step("phone: offline, a capture waits on the device and is sent once when back online", async () => {
  await mob.goto(BASE + "/app/capture");
  await mob.evaluate(() => navigator.serviceWorker.ready);
  await mob.reload();
  await mob.evaluate(() => navigator.serviceWorker.ready);
  await phone.setOffline(true);
  await mob.fill("#text", "offline eggs, a dozen");
  await mob.click("#send");
  await mob.waitForFunction(() => /waiting to be sent/.test(document.getElementById("queue-status").textContent));
  await shot(mob, "phone-offline-queued");
  // The shell opens offline from the service worker, the queue intact.
  await mob.reload();
  await mob.waitForFunction(() => /waiting to be sent/.test(document.getElementById("queue-status").textContent));
  await phone.setOffline(false);
  await mob.waitForSelector(".capture-view .reply");
  await mob.waitForFunction(() => document.getElementById("queue-status").textContent === "");
  await shot(mob, "phone-offline-sent");
  await mob.reload();
  await mob.waitForTimeout(500);
  expect((await mob.textContent("#queue-status")) === "", "the queue is not empty after sending");
});

await step("phone: record a voice note with the fake microphone and send it", async () => {
  await mob.goto(BASE + "/app/capture");
  await mob.waitForSelector("#record:not([hidden])");
  await mob.click("#record");
  await mob.waitForFunction(() => document.getElementById("record-status").textContent === "Recording…");
  await mob.waitForTimeout(1200);
  await mob.click("#record");
  await mob.waitForFunction(() => /ready to send/.test(document.getElementById("record-status").textContent));
  await mob.click("#send");
  await mob.waitForSelector(".capture-view, #result .error-summary");
  await shot(mob, "phone-voice");
  const err = await mob.locator("#result .error-summary").count();
  expect(err === 0, `the voice note was refused: ${err && (await mob.textContent("#result .error-summary")).trim()}`);
  // The fake model proposes a purchase only when it received audio.
  await mob.waitForSelector(".proposal");
  const card = await mob.locator(".proposal").first().evaluate((el) => [...el.querySelectorAll("input")].map((i) => i.value).join(" "));
  expect(card.includes("Voice Mart"), `the voice note's proposal is not the model's: ${card}`);
  await shot(mob, "phone-voice-proposal");
  return "proposed: " + card;
});

await step("phone: the menu is folded until opened, by keyboard too; the desk shows the bar", async () => {
  await mob.goto(BASE + "/app/pantry");
  const folded = mob.locator("details.menu nav a[href='/app/recipes']");
  expect(await mob.locator("nav.bar").isHidden(), "the desk's bar shows on the phone");
  expect(await folded.isHidden(), "the menu's links show before it is opened");
  const box = await mob.locator("header.top").boundingBox();
  expect(box.height < 200, `the folded header is ${box.height}px high`);
  await shot(mob, "phone-menu-folded");
  await mob.focus("details.menu > summary");
  await mob.keyboard.press("Enter");
  await folded.waitFor({ state: "visible" });
  expect((await mob.getAttribute("details.menu nav a[href='/app/pantry']", "aria-current")) === "page", "the open menu does not mark the current page");
  await shot(mob, "phone-menu-open");
  await axe(mob, "phone menu open");
  await mob.keyboard.press("Tab");
  expect(await mob.evaluate(() => document.activeElement.getAttribute("href")) === "/app/capture", "Tab does not go to the menu's first link");
  await Promise.all([mob.waitForURL(BASE + "/app/capture"), mob.keyboard.press("Enter")]);
  await page.goto(BASE + "/app/pantry");
  expect(await page.locator("details.menu").isHidden(), "the phone menu shows on the desk");
  expect(await page.locator("nav.bar a[href='/app/recipes']").isVisible(), "the desk's bar is hidden");
});

await step("axe on the phone capture page", async () => {
  await mob.goto(BASE + "/app/capture");
  await axe(mob, "phone /app/capture");
});

}

await browser.close();
process.stdout.write(JSON.stringify({ passed, failures }) + "\n");
