"""The leak guard: a withheld person's name, planted in any kind of text, in any script,
case ending or disguise, stops `check` and the build with the file, line and field where
it was written; nothing is published and the previous site/ stays as it was."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from portal.names.guard import Guard
from portal.names.nameforms import slug_from_name
from portal.problems import ContentError

from conftest import append_to, build, copy_of_built, errors, make_project, replace_in, snapshot

WITHHELD = "data/prisoners/withheld-1.yaml"
STATEMENT = "content/statements/2025-09-11-release.en.md"
PROFILE = "data/prisoners/anna-test.yaml"
NAMES = {"en": "Secret Person", "be": "Сакрэт Персона", "ru": "Секрет Персона"}


def withheld_project(tmp_path: Path) -> Path:
    """The minimal fixture, its withheld person named in three languages, built once (in
    each test process; each test gets a copy of that build)."""
    return copy_of_built(tmp_path / "project", "withheld", _make_withheld)


def _make_withheld(root: Path) -> None:
    make_project(root, "minimal")
    path = root / WITHHELD
    names = "".join(f"  {lang}: {name}\n" for lang, name in NAMES.items())
    path.write_text(path.read_text().replace("  en: Secret Person\n", names)
                    + "aliases: [Sekret Persona]\n")
    build(root)






def leaks(root: Path) -> list[str]:
    """The guard's errors from `check`, as printed."""
    return [str(p) for p in errors(root) if "whose name is withheld" in p.message]


def assert_build_refused(root: Path, expected: list[str]) -> None:
    before = snapshot(root / "site")
    with pytest.raises(ContentError) as caught:
        build(root)
    assert [str(p) for p in caught.value.problems if "withheld" in p.message] == expected
    assert snapshot(root / "site") == before


def message(words: str) -> str:
    return (f'names "{words}": the name of a person whose name is withheld ({WITHHELD}); '
            "remove the name, and anything else that identifies the person; if it is another, "
            "public person's name, list it as written in this record's `public_names` (see "
            "“Withheld names” in docs/editors-guide.md)")


@pytest.mark.parametrize("text, found", [
    ("Among them was Secret Person.", "Secret Person"),
    ("Среди них был Секрет Персона.", "Секрет Персона"),
    ("Сярод іх — Сакрэта Персону.", "Сакрэта Персону"),  # case endings
    ("Письмо для Секрету Персоне.", "Секрету Персоне"),
    ("PERSON, SECRET was there.", "PERSON, SECRET"),  # surname first, capitals
    ("Secret A. Person", "Secret A. Person"),  # a middle initial
    ("Sеcrеt Pеrson", "Sеcrеt Pеrson"),  # Cyrillic е among Latin letters
    ("Sécret Persön", "Sécret Persön"),
    ("Se**cr**et Per<b></b>son", "Secret Person"),  # markup inside the words
    ("&#83;ecret &#80;erson", "Secret Person"),  # character references
    ("Sekret Persona", "Sekret Persona"),  # an other spelling (aliases)
    ("Sekret Personu", "Sekret Personu"),
    ("the [writer](https://example.org/) Secret Person", "Secret Person"),  # link text
    ("Secretary Personal", None),
    ("Person of the year. Secret ballots.", None),
])
def test_a_withheld_name_in_a_statement_body_stops_check_and_build(tmp_path, text, found):
    root = withheld_project(tmp_path)
    line = append_to(root, STATEMENT, text)
    expected = [f"{STATEMENT}:{line} body: {message(found)}"] if found else []
    assert leaks(root) == expected
    if found:
        assert_build_refused(root, expected)


def test_a_link_to_the_person_turned_into_plain_text_is_found(tmp_path):
    root = withheld_project(tmp_path)
    line = append_to(root, STATEMENT, "Released: Секрет Персона (prisoner:withheld-1).")
    assert leaks(root) == [f"{STATEMENT}:{line} body: {message('Секрет Персона')}"]


def test_a_link_to_a_withheld_person_is_refused(tmp_path):
    root = withheld_project(tmp_path)
    line = append_to(root, STATEMENT, "See [this person](prisoner:withheld-1).")
    assert [str(p) for p in errors(root)] == [
        f"{STATEMENT}:{line} body: the link \"prisoner:withheld-1\" is to a person whose name "
        "is withheld: they have no page, and their name must not appear; remove the link "
        "and the name around it"]


