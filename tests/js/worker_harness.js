// Runs briefkit's search worker (docs/assets/javascripts/workers/briefkit-search.js) in Node, as a browser would:
// a fake fetch serves the compact index files from a folder, SETUP carries Material's docs,
// then each query in turn.
//   node worker_harness.js WORKER FOLDER MATERIAL_JSON QUERY... [--summaries QUERY...]
// With --summaries, briefkit-summaries.json is held back until that point (the queries before
// it are answered from the first file alone); without, it is served at once.
// Prints one JSON line: setup time, results per query (Material's RESULT data) and any RESULT
// the worker sent by itself when the summaries arrived.
"use strict";
const fs = require("fs"), path = require("path"), vm = require("vm");
const [workerPath, folder, materialPath, ...args] = process.argv.slice(2);
const split = args.indexOf("--summaries");
const early = split === -1 ? [] : args.slice(0, split);
const late = split === -1 ? args : args.slice(split + 1);
let release;
const held = split === -1 ? Promise.resolve() : new Promise(resolve => { release = resolve; });
const replies = [];
let listener = null;
const context = {
  console, URL, performance, Promise, setTimeout,
  location: new URL("http://127.0.0.1/assets/javascripts/workers/briefkit-search.js?material=http://127.0.0.1/material.js"),
  fetch: async url => {
    const name = path.basename(new URL(url).pathname);
    if (name === "briefkit-summaries.json") await held;
    const file = path.join(folder, name);
    if (!fs.existsSync(file)) return { ok: false, status: 404 };
    return { ok: true, status: 200, json: async () => JSON.parse(fs.readFileSync(file, "utf8")) };
  },
  importScripts: () => { throw new Error("compact mode must not load Material's worker"); },
  addEventListener: (type, fn) => { listener = fn; },
  postMessage: message => replies.push(message),
};
context.self = context;
vm.createContext(context);
vm.runInContext(fs.readFileSync(workerPath, "utf8"), context);
const material = JSON.parse(fs.readFileSync(materialPath, "utf8"));
const tick = () => new Promise(resolve => setTimeout(resolve, 5));

async function ask(query) {
  const before = replies.length, t = performance.now();
  listener({ data: { type: 2, data: query } });
  while (replies.length === before) await tick();
  return { query, ms: performance.now() - t, data: replies[replies.length - 1].data };
}

(async () => {
  const started = performance.now();
  listener({ data: { type: 0, data: { config: material.config, docs: material.docs, options: { suggest: true } } } });
  while (!replies.length) await tick();
  const setupMs = performance.now() - started;
  const results = [];
  for (const query of early) results.push(await ask(query));
  let resent = null;
  if (release) {
    const before = replies.length;
    release();
    for (let i = 0; i < 40 && replies.length === before; i++) await tick();
    if (replies.length > before) resent = replies[replies.length - 1].data;
  }
  for (let i = 0; i < 10; i++) await tick();   // the summaries are indexed
  for (const query of late) results.push(await ask(query));
  console.log(JSON.stringify({ ready: replies[0].type === 1, setup_ms: setupMs, results, resent }));
})();
