"""Alphabetical order in the reader's alphabet (portal/names/collation.py): a list with a
person for every letter of the Belarusian, Russian and English alphabets (CLDR's exemplar
characters) is in the order ICU's collation for the language gives, and Node's
Intl.Collator agrees; the letter links of a paged list are the collation's letters (Ё and
Ў of their own in Belarusian, Ё filed under Е in Russian); the filters' options are in
the same order; and each filter's "any" option agrees with its label."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import unicodedata
from pathlib import Path

import icu
import pytest

from portal.checks.shapes import ROLES

from conftest import append_to, build, make_project, parse, replace_in

LANGUAGES = {"en": "en", "be": "be", "ru": "ru"}  # code → locale, as the fixture says
ARTICLES = ("342", "130", "23.34", "361-1")
SIZE = 8


def alphabet(locale: str) -> list[str]:
    """The letters of a language, as CLDR's exemplar characters list them (read through
    ICU's locale data: Babel does not carry the exemplars)."""
    letters = icu.LocaleData(locale).getExemplarSet(
        0, icu.ULocaleDataExemplarSetType.ES_STANDARD)
    return [c for c in letters if len(c) == 1 and c.isalpha()]


def person(i: int, names: dict[str, str]) -> str:
    facility = ("sizo-test", "colony-test")[i % 2]
    released = i % 5 == 0
    event = ("  - type: released\n    date: 2024-07\n    wave: 2024-summer\n"
             if released else
             f"  - type: sentenced\n    articles: [\"{ARTICLES[i % len(ARTICLES)]}\"]\n")
    return (f"name: {json.dumps(names, ensure_ascii=False)}\n"
            f"gender: {('male', 'female')[i % 2]}\n"
            f"status: {'released' if released else 'imprisoned'}\n"
            "verified: 2025-09-12\n"
            f"roles: [{ROLES[i % len(ROLES)]}]\n"
            + ("" if released else f"facility: {facility}\n")
            + f"events:\n{event}    sources: [report-b]\n"
            "summary: {en: A test person.}\n"
            "sources: [report-b]\n")


@pytest.fixture(scope="module")
def lettered(tmp_path_factory) -> Path:
    """The minimal fixture with a person for each letter of each alphabet, a second
    region, and lists cut into pages of eight; built once, its site/ folder."""
    root = make_project(tmp_path_factory.mktemp("collation") / "project", "minimal")
    append_to(root, "data/site.yaml", f"lists:\n  page_size: {SIZE}")
    replace_in(root, "data/facilities.yaml", "  city: {en: Homiel, be: Гомель, ru: Гомель}\n",
               "  city: {en: Homiel, be: Гомель, ru: Гомель}\n"
               "  region: {en: Homiel, be: Гомельская, ru: Гомельская}\n")
    letters = {code: alphabet(locale) for code, locale in LANGUAGES.items()}
    count = max(len(x) for x in letters.values())
    suffix = {"en": (" Test", " Tester"), "be": (" Тэст", " Тэставы"),
              "ru": (" Тест", " Тестов")}
    for i in range(count):
        names = {code: own[i % len(own)].upper() + ("ala" if code == "en" else "ала")
                 + suffix[code][i >= len(own)] for code, own in letters.items()}
        (root / f"data/prisoners/person-{i:02d}.yaml").write_text(person(i, names),
                                                                 encoding="utf-8")
    first = {"en": "Aaron Test", "be": "Ёаан Тэст", "ru": "Ёаан Тест"}  # in Russian, the
    (root / "data/prisoners/person-first.yaml").write_text(  # first of its letter, Е
        person(count, first), encoding="utf-8")
    build(root)
    return root / "site"


def list_pages(site: Path, lang: str) -> list[Path]:
    """Every page of the list of everyone, first to last, by its pager."""
    pages, page = [], site / lang / "prisoners/index.html"
    while True:
        pages.append(page)
        after = parse(page).select_one(".pager a[rel=next]")
        if after is None:
            return pages
        page = (page.parent / after["href"]).resolve() / "index.html"


def shown_names(site: Path, lang: str) -> list[str]:
    """The names on the list, in order (the withheld, who have no name shown, left out)."""
    return [li.select_one(".person-name").get_text(" ", strip=True)
            for page in list_pages(site, lang) for li in parse(page).select(
                ".paged-list li.person") if li.has_attr("data-keys")]


def letter_links(site: Path, lang: str) -> list[tuple[str, str]]:
    """Each letter link and the name of the person it leads to."""
    page = list_pages(site, lang)[0]
    result = []
    for link in parse(page).select(".alphabet a"):
        address, _, anchor = link["href"].partition("#")
        target = (page.parent / address).resolve() / "index.html"
        card = parse(target).find(id=anchor)
        result.append((link.get_text(), card.select_one(".person-name").get_text(strip=True)))
    return result


def icu_order(names: list[str], locale: str) -> list[str]:
    return sorted(names, key=icu.Collator.createInstance(icu.Locale(locale)).getSortKey)


def icu_letters(ordered: list[str], locale: str) -> list[tuple[str, str]]:
    """What the letter links should be: a link where the first letter of a name differs
    from the previous link's at ICU's primary strength, labelled with the first letter of
    the alphabet (by the same collation) that is primary-equal to it, in capitals."""
    primary = icu.Collator.createInstance(icu.Locale(locale))
    primary.setStrength(icu.Collator.PRIMARY)
    letters = icu_order(alphabet(locale), locale)
    result: list[tuple[str, str]] = []
    for name in ordered:
        if result and primary.compare(result[-1][1][0], name[0]) == 0:
            continue
        own = next((c for c in letters if primary.compare(c, name[0]) == 0), name[0])
        result.append((unicodedata.normalize("NFC", own.upper()), name))
    return result


