/* briefkit's search worker, written to docs/search/ by `briefkit convert` (see search.py).

   It speaks Material for MkDocs' worker protocol: SETUP (Material's search_index.json) is
   answered with READY, QUERY (the text typed) with RESULT {items: [[article, ...sections]],
   suggest}. overrides/main.html points Material's config at this file and passes the URL of
   Material's own worker as ?material=.

   COMPACT is set by convert. false: Material's worker does everything (importScripts below).
   true: briefing and entity pages are in briefkit-index.json, not in Material's index, and
   both are searched here with a plain inverted index: Lunr's build costs seconds at 10,000
   briefings (it keeps term positions and a vector per document), this one tens of ms. */
"use strict";

const COMPACT = false;

if (!COMPACT) {
  importScripts(new URL(self.location.href).searchParams.get("material"));
} else {
  const TEXT = 0, NAMES = 1, TITLE = 2;
  const WEIGHT = [1, 4, 10];           // a title word counts ten times a summary word
  const HIGHLIGHTED = 200;             // results whose matching words are marked
  const PREFIX = 0.6;                  // a word the query only begins ("jai" for "jaish")
  const SEPARATOR = /[^\p{L}\p{N}]+/u; // words are runs of letters and digits, in any script
  const ENTITIES = { "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": "\"", "&#39;": "'", "&#x27;": "'", "&nbsp;": " " };

  const docs = [];                     // {location, title, text, tags, boost}
  const postings = new Map();          // word -> [doc * 4 + best field, ...]
  let words = [];                      // every word, sorted: a prefix is a range of it
  let suggest = false;

  // Started at once, so the index file downloads while Material fetches and parses its own.
  const compact = fetch(new URL("briefkit-index.json", self.location.href)).then(response => {
    if (!response.ok)
      throw new Error(`briefkit-index.json: HTTP ${response.status}`);
    return response.json();
  });

  const ASCII = /^[\x00-\x7f]*$/;
  // most text is ASCII: only other text pays for Unicode normalisation and property classes
  const tokens = value => ASCII.test(value)
    ? value.toLowerCase().split(/[^a-z0-9]+/)
    : value.normalize("NFD").replace(/\p{M}+/gu, "").toLowerCase().split(SEPARATOR);
  const escapeHTML = value => value.replace(/[&<>"']/g, c => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;" })[c]);
  const plain = html => html.replace(/<[^>]*>/g, " ").replace(/&(?:amp|lt|gt|quot|nbsp|#39|#x27);/g, e => ENTITIES[e]).replace(/\s+/g, " ").trim();

  /** Index one page: each word once per page, with the weightiest field it is in. */
  function add(location, title, names, text, tags, boost) {
    const id = docs.push({ location, title, text, tags, boost: boost || 1 }) - 1;
    index(id, TEXT, text);
    index(id, NAMES, names);
    index(id, TITLE, title);
  }

  function index(id, field, value) {
    if (!value) return;
    const entry = id * 4 + field;
    for (const word of tokens(value)) {
      if (!word) continue;
      const list = postings.get(word);
      if (list === undefined) postings.set(word, [entry]);
      // pages are added one at a time and fields in rising weight: this page's entry, if any, is last
      else if (list[list.length - 1] >> 2 === id) list[list.length - 1] = entry;
      else list.push(entry);
    }
  }

  function setup({ docs: material, options }, rows) {
    suggest = Boolean(options && options.suggest);
    for (const [location, title, names, text, tags, boost] of rows)
      add(location, title, names, text, tags.length ? tags : undefined, boost);
    for (const doc of material)
      add(doc.location, plain(doc.title), (doc.tags || []).join(" "), plain(doc.text), doc.tags, doc.boost);
    words = [...postings.keys()].sort();
  }

  /** Index of the first word >= prefix in the sorted list. */
  function lowerBound(prefix) {
    let lo = 0, hi = words.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (words[mid] < prefix) lo = mid + 1; else hi = mid;
    }
    return lo;
  }

  function highlight(html, marks) {
    if (!marks) return html;
    // not inside an entity of the escaped text (&amp; &#39;): no letter, digit, & or # before a match
    return html.replace(marks, "<mark data-md-highlight>$1</mark>");
  }

  function search(query) {
    const asked = [...new Set(tokens(query))].filter(Boolean);
    if (!asked.length) return { items: [] };
    const scores = new Map();          // doc -> [score, words matched, per-word flags]
    let completion;
    asked.forEach((term, n) => {
      const perDoc = new Map();
      let widest = 0;
      for (let i = lowerBound(term); i < words.length && words[i].startsWith(term); i++) {
        const word = words[i], list = postings.get(word);
        const exact = word === term ? 1 : PREFIX;
        if (n === asked.length - 1 && list.length > widest) { widest = list.length; completion = word; }
        for (const entry of list) {
          const doc = entry >> 2, value = WEIGHT[entry & 3] * exact;
          if (!(perDoc.get(doc) >= value)) perDoc.set(doc, value);
        }
      }
      for (const [doc, value] of perDoc) {
        let s = scores.get(doc);
        if (!s) scores.set(doc, s = [0, 0, new Array(asked.length).fill(false)]);
        s[0] += value; s[1] += 1; s[2][n] = true;
      }
    });
    // pages that have every word first, then by score; ties keep the index order (entities by mentions, newest briefings)
    const ranked = [...scores].map(([doc, [score, matched, flags]]) =>
      [doc, score * docs[doc].boost, matched, flags]);
    ranked.sort((a, b) => b[2] - a[2] || b[1] - a[1] || a[0] - b[0]);

    const pattern = asked.map(t => t.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|");
    const marks = new RegExp(`(?<![\\p{L}\\p{N}&#])(${pattern})`, "giu");
    const groups = new Map();
    for (let rank = 0; rank < ranked.length; rank++) {
      const [doc, score, , flags] = ranked[rank];
      const d = docs[doc];
      const terms = Object.fromEntries(asked.map((t, i) => [t, flags[i]]));
      // Material shows ten results, then more as the list is scrolled: a one-letter query matches
      // most pages, and marking words in all of them cost more than the search itself
      const marked = rank < HIGHLIGHTED ? marks : null;
      const item = {
        location: d.location, score, terms,
        title: highlight(escapeHTML(d.title), marked),
        text: highlight(escapeHTML(d.text), marked),
        ...(d.tags ? { tags: d.tags } : {})
      };
      const page = d.location.split("#")[0];
      if (groups.has(page)) groups.get(page).push(item);
      else groups.set(page, [item]);
    }
    return {
      items: [...groups.values()],
      ...(suggest && completion ? { suggest: [completion] } : {})
    };
  }

  // Messages are handled one after another: a query waits for the index being set up. Material
  // sends a query per key typed; one that a newer query overtook while waiting is dropped, so
  // the answer to "b" does not hold up the answer to "bobo".
  let queue = Promise.resolve();
  let latest = 0;
  addEventListener("message", event => {
    const message = event.data;
    const number = message.type === 2 ? ++latest : 0;
    queue = queue.then(async () => {
      switch (message.type) {
        case 0:                        // SETUP
          setup(message.data, (await compact).rows);
          postMessage({ type: 1 });    // READY
          break;
        case 2:                        // QUERY
          await new Promise(resolve => setTimeout(resolve, 0));  // let queued keystrokes arrive
          if (number === latest)
            postMessage({ type: 3, data: search(message.data) });
          break;
      }
    }).catch(error => console.error("briefkit search:", error));
  });
}