@pytest.mark.parametrize("relative, old, new, field", [
    (STATEMENT, "title: Fifty-two released", "title: Secret Person released", "title"),
    (STATEMENT, "summary: A short summary.", "summary: About Secret Person.", "summary"),
    ("data/releases.yaml", "{en: Thirty", "{en: With Secret Person. Thirty", "[0].summary.en"),
    ("content/pages/about.en.md", "---\n", "---\n", None),
    ("data/actions.yaml", "{en: Share the", "{en: Write to Secret Person. Share the",
     "[1].text.en"),
    (PROFILE, "Anna wrote about", "Anna wrote about Secret Person and", "biography.en"),
    (PROFILE, "aliases: [Hanna Test]", "aliases: [Hanna Test, Secret Person]", "aliases[1]"),
    ("data/sources.yaml", "title: Report A", "title: Secret Person — Report A", "[0].title"),
    ("data/site.yaml", "  en: Belarusian", "  en: Secret Person's Belarusian", "title.en"),
    ("data/strings/en.yaml", "home: Go to the home page", "home: Go home, Secret Person",
     "notfound.home"),
])
def test_a_withheld_name_in_any_kind_of_text_is_located(tmp_path, relative, old, new, field):
    root = withheld_project(tmp_path)
    if relative.endswith("about.en.md"):
        line = append_to(root, relative, "Secret Person wrote to us.")
        field = "body"
    else:
        line = replace_in(root, relative, old, new)
    found = [p for p in errors(root) if "whose name is withheld" in p.message]
    assert len(found) == 1, [str(p) for p in errors(root)]
    [problem] = found
    assert problem.file == relative and problem.line == line
    if field:
        assert problem.field == field
    assert problem.fix.startswith("remove the name")
    with pytest.raises(ContentError):
        build(root)


def test_a_name_in_a_file_name_is_refused(tmp_path):
    root = withheld_project(tmp_path)
    shutil.copy(root / STATEMENT, root / "content/statements/2025-09-12-secret-person.en.md")
    assert leaks(root) == [
        'content/statements/2025-09-12-secret-person.en.md the file name holds "secret '
        f'person": the name of a person whose name is withheld ({WITHHELD}); rename the '
        "file: its name is part of the page's address"]


def test_a_name_a_template_writes_is_found_in_the_built_page(tmp_path):
    """The second check: what a template writes is found where it is published."""
    root = withheld_project(tmp_path)
    replace_in(root, "templates/statement.html", "</article>",
            "<p>{{ 'Sec' ~ 'ret' }} {{ 'Per' ~ 'son' }}</p></article>")
    found = [str(p) for p in errors(root) if "withheld" in p.message]
    assert found and all(p.startswith("templates/statement.html") for p in found)
    assert any("the built file en/statements/2025-09-11-release/index.html" in p
               for p in found)
    assert_build_refused(root, found)


def test_the_words_of_a_share_image_are_checked(tmp_path, monkeypatch):
    import portal.outputs.sharewords as share

    root = withheld_project(tmp_path)
    real = share._statement_words
    monkeypatch.setattr(share, "SHARED", {**share.SHARED, "statement": lambda *a: (
        "Secret Person", real(*a)[1])})
    with pytest.raises(ContentError) as caught:  # the code changed, not its files: no cache
        build(root, cache=False)
    assert any("share.png draws \"Secret Person\"" in str(p) for p in caught.value.problems)


def test_a_wave_whose_names_are_withheld_lists_no_one(tmp_path):
    root = withheld_project(tmp_path)
    replace_in(root, "data/releases.yaml", "  people: [anna-test]",
            "  people: [anna-test]\n  names_withheld: true")
    build(root)
    from conftest import parse

    wave = parse(root / "site/en/timeline/index.html").find(id="wave-2025-09-11")
    assert wave.find(class_="wave-people") is None
    assert "Anna Test" not in wave.get_text()
    data = json.loads((root / "site/data/releases.json").read_text())
    assert [w["people"] for w in data["releases"] if w["id"] == "2025-09-11"] == [[]]


@pytest.mark.parametrize("slug, names, derived", [
    ("withheld-2", ["Secret Person"], False),
    ("yu-li", ["Yu Li"], True),
    ("li-2", ["Yu Li"], True),
    ("sec-1", ["Secret Person"], True),
    ("igor-1", ["Ігар Лосік"], True),  # the Russian spelling of the Belarusian name
    ("i-l", ["Ігар Лосік"], True),  # initials
    ("person-a", ["Anna Smith"], False),
])
def test_a_withheld_persons_file_name_never_comes_from_the_name(slug, names, derived):
    assert slug_from_name(slug, names) is derived


