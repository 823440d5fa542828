/* The search page (search/, written by `briefkit convert`, see search.py): Pagefind's index,
   narrowed by type, entity, tag and year (Pagefind's filters, from data-pagefind-filter in the
   pages). The query and the filters are in the page's address (?query=...&tag=...; not Material's ?q=, which opens its box), so Material's
   box links here with what was typed, and a search can be bookmarked. Results are shown PAGE at
   a time: Pagefind fetches a result's data (title, excerpt) only when it is shown. */
"use strict";

(function () {
  const PAGE = 20;
  const SITE = new URL("../../", document.currentScript.src);   // the script is in assets/javascripts/
  const root = document.querySelector(".briefkit-search");
  const form = root.querySelector("form");
  const query = root.querySelector(".briefkit-search__query");
  const status = root.querySelector(".briefkit-search__status");
  const list = root.querySelector(".briefkit-search__results");
  const more = root.querySelector(".briefkit-search__more");
  const fields = [...root.querySelectorAll("[data-filter]")];
  const escapeHTML = value => String(value).replace(/[&<>"']/g, c => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;" })[c]);
  const excerpt = text => escapeHTML(text || "").replace(/&lt;(\/?)mark&gt;/g, "<$1mark>");
  const say = text => { status.textContent = text; };

  let pagefind, known = {}, results = [], shown = 0, run = 0;

  function fromAddress() {
    const params = new URLSearchParams(location.search);
    query.value = params.get("query") || "";
    for (const field of fields)
      field.value = params.get(field.name) || "";
  }

  function toAddress() {
    const params = new URLSearchParams();
    if (query.value.trim()) params.set("query", query.value.trim());
    for (const field of fields)
      if (field.value) params.set(field.name, field.value);
    const search = params.toString();
    history.replaceState(null, "", search ? "?" + search : location.pathname);
  }

  /** The filters' values with their counts, into the selects and the entities' list. */
  function offer(filters) {
    known = filters;
    for (const field of fields) {
      const values = Object.entries(filters[field.dataset.filter] || {});
      values.sort(field.dataset.filter === "year" ? (a, b) => b[0].localeCompare(a[0]) : (a, b) => a[0].localeCompare(b[0]));
      const target = field.list || field;
      // a select takes a value from the address only once it has that option
      const chosen = new URLSearchParams(location.search).get(field.name) || field.value;
      for (const [value, count] of values) {
        const option = document.createElement("option");
        option.value = value;
        if (field.tagName === "SELECT") option.textContent = `${value} (${count.toLocaleString("en")})`;
        target.appendChild(option);
      }
      field.value = chosen;
    }
  }

  function chosenFilters() {
    const filters = {};
    for (const field of fields) {
      const value = field.value.trim();
      if (value) filters[field.dataset.filter] = value;
    }
    return filters;
  }

  async function search() {
    // a form sent before Pagefind has loaded: the search runs as it loads, with the fields as they are then
    if (!pagefind) return;
    const number = ++run;
    toAddress();
    const words = query.value.trim();
    list.replaceChildren();
    more.hidden = true;
    if (!words) {
      say("Type words to search for; the filters narrow what they find.");
      return;
    }
    const filters = chosenFilters();
    if (filters.entity && known.entity && !(filters.entity in known.entity)) {
      say(`No entity is named “${filters.entity}”: choose one from the list.`);
      return;
    }
    say("Searching…");
    const found = await pagefind.search(words, { filters });
    if (number !== run) return;
    results = found.results;
    shown = 0;
    const narrowed = Object.keys(filters).length ? ` (of ${found.unfilteredResultCount.toLocaleString("en")} without the filters)` : "";
    say(results.length === 0 ? `Nothing found for “${words}”${narrowed}.`
      : `${results.length.toLocaleString("en")} result${results.length === 1 ? "" : "s"} for “${words}”${narrowed}.`);
    await showMore(number);
  }

  async function showMore(number = run) {
    const page = await Promise.all(results.slice(shown, shown + PAGE).map(result => result.data()));
    if (number !== run) return;
    const first = list.children.length;
    for (const data of page) {
      const item = document.createElement("li");
      item.className = "briefkit-search__result";
      const type = (data.filters.type || [])[0];
      item.innerHTML = `<a class="briefkit-search__title" href="${escapeHTML(new URL(data.url.replace(/^\//, ""), SITE).href)}">${escapeHTML(data.meta.title || data.url)}</a>`
        + (type ? ` <span class="briefkit-search__type">${escapeHTML(type)}</span>` : "")
        + `<p class="briefkit-search__excerpt">${excerpt(data.excerpt)}</p>`;
      list.appendChild(item);
    }
    shown += page.length;
    more.hidden = shown >= results.length;
    // focus moves to the first new result when more were asked for: the reader's place in the list
    if (first > 0 && list.children[first]) list.children[first].querySelector("a").focus();
  }

  form.addEventListener("submit", event => { event.preventDefault(); search(); });
  for (const field of fields)
    field.addEventListener("change", () => search());
  more.addEventListener("click", () => showMore());

  fromAddress();
  import(new URL("pagefind/pagefind.js", SITE).href).then(async module => {
    pagefind = module;
    await pagefind.options({ baseUrl: "/", excerptLength: 30 });
    offer(await pagefind.filters());
    await search();
  }).catch(error => {
    say("Search is not available here: it needs the site served by a web server, with its search index (briefkit build).");
    console.error("briefkit search page:", error);
  });
})();
