/* briefkit's search worker, written to docs/assets/javascripts/workers/briefkit-search.js by
   `briefkit convert` (see search.py), beside Material's own.

   It speaks Material for MkDocs' worker protocol: SETUP (Material's search_index.json) is
   answered with READY, QUERY (the text typed) with RESULT {items: [[article, ...sections]],
   suggest}. overrides/main.html points Material's config at this file and passes the URL of
   Material's own worker as ?material=.

   COMPACT is set by convert. false: Material's worker does everything (importScripts below).
   true: briefing and entity pages are in briefkit-index.json (entities' names and aliases,
   briefings' titles, tags and fact-box entities) and briefkit-summaries.json, not in
   Material's index; they and Material's remaining pages are searched here with a plain
   inverted index: Lunr's build costs seconds at 10,000 briefings (it keeps term positions
   and a vector per document), this one a few hundred ms. READY is sent once the first file
   is indexed; the summaries follow, and the last query is answered again with them. */
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
  // An entity's or a tag's briefings are a group: a word of its names reaches them through it,
  // instead of being indexed again for every briefing (a quarter of a million entries at 10,000)
  const groups = [];                   // group -> [doc, ...]
  const groupPostings = new Map();     // word -> [group, ...]
  let words = [];                      // every word, sorted: a prefix is a range of it
  let suggest = false;
  let briefingDocs = [];               // doc number of each briefing, for its summary
  let lastQuery = null;                // answered again once the summaries are in
  let answered;                        // resolves when the first query is answered
  const firstAnswer = new Promise(resolve => { answered = resolve; });

  // Both files are requested at once, while Material fetches and parses its own index.
  const load = name => fetch(new URL(`../../../search/${name}`, self.location.href)).then(response => {
    if (!response.ok)
      throw new Error(`${name}: HTTP ${response.status}`);
    return response.json();
  });
  const compact = load("briefkit-index.json");
  const summaries = load("briefkit-summaries.json");

  const ASCII = /^[\x00-\x7f]*$/;
  // most text is ASCII: only other text pays for Unicode normalisation and property classes
  const tokens = value => (ASCII.test(value)
    ? value.toLowerCase().split(/[^a-z0-9]+/)
    : value.normalize("NFD").replace(/\p{M}+/gu, "").toLowerCase().split(SEPARATOR)).filter(Boolean);
  const escapeHTML = value => value.replace(/[&<>"']/g, c => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;" })[c]);
  const plain = html => html.replace(/<[^>]*>/g, " ").replace(/&(?:amp|lt|gt|quot|nbsp|#39|#x27);/g, e => ENTITIES[e]).replace(/\s+/g, " ").trim();

  /** Index words of one field of a page. Pages are added one at a time and fields in rising
      weight, so this page's entry for a word, if any, is the list's last: the weightier wins. */
  function index(id, field, words) {
    const entry = id * 4 + field;
    for (const word of words) {
      const list = postings.get(word);
      if (list === undefined) postings.set(word, [entry]);
      else if (list[list.length - 1] >> 2 === id) list[list.length - 1] = entry;
      else list.push(entry);
    }
  }

  function indexGroup(words) {
    const group = groups.push([]) - 1;
    for (const word of new Set(words)) {
      const list = groupPostings.get(word);
      if (list === undefined) groupPostings.set(word, [group]);
      else list.push(group);
    }
    return group;
  }

  function sortWords() {
    words = [...new Set([...postings.keys(), ...groupPostings.keys()])].sort();
  }

  function add(location, title, text, tags, boost, names) {
    const id = docs.push({ location, title, text, tags, boost }) - 1;
    index(id, TEXT, tokens(text));
    for (const words of names) index(id, NAMES, words);
    index(id, TITLE, tokens(title));
    return id;
  }

  function setup({ docs: material, options }, data) {
    suggest = Boolean(options && options.suggest);
    const url = (pattern, slug) => pattern.replace("{}", slug);
    const entityGroups = data.entities.map(([slug, name, aliases, label]) => {
      const nameWords = tokens(name), aliasWords = tokens(aliases.join(" "));
      const id = docs.push({ location: url(data.urls.entity, slug), title: name, text: label,
                             tags: undefined, boost: data.entity_boost }) - 1;
      index(id, TEXT, tokens(label));
      index(id, NAMES, aliasWords);
      index(id, TITLE, nameWords);
      return indexGroup([...nameWords, ...aliasWords]);
    });
    const tagGroups = data.tags.map(tag => indexGroup(tokens(tag)));
    briefingDocs = data.briefings.map(([slug, title, named, tagged]) => {
      const tags = tagged.map(t => data.tags[t]);
      const id = docs.push({ location: url(data.urls.briefing, slug), title, text: "",
                             tags: tags.length ? tags : undefined, boost: 1 }) - 1;
      index(id, TITLE, tokens(title));
      for (const e of named) groups[entityGroups[e]].push(id);
      for (const t of tagged) groups[tagGroups[t]].push(id);
      return id;
    });
    for (const doc of material)
      add(doc.location, plain(doc.title), plain(doc.text), doc.tags, doc.boost || 1, [tokens((doc.tags || []).join(" "))]);
    sortWords();
  }

  /** The summaries, shown and searched: a word only in a summary has the lowest weight, and a
      page's second entry for a word it already has from its title or names does no harm. */
  function addSummaries(list) {
    list.forEach((summary, n) => {
      const id = briefingDocs[n];
      docs[id].text = summary;
      index(id, TEXT, tokens(summary));
    });
    sortWords();
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
    const asked = [...new Set(tokens(query))];
    if (!asked.length) return { items: [] };
    const scores = new Map();          // doc -> [score, words matched, per-word flags]
    let completion;
    asked.forEach((term, n) => {
      const perDoc = new Map();
      let widest = 0;
      for (let i = lowerBound(term); i < words.length && words[i].startsWith(term); i++) {
        const word = words[i], list = postings.get(word) || [], inGroups = groupPostings.get(word) || [];
        const exact = word === term ? 1 : PREFIX;
        for (const entry of list) {
          const doc = entry >> 2, value = WEIGHT[entry & 3] * exact;
          if (!(perDoc.get(doc) >= value)) perDoc.set(doc, value);
        }
        let pages = list.length;
        const value = WEIGHT[NAMES] * exact;
        for (const group of inGroups) {
          pages += groups[group].length;
          for (const doc of groups[group])
            if (!(perDoc.get(doc) >= value)) perDoc.set(doc, value);
        }
        if (n === asked.length - 1 && pages > widest) { widest = pages; completion = word; }
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
    const byPage = new Map();
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
      if (byPage.has(page)) byPage.get(page).push(item);
      else byPage.set(page, [item]);
    }
    return {
      items: [...byPage.values()],
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
          setup(message.data, await compact);
          postMessage({ type: 1 });    // READY
          // the summaries wait for the first answer (Material sends the query typed so far on
          // READY), or a tenth of a second if none is asked for
          Promise.all([summaries, Promise.race([firstAnswer, new Promise(ok => setTimeout(ok, 100))])]).then(([data]) => {
            queue = queue.then(() => {
              addSummaries(data.summaries);
              if (lastQuery !== null)    // the reader's results, now with matches in summaries
                postMessage({ type: 3, data: search(lastQuery) });
            });
          }).catch(error => console.error("briefkit search:", error));
          break;
        case 2:                        // QUERY
          await new Promise(resolve => setTimeout(resolve, 0));  // let queued keystrokes arrive
          if (number === latest)
            postMessage({ type: 3, data: search(lastQuery = message.data) });
          answered();
          break;
      }
    }).catch(error => console.error("briefkit search:", error));
  });
}