def test_a_two_letter_name_part_as_file_name_is_refused(tmp_path):
    root = make_project(tmp_path / "project", "minimal")
    text = (root / WITHHELD).read_text().replace("Secret Person", "Yu Li")
    (root / WITHHELD).unlink()
    (root / "data/prisoners/yu-li.yaml").write_text(text)
    assert [str(p) for p in errors(root)] == [
        "data/prisoners/yu-li.yaml:6:1 name_withheld: the file name contains the withheld "
        "name; rename the file to something that does not identify the person, e.g. "
        "withheld-2.yaml"]


def test_no_withheld_name_in_any_published_file_or_the_offline_copy(tmp_path):
    import zipfile

    root = withheld_project(tmp_path)
    guard = Guard({"withheld-1": [*NAMES.values(), "Sekret Persona"]})
    site = root / "site"
    for path in site.rglob("*"):
        assert not guard.find(path.relative_to(site).as_posix().replace("-", " "))
        if path.is_file() and path.suffix in (".html", ".json", ".xml", ".csv", ".ics", ".txt"):
            assert not guard.find(path.read_text(encoding="utf-8")), path
    with zipfile.ZipFile(site / "download/portal-offline.zip") as archive:
        for name in archive.namelist():
            if name.endswith((".html", ".json", ".xml", ".csv", ".ics")):
                assert not guard.find(archive.read(name).decode("utf-8")), name


class TestGuard:
    guard = Guard({"w": ["Ivan Petrov", "Іван Пятроў", "Иван Петров"],
                   "k": ["Марыя Калеснікава"]})

    @pytest.mark.parametrize("text", [
        "Ivan Petrov", "Petrov, Ivan", "IVAN PETROV", "Ivan I. Petrov", "Ивана Петрова",
        "Івану Пятрову", "Петровым Иваном", "<b>Ivan</b> <i>Petrov</i>", 'alt="Ivan Petrov"',
        "Iván Petróv", "Ivan\u200b Petrov", "Иван\nПетров", "Iva\u00adn Pet\u200drov",
        "Maria Kolesnikova", "Марию Колесникову", "Maryja Kalesnikava", "Калеснікавай Марыі",
    ])
    def test_finds(self, text):
        assert self.guard.find(text) or self.guard.find_loosely(text)

    @pytest.mark.parametrize("text", [
        "Ivan Sidorov and Olga Petrova", "Ivan Sidorov</li><li>Petrov Maxim",
        '<a href="../ivan-x/">Petrov</a>', "Ivanova Petrovna", "Petrovsky Ivanishvili",
        "Marina Kolesnikova", "a,Ivan,Petrov,b",
    ])
    def test_does_not_find(self, text):
        from portal.names.guardtext import CSV_BREAKS

        if text.startswith("a,"):  # a CSV file: each cell stands alone
            assert not self.guard.find(text, CSV_BREAKS)
        else:
            assert not self.guard.find(text) and not self.guard.find_loosely(text)

    def test_nobody_withheld_finds_nothing(self):
        assert not Guard({}) and Guard({}).find("Ivan Petrov") == []


@pytest.mark.parametrize("text", [
    "Also [Se](section:timeline)cret Person was there.",  # a link inside the word
    "Also Se[cret][t] Person was there.\n\n[t]: section:timeline",
    'We remember Se<img src="x.png" width="0" height="0" alt="">cret Person today.',
    "Sec<!-- x -->ret Person", "Se<font>cret</font> Person", "Se<span>cret</span> Person",
    "We remember [Сакрэт](section:timeline) [Персона](section:timeline).",
    "𝐒𝐞𝐜𝐫𝐞𝐭 𝐏𝐞𝐫𝐬𝐨𝐧",  # mathematical bold letters
    "Ｓｅｃｒｅｔ Ｐｅｒｓｏｎ",  # full-width letters
    "See https://be.wikipedia.org/wiki/%D0%A1%D0%B0%D0%BA%D1%80%D1%8D%D1%82_%D0%9F%D0%B5"
    "%D1%80%D1%81%D0%BE%D0%BD%D0%B0",  # percent-encoded in an address
    "S.e.c.r.e.t P.e.r.s.o.n", "S e c r e t   P e r s o n", "Se-cret Per-son",
    "SecretPerson", "#FreeSecretPerson and more", "#СвабодуСакрэтуПерсоне",
])
def test_disguised_names_are_found_where_written(tmp_path, text):
    root = withheld_project(tmp_path)
    line = append_to(root, STATEMENT, text)
    found = [p for p in errors(root) if "whose name is withheld" in p.message]
    assert found, text
    assert all(p.file == STATEMENT and p.line == line for p in found), [str(p) for p in found]


