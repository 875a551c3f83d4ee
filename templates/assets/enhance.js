// Progressive enhancement: copy an address or a link, print a letter, check a draft.
// Nothing here sends anything anywhere; without JavaScript every page works as it is.
"use strict";

document.querySelectorAll(".copy-button").forEach((button) => {
  const target = button.dataset.copy && document.getElementById(button.dataset.copy);
  if (!(target || button.dataset.copyText) || !navigator.clipboard) return;
  button.hidden = false;
  button.addEventListener("click", () => {
    const text = target
      ? [...target.querySelectorAll(".line")].map((line) => line.textContent.trim()).join("\n")
      : button.dataset.copyText;
    navigator.clipboard.writeText(text).then(() => {
      const label = button.textContent;
      button.textContent = button.dataset.copied;
      setTimeout(() => { button.textContent = label; }, 2000);
    });
  });
});

document.querySelectorAll(".print-button").forEach((button) => {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
});

const check = document.querySelector(".draft-check");
if (check) {
  check.hidden = false;
  const draft = check.querySelector("textarea");
  const list = check.querySelector(".draft-warnings");
  const stems = check.dataset.avoid.split("|").filter(Boolean).map((s) => s.toLowerCase());
  const unique = (items) => [...new Set(items)];
  const show = () => {
    const text = draft.value;
    const words = text.toLowerCase().match(/[\p{L}-]+/gu) || [];
    const found = [
      [check.dataset.latin, unique(text.match(/[A-Za-z]+/g) || [])],
      [check.dataset.words, unique(words.filter((w) => stems.some((s) => w.startsWith(s))))
        .concat(stems.filter((s) => s.includes(" ") && text.toLowerCase().includes(s)))],
      [check.dataset.emoji, unique(text.match(/\p{Extended_Pictographic}/gu) || [])],
      [check.dataset.abbreviations, unique(text.match(/(?<!\p{L})\p{Lu}{2,}(?!\p{L})/gu) || [])],
    ].filter(([, items]) => items.length);
    list.replaceChildren(...(text.trim() ? (found.length ? found : [[check.dataset.ok, []]]) : [])
      .map(([label, items]) => {
        const item = document.createElement("li");
        item.textContent = items.length ? `${label} ${items.join(", ")}` : label;
        return item;
      }));
  };
  draft.addEventListener("input", show);
}

// The prisoners list: filter by status, role, place, region, release and article, and find
// a name in any spelling. The skeleton below mirrors portal/search.py.
const CYRILLIC = {б: "b", в: "v", г: "h", ґ: "h", д: "d", ж: "z", з: "z", к: "k", л: "l",
  м: "m", н: "n", п: "p", р: "r", с: "s", т: "t", ф: "f", х: "h", ц: "c", ч: "c", ш: "s",
  щ: "s"};
const DIGRAPHS = [["shch", "s"], ["sch", "s"], ["kh", "h"], ["zh", "z"], ["sh", "s"],
  ["ch", "c"], ["ts", "c"], ["tz", "c"], ["ck", "k"], ["ph", "f"], ["w", "v"], ["x", "ks"],
  ["q", "k"], ["g", "h"]];

function skeleton(word) {
  let text = [...word.toLowerCase().replaceAll("ł", "l")].map((c) => CYRILLIC[c] ?? c).join("");
  text = text.normalize("NFKD").replace(/[^a-z]/g, "");
  for (const [from, to] of DIGRAPHS) text = text.replaceAll(from, to);
  const consonants = [...text].filter((c) => "bcdfhklmnprstvz".includes(c));
  return consonants.filter((c, i) => i === 0 || c !== consonants[i - 1]).join("");
}

