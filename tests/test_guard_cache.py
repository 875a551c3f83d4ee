"""The leak guard made from name forms kept between builds (.cache/names/) finds exactly
what a guard made from nothing finds: the same problems with the cache cold, warm or off;
after a withheld person's name is edited, an alias added or a person withheld, the next
build stops on the new name as a `--no-cache` build does; and a damaged or foreign entry
is never believed."""

from __future__ import annotations

import hashlib
import hmac
import pickle
from pathlib import Path

import pytest

from portal.names import guard as guard_module
from portal.names import guardpublic
from portal.names.formstore import KeptForms
from portal.names.guard import Guard
from portal.names.nameforms import name_forms, text_forms
from portal.store import cachefile
from portal.store.version import code_version

from conftest import make_project, outcome, replace_in

WITHHELD = "data/prisoners/withheld-1.yaml"
PUBLIC = "data/prisoners/boris-test.yaml"
OTHER = "data/prisoners/anna-test.yaml"


def kept_entries(root: Path) -> list[Path]:
    folder = root / ".cache" / "names"
    return sorted(p for p in folder.iterdir() if p.is_file()) if folder.is_dir() else []


def forget_this_process() -> None:
    """What the guard remembers in this process, forgotten: the next build is made as a
    build in a new process would make it (from the sources and .cache/ alone)."""
    guard_module._MADE.clear()
    guardpublic._MADE.clear()
    text_forms.cache_clear()


@pytest.fixture
def warm(tmp_path) -> Path:
    """The minimal fixture built once with the cache (its name forms kept), with a public
    profile that mentions `Hidden Someone`, nobody's name yet."""
    forget_this_process()
    root = make_project(tmp_path / "project", "minimal")
    replace_in(root, PUBLIC, "summary:\n  en: ", "summary:\n  en: Wrote to Hidden Someone. ")
    assert outcome(root)[0] == "built"
    assert kept_entries(root)
    return root


def same_as_without_cache(root: Path) -> tuple[str, list[str]]:
    """The warm build's outcome, which must be the `--no-cache` build's."""
    forget_this_process()
    cached = outcome(root)
    forget_this_process()
    assert cached == outcome(root, cache=False)
    return cached


def test_cold_warm_and_no_cache_builds_give_the_same_problems(tmp_path):
    root = make_project(tmp_path / "project", "minimal")
    replace_in(root, PUBLIC, "summary:\n  en: ", "summary:\n  en: Met Secret Person. ")
    forget_this_process()
    off = outcome(root, cache=False)
    forget_this_process()
    cold = outcome(root)
    assert kept_entries(root)
    forget_this_process()
    warm = outcome(root)
    assert cold == warm == off
    assert off[0] == "stopped" and any(PUBLIC in p and "Secret Person" in p for p in off[1])


def assert_stops_on_hidden_someone(root: Path) -> None:
    state, problems = same_as_without_cache(root)
    assert state == "stopped"
    assert any(p.startswith(PUBLIC) and '"Hidden Someone"' in p and "withheld-1" in p
               for p in problems), problems


def test_a_withheld_persons_new_name_is_found_by_the_next_warm_build(warm):
    replace_in(warm, WITHHELD, "en: Secret Person", "en: Hidden Someone")
    assert_stops_on_hidden_someone(warm)


def test_a_new_alias_of_a_withheld_person_is_found_by_the_next_warm_build(warm):
    replace_in(warm, WITHHELD, "gender: other", "aliases: [Hidden Someone]\ngender: other")
    assert_stops_on_hidden_someone(warm)


def test_a_person_newly_withheld_is_found_by_the_next_warm_build(warm):
    replace_in(warm, OTHER, "summary:\n  en: ", "summary:\n  en: Boris Test wrote. ")
    assert outcome(warm)[0] == "built"
    replace_in(warm, PUBLIC, "gender: male", "gender: male\nname_withheld: true")
    state, problems = same_as_without_cache(warm)
    assert state == "stopped"
    assert any(p.startswith(OTHER) and '"Boris Test"' in p for p in problems), problems


def test_a_public_name_edited_no_longer_claims_a_word_of_a_withheld_name(warm):
    """`Viktar Babaryka Maryia`: Babaryka is the public Viktar's, so the withheld Maryia
    Babaryka is not named; once Viktar's name is another, she is, and the warm build
    says so as a build without the cache does."""
    replace_in(warm, WITHHELD, "en: Secret Person", "en: Maryia Babaryka")
    replace_in(warm, PUBLIC, "en: Boris Test", "en: Viktar Babaryka")
    replace_in(warm, OTHER, "summary:\n  en: ", "summary:\n  en: Viktar Babaryka Maryia. ")
    assert same_as_without_cache(warm)[0] == "built"
    replace_in(warm, PUBLIC, "en: Viktar Babaryka", "en: Viktar Petrov")
    state, problems = same_as_without_cache(warm)
    assert state == "stopped"
    assert any(p.startswith(OTHER) and "Babaryka Maryia" in p for p in problems), problems