@pytest.mark.parametrize("char", ["\ufe0f", "\u20dd", "\U000e0020", "\u180b", "\u200d"])
def test_characters_that_hide_inside_a_word_are_refused(tmp_path, char):
    root = withheld_project(tmp_path)
    line = append_to(root, STATEMENT, f"Sec{char}ret Person")
    found = [str(p) for p in errors(root)]
    assert any(f"{STATEMENT}:{line}:4 body: the text holds an invisible character" in p
               for p in found), found


def test_every_pair_of_words_of_a_long_name_is_looked_for(tmp_path):
    root = withheld_project(tmp_path)
    replace_in(root, WITHHELD, "  en: Secret Person", "  en: Maria del Carmen Secret Person")
    line = append_to(root, STATEMENT, "We remember Carmen Person. And de la Rosa.")
    assert [(p.file, p.line) for p in errors(root) if "withheld" in p.message] == [
        (STATEMENT, line)]


@pytest.mark.parametrize("name", ["content/statements/2024-10-02-sakretpersona.en.md",
                                  "content/pages/secretperson.en.md"])
def test_a_name_run_together_in_a_file_name_is_refused(tmp_path, name):
    root = withheld_project(tmp_path)
    shutil.copy(root / ("content/pages/about.en.md" if "pages" in name else STATEMENT),
                root / name)
    assert any(p.startswith(name) and "the file name holds" in p for p in leaks(root))


@pytest.mark.parametrize("relative, text", [
    ("templates/base.html", "<p>Thanks to Se<span>cret</span> Person.</p>"),
    ("templates/assets/style.css", '.x::after { content: "\\53 ecret Person"; }'),
    ("templates/assets/enhance.js", 'console.log("\\u0053ecret Person");'),
    ("templates/assets/notes.md", "Secret Person"),
    ("templates/assets/site.webmanifest", '{"name": "Secret Person"}'),
])
def test_templates_and_assets_of_any_kind_are_searched(tmp_path, relative, text):
    root = withheld_project(tmp_path)
    path = root / relative
    if path.exists() and relative.endswith(".html"):
        replace_in(root, relative, "</body>", text + "</body>")
    else:
        with path.open("a", encoding="utf-8") as handle:
            handle.write("\n" + text + "\n")
    found = [p for p in errors(root) if "whose name is withheld" in p.message]
    assert found and all(p.file == relative and p.line for p in found), \
        [str(p) for p in errors(root)]


def test_an_asset_that_is_a_link_is_refused_even_inside_the_project(tmp_path):
    root = withheld_project(tmp_path)
    (root / "templates/assets/w.yaml").symlink_to("../../" + WITHHELD)
    (root / "templates/assets/passwd").symlink_to("/etc/passwd")
    found = [str(p) for p in errors(root)]
    for name in ("templates/assets/w.yaml", "templates/assets/passwd"):
        assert any(p.startswith(name) and "link" in p for p in found), found


def test_a_link_text_that_makes_a_name_with_the_next_word_is_located(tmp_path):
    root = withheld_project(tmp_path)
    line = append_to(root, STATEMENT, "A letter from [Сакрэт](section:timeline) Персона.")
    assert [(p.file, p.line) for p in errors(root) if "withheld" in p.message] == [
        (STATEMENT, line)]


