// Drives `handler playground` in headless Chromium through the DevTools protocol (Node 22's own
// WebSocket and fetch): break a line of the recording flow, see its diagnostic, fix it, run the
// inbound scenario and see the owner's keypad pause the recording. Screenshots of each step go to
// target/playground-screens/. Usage: node playground.mjs HANDLER_BINARY OUT_DIR
import { spawn } from "node:child_process";
import { mkdirSync, writeFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import assert from "node:assert/strict";

const [handlerBin, outDir] = process.argv.slice(2);
mkdirSync(outDir, { recursive: true });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function startServer() {
  const child = spawn(handlerBin, ["playground", "--port", "0"], { stdio: ["ignore", "pipe", "inherit"] });
  return new Promise((resolve, reject) => {
    child.stdout.on("data", (d) => {
      const m = /http:\/\/(127\.0\.0\.1:\d+)\//.exec(String(d));
      if (m) resolve({ child, url: `http://${m[1]}/` });
    });
    child.on("exit", (c) => reject(new Error(`playground exited ${c}`)));
  });
}

async function startBrowser() {
  const port = 9300 + Math.floor(Math.random() * 500);
  const child = spawn("chromium", ["--headless", "--no-sandbox", "--disable-gpu", `--remote-debugging-port=${port}`,
    `--user-data-dir=${mkdtempSync(join(tmpdir(), "pg-"))}`, "--window-size=1400,900", "about:blank"], { stdio: "ignore" });
  for (let i = 0; i < 100; i++) {
    try {
      const list = await (await fetch(`http://127.0.0.1:${port}/json/list`)).json();
      const page = list.find((t) => t.type === "page");
      if (page) return { child, ws: page.webSocketDebuggerUrl };
    } catch { /* not up yet */ }
    await sleep(200);
  }
  throw new Error("chromium did not start");
}

function client(wsUrl) {
  const ws = new WebSocket(wsUrl);
  let id = 0;
  const waiting = new Map();
  ws.onmessage = (m) => {
    const msg = JSON.parse(m.data);
    if (msg.id && waiting.has(msg.id)) { waiting.get(msg.id)(msg); waiting.delete(msg.id); }
  };
  const send = (method, params = {}) => new Promise((resolve) => {
    id += 1; waiting.set(id, resolve); ws.send(JSON.stringify({ id, method, params }));
  });
  return new Promise((resolve) => { ws.onopen = () => resolve({ ws, send }); });
}

test("the playground in a browser", async () => {
  const server = await startServer();
  const browser = await startBrowser();
  const { ws, send } = await client(browser.ws);
  const js = async (expr) => (await send("Runtime.evaluate", { expression: expr, awaitPromise: true, returnByValue: true })).result.result.value;
  const shot = async (name) => {
    const r = await send("Page.captureScreenshot", { format: "png" });
    writeFileSync(join(outDir, name), Buffer.from(r.result.data, "base64"));
  };
  const until = async (expr) => {
    for (let i = 0; i < 50; i++) { if (await js(expr)) return true; await sleep(100); }
    return false;
  };
  try {
    await send("Emulation.setDeviceMetricsOverride", { width: 1400, height: 900, deviceScaleFactor: 1, mobile: false });
    await send("Page.navigate", { url: server.url });
    assert.ok(await until(`document.getElementById("status").textContent === "the flow checks"`), "the recording flow checks");
    await shot("1-recording-flow.png");
    const line = await js(`(() => { const t = document.getElementById("flow"); const lines = t.value.split("\\n");
      const i = lines.findIndex((l) => l.includes("on new call")); window.kept = lines[i]; lines[i] = "on new call {{ nonsense";
      t.value = lines.join("\\n"); t.dispatchEvent(new Event("input")); return i + 1; })()`);
    assert.ok(await until(`document.getElementById("status").textContent === "the flow has errors"`), "the broken flow is reported");
    const first = await js(`document.querySelector("#diagnostics li").textContent`);
    assert.match(first, new RegExp(`^line ${line}:`), `diagnostic at line ${line}: ${first}`);
    await shot("2-broken-line.png");
    await js(`(() => { const t = document.getElementById("flow"); const lines = t.value.split("\\n");
      lines[${line - 1}] = window.kept; t.value = lines.join("\\n"); t.dispatchEvent(new Event("input")); })()`);
    assert.ok(await until(`document.getElementById("status").textContent === "the flow checks"`), "the fixed flow checks");
    await shot("3-fixed.png");
    await js(`(() => { const s = document.getElementById("scenario-pick"); s.value = "inbound-keypad"; s.dispatchEvent(new Event("change"));
      document.getElementById("run").click(); })()`);
    assert.ok(await until(`document.getElementById("result").textContent === "every expectation holds"`), "the inbound call passes");
    const paused = await js(`[...document.querySelectorAll("#transcript .paused")].map((s) => s.textContent).join("")`);
    assert.match(paused, /recording on LEG-A: paused/);
    await shot("4-inbound-call.png");
  } finally {
    ws.close();
    browser.child.kill();
    server.child.kill();
  }
});