def poison(entry: Path, payload: bytes, key: bytes | None = None) -> None:
    """Write an entry holding `payload`: sealed with `key` (another machine's), or, with
    no key, this user's seal of the entry's old payload kept (the payload changed after
    sealing, as a damaged or edited file would be)."""
    data = entry.read_bytes()
    name = f"names/{entry.name}"
    if key is None:
        tag = data[len(cachefile.MAGIC):len(cachefile.MAGIC) + cachefile.DIGEST]
    else:
        tag = hmac.new(key, name.encode() + b"\0" + payload,
                       hashlib.blake2b).digest()[:cachefile.DIGEST]
    entry.write_bytes(cachefile.MAGIC + tag + len(payload).to_bytes(8, "little") + payload)


@pytest.mark.parametrize("sealed_by", ["nobody (damaged)", "another key"])
def test_an_entry_that_would_hide_a_name_is_not_believed(warm, sealed_by):
    """An entry saying that `Hidden Someone` has no forms (so that the guard would look
    for nothing) is ignored, damaged or sealed by someone else."""
    replace_in(warm, WITHHELD, "en: Secret Person", "en: Hidden Someone")
    [entry] = kept_entries(warm)
    lie = {b"Hidden Someone": frozenset(), b"Secret Person": frozenset()}
    poison(entry, pickle.dumps(lie), None if sealed_by.startswith("nobody") else b"k" * 32)
    assert_stops_on_hidden_someone(warm)


def test_a_cut_short_entry_is_a_miss(warm):
    [entry] = kept_entries(warm)
    entry.write_bytes(entry.read_bytes()[:-10])
    replace_in(warm, WITHHELD, "en: Secret Person", "en: Hidden Someone")
    assert_stops_on_hidden_someone(warm)
    assert kept_entries(warm)  # made again


def test_a_kept_value_that_is_not_a_set_of_forms_is_worked_out_again(tmp_path):
    """Even an entry sealed with this user's key is used only if it holds what this code
    keeps: a set of forms, each a tuple of words."""
    store = KeptForms(tmp_path)
    for wrong in ("secret person", frozenset({"secret"}), frozenset({()}),
                  frozenset({("secret", 1)}), [("secret", "person")]):
        store.kept.put(b"Secret Person", wrong)
        assert store(["Secret Person"]) == name_forms(["Secret Person"])
        assert store.kept.get(b"Secret Person") == text_forms("Secret Person")


def test_forms_are_kept_by_the_version_of_the_code(tmp_path, monkeypatch):
    from portal.store import kept

    first = KeptForms(tmp_path)
    first(["Secret Person"])
    first.save()
    assert [p.name for p in tmp_path.iterdir()] == [code_version().hex()]
    monkeypatch.setattr(kept, "code_version", lambda: b"another version")
    again = KeptForms(tmp_path)
    assert again.kept.get(b"Secret Person") is None


def test_the_guard_made_from_kept_forms_is_the_guard_made_from_nothing(tmp_path):
    people = {"w": ["Maryia Babaryka", "Марыя Бабарыка"]}
    public = {"v": ["Viktar Babaryka", "Віктар Бабарыка"], "m": ["Maryia Kalesnikava"]}
    store = KeptForms(tmp_path)
    Guard(people, public, forms=store)
    store.save()
    forget_this_process()
    kept = Guard(people, public, forms=KeptForms(tmp_path))
    forget_this_process()
    plain = Guard(people, public)
    assert kept.key == plain.key and kept.by_key == plain.by_key
    assert kept.names.index == plain.names.index
    for text in ("Viktar Babaryka Maryia", "Maryia Babaryka", "Марыю Бабарыку"):
        assert kept.find(text) == plain.find(text), text


def test_the_two_passes_keep_their_verdicts_side_by_side(tmp_path):
    """The guard over the sources and the guard over the site differ when a record lists
    `public_names`; each pass keeps its clean texts without removing the other's."""
    root = make_project(tmp_path / "project", "minimal")
    replace_in(root, OTHER, "gender: female", 'gender: female\npublic_names: ["Person"]')
    assert outcome(root)[0] == "built"
    kinds = sorted(p.name.split("-", 1)[1] for p in (root / ".cache" / "guard").iterdir())
    assert kinds == ["output", "output-strings", "source"]


def test_a_build_that_worked_out_no_form_leaves_the_kept_forms(warm):
    """A second build in one process (the live preview's) makes no form: the guard is the
    one made before. The forms kept stay for the next process."""
    replace_in(warm, OTHER, "summary:\n  en: ", "summary:\n  en: Edited. ")
    assert outcome(warm)[0] == "built"
    assert KeptForms(warm / ".cache" / "names").kept.known.keys() >= {b"Secret Person"}
