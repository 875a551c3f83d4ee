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
  const people = [...document.querySelectorAll("li.person[data-keys]")];
  const count = filters.querySelector(".filter-count");
  const apply = () => {
    const query = filters.querySelector("#filter-name").value.split(/[^\p{L}']+/u)
      .map(skeleton).filter(Boolean);
    const chosen = [...filters.querySelectorAll("select")].filter((s) => s.value);
    let shown = 0;
    for (const person of people) {
      const keys = person.dataset.keys.split(" ");
      const ok = query.every((q) => keys.some((k) => k.startsWith(q))) &&
        chosen.every((s) => person.dataset[s.dataset.filter].split(" ").includes(s.value));
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
  filters.addEventListener("submit", (event) => event.preventDefault());
}

// Full-text search: load this language's index on the first search, match every word.
const search = document.querySelector("form.site-search");
if (search) {
  search.hidden = false;
  document.querySelector(".no-script-search").hidden = true;
  const input = search.querySelector("#search-query");
  const results = search.querySelector(".search-results");
  const counter = search.querySelector(".search-count");
  const kinds = Object.fromEntries(search.dataset.kinds.split("|").map((p) => p.split(":")));
  const fold = (text) => text.toLowerCase().normalize("NFKD").replace(/\p{M}/gu, "")
    .replaceAll("ё", "е");
  let index = null;
  const run = async () => {
    const query = input.value.trim();
    if (!query) { results.replaceChildren(); counter.textContent = ""; return; }
    if (!index) {
      index = (await (await fetch(search.dataset.index)).json())
        .map((doc) => ({...doc, f: fold(`${doc.t} ${doc.x}`)}));
    }
    const words = fold(query).split(/[^\p{L}\p{N}]+/u).filter(Boolean);
    const hits = index.filter((doc) => words.every((w) => doc.f.includes(w) ||
      (doc.n && doc.n.split(" ").some((k) => k && k.startsWith(skeleton(w))))));
    results.replaceChildren(...hits.slice(0, 50).map((doc) => {
      const item = document.createElement("li");
      const link = document.createElement("a");
      link.href = doc.u;
      link.textContent = doc.t;
      const kind = document.createElement("span");
      kind.className = "meta";
      kind.textContent = ` — ${kinds[doc.k] || doc.k}`;
      item.append(link, kind);
      return item;
    }));
    counter.textContent = hits.length
      ? search.dataset.count.replace("{count}", hits.length) : search.dataset.none;
  };
  input.addEventListener("input", run);
  search.addEventListener("submit", (event) => { event.preventDefault(); run(); });
  const initial = new URLSearchParams(location.search).get("q");
  if (initial) { input.value = initial; run(); }
}