@pytest.mark.parametrize("text", [
    "S  e  c  r  e  t   P  e  r  s  o  n was held.",
    "S\u00a0e\u00a0c\u00a0r\u00a0e\u00a0t\u00a0\u00a0P\u00a0e\u00a0r\u00a0s\u00a0o\u00a0n",
    "S. e. c. r. e. t. P. e. r. s. o. n.", "S/e/c/r/e/t P/e/r/s/o/n",
    "S,e,c,r,e,t P,e,r,s,o,n", "Se-\ncret Per-\nson",
    'The case of Secret "Sunny" Person was heard.', 'Secret "Person"',
    "Secret\n\nPerson", "Secret > Person",
    "See <https://be.wikipedia.org/wiki/%D0%A1%D0%B0%D0%BA%D1%80%D1%8D%D1%82_%D0%9F%D0%B5"
    "%D1%80%D1%81%D0%BE%D0%BD%D0%B0>.",
    '<a href="https://e.org/%53ecret%20Person">this</a>',
    '<abbr title="Se&#99;ret&#32;Person">SP</abbr>',
    "[Se](https://e.org/a_(b))cret Person",
])
def test_more_disguises_are_found_where_written(tmp_path, text):
    root = withheld_project(tmp_path)
    line = append_to(root, STATEMENT, text)
    found = [p for p in errors(root) if "whose name is withheld" in p.message]
    assert found and {p.file for p in found} == {STATEMENT}, [str(p) for p in errors(root)]
    assert all(line <= p.line <= line + text.count("\n") for p in found)


def test_one_letter_a_line_is_found(tmp_path):
    root = withheld_project(tmp_path)
    line = append_to(root, STATEMENT, "\n".join("Secret") + "\n" + "\n".join("Person"))
    assert [(p.file, p.line) for p in errors(root) if "withheld" in p.message] == [
        (STATEMENT, line)]


@pytest.mark.parametrize("names, text", [
    ("{en: Volha Paulouskaya, be: Вольга Паўлоўская, ru: Ольга Павловская}",
     "Напішыце ліст Вользе Паўлоўскай."),
    ("{en: Pavel Zhukavets, be: Павел Жукавец, ru: Павел Жуковец}", "Справа Паўла Жукаўца."),
    ("{en: Pavel Zhukavets, be: Павел Жукавец, ru: Павел Жуковец}", "Паўлам Жукаўцом"),
    ("{en: Secret Person, be: Сакрэт Персона, ru: Секрет Персона}", "аб Сакрэце Персоне"),
])
def test_belarusian_case_forms_with_changing_stems_are_found(tmp_path, names, text):
    root = make_project(tmp_path / "project", "minimal")
    replace_in(root, WITHHELD, "name:\n  en: Secret Person", f"name: {names}")
    line = append_to(root, "content/statements/2025-09-11-release.be.md", text)
    assert [(p.file, p.line) for p in errors(root) if "withheld" in p.message] == [
        ("content/statements/2025-09-11-release.be.md", line)]


@pytest.mark.parametrize("filter_", ["|urlencode", '|replace(" ", "")'])
def test_a_name_a_template_encodes_is_found_in_the_published_page(tmp_path, filter_):
    root = withheld_project(tmp_path)
    replace_in(root, "templates/macros.html", "{{ person_link(person) }}</p>",
               "{{ person_link(person) }} <a href=\"https://example.org/share?t={{ "
               f"h.text(person.name).text{filter_} }}}}\">share</a></p>")
    found = [p for p in errors(root) if "withheld" in p.message]
    assert found and all("the built file" in p.message for p in found), \
        [str(p) for p in errors(root)]


def test_a_list_of_public_names_is_not_a_withheld_name(tmp_path):
    """`Viktar Babaryka and Maryia Kalesnikava`, or `Viktar Babaryka, Maryia Kalesnikava`,
    do not make the withheld `Maryia Babaryka`: each word belongs to a public name."""
    root = make_project(tmp_path / "sample")  # the real sample content
    (root / "data/prisoners/withheld-9.yaml").write_text(
        "name: {en: Maryia Babaryka, be: Марыя Бабарыка, ru: Мария Бабарико}\n"
        "gender: female\nstatus: imprisoned\nverified: 2025-09-12\nname_withheld: true\n"
        "summary: {en: Detained.}\nsources: [viasna-2025-12]\n")
    sources = (root / "data/sources.yaml").read_text()
    if "id: viasna-2025-12" not in sources:
        first = sources.split("- id: ", 2)[1].split("\n", 1)[0]
        replace_in(root, "data/prisoners/withheld-9.yaml", "viasna-2025-12", first)
    append_to(root, "content/statements/2025-09-11-release-of-52.en.md",
              "Also [Viktar Babaryka](prisoner:viktar-babaryka), Maryia Kalesnikava.")
    assert [str(p) for p in errors(root) if "whose name is withheld" in p.message] == []
    line = append_to(root, "content/statements/2025-09-11-release-of-52.en.md",
                     "But Maryia Babaryka is not public.")
    assert [(p.file, p.line) for p in errors(root)
            if "whose name is withheld" in p.message] == [
        ("content/statements/2025-09-11-release-of-52.en.md", line)]


