// bulletin: the search page.
//
// The whole state lives in the URL (the same parameter names as /api/search,
// plus `doc` for the activity shown), so reload, back and a shared link all
// work. Every text from the corpus or the query goes into the page as a text
// node (textContent, createTextNode), never as HTML.
"use strict";

(function () {
  const FILTER_FIELDS = ["country", "city", "programme", "donor", "sdg", "mentioned", "year", "month"];
  const PER_PAGE = 10;
  const FACET_ROWS_SHOWN = 8;
  const SORTS = ["relevance", "newest", "oldest"];
  // The values of `online` the API takes (in any case).
  const ONLINE_YES = ["1", "true", "on", "yes", ""];
  const ONLINE_NO = ["0", "false", "off", "no"];
  // Most months the chart draws one by one, empty ones too: twenty years.
  const CHART_MONTHS = 240;
  const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December"];
  const SDG_GOALS = {
    1: "No poverty", 2: "Zero hunger", 3: "Good health and well-being", 4: "Quality education",
    5: "Gender equality", 6: "Clean water and sanitation", 7: "Affordable and clean energy",
    8: "Decent work and economic growth", 9: "Industry, innovation and infrastructure",
    10: "Reduced inequalities", 11: "Sustainable cities and communities",
    12: "Responsible consumption and production", 13: "Climate action", 14: "Life below water",
    15: "Life on land", 16: "Peace, justice and strong institutions", 17: "Partnerships for the goals",
  };
  const FIELD_LABELS = {
    country: "Country", city: "City", programme: "Programme", donor: "Donor", sdg: "SDG",
    mentioned: "Mentions", year: "Year", month: "Month",
  };

  const $ = (id) => document.getElementById(id);
  const ui = {
    form: $("search-form"), q: $("q"), suggestions: $("suggestions"), suggestionStatus: $("suggestion-status"), sort: $("sort"),
    facets: $("facets"), filtersToggle: $("filters-toggle"), summary: $("summary"),
    activeFilters: $("active-filters"), notices: $("notices"), chart: $("chart"),
    chartBars: $("chart-bars"), chartHint: $("chart-hint"), results: $("results"), pager: $("pager"),
    resultsView: $("results-view"), docView: $("doc-view"), feedLink: $("feed-link"),
    apiLink: $("api-link"), csvLink: $("csv-link"), csvNote: $("csv-note"), indexSize: $("index-size"), home: $("home"), main: $("main"),
    headFeed: document.querySelector('link[rel="alternate"][type="application/atom+xml"]'),
  };

  // ---------------------------------------------------------------- helpers

  /** Builds an element; string children become text nodes. */
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (name === "class") node.className = value;
      else if (name === "text") node.textContent = value;
      else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
      else node.setAttribute(name, value === true ? "" : String(value));
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      node.appendChild(typeof child === "string" || typeof child === "number"
        ? document.createTextNode(String(child)) : child);
    }
    return node;
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
  }

  function plural(n, one, many) {
    return n === 1 ? one : many;
  }

  function formatNumber(n) {
    return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  }

  function parseDay(text) {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text || "");
    return m ? { y: +m[1], m: +m[2], d: +m[3] } : null;
  }

  function monthLabel(value, short) {
    const m = /^(\d{4})-(\d{2})$/.exec(value);
    if (!m) return value;
    const name = MONTHS[+m[2] - 1] || m[2];
    return (short ? name.slice(0, 3) : name) + " " + m[1];
  }

  /** "22–24 Mar 2022", "28 Feb – 2 Mar 2022", "15 Mar 2022". */
  function formatSpan(start, end) {
    const a = parseDay(start), b = parseDay(end || start);
    if (!a) return "date unknown";
    const mon = (x) => MONTHS[x.m - 1].slice(0, 3);
    if (!b || (a.y === b.y && a.m === b.m && a.d === b.d)) return `${a.d} ${mon(a)} ${a.y}`;
    if (a.y === b.y && a.m === b.m) return `${a.d}–${b.d} ${mon(a)} ${a.y}`;
    if (a.y === b.y) return `${a.d} ${mon(a)} – ${b.d} ${mon(b)} ${a.y}`;
    return `${a.d} ${mon(a)} ${a.y} – ${b.d} ${mon(b)} ${b.y}`;
  }

  function eventPlace(event) {
    const parts = [event.city, event.country || event.country_implied, event.region].filter(Boolean);
    return parts.join(", ");
  }

  function lastDayOfMonth(year, month) {
    const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
    return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  }

  /** A link's `from` or `to` as the date fields show it: a day
   * (`2022-3-5` is 2022-03-05), or the first day (From) or last day (To)
   * of a month (`2022-03`) or a year (`2022`), the days the API reads
   * them as. Anything else stays as written, for the server to name. */
  function linkDate(text, last) {
    const m = /^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$/.exec(text.trim());
    if (!m) return text;
    const y = +m[1];
    const mo = m[2] === undefined ? (last ? 12 : 1) : +m[2];
    if (mo < 1 || mo > 12) return text;
    const end = lastDayOfMonth(y, mo);
    const d = m[3] === undefined ? (last ? end : 1) : +m[3];
    if (d < 1 || d > end) return text;
    const pad = (n) => String(n).padStart(2, "0");
    return `${m[1]}-${pad(mo)}-${pad(d)}`;
  }

  function monthRange(value) {
    const m = /^(\d{4})-(\d{2})$/.exec(value);
    if (!m) return null;
    const y = +m[1], mo = +m[2];
    const pad = (n) => String(n).padStart(2, "0");
    return { from: `${y}-${pad(mo)}-01`, to: `${y}-${pad(mo)}-${pad(lastDayOfMonth(y, mo))}` };
  }

  /** Text with [start, end) character ranges wrapped in <mark>, as DOM
   * nodes: every part a text node, never HTML. */
  function markedText(text, highlights) {
    const chars = Array.from(text || "");
    const out = [];
    let at = 0;
    for (const [start, end] of highlights || []) {
      const s = Math.min(start, chars.length), e = Math.min(end, chars.length);
      if (s < at || e <= s) continue;
      if (s > at) out.push(document.createTextNode(chars.slice(at, s).join("")));
      out.push(el("mark", {}, chars.slice(s, e).join("")));
      at = e;
    }
    if (at < chars.length) out.push(document.createTextNode(chars.slice(at).join("")));
    return out;
  }

  /** Snippet text with its highlights marked, as DOM nodes. */
  function highlighted(snippet) {
    return markedText(snippet.text, snippet.highlights);
  }

  /** The words a hit's dateline has marked (`dateline_highlights`), as written there. */
  function datelineWords(hit) {
    const chars = Array.from(hit.dateline || "");
    return (hit.dateline_highlights || [])
      .map(([start, end]) => chars.slice(start, end).join(""))
      .filter(Boolean);
  }

  /** A part's places with the words of `words` marked where the text
   * writes them whole, as the places keep the dateline's spelling. */
  function markedWords(text, words) {
    if (!words || !words.length) return text;
    const chars = Array.from(text);
    const wordChars = words.map((word) => Array.from(word));
    const isWordChar = (c) => c !== undefined && /[\p{L}\p{N}]/u.test(c);
    const marks = [];
    let at = 0;
    while (at < chars.length) {
      const word = wordChars.find((w) => w.every((c, i) => chars[at + i] === c)
        && !isWordChar(chars[at - 1]) && !isWordChar(chars[at + w.length]));
      if (word) {
        marks.push([at, at + word.length]);
        at += word.length;
      } else {
        at += 1;
      }
    }
    return markedText(text, marks);
  }

  // ---------------------------------------------------------- typed filters

  const DATE_CLAUSE_FIELDS = ["date", "from", "to"];

  /** The `field:value` clauses typed into the search box that narrow the
   * whole search, as the answer to this very query lists them
   * (`typed_filters`): a clause inside one alternative of an `OR` narrows
   * that alternative only, and is not listed. Each holds the filter, the
   * value as the search read it (as `resolved` names it), whether it
   * excludes (`-`, `NOT`), the index values or days it was read as, and
   * where it stands in the query (`start`, `end`: UTF-16 code units, as
   * the string is sliced). A filter every alternative of an `OR` repeats
   * is one clause that stands in several places (`spans`). None until an
   * answer to this query text has come: this search's, or (when it failed)
   * the last one to the same text, or the query's alone (typedKnown). */
  function typedClauses(q) {
    // A query without a colon types no filter (the search reads it so too).
    if (!q.includes(":")) return [];
    const source = lastAnswer && lastAnswer.query === q ? lastAnswer
      : typedKnown && typedKnown.query === q ? typedKnown : null;
    if (!source) return [];
    const clauses = [];
    for (const t of source.typed_filters || []) {
      const negated = Boolean(t.excluded);
      const same = clauses.find((c) => c.field === t.field && c.value === t.value && c.negated === negated);
      if (same) {
        same.spans.push([t.start, t.end]);
        continue;
      }
      clauses.push({
        field: t.field, value: t.value, negated, read: t.read || [], spans: [[t.start, t.end]],
        // A field's group of values (`country:(Albania OR Kosovo)`) ticks no row.
        bracketed: t.value.startsWith("("),
      });
    }
    return clauses;
  }

  /** The typed clauses that narrow the dates (`date:`, `from:`, `to:`). */
  function typedDateClauses(q) {
    return typedClauses(q).filter((c) => DATE_CLAUSE_FIELDS.includes(c.field));
  }

  /** The days of the one date typed in the search box (no From or To set),
   * as From and To show them; null when there is none, or several. */
  function typedDateRange() {
    if (current.from || current.to) return null;
    const dated = typedFilters().filter((t) => DATE_CLAUSE_FIELDS.includes(t.clause.field) && !t.clause.negated);
    if (dated.length !== 1 || dated[0].ranges.length !== 1) return null;
    const [from, to] = dated[0].ranges[0].split("..");
    return { from: from || "", to: to || "" };
  }

  /** The query without the given clauses (found by typedClauses). */
  function withoutClauses(q, clauses) {
    let text = q;
    const spans = clauses.flatMap((clause) => clause.spans).sort((a, b) => b[0] - a[0]);
    for (const [start, end] of spans) {
      const left = text.slice(0, start).replace(/\s+$/, "");
      const right = text.slice(end).replace(/^\s+/, "");
      // No space is left inside a group's bracket: `(country:Kosovo firearms)` leaves `(firearms)`.
      const apart = left && right && !left.endsWith("(") && !right.startsWith(")");
      text = apart ? left + " " + right : left + right;
    }
    return text.trim();
  }

  /** "2022-03-01..2022-03-31" (a range as the answer's `resolved` gives it) as the chips write dates. */
  function rangeLabel(range) {
    const [from, to] = range.split("..");
    if (from && to) return datesLabel(from, to);
    if (from) return `from ${from}`;
    if (to) return `until ${to}`;
    return range;
  }

  /** The typed clauses of the search with the index values each was read
   * as (from this search's own answer, once it has come) and its label. */
  function typedFilters() {
    return typedClauses(current.q).map((clause) => {
      const read = clause.read;
      const isDate = DATE_CLAUSE_FIELDS.includes(clause.field);
      let values = [];
      let label;
      if (isDate) {
        label = read.length ? read.map(rangeLabel).join(" and ") : clause.value;
      } else {
        values = clause.bracketed ? [] : (read.length ? read : [clause.value]);
        label = values.length ? values.map((v) => chipLabel(clause.field, v)).join(" or ") : clause.value;
      }
      return {
        clause, values: clause.negated ? [] : values, ranges: isDate && !clause.negated ? read : [],
        field: isDate ? "Dates" : FIELD_LABELS[clause.field], label: clause.negated ? `not ${label}` : label,
      };
    });
  }

  /** The values of a filter that the search box's clauses tick. */
  function typedValues(field) {
    return typedFilters().filter((t) => t.clause.field === field).flatMap((t) => t.values);
  }

  /** A filter's values, ticked in its panel or typed in the search box. */
  function chosen(field) {
    return [...new Set([...current.filters[field], ...typedValues(field)])];
  }

  /** The query without the typed clauses of `field` that tick one of `values`. */
  function withoutTypedValues(q, field, values) {
    const typed = typedFilters().filter((t) => t.clause.field === field && t.values.some((v) => values.includes(v)));
    return typed.length ? withoutClauses(q, typed.map((t) => t.clause)) : q;
  }

  // ------------------------------------------------------------------ state

  function emptyState() {
    const filters = {};
    for (const f of FILTER_FIELDS) filters[f] = [];
    return { q: "", filters, online: false, from: "", to: "", sort: "relevance", page: 1, doc: "" };
  }

  function stateFromUrl() {
    const params = new URLSearchParams(location.search);
    const state = emptyState();
    // As the search box's Enter does; the answer names the query so.
    state.q = (params.get("q") || "").trim();
    for (const f of FILTER_FIELDS) state.filters[f] = params.getAll(f).filter((v) => v.trim() !== "");
    // `online` and `sort` in any case, spaces around, as the API reads them.
    state.online = ONLINE_YES.includes((params.get("online") ?? "no").trim().toLowerCase());
    // A month or a year (`to=2022-03`) as the day it stands for, which
    // the date fields can show and the address then holds.
    state.from = linkDate(params.get("from") || "", false);
    state.to = linkDate(params.get("to") || "", true);
    const sort = (params.get("sort") || "").trim().toLowerCase();
    state.sort = SORTS.includes(sort) ? sort : "relevance";
    // A page that is no whole number is page 1 (and named as left out).
    const page = (params.get("page") || "").trim();
    state.page = /^[1-9]\d*$/.test(page) ? Number(page) : 1;
    state.doc = params.get("doc") || "";
    return state;
  }

  /** The parameters of a link that the page does not understand, as
   * `name=value` texts: unknown names, a sort or page it cannot read. */
  function unreadParams(search) {
    const known = new Set(["q", "online", "from", "to", "sort", "page", "doc", ...FILTER_FIELDS]);
    const unread = [];
    for (const [name, value] of new URLSearchParams(search)) {
      const read = value.trim();
      const bad = !known.has(name)
        || (name === "sort" && read !== "" && !SORTS.includes(read.toLowerCase()))
        || (name === "page" && read !== "" && !/^[1-9]\d*$/.test(read))
        || (name === "online" && ![...ONLINE_YES, ...ONLINE_NO].includes(read.toLowerCase()));
      if (bad) unread.push(value === "" ? name : `${name}=${value}`);
    }
    return unread;
  }

  function cloneState(state) {
    return JSON.parse(JSON.stringify(state));
  }

  /** The search parameters of a state, as /api/search takes them. */
  function searchParams(state, options) {
    const opts = options || {};
    const params = new URLSearchParams();
    const q = opts.withoutDates ? withoutClauses(state.q, typedDateClauses(state.q)) : state.q;
    if (q) params.set("q", q);
    for (const f of FILTER_FIELDS) for (const v of state.filters[f]) params.append(f, v);
    if (state.online) params.set("online", "true");
    if (state.from && !opts.withoutDates) params.set("from", state.from);
    if (state.to && !opts.withoutDates) params.set("to", state.to);
    if (opts.forFacets) return params;
    if (state.sort !== "relevance") params.set("sort", state.sort);
    if (state.page > 1) params.set("page", String(state.page));
    return params;
  }

  function pageUrl(state) {
    const params = searchParams(state);
    if (state.doc) params.set("doc", state.doc);
    const text = params.toString();
    return text ? "/?" + text : "/";
  }

  function hasAnyFilter(state) {
    return FILTER_FIELDS.some((f) => state.filters[f].length) || state.online || state.from || state.to
      || typedClauses(state.q).length > 0;
  }

  let current = stateFromUrl();
  // What the opening link held that the page left out, said until the next search.
  let unreadLinkParams = unreadParams(location.search);

  /** Moves to a new state: a new history entry, then a render. */
  function go(next, options) {
    const opts = options || {};
    const previousDoc = current.doc;
    current = next;
    unreadLinkParams = [];
    const url = pageUrl(next);
    // An activity opened from the results remembers it, for "Back to results".
    const entry = { inApp: true, fromResults: Boolean(next.doc) && !previousDoc };
    // The same search again (Enter twice) is searched anew, but adds no step
    // to the history: back goes to the search before. Its entry is kept.
    const same = url === location.pathname + location.search;
    if (same) history.replaceState(history.state, "", url);
    else if (opts.replace) history.replaceState(entry, "", url);
    else history.pushState(entry, "", url);
    render(opts);
  }

  /** A state with one filter value added or removed, back on page 1. */
  function toggled(field, value, on) {
    const next = cloneState(current);
    next.doc = "";
    next.page = 1;
    const list = next.filters[field].filter((v) => v !== value);
    if (on) list.push(value);
    next.filters[field] = list;
    if (!on) {
      // A country goes with its cities, which would keep its results (by
      // its row, its chip or the way out of no results).
      const going = field === "country" ? citiesOf([value]) : { cities: [], clauses: [] };
      next.filters.city = next.filters.city.filter((c) => !going.cities.includes(c));
      // A value typed in the search box goes from there too: its clauses,
      // and its cities', taken out of the text at once.
      const typed = typedFilters().filter((t) => t.clause.field === field && t.values.includes(value));
      const clauses = [...typed.map((t) => t.clause), ...going.clauses];
      if (clauses.length) next.q = withoutClauses(next.q, clauses);
    }
    return next;
  }

  /** The cities chosen (ticked or typed) that lie in `countries`, and the
   * clauses of the search box that name them. */
  function citiesOf(countries) {
    const cities = chosen("city").filter((c) => countries.includes(cityCountry.get(c)));
    const clauses = typedFilters()
      .filter((t) => t.clause.field === "city" && t.values.some((v) => cities.includes(v)))
      .map((t) => t.clause);
    return { cities, clauses };
  }

  // -------------------------------------------------------------- fetching

  /** The JSON answer of `url`; `seen`, when given, gets the version of
   * the index that answered (`seen.index`), which changes when the index
   * is updated. */
  async function getJson(url, seen) {
    const response = await fetch(url, { headers: { Accept: "application/json" } });
    if (seen) seen.index = response.headers.get("X-Index-Version");
    let body = null;
    try {
      body = await response.json();
    } catch (_) {
      body = null;
    }
    if (!response.ok) {
      const message = body && typeof body.error === "string" ? body.error : `the server answered ${response.status}`;
      throw new Error(message);
    }
    return body;
  }

  // Which country each city lies in, from the index's whole country → city tree.
  const cityCountry = new Map();
  function learnCities(countries) {
    for (const country of countries || []) {
      for (const city of country.children || []) {
        if (!cityCountry.has(city.value)) cityCountry.set(city.value, country.value);
      }
    }
  }

  // Most rows the CSV export holds, as /healthz gives it.
  let exportMaxRows = 0;

  /** Next to the CSV link: how much of a larger search the file holds. */
  function showExportNote(total) {
    const capped = exportMaxRows > 0 && total > exportMaxRows;
    ui.csvNote.hidden = !capped;
    ui.csvNote.textContent = capped ? `(the first ${formatNumber(exportMaxRows)} of ${formatNumber(total)} rows)` : "";
  }

  let renderSeq = 0;
  // The months the chart shows, the search without dates they count (its
  // parameters) and the version of the index that counted them, for
  // keeping them while only the dates change and the index does not.
  let chartMonths = null;
  // The last answer shown, for showing more or fewer facet rows without a search.
  let lastAnswer = null;
  // The typed filters of the last query text answered, kept when a search
  // fails, so that an error keeps the filters typed in the box on show.
  let typedKnown = null;

  function learnTyped(answer) {
    typedKnown = { query: answer.query, typed_filters: answer.typed_filters || [] };
  }

  /** After a failed search: the typed filters of its query text, when no
   * answer to that text is known, asked of the search of the text alone
   * (its other parameters may be what failed); none if that fails too. */
  async function learnTypedOnError(seq) {
    if (current.doc || !current.q.includes(":") || (typedKnown && typedKnown.query === current.q)) return;
    try {
      const answer = await getJson("/api/search?" + new URLSearchParams({ q: current.q, per_page: "1" }));
      if (seq === renderSeq && answer && answer.query === current.q) learnTyped(answer);
    } catch (_) {
      // The query itself is refused, or no server answers: no chips to show.
    }
  }

  async function render(options) {
    const opts = options || {};
    const seq = ++renderSeq;
    document.body.dataset.busy = "true";
    ui.resultsView.setAttribute("aria-busy", "true");
    // The count is said once: when it is to take the focus, the focus says
    // it, and its live region stays quiet; else the live region does.
    ui.summary.setAttribute("aria-live", opts.focusSummary ? "off" : "polite");
    document.body.dataset.view = current.doc ? "doc" : "results";
    // The filters asked for show at once, before the answer comes.
    if (!current.doc) showActiveFilters();
    ui.q.value = current.q;
    ui.sort.value = current.sort;
    const feedParams = searchParams(current, { forFacets: true });
    ui.feedLink.href = "/feed.atom" + (feedParams.toString() ? "?" + feedParams : "");
    // The feed a browser or a feed reader finds in the page's head is this search's too.
    ui.headFeed.setAttribute("href", ui.feedLink.getAttribute("href"));
    ui.headFeed.title = feedParams.toString() ? "This search, newest first" : "All activities, newest first";
    const apiParams = searchParams(current);
    ui.apiLink.href = "/api/search" + (apiParams.toString() ? "?" + apiParams : "");
    // Every hit of the search, not only this page.
    const csvParams = searchParams(current);
    csvParams.delete("page");
    ui.csvLink.href = "/export.csv" + (csvParams.toString() ? "?" + csvParams : "");
    try {
      if (current.doc) {
        const doc = await getJson("/api/doc/" + encodeURIComponent(current.doc));
        if (seq !== renderSeq) return;
        showDoc(doc);
        if (opts.focus !== false || (opts.focusIfLost && focusLost())) ui.docView.focus({ preventScroll: true });
        window.scrollTo(0, 0);
      } else {
        const searchQuery = searchParams(current);
        searchQuery.set("per_page", String(PER_PAGE));
        const searchSeen = {};
        const search = getJson("/api/search?" + searchQuery, searchSeen);
        // With a date range set, the chart still shows every month, to pick
        // another: the months of the search without its dates. Those the
        // chart shows already are kept (a month clicked, a date typed after
        // a search change the dates alone); others are asked for. The dates
        // typed in the box are known from the answer to this query (or there
        // are none: no colon): then the months are asked with the search,
        // else once its answer has come.
        // Months counted by an index since updated are asked for again.
        const monthsKey = () => searchParams(current, { forFacets: true, withoutDates: true }).toString();
        const askMonths = (key) => {
          const seen = {};
          return getJson("/api/facets/month?" + key, seen).then((months) => ({ months, index: seen.index }));
        };
        const monthsWithoutDates = (key) => (chartMonths && chartMonths.key === key
          ? Promise.resolve(chartMonths) : askMonths(key));
        const upToDate = async (counted, key) => (counted && counted.index !== searchSeen.index
          ? askMonths(key) : counted);
        const known = !current.q.includes(":") || (Boolean(lastAnswer) && lastAnswer.query === current.q);
        let key = known ? monthsKey() : null;
        const early = known && (current.from || current.to || typedDateClauses(current.q).length) ? monthsWithoutDates(key) : null;
        let [answer, counted] = await Promise.all([search, early]);
        if (seq !== renderSeq) return;
        counted = await upToDate(counted, key);
        if (seq !== renderSeq) return;
        const typedDates = (answer.typed_filters || []).some((t) => DATE_CLAUSE_FIELDS.includes(t.field));
        if (!known) {
          lastAnswer = answer;
          learnTyped(answer);
          key = monthsKey();
          if (current.from || current.to || typedDates) {
            counted = await upToDate(await monthsWithoutDates(key), key);
            if (seq !== renderSeq) return;
          }
        }
        learnCities(answer.facets && answer.facets.country);
        adoptCanonicalValues(answer.resolved || {});
        lastAnswer = answer;
        learnTyped(answer);
        if (!counted) counted = { months: (answer.facets && answer.facets.month) || [], index: searchSeen.index };
        chartMonths = { key, months: counted.months, index: counted.index };
        showResults(answer, counted.months);
        if (opts.scrollTop) window.scrollTo(0, 0);
        restoreFocus(opts);
      }
    } catch (err) {
      if (seq !== renderSeq) return;
      await learnTypedOnError(seq);
      if (seq !== renderSeq) return;
      showError(err);
      restoreFocus(opts);
    }
    document.title = current.doc
      ? (ui.docView.dataset.title || "Activity") + " · bulletin"
      : (current.q ? current.q + " · " : "") + "Programme news · bulletin";
    document.body.dataset.busy = "false";
    ui.resultsView.setAttribute("aria-busy", "false");
    document.body.dataset.renders = String(Number(document.body.dataset.renders || "0") + 1);
  }

  /** A failed answer: what went wrong, the filters asked for (each can be
   * removed), and a way on: try again, or go back to the first page. */
  function showError(err) {
    ui.resultsView.hidden = false;
    ui.docView.hidden = true;
    delete ui.docView.dataset.title;
    lastAnswer = null;
    ui.summary.textContent = "Something went wrong";
    ui.summary.removeAttribute("data-total");
    clear(ui.notices);
    // fetch() rejects with a TypeError when no answer came at all.
    const unreachable = err instanceof TypeError;
    const message = unreachable
      ? "The search server cannot be reached. Is `bulletin serve` still running?"
      : err.message || String(err);
    const actions = [el("button", { type: "button", class: "retry", onclick: () => render({ focusSummary: true }) }, "Try again")];
    if (current.page > 1) {
      const first = cloneState(current);
      first.page = 1;
      actions.push(el("button", { type: "button", class: "retry", onclick: () => go(first, { focusSummary: true }) }, "Go to page 1"));
    }
    if (current.doc) {
      const results = cloneState(current);
      results.doc = "";
      actions.push(el("button", { type: "button", class: "retry", onclick: () => go(results, { focusSummary: true }) }, "Back to the results"));
    }
    ui.notices.appendChild(el("p", { class: "notice error", role: "alert" }, message, " ", ...actions));
    showActiveFilters();
    clear(ui.results);
    clear(ui.pager);
    showExportNote(0);
    ui.chart.hidden = true;
    // The last answer's counts are not this search's: the panels show only
    // the filters asked for, without counts, and say why.
    if (!current.doc) {
      showFacets({});
      ui.facets.dataset.stale = "true";
      ui.facets.insertBefore(el("p", { class: "facet-empty facets-stale" },
        "No counts: the search did not answer."), ui.facets.firstChild);
    }
  }

  /** Puts the keyboard focus back where the action that re-rendered was. */
  function restoreFocus(opts) {
    let target = null;
    if (opts.focusPanel) target = ui.facets.querySelector(`[data-panel="${opts.focusPanel}"] .facet-more`);
    if (opts.focusMonth) target = ui.chartBars.querySelector(`[data-month="${opts.focusMonth}"]`);
    if (!target && opts.focusSummary) target = ui.summary;
    if (!target && opts.focusIfLost && focusLost()) target = ui.summary;
    if (target) target.focus({ preventScroll: true });
  }

  /** Whether the focus has fallen to the page's body, or sits on an
   * element no longer on show (in the view that went away). */
  function focusLost() {
    const active = document.activeElement;
    return !active || active === document.body || active.getClientRects().length === 0;
  }

  // ------------------------------------------------------------- results

  /** Filter values from a shared link are read leniently by the server
   * (`north macedonia`, `CCP`, `Beograd`), and its answer names the index's
   * value each stood for; the page takes that spelling, so that the facet
   * row shows ticked and the address bar holds it. A value standing for
   * several (`Kosovo*`) stays as it was typed. */
  function adoptCanonicalValues(resolved) {
    let changed = false;
    for (const field of FILTER_FIELDS) {
      const named = resolved[field] || {};
      const adopted = current.filters[field].map((value) => {
        const values = named[value] || [];
        if (values.length !== 1 || values[0] === value) return value;
        changed = true;
        return values[0];
      });
      current.filters[field] = [...new Set(adopted)];
    }
    if (changed) history.replaceState(history.state, "", pageUrl(current));
  }

  function showResults(answer, months) {
    ui.docView.hidden = true;
    ui.resultsView.hidden = false;
    showSummary(answer);
    showActiveFilters();
    showNotices(answer);
    showChart(months);
    showFacets(answer.facets || {});
    showHits(answer);
    showPager(answer.total);
    showExportNote(answer.total);
  }

  function showSummary(answer) {
    clear(ui.summary);
    ui.summary.dataset.total = String(answer.total);
    const n = answer.total;
    let text;
    // With a typo corrected, the hits are those of the corrected words.
    const query = answer.corrected || answer.query;
    if (query && answer.fallback && n > 0) {
      // No activity holds every word: these hold some of them.
      text = `${formatNumber(n)} ${plural(n, "activity holds", "activities hold")} some of the words of “${query}”`;
    } else if (query) {
      text = n === 0 ? `No activity matches “${query}”`
        : `${formatNumber(n)} ${plural(n, "activity matches", "activities match")} “${query}”`;
    } else if (hasAnyFilter(current)) {
      text = n === 0 ? "No activity matches these filters" : `${formatNumber(n)} ${plural(n, "activity", "activities")}`;
    } else {
      text = `All ${formatNumber(n)} ${plural(n, "activity", "activities")}`;
    }
    ui.summary.appendChild(document.createTextNode(text));
    if (n > PER_PAGE) {
      const first = (current.page - 1) * PER_PAGE + 1;
      const last = Math.min(n, current.page * PER_PAGE);
      if (first <= n) {
        // The comma is for screen readers, which would run the two together.
        ui.summary.appendChild(el("span", { class: "visually-hidden" }, ","));
        ui.summary.appendChild(el("span", { class: "summary-range" }, ` showing ${first}–${last}`));
      }
    }
  }

  function chipLabel(field, value) {
    if (field === "sdg") return value.includes(".") ? `target ${value}` : `goal ${value}`;
    if (field === "month") return monthLabel(value, false);
    return value;
  }

  /** Each filter of the search: how it reads, and the search without it. */
  function filterRemovals() {
    const removals = [];
    const without = (change) => { const next = cloneState(current); next.doc = ""; next.page = 1; change(next); return next; };
    for (const field of FILTER_FIELDS) {
      for (const value of current.filters[field]) {
        removals.push({ key: field, field: FIELD_LABELS[field], value: chipLabel(field, value), next: toggled(field, value, false) });
      }
    }
    if (current.online) {
      removals.push({ key: "online", field: "", value: "online only", next: without((next) => { next.online = false; }) });
    }
    if (current.from || current.to) {
      const range = current.from && current.to ? datesLabel(current.from, current.to)
        : current.from ? `from ${current.from}` : `until ${current.to}`;
      removals.push({ key: "dates", field: "Dates", value: range, next: without((next) => { next.from = ""; next.to = ""; }) });
    }
    // The filters typed into the search box: removing one takes it out of the box's text.
    for (const typed of typedFilters()) {
      removals.push({
        key: typed.clause.field, typed: true, field: typed.field, value: typed.label,
        next: without((next) => {
          // A typed country goes with its cities, as its row does.
          const going = typed.clause.field === "country" ? citiesOf(typed.values) : { cities: [], clauses: [] };
          next.filters.city = next.filters.city.filter((c) => !going.cities.includes(c));
          next.q = withoutClauses(next.q, [typed.clause, ...going.clauses]);
        }),
      });
    }
    return removals;
  }

  /** The search with no filter at all, its words and order kept. */
  function withoutFilters() {
    const next = emptyState();
    next.q = withoutClauses(current.q, typedClauses(current.q));
    next.sort = current.sort;
    return next;
  }

  function showActiveFilters() {
    clear(ui.activeFilters);
    const removals = filterRemovals();
    const chips = removals.map((r) => el("button", {
      type: "button", class: "filter-chip" + (r.typed ? " is-typed" : ""), "data-filter": r.key,
      "data-typed": r.typed ? "true" : null,
      title: r.typed ? "Typed in the search box; × takes it out of the search" : null,
      "aria-label": (r.field ? `Remove filter ${r.field}: ${r.value}` : `Remove filter ${r.value}`) + (r.typed ? " from the search box" : ""),
      onclick: () => go(r.next, { focusSummary: true }),
    }, r.field ? el("span", { class: "chip-field" }, r.field) : null, r.value, el("span", { class: "chip-x", "aria-hidden": "true" }, "×")));
    if (chips.length > 1) {
      chips.push(el("button", {
        type: "button", class: "clear-all",
        onclick: () => go(withoutFilters(), { focusSummary: true }),
      }, "Clear all filters"));
    }
    for (const chip of chips) ui.activeFilters.appendChild(chip);
  }

  function datesLabel(from, to) {
    const range = monthRange(from.slice(0, 7));
    if (range && range.from === from && range.to === to) return monthLabel(from.slice(0, 7), false);
    return `${from} – ${to}`;
  }

  function showNotices(answer) {
    clear(ui.notices);
    const notes = [];
    if (unreadLinkParams.length) {
      const quoted = unreadLinkParams.map((p) => `“${p}”`);
      const list = quoted.length === 1 ? quoted[0] : `${quoted.slice(0, -1).join(", ")} and ${quoted[quoted.length - 1]}`;
      notes.push(el("p", { class: "notice", "data-notice": "link" },
        `This link's ${list} ${plural(quoted.length, "was", "were")} not understood and ${plural(quoted.length, "is", "are")} left out.`));
    }
    if (answer.corrected) {
      // The corrected words are a link: searched as typed, they go into the
      // box and the address, for the next search to start from.
      const next = cloneState(current);
      next.q = answer.corrected;
      next.page = 1;
      next.doc = "";
      const link = el("a", {
        href: pageUrl(next), "data-corrected": "true",
        onclick: (event) => {
          if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
          event.preventDefault();
          go(next, { focusSummary: true });
        },
      }, answer.corrected);
      notes.push(el("p", { class: "notice" }, "Showing results for “", link, `”; no activity holds “${answer.query}”.`));
    }
    if (answer.fallback) {
      notes.push(el("p", { class: "notice" }, "No activity holds every word; these hold some of them."));
    }
    const expanded = Object.entries(answer.expanded || {});
    if (expanded.length) {
      notes.push(el("p", { class: "notice" }, "Also searched: " +
        expanded.map(([short, long]) => `${short} = ${long}`).join("; ")));
    }
    for (const notice of answer.notices || []) notes.push(el("p", { class: "notice" }, notice));
    for (const note of notes) ui.notices.appendChild(note);
  }

  /** The month histogram: every month from the first to the last, gaps as zero. */
  function showChart(months) {
    clear(ui.chartBars);
    const counts = new Map();
    for (const m of months) if (/^\d{4}-\d{2}$/.test(m.value)) counts.set(m.value, m.count);
    if (counts.size === 0) {
      ui.chart.hidden = true;
      return;
    }
    const keys = Array.from(counts.keys()).sort();
    const [fy, fm] = keys[0].split("-").map(Number);
    const [ly, lm] = keys[keys.length - 1].split("-").map(Number);
    // Every month from the first to the last, up to twenty years of them;
    // months further apart (an activity of 1995 beside those of 2022) are
    // drawn as the months that have activities, none left out.
    const span = (ly - fy) * 12 + (lm - fm) + 1;
    const all = [];
    if (span > CHART_MONTHS) {
      all.push(...keys);
    } else {
      for (let y = fy, m = fm; y < ly || (y === ly && m <= lm); m === 12 ? (y++, m = 1) : m++) {
        all.push(`${y}-${String(m).padStart(2, "0")}`);
      }
    }
    const max = Math.max(...counts.values(), 1);
    const selected = selectedMonth();
    ui.chart.classList.toggle("has-selection", Boolean(selected));
    ui.chartHint.textContent = selected ? `${monthLabel(selected, false)} selected; click it again to show all months`
      : "Click a month to see only its activities";
    for (const key of all) {
      const count = counts.get(key) || 0;
      const isSelected = key === selected;
      const fill = el("span", { class: "bar-fill" });
      fill.style.height = `${Math.round((count / max) * 100)}%`;
      const [y, m] = key.split("-");
      // The year where it changes (each January, or after a gap of years).
      const before = all[all.indexOf(key) - 1];
      const label = all.length <= 8 ? `${MONTHS[+m - 1].slice(0, 3)} ${y}`
        : !before || !before.startsWith(y + "-") ? `${MONTHS[+m - 1].slice(0, 3)} ${y.slice(2)}`
          : MONTHS[+m - 1].slice(0, 3);
      const bar = el("button", {
        type: "button",
        class: "bar" + (count === 0 ? " is-zero" : "") + (isSelected ? " is-selected" : ""),
        "data-month": key, "data-count": count,
        "aria-pressed": isSelected ? "true" : "false",
        "aria-label": `${monthLabel(key, false)}: ${count} ${plural(count, "activity", "activities")}`,
        title: `${monthLabel(key, false)}: ${count}`,
        disabled: count === 0 && !isSelected,
        onclick: () => {
          const next = cloneState(current);
          next.doc = "";
          next.page = 1;
          const range = isSelected ? { from: "", to: "" } : monthRange(key);
          next.from = range.from;
          next.to = range.to;
          // Only that month, or all of them: months ticked in the panel go.
          next.filters.month = [];
          // So do the dates and months typed in the search box.
          next.q = withoutClauses(next.q, typedClauses(next.q).filter((c) => c.field === "month" || DATE_CLAUSE_FIELDS.includes(c.field)));
          go(next, { focusMonth: key });
        },
      }, el("span", { class: "bar-count", "aria-hidden": "true" }, count ? String(count) : ""),
      el("span", { class: "bar-area", "aria-hidden": "true" }, fill),
      el("span", { class: "bar-label", "aria-hidden": "true" }, label));
      ui.chartBars.appendChild(bar);
    }
    ui.chart.hidden = false;
    // A chart wider than the screen (a phone) would open on its oldest
    // month: it is scrolled to show the month chosen, or else the latest.
    const shown = ui.chartBars.querySelector(".bar.is-selected") || ui.chartBars.lastElementChild;
    if (shown && ui.chartBars.scrollWidth > ui.chartBars.clientWidth) {
      const box = ui.chartBars.getBoundingClientRect();
      const bar = shown.getBoundingClientRect();
      ui.chartBars.scrollLeft += selected ? bar.left + bar.width / 2 - (box.left + box.width / 2) : bar.right - box.right;
    }
  }

  /** The month that from/to span exactly, if any. */
  /** The one month the search is narrowed to, by the chart's dates or by
   * the Month panel, so the chart shows either choice. */
  function selectedMonth() {
    const typed = typedFilters().filter((t) => t.clause.field === "month" || DATE_CLAUSE_FIELDS.includes(t.clause.field));
    if (typed.length) {
      // One month typed (`date:2022-03`, `month:2022-03`) and nothing else narrowing the dates.
      if (typed.length !== 1 || current.from || current.to || current.filters.month.length) return "";
      const only = typed[0];
      if (only.clause.field === "month") return only.values.length === 1 ? only.values[0] : "";
      const [from, to] = only.ranges.length === 1 ? only.ranges[0].split("..") : [];
      const range = from ? monthRange(from.slice(0, 7)) : null;
      return range && range.from === from && range.to === to ? from.slice(0, 7) : "";
    }
    if (!current.from && !current.to && current.filters.month.length === 1) return current.filters.month[0];
    if (!current.from || !current.to || current.filters.month.length) return "";
    const key = current.from.slice(0, 7);
    const range = monthRange(key);
    return range && range.from === current.from && range.to === current.to ? key : "";
  }

  function showHits(answer) {
    clear(ui.results);
    if (answer.hits.length === 0) {
      const hint = answer.total > 0 ? "This page is past the last result."
        : hasAnyFilter(current) ? "Remove a filter or try other words." : "Try other words, or fewer of them.";
      // No match with filters set: each filter can go from here, or all of them.
      const removals = answer.total === 0 ? filterRemovals() : [];
      const ways = removals.map((r) => el("button", {
        type: "button", class: "retry way-out", "data-filter": r.key,
        onclick: () => go(r.next, { focusSummary: true }),
      }, r.field ? `Remove ${r.field}: ${r.value}` : `Remove ${r.value}`));
      if (removals.length > 1) {
        ways.push(el("button", {
          type: "button", class: "retry way-out", "data-filter": "all",
          onclick: () => go(withoutFilters(), { focusSummary: true }),
        }, "Remove all filters"));
      }
      ui.results.appendChild(el("li", { class: "empty-state" }, el("h2", {}, "Nothing to show"), el("p", {}, hint),
        ways.length ? el("p", { class: "way-outs" }, ways) : null));
      return;
    }
    for (const hit of answer.hits) ui.results.appendChild(resultCard(hit));
  }

  function docLink(id, text, extra) {
    const next = cloneState(current);
    next.doc = id;
    return el("a", {
      href: pageUrl(next), "data-doc": id, ...(extra || {}),
      onclick: (event) => {
        if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
        event.preventDefault();
        go(next);
      },
    }, text);
  }

  // An activity's parts as the command line shows them: parts of the same
  // dates share a line, and so do dates of the same places ("3-5 and 10-12
  // June 2019, Skopje and Ohrid" is one line, naming each place once).
  function eventsMeta(events, marked) {
    const meta = el("p", { class: "meta" });
    const byWhen = [];
    for (const event of events || []) {
      // As the command line marks it: the dateline left the year out and
      // the bulletin or the file's name gave it (no mark on unknown dates).
      const when = formatSpan(event.start, event.end) + (event.year_inferred && event.start ? " (year inferred)" : "");
      let group = byWhen.find((g) => g.when === when);
      if (!group) {
        group = { when, places: [], online: false };
        byWhen.push(group);
      }
      const where = eventPlace(event);
      if (where && !group.places.includes(where)) group.places.push(where);
      group.online = group.online || Boolean(event.online);
    }
    const lines = [];
    for (const group of byWhen) {
      const key = group.places.join("; ") + "|" + group.online;
      const same = lines.find((line) => line.key === key);
      if (same) {
        same.whens.push(group.when);
      } else {
        lines.push({ key, whens: [group.when], places: group.places, online: group.online });
      }
    }
    for (const line of lines) {
      meta.appendChild(el("span", { class: "meta-event" },
        el("span", { class: "meta-when" }, line.whens.join(", ")),
        line.places.length ? el("span", { class: "meta-where" }, markedWords(line.places.join("; "), marked)) : null,
        line.online ? el("span", { class: "meta-online" }, "online") : null));
    }
    if (!meta.firstChild) meta.appendChild(el("span", {}, "date and place unknown"));
    return meta;
  }

  function filterChip(field, value, label, extraClass) {
    return el("li", {}, el("button", {
      type: "button", class: "chip" + (extraClass ? " " + extraClass : ""),
      title: `Filter by ${FIELD_LABELS[field].toLowerCase()} ${value}`,
      onclick: () => {
        const next = toggled(field, value, true);
        // A target replaces its goal in the filter, as in the SDG panel.
        if (field === "sdg" && value.includes(".")) {
          next.filters.sdg = next.filters.sdg.filter((v) => v !== value.split(".")[0]);
        }
        go(next, { focusSummary: true });
      },
    }, label));
  }

  function resultCard(hit) {
    const chips = el("ul", { class: "chips", "aria-label": "Programmes and SDG targets" });
    for (const programme of hit.programmes || []) chips.appendChild(filterChip("programme", programme, programme));
    for (const target of hit.sdg_targets || []) chips.appendChild(filterChip("sdg", target, `SDG ${target}`, "chip-sdg"));
    return el("li", { class: "result", "data-id": hit.id },
      el("h2", {}, docLink(hit.id, markedText(hit.title, hit.title_highlights))),
      eventsMeta(hit.events, datelineWords(hit)),
      el("p", { class: "snippet" }, highlighted(hit.snippet || {})),
      chips.firstChild ? chips : null,
      hit.donors && hit.donors.length ? el("p", { class: "donors" }, "Funded by " + hit.donors.join(", ")) : null);
  }

  function showPager(total) {
    clear(ui.pager);
    const pages = Math.max(Math.ceil(total / PER_PAGE), 1);
    if (pages <= 1 && current.page <= 1) return;
    const link = (page, text, rel) => {
      const next = cloneState(current);
      next.page = page;
      return el("a", {
        href: pageUrl(next), rel, "data-page": page,
        onclick: (event) => {
          if (event.button !== 0 || event.metaKey || event.ctrlKey) return;
          event.preventDefault();
          go(next, { scrollTop: true, focusSummary: true });
        },
      }, text);
    };
    // Past the last page (an old link, a search that now finds less): the
    // ways back, rather than "Page 99 of 1" and a Previous to page 98.
    if (current.page > pages) {
      ui.pager.appendChild(link(1, "Go to page 1"));
      if (pages > 1) ui.pager.appendChild(link(pages, `Go to the last page (${pages})`));
      return;
    }
    // The arrows are not read aloud; a Previous or Next that leads nowhere
    // is a link announced as unavailable, not plain text.
    const arrow = (text) => el("span", { class: "arrow", "aria-hidden": "true" }, text);
    const unavailable = (...content) => el("span", { class: "disabled", role: "link", "aria-disabled": "true" }, ...content);
    const previous = [arrow("‹"), " Previous"];
    const following = ["Next ", arrow("›")];
    ui.pager.appendChild(current.page > 1 ? link(current.page - 1, previous, "prev") : unavailable(...previous));
    ui.pager.appendChild(el("span", { class: "page-of" }, `Page ${current.page} of ${pages}`));
    ui.pager.appendChild(current.page < pages ? link(current.page + 1, following, "next") : unavailable(...following));
  }

  // -------------------------------------------------------------- facets

  const expandedPanels = new Set();

  function facetRow(field, item, options) {
    const opts = options || {};
    const selected = chosen(field).includes(item.value) || opts.checked;
    const input = el("input", {
      type: "checkbox", "data-facet": field, "data-value": item.value,
      checked: selected,
      onchange: (event) => (opts.onchange ? opts.onchange(event.target.checked) : go(toggled(field, item.value, event.target.checked))),
    });
    if (opts.indeterminate) input.indeterminate = true;
    const row = el("li", {
      class: "facet-row" + (selected ? " is-selected" : "") + (item.count === 0 ? " is-empty" : ""),
      "data-facet": field, "data-value": item.value,
    }, el("label", {}, input,
      el("span", { class: "facet-name" }, opts.label || item.value),
      el("span", { class: "facet-count" }, formatNumber(item.count))));
    if (opts.children && opts.children.length) {
      row.appendChild(el("ul", { "aria-label": `${opts.label || item.value}: narrower` }, opts.children));
    }
    return row;
  }

  /** Facet values plus the selected ones the answer no longer counts (shown with 0). */
  function withSelected(values, selected) {
    const out = values.slice();
    for (const value of selected) if (!out.some((v) => v.value === value)) out.push({ value, count: 0 });
    return out;
  }

  function panel(id, title, rows, total) {
    const section = el("section", { class: "facet", "data-panel": id, "aria-labelledby": `facet-${id}` },
      el("h2", { id: `facet-${id}` }, title), el("ul", {}, rows));
    if (rows.length === 0) section.appendChild(el("p", { class: "facet-empty" }, "none for this search"));
    if (total > FACET_ROWS_SHOWN) {
      const open = expandedPanels.has(id);
      const shown = open ? "Show fewer" : `Show all ${total}`;
      section.appendChild(el("button", {
        type: "button", class: "facet-more", "aria-expanded": open ? "true" : "false",
        // Named by its panel too: the panels' "Show all" buttons differ.
        "aria-label": `${shown}: ${title}`,
        onclick: () => {
          if (open) expandedPanels.delete(id); else expandedPanels.add(id);
          if (lastAnswer) {
            showFacets(lastAnswer.facets || {});
            restoreFocus({ focusPanel: id });
          } else {
            render({ focus: false, focusPanel: id });
          }
        },
      }, shown));
    }
    return section;
  }

  /** The first rows of a list (selected rows always kept), unless the panel is expanded. */
  function visibleRows(id, items, isSelected) {
    if (expandedPanels.has(id) || items.length <= FACET_ROWS_SHOWN) return items;
    return items.filter((item, i) => i < FACET_ROWS_SHOWN || isSelected(item));
  }

  /** The From and To fields, made once. A date typed from the keyboard is
   * searched when its field is left or Enter is pressed, never digit by
   * digit (each digit pair can make a valid date on the way: 02/02/0002); a
   * date picked from the calendar is searched at once. */
  const datesPanel = (() => {
    const field = (name) => el("input", { type: "date", id: name, "data-facet": name, min: "1900-01-01", max: "2099-12-31" });
    const from = field("from"), to = field("to");
    const note = el("p", { class: "facet-empty", role: "alert" });
    const online = el("ul", {});
    const section = el("section", { class: "facet", "data-panel": "dates", "aria-labelledby": "facet-dates" },
      el("h2", { id: "facet-dates" }, "Dates and format"), online,
      el("div", { class: "facet-dates" }, el("label", { for: "from" }, "From", from), el("label", { for: "to" }, "To", to)),
      note);
    for (const input of [from, to]) {
      input.addEventListener("input", () => { input.dataset.edited = "true"; });
      // Keys type into the field; a pointer opens the calendar.
      input.addEventListener("keydown", (event) => {
        if (event.key === "Enter") applyDates();
        else input.dataset.typing = "true";
      });
      input.addEventListener("pointerdown", () => { delete input.dataset.typing; });
      input.addEventListener("change", () => { if (!input.dataset.typing) applyDates(); });
      input.addEventListener("blur", () => {
        delete input.dataset.typing;
        if (input.dataset.edited) applyDates();
      });
    }
    return { section, from, to, note, online };
  })();

  /** Searches the dates in From and To, if they make a range. */
  function applyDates() {
    const { from, to, note } = datesPanel;
    const unfinished = [[from, "From"], [to, "To"]].find(([input]) => input.validity.badInput);
    if (unfinished) {
      note.textContent = `Finish the “${unfinished[1]}” date, or clear it.`;
      return;
    }
    const next = cloneState(current);
    next.doc = "";
    next.page = 1;
    next.from = from.value || "";
    next.to = to.value || "";
    const plausible = (value) => value === "" || /^(19|20)\d\d-/.test(value);
    if (!plausible(next.from) || !plausible(next.to)) {
      note.textContent = "Give a year from 1900 to 2099.";
      return;
    }
    if (next.from && next.to && next.from > next.to) {
      note.textContent = "“From” is after “To”.";
      return;
    }
    note.textContent = "";
    delete from.dataset.edited;
    delete to.dataset.edited;
    // The fields show a date typed in the search box: a date set here replaces it.
    const typedRange = typedDateRange();
    const shown = typedRange || current;
    if (typedRange) {
      next.q = withoutClauses(next.q, typedDateClauses(next.q).filter((c) => !c.negated));
    }
    if (next.from !== shown.from || next.to !== shown.to) go(next);
  }

  /** Shows the searched dates in From and To, but for a field being typed in. */
  function syncDateFields() {
    const shown = typedDateRange() || current;
    for (const name of ["from", "to"]) {
      const input = datesPanel[name];
      if (document.activeElement === input && input.dataset.edited) continue;
      delete input.dataset.edited;
      if (input.value !== (shown[name] || "")) {
        input.value = shown[name] || "";
        datesPanel.note.textContent = "";
      }
    }
  }

  function showFacets(facets) {
    const focused = document.activeElement && document.activeElement.dataset
      ? [document.activeElement.dataset.facet, document.activeElement.dataset.value] : null;
    const focusedPanel = focused && focused[0] && document.activeElement.closest("[data-panel]");
    const focusedPanelId = focusedPanel ? focusedPanel.dataset.panel : "";
    if (datesPanel.section.parentNode !== ui.facets) ui.facets.appendChild(datesPanel.section);
    for (const child of Array.from(ui.facets.children)) {
      if (child !== datesPanel.section) ui.facets.removeChild(child);
    }
    const addPanel = (node) => ui.facets.insertBefore(node, datesPanel.section);
    delete ui.facets.dataset.stale;

    // Countries, each opening to its cities once ticked.
    const countriesChosen = chosen("country"), citiesChosen = chosen("city");
    const countries = withSelected(facets.country || [], countriesChosen);
    const cities = facets.city || [];
    const placed = new Set();
    const countryRows = visibleRows("country", countries, (c) => countriesChosen.includes(c.value)).map((country) => {
      let children = [];
      if (countriesChosen.includes(country.value)) {
        const own = cities.filter((c) => cityCountry.get(c.value) === country.value);
        const selectedHere = citiesChosen.filter((c) => cityCountry.get(c) === country.value);
        children = withSelected(own, selectedHere).map((city) => {
          placed.add(city.value);
          return facetRow("city", city);
        });
      }
      // Unticking a country also drops its cities (see toggled).
      return facetRow("country", country, { children });
    });
    for (const city of citiesChosen) {
      if (placed.has(city)) continue;
      const counted = cities.find((c) => c.value === city);
      countryRows.push(facetRow("city", counted || { value: city, count: 0 }, { label: `${city} (city)` }));
    }
    addPanel(panel("country", "Country and city", countryRows, countries.length));

    // SDG goals, each opening to its targets; a target replaces its goal in the filter.
    const sdgSelected = chosen("sdg");
    const goals = withSelected(facets.sdg || [], sdgSelected.filter((v) => !v.includes(".")));
    for (const target of sdgSelected.filter((v) => v.includes("."))) {
      const goal = target.split(".")[0];
      if (!goals.some((g) => g.value === goal)) goals.push({ value: goal, count: 0, children: [] });
    }
    const goalRows = goals.map((goal) => {
      const targetsChosen = sdgSelected.filter((v) => v.startsWith(goal.value + "."));
      const goalChosen = sdgSelected.includes(goal.value);
      const open = goalChosen || targetsChosen.length > 0;
      const children = open
        ? withSelected(goal.children || [], targetsChosen).map((target) => facetRow("sdg", target, {
          label: `Target ${target.value}`,
          onchange: (on) => {
            const next = toggled("sdg", target.value, on);
            const list = next.filters.sdg.filter((v) => v !== goal.value);
            const left = list.filter((v) => v.startsWith(goal.value + "."));
            // Unticking the last target goes back up to its goal.
            if (!on && left.length === 0) list.push(goal.value);
            next.filters.sdg = list;
            go(next);
          },
        }))
        : [];
      return facetRow("sdg", goal, {
        label: `SDG ${goal.value}${SDG_GOALS[goal.value] ? " · " + SDG_GOALS[goal.value] : ""}`,
        checked: goalChosen,
        indeterminate: !goalChosen && targetsChosen.length > 0,
        children,
        onchange: (on) => {
          const next = cloneState(current);
          next.doc = "";
          next.page = 1;
          next.filters.sdg = next.filters.sdg.filter((v) => v !== goal.value && !v.startsWith(goal.value + "."));
          next.q = withoutTypedValues(next.q, "sdg", sdgSelected.filter((v) => v === goal.value || v.startsWith(goal.value + ".")));
          if (on) next.filters.sdg.push(goal.value);
          go(next);
        },
      });
    });
    addPanel(panel("sdg", "SDG goal and target", goalRows, goals.length));

    for (const [field, title] of [["programme", "Programme"], ["donor", "Donor"], ["mentioned", "Countries mentioned"]]) {
      const picked = chosen(field);
      const items = withSelected(facets[field] || [], picked);
      const rows = visibleRows(field, items, (i) => picked.includes(i.value)).map((i) => facetRow(field, i));
      addPanel(panel(field, title, rows, items.length));
    }

    // When: years, months, a free date range, online only.
    const monthsChosen = chosen("month");
    const years = withSelected(facets.year || [], chosen("year"));
    const months = withSelected(facets.month || [], monthsChosen);
    const yearRows = years.map((y) => facetRow("year", y));
    const monthRows = visibleRows("month", months, (m) => monthsChosen.includes(m.value))
      .map((m) => facetRow("month", m, { label: monthLabel(m.value, false) }));
    addPanel(panel("year", "Year", yearRows, years.length));
    addPanel(panel("month", "Month", monthRows, months.length));

    // The dates panel stays in place across redraws (the other panels go in
    // before it): a date field being typed in keeps its focus and its text.
    const online = el("input", {
      type: "checkbox", "data-facet": "online", checked: current.online,
      onchange: (event) => { const next = cloneState(current); next.online = event.target.checked; next.page = 1; next.doc = ""; go(next); },
    });
    clear(datesPanel.online);
    datesPanel.online.appendChild(el("li", { class: "facet-row" + (current.online ? " is-selected" : "") },
      el("label", {}, online, el("span", { class: "facet-name" }, "Held online only"))));
    syncDateFields();

    const active = filterRemovals().length;
    ui.filtersToggle.textContent = active ? `Filters (${active})` : "Filters";
    // On a phone the results sit below the open panel: its last row says how
    // many a ticked filter leaves, and takes the reader to them.
    const total = lastAnswer ? lastAnswer.total : null;
    ui.facets.appendChild(el("button", {
      type: "button", class: "facets-done",
      onclick: () => {
        ui.facets.classList.remove("open");
        ui.filtersToggle.setAttribute("aria-expanded", "false");
        ui.summary.focus();
        ui.summary.scrollIntoView({ block: "start" });
      },
    }, total === null ? "Show the results" : `Show ${formatNumber(total)} ${plural(total, "activity", "activities")}`));
    if (focused && focused[0] && !datesPanel.section.contains(document.activeElement)) {
      let again = null;
      for (const input of ui.facets.querySelectorAll("input[data-facet]")) {
        if (input.dataset.facet === focused[0] && (input.dataset.value || "") === (focused[1] || "")) {
          again = input;
          break;
        }
      }
      // A row gone (unticked, past a folded panel's first rows): its panel's
      // "Show all", or its first row, takes the focus, not the page's body.
      const panelNow = focusedPanelId ? ui.facets.querySelector(`[data-panel="${focusedPanelId}"]`) : null;
      if (!again && panelNow) again = panelNow.querySelector(".facet-more") || panelNow.querySelector("input");
      if (again) again.focus({ preventScroll: true });
    }
  }

  // --------------------------------------------------------------- detail

  function showDoc(answer) {
    const record = answer.record;
    ui.resultsView.hidden = true;
    ui.docView.hidden = false;
    ui.docView.dataset.id = record.id;
    ui.docView.dataset.title = record.title;
    ui.docView.setAttribute("tabindex", "-1");
    // It takes the focus: named by its title, as a screen reader says it.
    ui.docView.setAttribute("aria-labelledby", "doc-title");
    clear(ui.docView);
    const back = el("button", {
      type: "button", class: "back",
      onclick: () => {
        // Back in history only when the entry before is the results this
        // activity was opened from (not another activity, via "similar").
        if (history.state && history.state.inApp && history.state.fromResults) {
          focusSummaryOnPop = true;
          history.back();
        }
        else { const next = cloneState(current); next.doc = ""; go(next, { focusSummary: true }); }
      },
    }, el("span", { class: "arrow", "aria-hidden": "true" }, "‹"), " Back to results");
    const facts = el("dl", { class: "doc-facts" });
    const fact = (label, ...content) => {
      facts.appendChild(el("dt", {}, label));
      facts.appendChild(el("dd", {}, ...content));
    };
    fact("When and where", eventsMeta(record.events));
    const list = (field, values, label) => el("ul", { class: "chips" },
      values.map((v) => filterChip(field, v, label ? label(v) : v, field === "sdg" ? "chip-sdg" : "")));
    if (record.programmes.length) fact("Programmes", list("programme", record.programmes));
    if (record.donors.length) fact("Donors", list("donor", record.donors));
    if (record.sdg_targets.length) fact("SDG targets", list("sdg", record.sdg_targets, (t) => `SDG ${t}`));
    if (record.countries_mentioned.length) fact("Countries mentioned", list("mentioned", record.countries_mentioned));
    const acronyms = Object.entries(record.acronyms || {});
    if (acronyms.length) fact("Acronyms", el("ul", {}, acronyms.map(([a, e]) => el("li", {}, el("strong", {}, a), " " + e))));
    const body = el("div", { class: "doc-body" },
      (record.body || "").split(/\n+/).filter((p) => p.trim()).map((p) => el("p", {}, p)));
    const similar = el("section", { class: "similar", "aria-labelledby": "similar-title" },
      el("h2", { id: "similar-title" }, "Similar activities"));
    if (answer.similar.length) {
      similar.appendChild(el("ol", {}, answer.similar.map((hit) => el("li", { class: "similar-item", "data-id": hit.id },
        docLink(hit.id, hit.title), eventsMeta(hit.events)))));
    } else {
      similar.appendChild(el("p", { class: "facet-empty" }, "No similar activity in the index."));
    }
    ui.docView.append(back, el("h1", { id: "doc-title" }, record.title), el("p", { class: "doc-dateline" }, record.dateline),
      facts, body,
      el("p", { class: "doc-source" }, `Source: ${record.source}, line ${record.line} · id ${record.id}`),
      similar);
  }

  // ---------------------------------------------------------- suggestions

  let suggestTimer = 0;
  let suggestSeq = 0;
  let suggestionItems = [];
  let activeSuggestion = -1;
  // The box's text the shown suggestions are for: once more is typed they
  // no longer stand for it, and Enter searches the box as typed.
  let suggestedFor = "";

  // A field's suggestions are labelled as its facet panel and chips are.
  const KIND_LABELS = { ...FIELD_LABELS, title: "Activity", acronym: "Acronym", word: "Word" };

  /** Says how many suggestions are open (a list appearing under the box is
   * not announced otherwise); said again only when the number changes. */
  function saySuggestions(count) {
    const text = count ? `${count} ${plural(count, "suggestion", "suggestions")}: the up and down arrow keys choose one` : "";
    if (ui.suggestionStatus.textContent !== text) ui.suggestionStatus.textContent = text;
  }

  function closeSuggestions() {
    saySuggestions(0);
    ui.suggestions.hidden = true;
    ui.q.setAttribute("aria-expanded", "false");
    ui.q.removeAttribute("aria-activedescendant");
    suggestionItems = [];
    activeSuggestion = -1;
    clear(ui.suggestions);
  }

  function setActiveSuggestion(index) {
    activeSuggestion = index;
    Array.from(ui.suggestions.children).forEach((node, i) => node.setAttribute("aria-selected", i === index ? "true" : "false"));
    if (index >= 0 && ui.suggestions.children[index]) {
      ui.q.setAttribute("aria-activedescendant", ui.suggestions.children[index].id);
      ui.suggestions.children[index].scrollIntoView({ block: "nearest" });
    } else {
      ui.q.removeAttribute("aria-activedescendant");
    }
  }

  async function fetchSuggestions(prefix) {
    const seq = ++suggestSeq;
    let items;
    try {
      items = await getJson("/api/suggest?" + new URLSearchParams({ q: prefix, limit: "8" }));
    } catch (_) {
      if (seq === suggestSeq) closeSuggestions();
      return;
    }
    if (seq !== suggestSeq || ui.q.value.trim() !== prefix || document.activeElement !== ui.q) return;
    clear(ui.suggestions);
    suggestionItems = items;
    suggestedFor = prefix;
    activeSuggestion = -1;
    if (!items.length) {
      closeSuggestions();
      return;
    }
    items.forEach((item, i) => {
      ui.suggestions.appendChild(el("li", {
        id: `suggestion-${i}`, class: "suggestion", role: "option", "aria-selected": "false",
        onmousedown: (event) => { event.preventDefault(); takeSuggestion(i); },
      }, el("span", { class: "suggestion-kind" }, KIND_LABELS[item.kind] || item.kind),
      el("span", { class: "suggestion-text" }, item.text),
      item.detail ? el("span", { class: "suggestion-detail" }, item.detail) : null));
    });
    ui.suggestions.hidden = false;
    ui.q.setAttribute("aria-expanded", "true");
    saySuggestions(items.length);
  }

  function takeSuggestion(index) {
    const item = suggestionItems[index];
    const stale = ui.q.value.trim() !== suggestedFor;
    closeSuggestions();
    if (!item || stale) return;
    const next = cloneState(current);
    next.page = 1;
    next.doc = "";
    // The answer gives the box's text with the part being typed completed
    // (`country:montenegro city:Podgorica`); a title opens its activity,
    // the text before the word kept for the way back to the results.
    next.q = typeof item.query === "string" ? item.query : ui.q.value.trim();
    if (item.kind === "title" && item.id) next.doc = item.id;
    go(next);
  }

  ui.q.addEventListener("input", () => {
    clearTimeout(suggestTimer);
    const prefix = ui.q.value.trim();
    if (prefix !== suggestedFor) setActiveSuggestion(-1);
    if (prefix.length < 2) {
      suggestSeq++;
      closeSuggestions();
      return;
    }
    suggestTimer = setTimeout(() => fetchSuggestions(prefix), 120);
  });

  ui.q.addEventListener("keydown", (event) => {
    const open = !ui.suggestions.hidden && suggestionItems.length > 0;
    if (event.key === "ArrowDown" && !open && !event.altKey && ui.q.value.trim().length >= 2) {
      // Closed (by Esc, or a search): the down arrow opens them again.
      event.preventDefault();
      clearTimeout(suggestTimer);
      fetchSuggestions(ui.q.value.trim());
    } else if (event.key === "ArrowDown" && open) {
      event.preventDefault();
      setActiveSuggestion((activeSuggestion + 1) % suggestionItems.length);
    } else if (event.key === "ArrowUp" && open) {
      event.preventDefault();
      setActiveSuggestion(activeSuggestion <= 0 ? suggestionItems.length - 1 : activeSuggestion - 1);
    } else if (event.key === "Enter" && open && activeSuggestion >= 0 && ui.q.value.trim() === suggestedFor) {
      event.preventDefault();
      takeSuggestion(activeSuggestion);
    } else if (event.key === "Escape") {
      if (open) {
        event.preventDefault();
        closeSuggestions();
      }
    }
  });

  ui.q.addEventListener("blur", () => setTimeout(closeSuggestions, 100));

  ui.form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearTimeout(suggestTimer);
    suggestSeq++;
    closeSuggestions();
    const next = cloneState(current);
    next.q = ui.q.value.trim();
    next.page = 1;
    next.doc = "";
    go(next);
  });

  ui.sort.addEventListener("change", () => {
    const next = cloneState(current);
    next.sort = ui.sort.value;
    next.page = 1;
    go(next);
  });

  ui.home.addEventListener("click", (event) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey) return;
    event.preventDefault();
    go(emptyState());
    ui.q.focus();
  });

  ui.filtersToggle.addEventListener("click", () => {
    const open = ui.facets.classList.toggle("open");
    ui.filtersToggle.setAttribute("aria-expanded", open ? "true" : "false");
  });

  // "/" jumps to the search box, as on most search sites: from the count
  // of results (where most actions leave the focus) or any control, but
  // not from a field being typed in (a date's "/" is its own).
  const TYPED_INPUTS = ["checkbox", "radio", "button", "submit", "reset"];
  document.addEventListener("keydown", (event) => {
    if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
    const at = event.target;
    const typing = at instanceof HTMLElement && (at.isContentEditable || at.tagName === "TEXTAREA"
      || at.tagName === "SELECT" || (at.tagName === "INPUT" && !TYPED_INPUTS.includes(at.type)));
    if (typing) return;
    event.preventDefault();
    ui.q.focus();
  });

  // "Back to results" goes back in history; the count of results then takes
  // the focus, which would otherwise fall to the page's body.
  let focusSummaryOnPop = false;
  window.addEventListener("popstate", () => {
    current = stateFromUrl();
    const focusSummary = focusSummaryOnPop && !current.doc;
    focusSummaryOnPop = false;
    // The browser's back and forward: a focus left in the view that went
    // away goes to the count of results, or to the activity.
    render({ focus: false, focusSummary, focusIfLost: true });
  });

  // The sticky header's height, for the CSS that keeps what the page scrolls
  // to (the count of results, the filter chips) from sliding under it.
  const header = document.querySelector(".top");
  const noteHeaderHeight = () => document.documentElement.style.setProperty("--top-height", `${header.offsetHeight}px`);
  noteHeaderHeight();
  if (window.ResizeObserver) new ResizeObserver(noteHeaderHeight).observe(header);
  else window.addEventListener("resize", noteHeaderHeight);

  // ----------------------------------------------------------------- start

  history.replaceState({ inApp: false }, "", pageUrl(current));
  Promise.all([
    getJson("/api/facets/country").then(learnCities).catch(() => {}),
    getJson("/healthz").then((h) => {
      ui.indexSize.textContent = `${formatNumber(h.entries)} ${plural(h.entries, "activity", "activities")} in the index`;
      exportMaxRows = Number(h.export_max_rows) || 0;
    }).catch(() => {}),
  ]).finally(() => render({ focus: false }));
})();
