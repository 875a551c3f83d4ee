"""A synthetic portal at a chosen size, for the benchmark. Clearly synthetic: the people
are "Synthetic Person 0001" and so on, never real people.

It passes `check` without a warning, so that the benchmark measures a clean build: every
`verified` date is the date of a cited source, every held person can be written to (an
address, or the letter service), no summary speaks of health or of a release its
person's status contradicts, the be/ru names carry their number as a number (№ 00001,
not a count to group in threes), and every file is in the web editor's style (as
`build.py format` writes it). The statuses never go stale (`verified_max_age_days` at
its largest), since the benchmark is run on any day."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import yaml

from portal.checks.canonical import canonical, project_files

PROJECT = Path(__file__).resolve().parents[2]
WORDS = {
    "en": ["letter", "court", "family", "prison", "release", "statement", "support", "winter", "city", "book", "friend", "news", "garden", "river", "morning", "evening", "road", "lawyer", "card", "music", "week", "colony", "year"],
    "be": ["ліст", "суд", "сям'я", "турма", "вызваленне", "заява", "падтрымка", "зіма", "горад", "кніга", "сябар", "навіны", "сад", "рака", "раніца", "вечар", "дарога", "адвакат", "паштоўка", "музыка", "тыдзень", "калонія", "год"],
    "ru": ["письмо", "суд", "семья", "тюрьма", "освобождение", "заявление", "поддержка", "зима", "город", "книга", "друг", "новости", "сад", "река", "утро", "вечер", "дорога", "адвокат", "открытка", "музыка", "неделя", "колония", "год"],
}
LANGS = ("en", "be", "ru")
WITHHELD_EVERY = 50
"""One person in fifty has their name withheld."""
STATUSES = ("imprisoned", "imprisoned", "imprisoned", "released", "exiled", "re-arrested")
NOT_IN_SUMMARIES = {"release", "river"}
"""Words a summary leaves out: a release contradicts a held person's status, and the
Belarusian river (рака) is also the word for cancer, which a summary must not name."""
SUMMARY_WORDS = {lang: [w for w, en in zip(words, WORDS["en"], strict=True)
                        if en not in NOT_IN_SUMMARIES] for lang, words in WORDS.items()}
VERIFIED = "2025-12-01"
"""Every profile's `verified` date: the date of the register all of them cite."""


def _text(rng: random.Random, lang: str, low: int, high: int,
          vocabulary: dict[str, list[str]] = WORDS) -> str:
    words = [rng.choice(vocabulary[lang]) for _ in range(rng.randint(low, high))]
    sentences, i = [], 0
    while i < len(words):
        n = rng.randint(8, 16)
        sentence = " ".join(words[i:i + n])
        sentences.append(sentence[:1].upper() + sentence[1:] + ".")
        i += n
    paragraphs = [" ".join(sentences[j:j + 5]) for j in range(0, len(sentences), 5)]
    return "\n\n".join(paragraphs)


def _dump(path: Path, data) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000),
                    encoding="utf-8")