def test_a_public_name_that_looks_like_a_withheld_one_needs_to_be_declared(tmp_path):
    root = make_project(tmp_path / "project", "minimal")
    replace_in(root, WITHHELD, "name:\n  en: Secret Person",
               "name: {en: Aliaksandr Petrau, be: Аляксандр Пятроў, ru: Александр Петров}")
    replace_in(root, PROFILE, "  en: Anna Test\n  be: Ганна Тэст\n  ru: Анна Тест",
               "  en: Aliaksandra Petrava\n  be: Аляксандра Пятрова\n  ru: Александра Петрова")
    found = [p for p in errors(root) if "withheld" in p.message]
    assert found and found[0].file == PROFILE and found[0].field == "name.en"
    replace_in(root, PROFILE, "gender: female", "gender: female\ndistinct_from: [withheld-1]")
    assert [str(p) for p in errors(root) if "withheld" in p.message] == []
    line = append_to(root, STATEMENT, "We write to Aliaksandr Petrau.")
    assert [(p.file, p.line) for p in errors(root) if "withheld" in p.message] == [
        (STATEMENT, line)]


def test_distinct_from_names_only_withheld_people(tmp_path):
    root = make_project(tmp_path / "project", "minimal")
    replace_in(root, PROFILE, "gender: female", "gender: female\ndistinct_from: [boris-test]")
    assert any('"boris-test" is not a person whose name is withheld' in str(p)
               for p in errors(root))


class TestWrittenText:
    """What editors write, read every way a reader may see it (third hostile review)."""

    guard = Guard({"z": ["Aliaksei Zhurauliou", "Аляксей Жураўлёў", "Алексей Журавлёв"]},
                  {"p": ["Aliaksei Rusetski", "Аляксей Русецкі"]})

    @pytest.mark.parametrize("text", [
        "Сустрэча з Аляксеем Жураўлёвым адбылася ў снежні.",
        "Лісты Аляксею Жураўлёву і Жураўлёвых.",
        "Пра Аляксея Жураўлёва.",
        "We also met Aliaksei Zhurau\u04cfiou in Vilnius.",  # Cyrillic palochka for l
        "AIiaksei ZhurauIiou", "Aliaksei Zhurau1iou", "Aliaksei Zhurau|iou",
        "Aliaksei Zhurau\\-liou", "Aliaksei Zhurau\u2212liou", "Aliaksei Zhurau\u2013liou",
        "Aliaksei Z    h    u    r    a    u    l    i    o    u",
        'footer::after{content:"Aliaksei Zhurau" "liou"}', 'x = "Aliaksei Zhu" + "rauliou";',
        "Aliaksei «Zhurauliou»", '"Aliaksei" "Zhurauliou"', "Zhurauliou, Aliaksei",
        "ALIAKSEI ZHURAULIOU", "aliaksei zhurauliou",
    ])
    def test_finds(self, text):
        from portal.checks.withheld import written_hits

        assert [h.slug for h in written_hits(self.guard, text)] == ["z"]

    @pytest.mark.parametrize("text", [
        "Справу разглядалі суддзі Ірына Жураўлёва, Аляксей Пушкін і Вольга Мароз.",
        "Iryna Zhuravleva, Aliaksei Pushkin and Volha Maroz were on the bench.",
        "Песня на словы Аляксея Русецкага «Жураўлі на Палессе ляцяць».",
        "Аляксей, жураўлі ляцяць!",
        "Аляксей глядзеў на жураўлёў.",
        "Алексей, журавли летят!",
    ])
    def test_does_not_find(self, text):
        from portal.checks.withheld import written_hits

        assert written_hits(self.guard, text) == []


def test_texts_found_clean_by_other_code_are_searched_again(tmp_path, monkeypatch):
    """A newer guard may find what an older one missed: the clean verdicts it remembers
    belong to the generator's code as well as to the names looked for."""
    from portal.checks.withheld import Verdicts
    from portal.store import version

    guard = Guard({"w": ["Ivan Petrov"]})
    first = Verdicts(tmp_path, guard, "source")
    first.add(b"0" * 16)
    first.save()
    assert b"0" * 16 in Verdicts(tmp_path, guard, "source")
    monkeypatch.setattr(version, "code_version", lambda: b"another version")
    assert b"0" * 16 not in Verdicts(tmp_path, guard, "source")


