"""The words of a share image: a long title or subtitle is drawn smaller, on more lines,
and cut only as a last resort, at a word and with "…"."""

from __future__ import annotations

import pytest

from portal.build import builder
from portal.options import Options
from portal.outputs import shareimage as share
from portal.outputs.sharewords import share_words
from portal.pages.plan import plan_pages

from conftest import TODAY, make_project


@pytest.fixture(scope="module")
def sample_words(tmp_path_factory) -> dict[str, tuple[str, str, str]]:
    """Every share image of the real sample, by path, with its words."""
    root = make_project(tmp_path_factory.mktemp("share"))
    site, _ = builder.load_site(Options(root=root, today=TODAY))
    return dict(share_words(site, plan_pages(site, TODAY)))


def shown(lines: tuple[str, ...]) -> str:
    return " ".join(lines)


def test_every_sample_card_shows_its_title_and_subtitle_in_full(sample_words):
    statements = [p for p in sample_words if "/statements/" in p]
    assert len(statements) == 9
    for path, (title, subtitle, _) in sample_words.items():
        card = share.layout(title, subtitle)
        assert shown(card.title).split() == title.split(), path
        assert shown(card.subtitle).split() == subtitle.split(), path


def test_the_long_titles_the_review_found_cut_keep_their_last_words(sample_words):
    title, subtitle, _ = sample_words["ru/statements/2025-12-13-forced-exile/share.png"]
    card = share.layout(title, subtitle)
    assert card.title[-1].endswith("а не помилованием")
    title, subtitle, _ = sample_words["be/statements/2025-09-11-release-of-52/share.png"]
    assert share.layout(title, subtitle).subtitle[-1].endswith("Усходняга партнёрства")


def test_a_card_too_long_at_the_smallest_sizes_ends_at_a_word_with_an_ellipsis():
    title = " ".join(f"слова{n}" for n in range(120))
    subtitle = " ".join(f"подпіс{n}" for n in range(200))
    card = share.layout(title, subtitle)
    assert card.title_size == share.TITLE_SIZES[-1]
    assert card.subtitle_size == share.SUBTITLE_SIZES[-1]
    for lines, text in ((card.title, title), (card.subtitle, subtitle)):
        assert lines[-1].endswith("…")
        kept = shown(lines).removesuffix("…").split()
        assert kept == text.split()[:len(kept)]  # whole words, in order, none cut
    measure = share._measure()
    assert all(measure.textlength(line, font=share._font(True, card.title_size))
               <= share.TEXT_WIDTH for line in card.title)
    assert share.TOP + share._height(card) <= share.BOTTOM


def test_a_short_card_keeps_the_largest_sizes():
    card = share.layout("Марыя Калеснікава", "Зняволеная · статус на 12 верасня 2025 г.")
    assert (card.title_size, card.subtitle_size) == (76, 36)
    assert card.title == ("Марыя Калеснікава",)


def test_the_heaviest_cards_stay_within_the_weight():
    title = "Эксперт ООН приветствует освобождения, но называет высылку принудительным " \
        "изгнанием, а не помилованием"
    data = share.draw(title, "2025 · Управление Верховного комиссара ООН по правам человека",
                      "Политзаключённые Беларуси")
    assert len(data) <= share.MOST_BYTES
