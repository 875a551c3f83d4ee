"""In-place YAML edits: values, lists and records changed with every comment kept."""

from __future__ import annotations

import yaml

from portal.content.yamledit import (
    TextEdits,
    append_item,
    compose,
    extend_list,
    scalar,
    set_list,
    set_scalar,
)

ORDER = ("name", "status", "reported", "verified", "facility", "events", "sources")


def edit(text: str, *steps) -> str:
    edits = TextEdits(text)
    root = compose(text)
    for step, *args in steps:
        step(edits, root, *args, ORDER)
    result = edits.result()
    yaml.safe_load(result)  # still YAML
    return result


def test_a_value_is_replaced_and_its_comment_stays_in_its_column():
    text = "name: x\nstatus: imprisoned   # from the list\nverified: 2025\n"
    assert edit(text, (set_scalar, "status", "exiled")) == \
        "name: x\nstatus: exiled       # from the list\nverified: 2025\n"
    assert edit(text, (set_scalar, "status", "re-arrested-long-word")) == \
        "name: x\nstatus: re-arrested-long-word # from the list\nverified: 2025\n"


def test_an_empty_value_is_filled_and_a_missing_field_goes_in_its_place():
    text = "name: x\nstatus: imprisoned\nfacility:   # where held\nsources: [a]\n"
    assert edit(text, (set_scalar, "facility", "sizo-1")) == \
        "name: x\nstatus: imprisoned\nfacility: sizo-1 # where held\nsources: [a]\n"
    assert edit(text, (set_list, "reported", ["status"])) == \
        "name: x\nstatus: imprisoned\nreported: [status]\nfacility:   # where held\n" \
        "sources: [a]\n"


def test_lists_grow_as_they_are_written():
    flow = "name: x\nsources: [a,\n  b,\n]  # two\n"
    assert edit(flow, (extend_list, "sources", ["c"])) == \
        "name: x\nsources: [a,\n  b, c,\n]  # two\n"
    block = "name: x\nsources:\n  - a   # first\n\n  # later ones\nstatus: s\n"
    assert edit(block, (extend_list, "sources", ["b"])) == \
        "name: x\nsources:\n  - a   # first\n  - b\n\n  # later ones\nstatus: s\n"
    assert edit("name: x\nsources: []\n", (extend_list, "sources", ["a"])) == \
        "name: x\nsources: [a]\n"


def test_a_record_is_added_after_the_last_item_or_under_an_empty_list():
    event = [("type", "released"), ("date", "2025-09-11"), ("sources", ["a"])]
    added = "  - type: released\n    date: 2025-09-11\n    sources: [a]\n"
    listed = "name: x\nevents:\n  - type: detained\n    note:\n      en: |\n        Text.\n\n" \
        "  # an old note\nsources: [a]\n"
    assert edit(listed, (append_item, "events", event)) == listed.replace(
        "        Text.\n", "        Text.\n" + added)
    empty = "name: x\nevents: []   # none yet\nsources: [a]\n"
    assert edit(empty, (append_item, "events", event)) == \
        "name: x\nevents:      # none yet\n" + added + "sources: [a]\n"
    assert edit("name: x\nevents: []\n", (append_item, "events", event)) == \
        "name: x\nevents:\n" + added
    missing = "name: x\nstatus: s\nsources: [a]\n"
    assert edit(missing, (append_item, "events", event)) == \
        "name: x\nstatus: s\nevents:\n" + added + "sources: [a]\n"


def test_values_are_quoted_only_where_yaml_would_misread_them():
    assert [scalar(x) for x in ("LT", "NO", "2025-09-11", "report-a", "yes", "a: b")] == \
        ["LT", '"NO"', "2025-09-11", "report-a", '"yes"', '"a: b"']
