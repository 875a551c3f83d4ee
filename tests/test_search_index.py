"""The sharded search index (portal/outputs/shards.py, portal/outputs/fulltext.py): every
word and number kept, shards small and in the order the browser searches them."""

from __future__ import annotations

import json

from portal.outputs.fulltext import terms
from portal.outputs.shards import chunks, shards, utf16


def read(files: list[bytes]) -> dict[str, list[int]]:
    out: dict[str, list[int]] = {}
    for content in files:
        for word, steps in json.loads(content).items():
            numbers, total = [], 0
            for step in steps:
                total += step
                numbers.append(total)
            out[word] = numbers
    return out


def test_shards_keep_every_word_and_number_and_stay_small():
    postings = {f"word{i:04d}": list(range(i, 3000, 7)) for i in range(0, 400, 3)}
    postings["common"] = list(range(5000))  # longer than a shard alone
    firsts, files = shards(postings, limit=2000)
    assert read(files) == postings
    assert len(files) == len(firsts) > 10
    for first, content in zip(firsts, files, strict=True):
        words = list(json.loads(content))
        assert words[0] == first and words == sorted(words, key=utf16)
        assert len(content) <= 2000 + 2 or len(words) == 1
    assert sorted(firsts, key=utf16) == firsts


def test_words_sort_as_javascript_compares_strings():
    """JavaScript compares UTF-16 code units: a letter outside the first plane (here a
    surrogate pair, D835 ...) sorts before a full-width letter (FF5A)."""
    firsts, _ = shards({"\U0001d400": [1], "\uff5a": [2], "z": [3]}, limit=1)
    assert firsts == ["z", "\U0001d400", "\uff5a"]


def test_terms_are_folded_as_the_browser_folds_a_query():
    assert terms("**Марыя** Калеснікава — [Ёлка](prisoner:x) Crème, 2024 і_й") == (
        "марыя", "калеснікава", "елка", "creme", "2024", "і", "и")


def test_documents_in_chunks():
    docs = [[f"../p/{i}/", f"Title {i}", "page"] for i in range(40)]
    files = list(chunks(docs, size=16))
    assert [len(json.loads(f)) for f in files] == [16, 16, 8]
    assert json.loads(files[2])[7] == docs[39]


def test_folding_drops_exactly_the_combining_marks():
    """The quick fold (one search for the marks, none for ASCII text) gives what looking
    up each character among the marks gives, for every character of the first plane."""
    import unicodedata

    from portal.outputs.fulltext import MARKS, fold

    every = "".join(chr(c) for c in range(0x10000) if not 0xD800 <= c < 0xE000)
    for text in (every, "plain ascii", "Crème ÉLAN Ёлка й ў", "a\u0301" * 3):
        assert fold(text) == unicodedata.normalize("NFKD", text.lower()).translate(MARKS)


def test_markup_is_dropped_as_before():
    """The markup pattern with its lookahead finds what the pattern without it finds."""
    import re

    from portal.outputs.fulltext import MARKUP

    plain = re.compile(r"!?\[([^\]]*)\]\([^)]*\)|<[^>]+>|[*_`#>|]+")
    text = "A **b** _c_ `d` # e > f | g ![h](i.png) [j](k) <em>l</em> [m] (n) ! [o]( p"
    assert [(m.span(), m[1]) for m in MARKUP.finditer(text)] == \
        [(m.span(), m[1]) for m in plain.finditer(text)]