@pytest.mark.parametrize("lang", ["be", "ru", "en"])
def test_the_list_and_its_letters_are_in_the_order_of_the_readers_alphabet(lettered, lang):
    locale = LANGUAGES[lang]
    names = shown_names(lettered, lang)
    assert names == icu_order(names, locale)
    if lang != "en":
        assert names != sorted(names, key=str.casefold)  # І, Ў, Ё are not after Я
    initials = {n[0].lower() for n in names}
    assert set(alphabet(locale)) <= initials  # every letter of the alphabet is there
    assert letter_links(lettered, lang) == icu_letters(names, locale)
    rows = json.loads((lettered / lang / "prisoners/people.json").read_text(encoding="utf-8"))
    assert [row[1] for row in rows["people"]] == names  # what the filters show, in order


def test_belarusian_and_russian_letters_are_the_ones_readers_expect(lettered):
    be = [letter for letter, _ in letter_links(lettered, "be")]
    ru = [letter for letter, _ in letter_links(lettered, "ru")]
    assert be[be.index("Е"):be.index("Е") + 3] == ["Е", "Ё", "Ж"]
    assert be[be.index("З"):be.index("З") + 4] == ["З", "І", "Й", "К"]
    assert be[be.index("У"):be.index("У") + 3] == ["У", "Ў", "Ф"]
    assert "Ё" not in ru and ru[ru.index("Е") + 1] == "Ж"  # Ёала is filed under Е
    assert dict(letter_links(lettered, "ru"))["Е"] == "Ёаан Тест"


def test_node_intl_collator_agrees(lettered):
    node = shutil.which("node")
    if node is None:
        if os.environ.get("CI") == "true":
            pytest.fail("node is needed in CI for this test")
        pytest.skip("needs node")
    script = (
        "let s='';process.stdin.on('data',d=>s+=d).on('end',()=>{"
        "const out={};for(const [lang,names] of Object.entries(JSON.parse(s))){"
        "const c=new Intl.Collator(lang),base=new Intl.Collator(lang,{sensitivity:'base'});"
        "const sorted=[...names].reverse().sort(c.compare);let last=null;const starts=[];"
        "for(const n of sorted){if(last===null||base.compare(last,n[0])!==0){"
        "starts.push(n);last=n[0];}}out[lang]={sorted,starts};}"
        "process.stdout.write(JSON.stringify(out));});")
    shown = {lang: shown_names(lettered, lang) for lang in LANGUAGES}
    done = subprocess.run([node, "-e", script], input=json.dumps(shown), capture_output=True,
                          text=True, timeout=120, check=True)
    theirs = json.loads(done.stdout)
    for lang, names in shown.items():
        assert theirs[lang]["sorted"] == names, lang
        assert theirs[lang]["starts"] == [n for _, n in letter_links(lettered, lang)], lang


@pytest.mark.parametrize("lang", ["be", "ru"])
def test_a_facilitys_people_and_the_filters_options_are_in_alphabetical_order(lettered,
                                                                              lang):
    locale = LANGUAGES[lang]
    people = [a.get_text(strip=True) for a in parse(
        lettered / lang / "facilities/sizo-test/index.html").select(".people-inline li > a")]
    assert len(people) > 10 and people == icu_order(people, locale)
    page = parse(lettered / lang / "prisoners/index.html")
    for key in ("role", "facility", "region"):
        options = [o.get_text(strip=True) for o in page.select(f"#filter-{key} option")[1:]]
        assert len(options) > 1 and options == icu_order(options, locale), key
    roles = [o.get_text(strip=True) for o in page.select("#filter-role option")[1:]]
    assert roles != [o.get_text(strip=True) for o in sorted(
        page.select("#filter-role option")[1:], key=lambda o: o["value"])]
    articles = [o["value"] for o in page.select("#filter-article option")[1:]]
    assert articles == ["23.34", "130", "342", "361-1"]  # by number


ANY = {
    "be": {"status": "Любы", "role": "Любая", "facility": "Любое", "region": "Любы",
           "wave": "Любое", "article": "Любы"},
    "ru": {"status": "Любой", "role": "Любая", "facility": "Любое", "region": "Любой",
           "wave": "Любое", "article": "Любая"},
}


@pytest.mark.parametrize("lang", ["be", "ru"])
def test_each_filters_any_option_agrees_with_its_label(lettered, lang):
    page = parse(lettered / lang / "prisoners/index.html")
    found, labels = {}, {}
    for select in page.select("select[data-filter]"):
        first = select.select_one("option")
        assert first["value"] == ""
        found[select["data-filter"]] = first.get_text(strip=True)
        labels[select["data-filter"]] = page.select_one(
            f"label[for={select['id']}]").get_text(strip=True)
    assert found == ANY[lang]
    role, wave = {"be": ("Дзейнасць", "Вызваленне"), "ru": ("Деятельность", "Освобождение")}[lang]
    assert (labels["role"], found["role"]) == (role, "Любая")
    assert (labels["wave"], found["wave"]) == (wave, "Любое")
