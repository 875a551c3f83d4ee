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