@pytest.mark.parametrize("text", [
    "We met Sec'ret Person there.", "We met Secret Per’son there.",  # an apostrophe inside
    "We met Secret \u03a1erson there.", "SECRET \u03a1ERSON",  # Greek capital Rho
    "We met S\u0395CRET PERSON there.",  # Greek capital Epsilon
    "We met Secret \u13e2erson there.",  # a Cherokee letter like P
    "We met Secret Per.son there.", "Secret Pers|on", "Secret Per/son", "Sec·ret Person",
    "Secret Per•son", "Secret Per\u2024son", "Secret Per-son",  # one separator inside
    "Secret Person\u2122 was there.", "Secret Person\u2116 5",  # a symbol glued on
])
def test_disguises_of_the_third_review_are_found_where_written(tmp_path, text):
    root = withheld_project(tmp_path)
    line = append_to(root, STATEMENT, text)
    found = [p for p in errors(root) if "whose name is withheld" in p.message]
    assert [(p.file, p.line) for p in found] == [(STATEMENT, line)], \
        [str(p) for p in errors(root)]


def test_a_withheld_name_with_an_apostrophe_is_found_as_written(tmp_path):
    root = make_project(tmp_path / "project", "minimal")
    replace_in(root, WITHHELD, "name:\n  en: Secret Person",
               "name: {en: Aliaksandra Vierabiova, be: Аляксандра Вераб'ёва, "
               "ru: Александра Воробьёва}")
    for text in ("Мы пісалі Аляксандры Вераб'ёвай.", "Мы пісалі Аляксандра Вераб’ёва."):
        line = append_to(root, "content/statements/2025-09-11-release.be.md", text)
        assert [(p.file, p.line) for p in errors(root) if "withheld" in p.message] == [
            ("content/statements/2025-09-11-release.be.md", line)]
        replace_in(root, "content/statements/2025-09-11-release.be.md", text, "")


def test_distinct_from_never_lets_the_withheld_persons_own_spelling_through(tmp_path):
    """A public person declared distinct keeps their own spelling; a name spelt exactly
    like the withheld person's cannot be told apart in text and is found."""
    root = make_project(tmp_path / "project", "minimal")
    replace_in(root, WITHHELD, "name:\n  en: Secret Person",
               "name: {en: Aliaksandr Petrau, be: Аляксандр Пятроў, ru: Александр Петров}")
    replace_in(root, PROFILE, "  en: Anna Test\n  be: Ганна Тэст\n  ru: Анна Тест",
               "  en: Aliaksandr Petrau\n  be: Ганна Тэст\n  ru: Анна Тест")
    replace_in(root, PROFILE, "gender: female", "gender: female\ndistinct_from: [withheld-1]")
    found = [p for p in errors(root) if "withheld" in p.message]
    assert found and found[0].file == PROFILE and found[0].field == "name.en", \
        [str(p) for p in found]


def test_the_preview_searches_only_new_strings_of_a_data_file_and_still_finds_a_name():
    """The live preview remembers the strings of data files found clean and searches a
    changed file's new strings alone: a withheld name in one new record is still found,
    in a JSON string, a key, a CSV cell or a calendar line, however its quotes are escaped."""
    from portal.checks.withheld import Verdicts
    from portal.outputs.leaks import OutputGuard

    guard = Guard({"w": ["Ivan Petrov", "Іван Пятроў"]})
    clean = Verdicts(None, guard, "output")
    clean.texts = set()
    people = [{"slug": f"p{i}", "name": {"en": f"Person {i}"}, "note": 'a "quoted" word'}
              for i in range(50)]
    leaks = OutputGuard(guard, clean)
    leaks.check("data/prisoners.json", json.dumps(people, indent=1).encode())
    leaks.check("data/prisoners.csv", b'"slug","name"\n"p1","Person 1"\n')
    assert leaks.problems == [] and len(clean.texts) > 50
    for path, content in [
        ("data/prisoners.json", json.dumps([*people, {"name": 'Ivan "Vanya" Petrov'}])),
        ("data/prisoners.json", json.dumps([*people, {"Іван Пятроў": 1}],
                                           ensure_ascii=False)),
        ("data/prisoners.json", json.dumps(people)[:-1] + ', {"n": "Ivan\\u0020Petrov"}]'),
        ("data/prisoners.csv", '"slug","name"\n"p1","Person 1"\n"p2","Ivan Petrov"\n'),
        ("en/calendar/birthdays.ics", "BEGIN:VEVENT\r\nSUMMARY:Ivan Pe\r\n trov\r\n"),
    ]:
        leaks = OutputGuard(guard, clean)
        leaks.check(path, content.encode())
        assert leaks.problems, (path, content)


