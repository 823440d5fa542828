/* briefkit's search worker, written to docs/assets/javascripts/workers/briefkit-search.js by
   `briefkit convert` (see search.py), beside Material's own.

   It speaks Material for MkDocs' worker protocol: SETUP (Material's search_index.json) is
   answered with READY, QUERY (the text typed) with RESULT {items: [[article, ...sections]]}.
   overrides/main.html points Material's config at this file and passes the URL of Material's
   own worker as ?material=.

   PAGEFIND is set by convert. false: Material's worker does everything (importScripts below).
   true: Pagefind's index (pagefind/, written by `briefkit build` after the engine's build)
   answers; Material's own index is not searched (its pages are all in Pagefind's). RESULT
   also carries `total`, the true number of pages found: only the first PAGE results' data are
   fetched, and overrides/main.html shows the total in Material's result line. */
"use strict";

const PAGEFIND = false;

if (!PAGEFIND) {
  importScripts(new URL(self.location.href).searchParams.get("material"));
} else {
  const PAGE = 10;        // results whose data (title, excerpt, sections) are fetched: what Material shows first
  const WAIT_MS = 120;    // a query waits this long for the next key: typing fetches only at pauses
  const SHORTEST = 2;     // a one-letter word begins a fifth of all words: its answer is most of the index
  const SITE = new URL("../../../", self.location.href);   // the site's root, also under a sub-path
  const escapeHTML = value => String(value).replace(/[&<>"']/g, c => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;" })[c]);

  // Pagefind's script, its WebAssembly and its entry file are fetched as the worker starts, while
  // Material still fetches its own index: the first query then waits only for its index chunks
  const pagefind = import(new URL("pagefind/pagefind.js", SITE).href).then(async module => {
    // result URLs stay relative to the site's root: Material resolves them against its base
    await module.options({ baseUrl: "/", excerptLength: 24 });
    await module.init();
    return module;
  });
  pagefind.catch(() => {});   // reported when a query needs it (from file://, say), not at start

  /** A page's address as Material expects it: relative to the site's root. */
  const location = url => url.replace(/^\//, "");

  /** Pagefind's excerpts are text with <mark> around matches: only the marks may stay markup. */
  const excerpt = text => escapeHTML(text || "").replace(/&lt;(\/?)mark&gt;/g, "<$1mark>");

  async function answer(query) {
    const words = query.trim();
    if (words.replace(/[^\p{L}\p{N}]/gu, "").length < SHORTEST)
      return { items: [], total: 0 };
    const module = await pagefind;
    const search = await module.search(words);
    const data = await Promise.all(search.results.slice(0, PAGE).map(result => result.data()));
    // Material links a result with ?h= and its terms (the page then marks them): Pagefind finds
    // pages with every word, so each word typed is a term found
    const terms = Object.fromEntries(words.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean).map(w => [w, true]));
    const items = data.map((page, rank) => {
      const score = search.results[rank].score;
      const article = { location: location(page.url), score, terms, title: escapeHTML(page.meta.title || page.url),
                        text: excerpt(page.excerpt) };
      // Material shows a page's sections below it, folded ("n more") when they score less
      const sections = (page.sub_results || []).filter(sub => sub.url.includes("#")).slice(0, 5).map(sub =>
        ({ location: location(sub.url), score: score / 2, terms, title: escapeHTML(sub.title), text: excerpt(sub.excerpt) }));
      return [article, ...sections];
    });
    return { items, total: search.results.length };
  }

  // Material sends a query per key typed; one overtaken by a newer query while it waited or
  // while it searched is dropped, so typing "bobo" fetches and shows the answer to "bobo" only.
  let latest = 0;
  addEventListener("message", async event => {
    const message = event.data;
    try {
      if (message.type === 0) {          // SETUP
        postMessage({ type: 1 });        // READY
      } else if (message.type === 2) {   // QUERY
        const number = ++latest;
        await new Promise(resolve => setTimeout(resolve, WAIT_MS));
        if (number !== latest)
          return;
        const data = await answer(message.data);
        if (number === latest)
          postMessage({ type: 3, data });
      }
    } catch (error) {
      console.error("briefkit search:", error);
    }
  });
}
