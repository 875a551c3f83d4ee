"""Slugs and names across scripts, and `.venv/bin/python build.py new`."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest
import yaml

from portal.names.translit import language_of, romanise, slugify

from conftest import PROJECT, TODAY, build, check, parse


@pytest.mark.parametrize("name, latin, slug", [
    # Belarusian: the national romanisation (2007), folded to ASCII for the slug
    ("Мікалай Статкевіч", "Mikalaj Statkievič", "mikalaj-statkievich"),
    ("Ігар Лосік", "Ihar Losik", "ihar-losik"),
    ("Марыя Калеснікава", "Maryja Kaliesnikava", "maryja-kaliesnikava"),
    ("Алесь Бяляцкі", "Alieś Bialiacki", "alies-bialiacki"),
    ("Сяргей Ціханоўскі", "Siarhiej Cichanoŭski", "siarhiej-cichanouski"),
    ("Віктар Бабарыка", "Viktar Babaryka", "viktar-babaryka"),
    ("Валянцін Стэфановіч", "Valiancin Stefanovič", "valiancin-stefanovich"),
    ("Уладзімір Лабковіч", "Uladzimir Labkovič", "uladzimir-labkovich"),
    ("Рыгор Кастусёў", "Ryhor Kastusioŭ", "ryhor-kastusiou"),
    ("Юлія Ярашэвіч", "Julija Jaraševič", "julija-jarashevich"),
    ("Дзьмітры Ц'ян", "Dźmitry Cjan", "dzmitry-cjan"),
    ("Наталля Хершэ", "Natallia Chierše", "natallia-chiershe"),
    # Russian: the passport (ICAO) romanisation
    ("Игорь Лосик", "Igor Losik", "igor-losik"),
    ("Мария Колесникова", "Mariia Kolesnikova", "mariia-kolesnikova"),
    ("Сергей Тихановский", "Sergei Tikhanovskii", "sergei-tikhanovskii"),
    ("Николай Статкевич", "Nikolai Statkevich", "nikolai-statkevich"),
    ("Григорий Костусев", "Grigorii Kostusev", "grigorii-kostusev"),
    # Latin names stay as they are
    ("Rico Krieger", "Rico Krieger", "rico-krieger"),
])
def test_names_romanise_and_slugs_are_ascii(name, latin, slug):
    assert romanise(name) == latin
    assert slugify(name) == slug
    assert slug.isascii() and slug


def test_script_detection():
    assert language_of("Мікалай") == "be"
    assert language_of("Николай") == "ru"
    assert language_of("Nikolai") == "latin"


def test_a_slug_is_never_empty_or_non_ascii():
    assert slugify("Ёж") == "jozh"
    assert slugify("!!!") == ""


def new(root, *args):
    return subprocess.run([sys.executable, str(PROJECT / "build.py"), "new", *args, "--root",
                           str(root), "--today", TODAY.isoformat()],
                          capture_output=True, text=True, timeout=60)


STATKEVICH = "data/prisoners/mikalaj-statkievich.yaml"


def fill(root, relative: str, *edits: tuple[str, str]) -> None:
    """Edit a file as an editor would: replace one line's start with what they write."""
    path = root / relative
    text = path.read_text(encoding="utf-8")
    for old, new_text in edits:
        assert text.count(old) == 1, old
        text = text.replace(old, new_text)
    path.write_text(text, encoding="utf-8")


def errors_in(root, relative: str) -> list[str]:
    return [f"{p.field}: {p.message}" for p in check(root) if p.file == relative
            and not p.warning]


def test_new_prisoner_is_written_in_the_editors_style(project):
    """No comments (the web editor drops them: the editors' guide says what each field
    holds); the required fields there, empty, for `check` to ask for."""
    from portal.checks.canonical import canonical

    root = project("minimal")
    result = new(root, "prisoner", "Мікалай Статкевіч")
    assert result.returncode == 0, result.stderr
    assert "docs/editors-guide.md" in result.stdout
    text = (root / STATKEVICH).read_text(encoding="utf-8")
    assert canonical(STATKEVICH, text) == text and "#" not in text
    data = yaml.safe_load(text)
    assert data["name"] == {"en": "Mikalaj Statkievič", "be": "Мікалай Статкевіч"}
    assert list(data) == ["name", "aliases", "gender", "status", "verified", "roles", "flags",
                          "name_withheld", "distinct_from", "summary", "sources"]
    assert data["name_withheld"] is False and data["flags"] == []
    assert data["gender"] is None and data["summary"] is None