const filters = document.querySelector("form.filters");
if (filters) {
  filters.hidden = false;
  const count = filters.querySelector(".filter-count");
  const chosen = () => [...filters.querySelectorAll("select")].filter((s) => s.value);
  const wanted = () => filters.querySelector("#filter-name").value.split(/[^\p{L}']+/u)
    .map(skeleton).filter(Boolean);
  const fits = (query, keys, picks, value) => query.every((q) => keys.some((k) => k.startsWith(q)))
    && picks.every((s) => value(s.dataset.filter).split(" ").includes(s.value));
  if (!filters.dataset.people) {
    // The whole list is on this page: show and hide its cards.
    const people = [...document.querySelectorAll("li.person[data-keys]")];
    const apply = () => {
      const query = wanted(), picks = chosen();
      let shown = 0;
      for (const person of people) {
        const ok = fits(query, person.dataset.keys.split(" "), picks,
          (key) => person.dataset[key]);
        person.hidden = !ok;
        shown += ok ? 1 : 0;
      }
      document.querySelectorAll("main section").forEach((section) => {
        const items = section.querySelectorAll("li.person");
        if (items.length) section.hidden = [...items].every((item) => item.hidden);
      });
      count.textContent = count.dataset.template.replace("{count}", shown);
    };
    filters.addEventListener("input", apply);
  } else {
    // The list is cut into pages: filter everyone from one file, fetched on first use.
    const own = document.querySelector(".paged-list");
    const found = document.querySelector(".filter-results");
    const list = found.querySelector("ul");
    const more = found.querySelector(".filter-more");
    const profiles = new URL(filters.dataset.profiles, location.href);
    const portable = profiles.pathname.endsWith("/index.html");
    const labels = Object.fromEntries([...filters.querySelectorAll("#filter-status option")]
      .map((option) => [option.value, option.textContent]));
    let data = null, matches = [], shown = 0, ticket = 0;
    const card = (row) => {
      const item = document.createElement("li");
      item.className = "person";
      const name = document.createElement("p");
      name.className = "person-name";
      const link = document.createElement("a");
      link.href = new URL(`${row.slug}/${portable ? "index.html" : ""}`,
        portable ? new URL(".", profiles) : profiles);
      link.textContent = row.name;
      name.append(link);
      const meta = document.createElement("p");
      meta.className = "person-meta";
      meta.textContent = row.meta || labels[row.status] || row.status;  // as the cards say it
      item.append(name, meta);
      return item;
    };
    const showMore = () => {
      list.append(...matches.slice(shown, shown + 100).map(card));
      shown = Math.min(shown + 100, matches.length);
      more.hidden = shown >= matches.length;
    };
    const apply = async () => {
      const mine = ++ticket;
      const query = wanted(), picks = chosen();
      if (!query.length && !picks.length) {
        own.hidden = false;
        found.hidden = true;
        count.textContent = "";
        return;
      }
      try {
        if (!data) {
          const response = await fetch(filters.dataset.people);
          if (!response.ok) throw new Error(response.status);
          const file = await response.json();
          data = file.people.map((row) => Object.fromEntries(file.fields.map((f, i) => [f, row[i]])));
        }
      } catch (error) {
        if (mine === ticket) count.textContent = filters.dataset.failed;
        return;
      }
      if (mine !== ticket) return;
      matches = data.filter((row) => fits(query, row.keys.split(" "), picks, (key) => row[key]));
      list.replaceChildren();
      shown = 0;
      showMore();
      own.hidden = true;
      found.hidden = false;
      count.textContent = count.dataset.template.replace("{count}", matches.length);
    };
    filters.addEventListener("input", apply);
    more.addEventListener("click", showMore);
  }
  filters.addEventListener("submit", (event) => event.preventDefault());
}

// Full-text search in a sharded index (portal/fulltext.py, portal/shards.py): the manifest
// lists the first word of each shard, so a query fetches only the shards that can hold the
// words starting with what was typed, then the titles of the results it shows.
const search = document.querySelector("form.site-search");
if (search) {
  search.hidden = false;
  document.querySelector(".no-script-search").hidden = true;
  const input = search.querySelector("#search-query");
  const results = search.querySelector(".search-results");
  const counter = search.querySelector(".search-count");
  const more = search.querySelector(".search-more");
  const kinds = Object.fromEntries(search.dataset.kinds.split("|").map((p) => p.split(":")));
  const manifestUrl = new URL(search.dataset.index, location.href);
  const fold = (text) => text.toLowerCase().normalize("NFKD").replace(/\p{M}/gu, "");
  const files = new Map();
  const load = (path) => {
    if (!files.has(path)) {
      files.set(path, fetch(new URL(path, manifestUrl)).then((response) => {
        if (!response.ok) throw new Error(`${path}: ${response.status}`);
        return response.json();
      }));
    }
    return files.get(path);
  };
  const WIDEST = 4;  // shards a word may need; past that, only the word itself is looked up
  const MOST_WORDS = 4;  // words looked up, so that a query fetches at most 2 × 4 × 4 shards
  const PAGE = 20;  // results shown at a time
  const last = (firsts, word) => {  // the last shard whose first word is not after `word`
    let low = 0, high = firsts.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (firsts[middle] <= word) low = middle + 1; else high = middle;
    }
    return Math.max(low - 1, 0);
  };
  const lookup = async (folder, firsts, word) => {
    const found = new Set();
    if (!word || !firsts.length) return found;
    const start = last(firsts, word), end = last(firsts, `${word}\uffff`);
    const exact = end - start >= WIDEST;
    const numbers = exact ? [start] : Array.from({length: end - start + 1}, (_, i) => start + i);
    for (const shard of await Promise.all(numbers.map((n) => load(`${folder}/${n}.json`)))) {
      for (const [key, steps] of Object.entries(shard)) {
        if (exact ? key !== word : !key.startsWith(word)) continue;
        let number = 0;
        for (const step of steps) found.add(number += step);
      }
    }
    return found;
  };
  // The words worth looking up, and whether words that would narrow the results were
  // left out: a word that begins another of the query (`a` of `anna`) finds nothing the
  // longer one does not; one letter, beside longer words, narrows little and may span many
  // shards; past MOST_WORDS, the rest are left out. However long a shared link's query,
  // it fetches a bounded number of files.
  const terms = (text) => {
    const all = [...new Set(fold(text).split(/[^\p{L}\p{N}]+/u).filter(Boolean))];
    const needed = all.filter((word) => !all.some((other) => other !== word
      && other.startsWith(word)));
    const longer = needed.some((word) => word.length > 1)
      ? needed.filter((word) => word.length > 1) : needed;
    const words = longer.slice(0, MOST_WORDS);
    return [words, words.length < needed.length];
  };
  let ticket = 0, hits = [], shown = 0;
  const showMore = async (mine) => {
    const manifest = await load("manifest.json");
    const next = hits.slice(shown, shown + PAGE);
    const docs = await Promise.all(next.map(async (number) =>
      (await load(`d/${Math.floor(number / manifest.chunk)}.json`))[number % manifest.chunk]));
    if (mine !== ticket) return;
    results.append(...docs.map(([address, title, kind, about]) => {
      const item = document.createElement("li");
      const link = document.createElement("a");
      link.href = address;
      link.textContent = title;
      const meta = document.createElement("span");
      meta.className = "meta";
      meta.textContent = ` — ${kinds[kind] || kind}${about ? ` · ${about}` : ""}`;
      item.append(link, meta);
      return item;
    }));
    shown += next.length;
    more.hidden = shown >= hits.length;
  };
  const run = async () => {
    const mine = ++ticket;
    const [words, shortened] = terms(input.value);
    if (!words.length) {
      results.replaceChildren();
      counter.textContent = "";
      more.hidden = true;
      return;
    }
    try {
      const manifest = await load("manifest.json");
      const sets = await Promise.all(words.map(async (word) => {
        const [written, named] = await Promise.all([lookup("w", manifest.words, word),
          lookup("n", manifest.names, skeleton(word))]);
        named.forEach((number) => written.add(number));
        return written;
      }));
      if (mine !== ticket) return;  // a newer query has started
      hits = [...sets.reduce((all, set) => new Set([...all].filter((n) => set.has(n))))]
        .sort((a, b) => a - b);
      shown = 0;
      results.replaceChildren();
      await showMore(mine);
      if (mine !== ticket) return;
      counter.textContent = (hits.length
        ? search.dataset.count.replace("{count}", hits.length) : search.dataset.none)
        + (shortened ? ` ${search.dataset.shortened.replace("{words}", words.join(" "))}` : "");
    } catch (error) {
      if (mine !== ticket) return;
      files.clear();  // try again on the next keystroke
      results.replaceChildren();
      more.hidden = true;
      counter.textContent = search.dataset.failed;
    }
  };
  let timer = 0;
  input.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(run, 100); });
  search.addEventListener("submit", (event) => { event.preventDefault(); run(); });
  more.addEventListener("click", () => showMore(ticket));
  const initial = new URLSearchParams(location.search).get("q");
  if (initial) { input.value = initial; run(); }
}