def generate(root: Path, people: int, statements: int, seed: int = 1) -> Path:
    """Write a complete synthetic project under `root` and return it."""
    rng = random.Random(seed)
    root.mkdir(parents=True, exist_ok=True)
    shutil.copytree(PROJECT / "templates", root / "templates", dirs_exist_ok=True)
    shutil.copytree(PROJECT / "data/strings", root / "data/strings", dirs_exist_ok=True)
    site = yaml.safe_load((PROJECT / "data/site.yaml").read_text(encoding="utf-8"))
    site["base_url"] = "https://synthetic.example/"
    site["checks"] = {"verified_max_age_days": 36_500}
    site["menu"] = ["prisoners", "statements", "timeline", "help", "write", "about", "search"]
    _dump(root / "data/site.yaml", site)
    _dump(root / "data/sources.yaml", [{"id": f"source-{i}", "title": f"Synthetic source {i}",
                                        "publisher": "Synthetic publisher",
                                        "date": f"2025-0{i + 1}-01"} for i in range(5)]
          + [{"id": "register", "title": "Synthetic register", "publisher": "Synthetic "
              "publisher", "date": VERIFIED}])
    facilities = [{"id": f"facility-{i}", "kind": ("pre-trial", "colony", "prison")[i % 3],
                   "name": {lang: f"Facility {i}" for lang in LANGS},
                   "city": {"en": "Minsk", "be": "Мінск", "ru": "Минск"},
                   "envelope": {"ru": [f"ИК №{i}", "ул. Примерная, 1", "220000, г. Минск"],
                                "be": [f"ПК №{i}", "вул. Прыкладная, 1", "220000, г. Мінск"]},
                   "sources": ["source-0"]} for i in range(30)]
    _dump(root / "data/facilities.yaml", facilities)
    waves = [{"id": f"2025-{m:02d}-01", "date": f"2025-{m:02d}-01", "released": 50,
              "summary": {lang: _text(rng, lang, 30, 60) for lang in LANGS},
              "sources": ["source-1"]} for m in range(1, 13)]
    _dump(root / "data/statistics.yaml", [{"date": f"2025-{m:02d}", "count": 1100 + m,
                                           "sources": ["source-2"]} for m in range(1, 13)])
    _dump(root / "data/actions.yaml", [{"id": "write", "kind": "write",
                                        "title": {lang: "Write" for lang in LANGS},
                                        "text": {lang: _text(rng, lang, 20, 40) for lang in LANGS},
                                        "sources": ["source-3"]}])
    _dump(root / "data/letters.yaml", {
        "rules": {"do": [{"text": {lang: "Write." for lang in LANGS}, "sources": ["source-4"]}],
                  "avoid": [{"text": {lang: "Avoid." for lang in LANGS},
                             "sources": ["source-4"]}]},
        "phrases": [{"id": "hello", "occasion": "general", "ru": "Здравствуйте!",
                     "be": "Добры дзень!", "meaning": {lang: "Hello!" for lang in LANGS}}],
        "services": [{"id": "synthetic-post", "name": "Synthetic letter service",
                      "url": "https://post.synthetic.example/",
                      "how": {lang: "Forwards letters." for lang in LANGS},
                      "sources": ["source-4"]}]})
    slugs = []
    for i in range(1, people + 1):
        slug = f"synthetic-person-{i:05d}"
        slugs.append(slug)
        status = rng.choice(STATUSES)
        events = [{"type": "detained", "date": f"20{rng.randint(20, 24)}-0{rng.randint(1, 9)}-1"
                   f"{rng.randint(0, 9)}", "sources": ["source-0"]}]
        person = {
            "name": {"en": f"Synthetic Person {i:05d}", "be": f"Сінтэтычны Чалавек № {i:05d}",
                     "ru": f"Синтетический Человек № {i:05d}"},
            "gender": rng.choice(("male", "female")), "status": status,
            "verified": VERIFIED, "roles": [rng.choice(("journalist", "activist"))],
            "name_withheld": False, "events": events,
            "summary": {lang: _text(rng, lang, 8, 14, SUMMARY_WORDS) for lang in LANGS},
            "biography": {lang: _text(rng, lang, 150, 400) for lang in LANGS},
            "sources": ["source-0", "register"],
        }
        if i % WITHHELD_EVERY == 0:  # names withheld: the leak guard looks for them
            slug = f"withheld-{i:05d}"
            slugs[-1] = slug
            person["name"] = {"en": f"Anonymous{i:05d} Hidden{i:05d}",
                              "be": f"Ананімны{i:05d} Схаваны{i:05d}",
                              "ru": f"Анонимный{i:05d} Скрытый{i:05d}"}
            person["name_withheld"] = True
        if rng.random() < 0.3:
            person["born"] = f"19{rng.randint(50, 99)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}"
        if status in ("imprisoned", "re-arrested") and rng.random() < 0.7:
            person["facility"] = f"facility-{rng.randrange(30)}"
        if status in ("released", "exiled"):
            wave = rng.choice(waves)
            events.append({"type": "released", "date": wave["date"], "wave": wave["id"],
                           "sources": ["source-1"]})
            if len(wave.setdefault("people", [])) < 50:
                wave["people"].append(slug)
        _dump(root / f"data/prisoners/{slug}.yaml", person)
    _dump(root / "data/releases.yaml", waves)
    folder = root / "content/statements"
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(1, statements + 1):
        slug = f"2025-01-01-synthetic-statement-{i:05d}"
        concerned = rng.sample(slugs, min(3, len(slugs)))
        for lang in LANGS:
            front = {"title": f"Synthetic statement {i}", "date": "2025-01-01",
                     "author": "Synthetic organisation", "sources": ["source-0"],
                     "summary": _text(rng, lang, 12, 20), "people": concerned}
            body = _text(rng, lang, 400, 900)
            (folder / f"{slug}.{lang}.md").write_text(
                "---\n" + yaml.safe_dump(front, allow_unicode=True, sort_keys=False)
                + "---\n" + body + "\n", encoding="utf-8")
    pages = root / "content/pages"
    pages.mkdir(parents=True, exist_ok=True)
    for lang in LANGS:
        for slug, template in (("about", "page.html"), ("help", "help.html"),
                               ("write", "write.html")):
            (pages / f"{slug}.{lang}.md").write_text(
                f"---\ntitle: {slug.title()}\ntemplate: {template}\n---\n"
                f"{_text(rng, lang, 60, 120)}\n", encoding="utf-8")
    _format(root)
    return root


def _format(root: Path) -> None:
    """Write every file of data/ and content/ in the web editor's style."""
    for relative in project_files(root):
        path = root / relative
        text = path.read_text(encoding="utf-8")
        path.write_text(canonical(relative, text, root=root), encoding="utf-8")