def test_a_new_prisoner_with_the_required_fields_filled_passes_check(project):
    root = project("minimal")
    assert new(root, "prisoner", "Мікалай Статкевіч").returncode == 0
    assert errors_in(root, STATKEVICH) == [
        "gender: is empty", "status: is empty", "verified: is empty", "summary: is empty",
        "sources: is empty"]
    fill(root, STATKEVICH, ("\ngender: null", "\ngender: male"),
         ("\nstatus: null", "\nstatus: imprisoned"),
         ("\nverified: null", "\nverified: 2025-09-12"),
         ("\nsummary: null", "\nsummary:\n  be: Палітык, затрыманы ў 2020 годзе."),
         ("\nsources: []", "\nsources:\n  - report-a"))
    assert errors_in(root, STATKEVICH) == []
    build(root)
    page = parse(root / "site/be/prisoners/mikalaj-statkievich/index.html")
    assert page.h1.get_text(strip=True) == "Мікалай Статкевіч"


def test_new_statement_needs_only_what_the_editor_must_write(project):
    root = project("minimal")
    assert new(root, "statement", "Release of 52", "--lang", "en").returncode == 0
    relative = f"content/statements/{TODAY.isoformat()}-release-of-52.en.md"
    text = (root / relative).read_text(encoding="utf-8")
    assert text.endswith("\n---\n")  # no placeholder text that could be published
    assert errors_in(root, relative) == [
        "author: is empty, and no `publisher` is given", "sources: is empty",
        "body: the statement has no text"]
    fill(root, relative, ("\nauthor: null", "\nauthor: Viasna"),
         ("\nsources: []", "\nsources:\n  - report-a"))
    (root / relative).write_text((root / relative).read_text(encoding="utf-8")
                                 + "52 people were released.\n", encoding="utf-8")
    assert errors_in(root, relative) == []


def test_new_translation_is_current_once_written(project):
    from portal.build.builder import translation_items
    from portal.options import Options

    root = project("minimal")
    source = "content/statements/2025-09-11-release.en.md"
    result = new(root, "translation", source, "--lang", "ru")
    assert result.returncode == 0, result.stderr
    relative = "content/statements/2025-09-11-release.ru.md"
    text = (root / relative).read_text(encoding="utf-8")
    data = yaml.safe_load(text.split("---\n")[1])
    assert data["date"] == dt.date(2025, 9, 11) and data["people"] == ["anna-test"]
    assert data["title"] is None
    assert data["translated_from"]["lang"] == "en"
    assert errors_in(root, relative) == ["title: is empty", "body: the statement has no text"]
    fill(root, relative, ("\ntitle: null", "\ntitle: Освобождены пятьдесят два человека"),
         ("\npeople:", "\nsummary: Краткое изложение.\npeople:"))
    with (root / relative).open("a", encoding="utf-8") as file:
        file.write("В сентябре 2025 года освобождены 52 человека.\n")
    assert errors_in(root, relative) == []
    _, items, _ = translation_items(Options(root=root, today=TODAY))
    assert [i.status for i in items if i.file == relative] == ["current"]
    assert not [p for p in check(root) if p.file == relative]  # not even a warning
    build(root)
    page = parse(root / "site/ru/statements/2025-09-11-release/index.html")
    assert page.h1.get_text(strip=True) == "Освобождены пятьдесят два человека"
    assert page.find(class_="fallback-notice") is None
    assert page.find(class_="stale-notice") is None


@pytest.mark.parametrize("args, message", [
    (("content/statements/2025-09-11-release.en.md", "--lang", "be"), "already exists"),
    (("content/statements/2025-09-11-release.en.md", "--lang", "en"), "is already in en"),
    (("content/statements/2025-09-11-release.en.md", "--lang", "pl"),
     '"pl" is not a configured language'),
    (("content/statements/2025-09-11-release.en.md",), "which language"),
    (("content/statements/2099-01-01-none.en.md", "--lang", "ru"), "does not exist"),
    (("data/prisoners/anna-test.yaml", "--lang", "ru"), "is not a statement or a page"),
])
def test_new_translation_refuses_what_it_cannot_make(project, args, message):
    root = project("minimal")
    result = new(root, "translation", *args)
    assert result.returncode == 1 and message in result.stderr


def test_new_refuses_to_reuse_a_slug_and_takes_an_override(project):
    root = project("minimal")
    assert new(root, "prisoner", "Anna Test").returncode == 1
    result = new(root, "prisoner", "Мікалай Статкевіч", "--slug", "mikalai-statkevich")
    assert result.returncode == 0
    assert (root / "data/prisoners/mikalai-statkevich.yaml").is_file()
    assert new(root, "prisoner", "!!!").returncode == 1
    assert new(root, "prisoner", "x", "--slug", "Not A Slug").returncode == 1


