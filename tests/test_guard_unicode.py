"""The leak guard reads text by Unicode's own data, not by lists: every character a
reader does not see is dropped, every look-alike UTS #39 knows and every styled letter
is read as the plain letter, in every plane; and editors' text may hold emoji sequences
but no invisible character elsewhere. Properties over the real Unicode data: the code
points are enumerated from `unicodedata` and from the `regex` package (which may know a
newer Unicode), the look-alikes from the confusables file the guard itself reads."""

from __future__ import annotations

import re
import sys
import unicodedata
from collections import defaultdict

import pytest
import regex
from test_leaks import STATEMENT, leaks, withheld_project

from portal.content.characters import CHARACTER_FIX, bad_character
from portal.names.guard import Guard
from portal.names.guardtext import prepared
from portal.names.letters import ALPHABET, IGNORED, confusable_with, latin_of, plain
from portal.names.nameforms import VOWELS, fold

from conftest import PROJECT, append_to, errors

CODE_POINTS = range(sys.maxunicode + 1)

PEOPLE = {
    "latin-1": ["Zbigniew Kwiatkowski"],
    "latin-2": ["Felix Quendrop"],
    "latin-3": ["Maryja Hvasch"],
    "latin-4": ["Ivan Petrov"],
    "cyrillic-1": ["Аляксей Жураўлёў"],
    "cyrillic-2": ["Юрый Шчэпінскі"],
    "cyrillic-3": ["Фёдар Гуцько"],
    "cyrillic-4": ["Эдуард Мезенцаў"],
    "cyrillic-5": ["Ваня Бычкоў"],
    "cyrillic-6": ["Щербина Зиновий"],
    "cyrillic-7": ["Ёсіф Ґалъеў"],
    "cyrillic-8": ["Тарас Хвіт"],
}
"""Withheld people whose names hold every letter of the English alphabet and of the
Belarusian and Russian alphabets."""

GUARD = Guard(PEOPLE)


def found(text: str) -> set[str]:
    return {hit.slug for hit in GUARD.find(text)}


def unseen() -> list[str]:
    """Every code point of general category Cf, Mn or Me, or Default_Ignorable_Code_Point,
    by either source of Unicode data."""
    by_regex = regex.compile(r"[\p{Cf}\p{Mn}\p{Me}\p{Default_Ignorable_Code_Point}]")
    chars = [chr(code) for code in CODE_POINTS if not 0xD800 <= code <= 0xDFFF]
    return [c for c in chars if unicodedata.category(c) in ("Cf", "Mn", "Me")
            or by_regex.match(c)]


def test_the_enumeration_covers_every_plane():
    chars = unseen()
    assert len(chars) > 6000  # Mn alone is about 2,000; the tags and selectors 4,000 more
    planes = {ord(c) >> 16 for c in chars}
    assert {0, 1, 14} <= planes
    assert {"\u200b", "\u2060", "\U000e0041", "\U000e0100", "\u115f", "\u3164", "\u034f",
            "\U0001d167", "\u20dd", "\U00011a33"} <= set(chars)


def test_every_unseen_character_inside_a_word_is_dropped():
    """The folding and the guard's reading take out every such character, whatever plane."""
    for char in unseen():
        assert fold(f"Pet{char}rov") == "petrov", f"U+{ord(char):04X}"
        assert prepared(f"Pet{char}rov") == "Petrov", f"U+{ord(char):04X}"


def test_every_unseen_character_inside_a_withheld_name_is_caught():
    """Each one inside a word of a Latin and of a Cyrillic name."""
    for char in unseen():
        assert found(f"We met Ivan Pet{char}rov.") == {"latin-4"}, f"U+{ord(char):04X}"
        assert found(f"Мы бачылі Аляк{char}сея Жураўлёва.") == {"cyrillic-1"}, \
            f"U+{ord(char):04X}"


def letters_of_names() -> list[tuple[str, int, str]]:
    """(slug, index, letter) of every letter of every withheld name."""
    return [(slug, i, char) for slug, (name,) in PEOPLE.items()
            for i, char in enumerate(name) if char.isalpha()]


