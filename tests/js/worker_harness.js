// Runs briefkit's search worker (docs/search/briefkit-worker.js) in Node, as a browser would:
// a fake fetch serves the compact index, SETUP carries Material's docs, then each query.
//   node worker_harness.js WORKER INDEX_JSON MATERIAL_JSON QUERY...
// Prints one JSON line: setup time and, per query, Material's RESULT message data.
"use strict";
const fs = require("fs"), vm = require("vm");
const [workerPath, indexPath, materialPath, ...queries] = process.argv.slice(2);
const replies = [];
let listener = null;
const context = {
  console, URL, performance, Promise, setTimeout,
  location: new URL("http://127.0.0.1/search/briefkit-worker.js?material=http://127.0.0.1/material.js"),
  fetch: async () => ({ ok: true, status: 200, json: async () => JSON.parse(fs.readFileSync(indexPath, "utf8")) }),
  importScripts: () => { throw new Error("compact mode must not load Material's worker"); },
  addEventListener: (type, fn) => { listener = fn; },
  postMessage: message => replies.push(message),
};
context.self = context;
vm.createContext(context);
vm.runInContext(fs.readFileSync(workerPath, "utf8"), context);
const material = JSON.parse(fs.readFileSync(materialPath, "utf8"));
const settle = () => new Promise(resolve => setTimeout(resolve, 0));
(async () => {
  const started = performance.now();
  listener({ data: { type: 0, data: { config: material.config, docs: material.docs, options: { suggest: true } } } });
  while (!replies.length) await settle();
  const setupMs = performance.now() - started;
  const results = [];
  for (const query of queries) {
    const before = replies.length, t = performance.now();
    listener({ data: { type: 2, data: query } });
    while (replies.length === before) await settle();
    results.push({ query, ms: performance.now() - t, data: replies[replies.length - 1].data });
  }
  console.log(JSON.stringify({ ready: replies[0].type === 1, setup_ms: setupMs, results }));
})();
