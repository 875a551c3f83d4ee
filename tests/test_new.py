"""Slugs and names across scripts, and `python build.py new`."""

from __future__ import annotations

import subprocess
import sys

import pytest
import yaml

from portal.translit import language_of, romanise, slugify

from conftest import PROJECT, TODAY, check


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


def test_new_prisoner_stubs_every_field_and_language(project):
    root = project("minimal")
    result = new(root, "prisoner", "Мікалай Статкевіч")
    assert result.returncode == 0, result.stderr
    path = root / "data/prisoners/mikalaj-statkievich.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert data["name"] == {"en": "Mikalaj Statkievič", "be": "Мікалай Статкевіч", "ru": None}
    for field in ("gender", "status", "verified", "roles", "events", "summary", "biography",
                  "sources"):
        assert field in data
    assert set(data["summary"]) == set(data["biography"]) == {"en", "be", "ru"}
    problems = [str(p) for p in check(root) if p.file == "data/prisoners/mikalaj-statkievich.yaml"]
    assert any("gender: is empty; write male, female or other" in p for p in problems)


def test_new_refuses_to_reuse_a_slug_and_takes_an_override(project):
    root = project("minimal")
    assert new(root, "prisoner", "Anna Test").returncode == 1
    result = new(root, "prisoner", "Мікалай Статкевіч", "--slug", "mikalai-statkevich")
    assert result.returncode == 0
    assert (root / "data/prisoners/mikalai-statkevich.yaml").is_file()
    assert new(root, "prisoner", "!!!").returncode == 1
    assert new(root, "prisoner", "x", "--slug", "Not A Slug").returncode == 1


def test_new_statement_in_the_language_of_its_title(project):
    root = project("minimal")
    assert new(root, "statement", "Вызваленне 52 чалавек").returncode == 0
    path = root / f"content/statements/{TODAY.isoformat()}-vyzvaliennie-52-chalaviek.be.md"
    text = path.read_text(encoding="utf-8")
    assert text.startswith('---\ntitle: "Вызваленне 52 чалавек"\ndate: 2025-12-20\n')
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
    from portal.search import matches, name_keys

    found = [p.slug for p in sample_model.prisoners if matches(query, name_keys(p))]
    assert slug in found and len(found) <= 2, found


def test_a_name_that_is_not_there_is_not_found(sample_model):
    from portal.search import matches, name_keys

    assert not [p for p in sample_model.prisoners if matches("Zelenko", name_keys(p))]
    assert not [p for p in sample_model.prisoners if matches("", name_keys(p))]


@pytest.fixture(scope="module")
def sample_model():
    from portal.builder import load_site
    from portal.options import Options

    return load_site(Options(root=PROJECT, today=TODAY))[0]
