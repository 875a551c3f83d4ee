"""Model tests: the fixture loads into frozen records, without writing anything."""

import dataclasses

import pytest

from portal.content.dates import PartialDate


def test_loads_every_content_type(fixture_model):
    site = fixture_model
    assert site.config.codes == ("en", "be", "ru")
    assert site.config.language("be").fallback == ("ru", "en")
    assert [p.slug for p in site.prisoners] == ["anna-test", "boris-test", "clara-test",
                                                "dmitry-test", "eva-test", "withheld-1"]
    assert set(site.facilities) == {"sizo-test", "colony-test"}
    assert [w.id for w in site.waves] == ["2024-summer", "2025-09-11"]
    assert [p.count for p in site.statistics] == [1300, 1168]
    assert [a.id for a in site.actions] == ["write-letters", "share"]
    assert len(site.letters.phrases) == 2
    assert set(site.pages) == {"about", "help", "write"}


def test_statement_translations_are_one_statement(fixture_model):
    newest = fixture_model.statements[0]
    assert newest.slug == "2025-09-11-release"
    assert set(newest.translations) == {"en", "be"}
    assert newest.date == PartialDate(2025, 9, 11)
    assert newest.people == ("anna-test",)


def test_records_keep_file_and_line(fixture_model):
    anna = fixture_model.by_slug["anna-test"]
    assert anna.origin.file == "data/prisoners/anna-test.yaml"
    wave = fixture_model.waves_by_id["2025-09-11"]
    assert wave.origin.file == "data/releases.yaml"
    assert wave.origin.line == 7
    statement = fixture_model.statements[0].translations["be"]
    assert statement.origin.file == "content/statements/2025-09-11-release.be.md"


def test_model_is_frozen(fixture_model):
    with pytest.raises(dataclasses.FrozenInstanceError):
        fixture_model.prisoners[0].status = "released"


def test_localised_fields_are_maps_by_language(fixture_model):
    boris = fixture_model.by_slug["boris-test"]
    assert boris.name.get("be") == "Барыс Тэст"
    assert boris.summary.get("be") is None
    assert boris.summary.get("ru") == "Политик в следственном изоляторе."


def test_ids_written_as_dates_are_text(fixture_model):
    anna = fixture_model.by_slug["anna-test"]
    assert anna.events[-1].wave == "2025-09-11"
    assert anna.events[-1].destination == "LT"
    assert anna.events[1].term.years == 5