def look_alikes(letter: str) -> list[str]:
    """The characters UTS #39 confuses with a letter that may stand for it in a word:
    one character, not ASCII nor a styled form of ASCII (ASCII is read as written: `1` is
    not `l`), a letter, number or symbol (punctuation breaks a word, and an unseen
    character is dropped), written in the letter's case; a character without case stands
    for a small letter (the strokes ǀ, ∣, ᛁ are read as UTS #39's prototype l, never I)."""
    alike = []
    for char in sorted(confusable_with(letter)):
        if char.isascii() or IGNORED.match(char):
            continue
        if unicodedata.category(char)[0] not in "LNS":
            continue
        compatible = unicodedata.normalize("NFKC", char)
        if compatible.isascii() and not compatible.isalpha():
            continue
        if (char.isupper() or char.islower()) and char.isupper() != letter.isupper():
            continue
        if not (char.isupper() or char.islower()) and letter.isupper():
            continue
        alike.append(char)
    return alike


def test_every_look_alike_of_a_letter_of_a_name_is_caught():
    """Every character UTS #39 confuses with a letter of a withheld name, put in its place."""
    missed = []
    tried = 0
    for slug, i, letter in letters_of_names():
        (name,) = PEOPLE[slug]
        for char in look_alikes(letter):
            tried += 1
            text = f"We met {name[:i]}{char}{name[i + 1:]} there."
            if slug not in found(text):
                missed.append(f"{name[:i]}{char}{name[i + 1:]} U+{ord(char):04X} for {letter}")
    assert tried > 1500
    assert not missed, missed


def test_the_alphabets_look_alikes_come_from_the_data():
    """A letter of the Belarusian and Russian alphabets folds to the Latin letter UTS #39
    confuses it with (directly, or through a small capital: в → ʙ → b); the letters stay
    apart from each other (but ё and е, й and и, ў and у, which differ by a mark); the
    vowels and signs the stems are cut at stay what VOWELS says."""
    small = sorted(c for c in ALPHABET if c.islower())
    for letter in small:
        alike = {c.lower() for c in confusable_with(letter) if c.isascii() and c.isalpha()}
        capitals = {m[1].lower() for c in confusable_with(letter) if (m := re.fullmatch(
            "LATIN LETTER SMALL CAPITAL ([A-Z])", unicodedata.name(c, "")))}
        expected = alike or capitals
        assert latin_of(letter) == (expected.pop() if len(expected) == 1 else letter)
        assert fold(letter) == fold(letter.upper())
    folded = defaultdict(set)
    for letter in small:
        folded[fold(letter)].add(letter)
    assert sorted(sorted(v) for v in folded.values() if len(v) > 1) == [
        ["е", "ё"], ["и", "й"], ["у", "ў"]]
    assert {fold(c) for c in "аеёіоуыэюяиьъ"} <= VOWELS
    assert not {fold(c) for c in small if c not in "аеёіоуыэюяиьъйў"} & VOWELS
    assert {letter: latin_of(letter) for letter in "авгекмнорстухі"} == dict(
        zip("авгекмнорстухі", "abrekmhopctyxi", strict=True))


STYLE = re.compile(r"(?P<before>.*?)\b(?:(?P<case>CAPITAL|SMALL) )?(?:LETTER )?"
                   r"(?P<letter>[A-Z])(?P<after>(?: WITH .*)?)")


def styled_alphabets() -> dict[str, dict[str, str]]:
    """Each style of Latin letters Unicode names (`MATHEMATICAL BOLD CAPITAL _`,
    `LATIN LETTER SMALL CAPITAL _`, `NEGATIVE SQUARED LATIN CAPITAL LETTER _`,
    `LATIN SMALL LETTER _ WITH HOOK`, …) → its letters: plain letter → character."""
    styles: dict[str, dict[str, str]] = defaultdict(dict)
    for code in CODE_POINTS:
        name = unicodedata.name(chr(code), "")
        match = STYLE.fullmatch(name)
        if match is None or "LATIN" not in name and "MATHEMATICAL" not in name:
            continue
        if any(word in name for word in ("TURNED", "REVERSED", "INVERTED", "SIDEWAYS")):
            continue  # a letter upside down or mirrored is another shape
        key = f"{match['before']} {match['case'] or ''} _{match['after']}"
        letter = match["letter"].lower() if match["case"] != "CAPITAL" else match["letter"]
        styles[key].setdefault(letter, chr(code))
    return {key: letters for key, letters in styles.items() if len(letters) >= 5}


