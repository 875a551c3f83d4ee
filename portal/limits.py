"""The bounds on every input, in one place (the editors' guide lists them).

Each bound is far above what real content needs and low enough that no file, however
written, can make a build run out of memory or time."""

from __future__ import annotations

KB = 1 << 10
MB = 1 << 20

FILE_SIZES = (
    ("data/site.yaml", 256 * KB),
    ("data/prisoners/", 256 * KB),
    ("data/strings/", 512 * KB),
    ("data/", 4 * MB),  # sources, facilities, releases, statistics, actions, letters
    ("content/statements/", 512 * KB),
    ("content/pages/", 512 * KB),
    ("content/photos/", 20 * MB),
    ("templates/assets/", 2 * MB),
    ("templates/", 512 * KB),
)
"""The largest file of each kind, by where it lies (the first matching entry counts)."""

DEFAULT_FILE_SIZE = 4 * MB


def file_size_limit(relative: str) -> int:
    """The largest size allowed for a project file at `relative`."""
    for prefix, limit in FILE_SIZES:
        if relative == prefix or (prefix.endswith("/") and relative.startswith(prefix)):
            return limit
    return DEFAULT_FILE_SIZE


def human_size(size: int) -> str:
    """`262144` → `256 KB`."""
    if size >= MB:
        return f"{size / MB:.0f} MB" if size % MB == 0 else f"{size / MB:.1f} MB"
    return f"{size // KB} KB" if size >= KB else f"{size} bytes"


YAML_DEPTH = 16
"""Levels of nesting in a YAML file (the deepest field the schema knows is four down)."""
YAML_VALUES = 200_000
"""Values in one YAML file, counting each use of an alias (`*name`) as a copy."""

TEXT_CHARS = 100_000
"""Characters in any one text (a field in one language, or a Markdown body)."""
NAME_CHARS = 120
"""Characters in a person's name or other spelling."""
TITLE_CHARS = 300
"""Characters in a title, an author, a source's title and other one-line texts."""
SUMMARY_CHARS = 1_000
"""Characters in a summary (a profile's line in lists, a statement's summary)."""
URL_CHARS = 2_000
"""Characters in a web address."""

MARKDOWN_BLOCK_LINES = 200
"""Lines in one paragraph, list or other block of Markdown (blank lines separate blocks)."""
MARKDOWN_BLOCK_CHARS = 10_000
"""Characters in one block of Markdown (emphasis and escapes are matched along a block,
so a block of 25,000 `_\\!_` takes 0.6 s and one of 100,000 six)."""
MARKDOWN_BLOCK_LINKS = 300
"""`[` in one block: Markdown looks for a link at each one, along the rest of the block."""
MARKDOWN_LINKS = 2_000
"""`[` in one Markdown text."""
MARKDOWN_TAGS = 1_000
"""`<` in one Markdown text (HTML tags and `<https://…>` links)."""
MARKDOWN_INDENT = 64
"""Spaces before the first character of a line (lists nested deeper than this are too deep)."""
MARKDOWN_QUOTE_DEPTH = 16
"""Quotes within quotes (`> > >`)."""

FIRST_YEAR = 1900
"""The earliest year a date may have."""

PHOTO_PIXELS = 40_000_000
"""Pixels in a photo (width × height) before it is refused as too large to decode."""

SLUG_LIST_BYTES = 1 * MB
"""The size of a file of slugs given to `release` or `status` with --from."""