def test_json_string_literals_are_the_strings_a_parser_reads():
    """What the preview's data-file search reads of a JSON file (its string literals) is
    what a parser finds there, keys included, for any escapes."""
    import random

    from portal.outputs.leaks import JSON_STRING, _strings_of

    rng = random.Random(3)

    def value(depth: int = 0):
        roll = rng.random()
        if depth > 3 or roll < 0.4:
            return rng.choice([None, 1, 'a"b', "x\\", '\\"', "Ж\n", "", 'q\\\\"z', "\u2028"])
        if roll < 0.7:
            return [value(depth + 1) for _ in range(rng.randint(0, 3))]
        return {rng.choice(['k"', "k\\", "a"]): value(depth + 1) for _ in range(rng.randint(0, 3))}

    for _ in range(2000):
        data = value()
        for options in ({}, {"ensure_ascii": False}, {"indent": 1}):
            text = json.dumps(data, **options)
            assert {json.loads(x) for x in JSON_STRING.findall(text)} == \
                set(_strings_of(json.loads(text)))


def test_the_offline_copy_is_read_entry_by_entry_as_published(tmp_path, monkeypatch):
    """The guard reads the zip the build publishes, each entry inflated: a name that only
    the offline copy's version of a page holds stops the build."""
    import portal.outputs.offline as offline

    root = withheld_project(tmp_path)
    real = offline.portable_links
    monkeypatch.setattr(offline, "portable_links", lambda html: real(html).replace(
        b"</main>", b"<p>Secret Person</p></main>"))
    before = snapshot(root / "site")
    with pytest.raises(ContentError) as caught:
        build(root, cache=False)
    found = [str(p) for p in caught.value.problems]
    assert found and all("download/portal-offline.zip/portal/" in p for p in found), found
    assert snapshot(root / "site") == before


def test_an_orphan_entry_of_an_appended_zip_is_read(tmp_path):
    """An entry an append left behind, which the directory no longer lists."""
    import io
    import zipfile

    from portal.outputs.leaks import OutputGuard

    def entry(text: str) -> bytes:
        one = io.BytesIO()
        with zipfile.ZipFile(one, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("page.html", text * 10)
        data = one.getvalue()
        return data[:data.find(b"PK\x01\x02")]  # the local entry alone

    clean = io.BytesIO()
    with zipfile.ZipFile(clean, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("page.html", "Nothing to see. " * 10)
    data = entry("A note on Secret Person. ") + clean.getvalue()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.namelist() == ["page.html"]
        assert b"Secret" not in archive.read("page.html")
    guard = OutputGuard(Guard.of({"withheld-1": ["Secret Person"]}))
    guard.check("download/x.zip", data)
    assert [p.message for p in guard.problems] == [
        'the built file download/x.zip/page.html:1 names "Secret Person": the name of a '
        "person whose name is withheld (data/prisoners/withheld-1.yaml)"]
    path = tmp_path / "x.zip"
    path.write_bytes(data)
    again = OutputGuard(Guard.of({"withheld-1": ["Secret Person"]}))
    again.check_zip_file("download/x.zip", path)
    assert len(again.problems) == 1


def test_a_zip_written_as_a_stream_is_read_entry_by_entry():
    """Sizes written after each entry (a zip made without seeking) hide nothing."""
    import io
    import zipfile

    from portal.outputs.leaks import OutputGuard

    class Stream(io.RawIOBase):
        def __init__(self) -> None:
            self.data = bytearray()

        def writable(self) -> bool:
            return True

        def write(self, data) -> int:
            self.data += data
            return len(data)

    stream = Stream()
    with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("first.txt", "Nothing here. " * 20)
        archive.writestr("second.txt", "A note on Secret Person. " * 20)
    guard = OutputGuard(Guard.of({"withheld-1": ["Secret Person"]}))
    guard.check("download/x.zip", bytes(stream.data))
    assert [p.message.split(" names ")[0] for p in guard.problems] == [
        "the built file download/x.zip/second.txt:1"]