def test_the_styles_include_the_ones_used_to_disguise_text():
    assert {"LATIN LETTER SMALL  CAPITAL _", "NEGATIVE SQUARED LATIN  CAPITAL _",
            "NEGATIVE CIRCLED LATIN  CAPITAL _", "SQUARED LATIN  CAPITAL _",
            "CIRCLED LATIN  SMALL _", "PARENTHESIZED LATIN  SMALL _",
            "MATHEMATICAL BOLD FRAKTUR  SMALL _", "MATHEMATICAL SCRIPT  CAPITAL _",
            "FULLWIDTH LATIN  SMALL _", "LATIN  SMALL _ WITH HOOK",
            "LATIN  SMALL _ WITH PALATAL HOOK", "LATIN  CAPITAL _ WITH STROKE",
            } <= set(styled_alphabets())


def read_otherwise(char: str, letter: str) -> bool:
    """Whether UTS #39 confuses a styled letter with some other letter than the one it is
    named after (ᶌ, v with a palatal hook, looks like y): the data's reading stands."""
    others = confusable_with(char)
    letters = {c.lower() for c in others if c.isascii() and c.isalpha()}
    letters |= {latin_of(c.lower()) for c in others if c in ALPHABET}
    return bool(letters) and letter.lower() not in letters


def test_a_name_written_in_any_style_of_latin_letters_is_caught():
    """A name written in each style of Latin letters (small capitals, enclosed, squared and
    negative squared, mathematical, fullwidth, hooked), every letter the style has styled
    (a style without some letter keeps those plain: hooked letters have no vowels; so
    does a letter UTS #39 confuses with another)."""
    missed = []
    for key, letters in sorted(styled_alphabets().items()):
        if key.startswith(("COMBINING", "TAG")):
            continue  # marks and tags are not seen: dropped (see above)
        capital = any(c.isupper() for c in letters)
        for slug, (name,) in PEOPLE.items():
            if not name.isascii():
                continue
            written = name.upper() if capital else name.lower()
            styled = "".join(c if read_otherwise(letters.get(c, c), c) else letters.get(c, c)
                             for c in written)
            enough = sum(a != b for a, b in zip(styled, written, strict=True)) * 2 >= len(name)
            if enough and slug not in found(f"We met {styled} there."):
                missed.append(f"{key}: {styled}")
    assert not missed, missed


def test_what_the_guard_reads_folds_as_the_text_does():
    """Reading a text (prepared) never changes how its words fold: for every look-alike,
    styled letter and compatibility character. Reading is idempotent."""
    chars = {c for letter in "abcdefghijklmnopqrstuvwxyzабвгдежзийклмнопрстуфхцчшщъыьэюяіў"
             for c in confusable_with(letter) | confusable_with(letter.upper())}
    chars |= {c for letters in styled_alphabets().values() for c in letters.values()}
    chars |= {chr(code) for code in range(0x80, 0x3000)}
    for char in sorted(chars):
        text = f"ab{char}cd"
        assert fold(prepared(text)) == fold(text), f"U+{ord(char):04X}"
        assert plain(plain(text)) == plain(text), f"U+{ord(char):04X}"


def test_other_scripts_are_never_read_as_latin():
    """Letters of scripts that look like no Latin or Cyrillic letter stay as they are."""
    for text in ("中华人民共和国", "العربية", "ქართული", "日本語のテキスト", "한국어"):
        assert plain(text) == text
        assert not re.search("[a-z]", fold(text)), text


SAMPLE_NAMES = {
    "a": ["Яўгенія Грушэўская", "Евгения Грушевская", "Yauhenia Hrusheuskaya"],
    "b": ["Мікалай Дзядок", "Николай Дедок", "Mikalai Dziadok"],
    "c": ["Алена Гнаўк", "Елена Гнаук", "Alena Hnauk"],
    "d": ["Павел Сапелка", "Павел Сапелко", "Pavel Sapelka"],
}


def sample_texts() -> list[tuple[str, str]]:
    texts = []
    for folder in ("content", "data"):
        for path in sorted((PROJECT / folder).rglob("*")):
            if path.is_file() and path.suffix in (".md", ".yaml"):
                texts.append((str(path.relative_to(PROJECT)), path.read_text("utf-8")))
    return texts


