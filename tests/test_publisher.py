"""A statement names the organisation that published it as its publisher, not its author."""

import pytest

from conftest import parse


@pytest.mark.parametrize("lang, label", [
    ("en", "Published by"), ("be", "Выдавец"), ("ru", "Издатель")])
def test_a_statement_names_its_publisher(built_fixture, lang, label):
    soup = parse(built_fixture / lang / "statements/2025-09-11-release/index.html")
    facts = {div.dt.get_text(strip=True): div.dd.get_text(strip=True)
             for div in soup.select("dl.facts > div")}
    assert facts[label] == "Fixture Org"
    assert not {"Author", "Аўтар", "Автор"} & set(facts)