@pytest.mark.parametrize("kind", ["prisoner", "statement"])
def test_new_never_makes_a_file_the_build_cannot_read(project, kind):
    root = project("minimal")
    result = new(root, kind, "\u200bAnna Nova", *(["--lang", "en"] if kind == "statement"
                                                   else []))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "the text holds an invisible character (U+200B ZERO WIDTH SPACE) (from the name " \
        "or title given); give it again without that character" in result.stderr
    assert not list(root.rglob("*anna-nova*"))


def test_new_never_writes_through_a_link(project, tmp_path):
    root = project("minimal")
    outside = tmp_path / "outside.yaml"
    (root / "data/prisoners/nova-test.yaml").symlink_to(outside)  # pointing at nothing yet
    result = new(root, "prisoner", "Nova Test")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "data/prisoners/nova-test.yaml the file is a link" in result.stderr
    assert not outside.exists()
    (root / "data/prisoners/nova-test.yaml").unlink()
    (root / "content/statements").rename(root / "statements")
    (root / "content/statements").symlink_to("../statements")  # inside: the build reads it
    result = new(root, "statement", "Release of nine", "--lang", "en")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "the folder content/statements/ is a link" in result.stderr
    assert not list((root / "statements").glob("*nine*"))


@pytest.mark.parametrize("name", ["Hanna Test", "Тэст Ганна", "ANNA TEST", "Анна Тест"])
def test_new_refuses_a_name_a_profile_has_in_another_spelling_unless_given_a_slug(project,
                                                                                name):
    root = project("minimal")
    result = new(root, "prisoner", name)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f'data/prisoners/anna-test.yaml name: already names "{name}"' in result.stderr
    assert "--slug" in result.stderr and "distinct_from" in result.stderr
    assert sorted(p.name for p in (root / "data/prisoners").iterdir()) == [
        "anna-test.yaml", "boris-test.yaml", "clara-test.yaml", "dmitry-test.yaml",
        "eva-test.yaml", "withheld-1.yaml"]
    assert new(root, "prisoner", name, "--slug", "anna-test-2").returncode == 0


def test_new_statement_in_the_language_of_its_title(project):
    root = project("minimal")
    assert new(root, "statement", "Вызваленне 52 чалавек").returncode == 0
    path = root / f"content/statements/{TODAY.isoformat()}-vyzvaliennie-52-chalaviek.be.md"
    text = path.read_text(encoding="utf-8")
    front = yaml.safe_load(text.split("---\n")[1])
    assert front["title"] == "Вызваленне 52 чалавек" and front["date"] == TODAY
    assert new(root, "statement", "Release of 52", "--lang", "en").returncode == 0
    assert (root / f"content/statements/{TODAY.isoformat()}-release-of-52.en.md").is_file()


@pytest.mark.parametrize("query, slug", [
    ("Kalesnikava", "maryia-kalesnikava"), ("Kolesnikova", "maryia-kalesnikava"),
    ("Калеснікава", "maryia-kalesnikava"), ("Колесникова", "maryia-kalesnikava"),
    ("Maryja Kalesnikava", "maryia-kalesnikava"), ("Maria Kolesnikova", "maryia-kalesnikava"),
    ("Tsikhanouski", "siarhei-tsikhanouski"), ("Tikhanovsky", "siarhei-tsikhanouski"),
    ("Тихановский", "siarhei-tsikhanouski"), ("Ціханоўскі", "siarhei-tsikhanouski"),
    ("Statkievič", "mikalai-statkevich"), ("Статкевич", "mikalai-statkevich"),
    ("Bialiatski", "ales-bialiatski"), ("Byalyatski", "ales-bialiatski"),
    ("Беляцкий", "ales-bialiatski"), ("Бабарико", "viktar-babaryka"),
    ("Babariko", "viktar-babaryka"), ("Kostusev", "hryhory-kastusiou"),
    ("Кастусёў", "hryhory-kastusiou"), ("Кригер", "rico-krieger"), ("losik", "ihar-losik"),
    ("kales", "maryia-kalesnikava"),
])
def test_a_name_is_found_in_any_spelling(sample_model, query, slug):
    from portal.names.search import matches, name_keys

    found = [p.slug for p in sample_model.prisoners if matches(query, name_keys(p))]
    assert slug in found and len(found) <= 2, found


def test_a_name_that_is_not_there_is_not_found(sample_model):
    from portal.names.search import matches, name_keys

    assert not [p for p in sample_model.prisoners if matches("Zelenko", name_keys(p))]
    assert not [p for p in sample_model.prisoners if matches("", name_keys(p))]


@pytest.fixture(scope="module")
def sample_model():
    from portal.build.builder import load_site
    from portal.options import Options

    return load_site(Options(root=PROJECT, today=TODAY))[0]