def test_the_sample_sites_text_gives_no_hit():
    """No false positive: the sample site's Belarusian, Russian and English texts hold no
    name of made-up withheld people, however the guard reads them."""
    from portal.checks.withheld import written_hits

    guard = Guard(SAMPLE_NAMES)
    texts = sample_texts()
    assert len(texts) > 20
    hits = [(path, hit.words) for path, text in texts for hit in written_hits(guard, text)]
    assert hits == []


def test_the_words_of_the_sample_site_fold_as_plain_letters_do():
    """The look-alike data change nothing in ordinary words: every word of the sample
    site's texts folds as decomposing, dropping marks and reading the alphabets' look-alike
    letters as Latin would."""
    plain_fold = str.maketrans({c: latin_of(c) for c in ALPHABET if c.islower()})
    for path, text in sample_texts():
        for word in set(re.findall(r"\w+", text)):
            simple = IGNORED.sub("", unicodedata.normalize("NFKD", word.casefold()))
            assert fold(word) == simple.translate(plain_fold), (path, word)


@pytest.mark.parametrize("text", [
    "We thank the doctors 👩‍⚕️ and the nurses 👨🏽‍⚕️.",
    "With love ❤️ and pride 🏳️‍🌈, from 🏴󠁧󠁢󠁳󠁣󠁴󠁿 and from 1️⃣ friend ✌🏻.",
    "Families 👨‍👩‍👧‍👦 wait; a heart ❤️‍🔥; the information sign ℹ️.",
])
def test_emoji_sequences_are_not_invisible_characters(text):
    assert bad_character(text) is None


@pytest.mark.parametrize("text, at", [
    ("Iv\u200dan", 2),  # a joiner inside a word
    ("a\ufe0f", 1),  # an emoji presentation selector after a letter
    ("👩\u200dx", 1),  # a joiner between an emoji and a letter
    ("\u200d👩", 0),
    ("x\U000e0067\U000e0062\U000e007f", 1),  # tags after a letter: hidden text
    ("👩\U000e0067\U000e0062\U000e007f", 1),  # tags after another emoji than 🏴
    ("ok 👩‍⚕️\nthen Se\u2060cret", 15),
])
def test_the_same_characters_elsewhere_are_refused(text, at):
    assert bad_character(text)[0] == at


def test_every_format_character_is_refused_outside_emoji():
    """Every Cf and every default-ignorable code point, after a letter, is refused."""
    by_regex = regex.compile(r"[\p{Cf}\p{Default_Ignorable_Code_Point}]")
    for code in CODE_POINTS:
        char = chr(code)
        if not 0xD800 <= code <= 0xDFFF and (unicodedata.category(char) == "Cf"
                                             or by_regex.match(char)):
            assert bad_character(f"Se{char}cret") == (2, bad_character(char)[1]), hex(code)


def test_a_statement_with_emoji_passes_check_and_a_joiner_in_a_word_does_not(tmp_path):
    root = withheld_project(tmp_path)
    append_to(root, STATEMENT, "We thank the doctors 👩‍⚕️, with love ❤️ and pride 🏳️‍🌈.")
    assert not [p for p in errors(root) if "invisible" in p.message]
    line = append_to(root, STATEMENT, "Then Sec\u200dret left.")
    found = [str(p) for p in errors(root)]
    assert any(f"{STATEMENT}:{line}:9 body: the text holds an invisible character (U+200D "
               f"ZERO WIDTH JOINER); {CHARACTER_FIX}" in p for p in found), found


def test_names_in_small_capitals_and_squared_letters_stop_check_where_written(tmp_path):
    root = withheld_project(tmp_path)
    first = append_to(root, STATEMENT, "We met ꜱᴇᴄʀᴇᴛ ᴘᴇʀꜱᴏɴ there.")
    second = append_to(root, STATEMENT, "And 🅂🄴🄲🅁🄴🅃 🅿🅴🆁🆂🅾🅽 too.")
    assert sorted({p.split(" ")[0] for p in leaks(root)}) == [
        f"{STATEMENT}:{first}", f"{STATEMENT}:{second}"]
