"""The sitemap: every indexable page with its alternates in every language. One file
while it fits the sitemap protocol's limits (50,000 addresses, 50 MB); past them, a
sitemap index at the same address, sitemap.xml, pointing to numbered files beside it at
the site's root (sitemap-1.xml, …): a sitemap may list only addresses at or below its own
folder (https://www.sitemaps.org/protocol.html#location), so a file in a subfolder could
not list the pages of the whole site."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from xml.sax.saxutils import escape, quoteattr

from ..memo import ByObject
from ..model.model import Site
from ..pages.pageplan import PagePlan
from ..pages.urls import absolute, page_path
from ..store.version import code_version

NAME = "sitemap.xml"
MOST_URLS = 50_000
MOST_BYTES = 50 * 1024 * 1024
"""The protocol's limits for one file (uncompressed), https://www.sitemaps.org/protocol.html."""
NOT_INDEXED = ("404", "translations", "root")
NS = ('xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"')
HEAD = ('<?xml version="1.0" encoding="UTF-8"?>\n<urlset ' + NS +
        ' xmlns:xhtml="http://www.w3.org/1999/xhtml">\n').encode()
TAIL = b"</urlset>\n"
_LAST: list = []
"""What the sitemap was last made from (everything it reads of the site and the pages),
and its files."""


def _inputs(site: Site, plans: list[PagePlan], most_urls: int | None = None,
            most_bytes: int | None = None) -> tuple:
    """Everything the sitemap reads."""
    return (site.config.base_url, site.config.default_language, site.config.codes,
            most_urls, most_bytes, [(p.path, p.kind, p.slug, p.lang) for p in plans])


def sitemap_key(site: Site, plans: list[PagePlan]) -> str:
    """A hash of what the sitemap is made from (the address, kind and language of every
    page, the site's address and languages) and of the code that makes it: a build whose
    pages are at the same addresses makes the same sitemap."""
    digest = hashlib.blake2b(code_version() + b"sitemap\0", digest_size=20)
    digest.update(repr(_inputs(site, plans)).encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def sitemap_files(site: Site, plans: list[PagePlan], most_urls: int | None = None,
                  most_bytes: int | None = None) -> Iterator[tuple[str, bytes]]:
    """(path, content) of the sitemap: `sitemap.xml` alone, or an index by that name and
    `sitemap-N.xml` files beside it, each within `most_urls` addresses and `most_bytes` (by
    default the protocol's limits)."""
    key = _inputs(site, plans, most_urls, most_bytes)
    if _LAST and _LAST[0] == key:  # the live preview: the same pages as last time
        files = _LAST[1]
    else:
        files = list(_chunks(_entries(site, plans), most_urls or MOST_URLS,
                             most_bytes or MOST_BYTES))
        _LAST[:] = [key, files] if ByObject.kept else []
    if len(files) == 1:
        yield NAME, files[0]
        return
    names = [f"sitemap-{n}.xml" for n in range(1, len(files) + 1)]
    yield NAME, sitemap_index(site, names)
    yield from zip(names, files, strict=True)


def sitemap_index(site: Site, names: list[str]) -> bytes:
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', f"<sitemapindex {NS}>"]
    lines += [f"  <sitemap><loc>{escape(absolute(site.config.base_url, name))}</loc></sitemap>"
              for name in names]
    return ("\n".join(lines) + "\n</sitemapindex>\n").encode()


def _chunks(entries: Iterator[bytes], most_urls: int, most_bytes: int) -> Iterator[bytes]:
    """Files of whole entries, each within both limits; at least one file."""
    room = most_bytes - len(HEAD) - len(TAIL)
    parts: list[bytes] = []
    size = 0
    for entry in entries:
        if len(entry) > room:
            raise ValueError(f"one sitemap entry is {len(entry):,} bytes, more than a file holds")
        if parts and (len(parts) >= most_urls or size + len(entry) > room):
            yield HEAD + b"".join(parts) + TAIL
            parts, size = [], 0
        parts.append(entry)
        size += len(entry)
    yield HEAD + b"".join(parts) + TAIL


def _entries(site: Site, plans: list[PagePlan]) -> Iterator[bytes]:
    base, default = site.config.base_url, site.config.default_language
    for plan in plans:
        if plan.lang is None or plan.kind in NOT_INDEXED:
            continue
        lines = [f"  <url><loc>{escape(absolute(base, plan.path))}</loc>"]
        for code in site.config.codes:
            href = absolute(base, page_path(plan.kind, code, plan.slug))
            lines.append(f'    <xhtml:link rel="alternate" hreflang="{code}" '
                         f"href={quoteattr(href)}/>")
        default_href = absolute(base, page_path(plan.kind, default, plan.slug))
        lines.append(f'    <xhtml:link rel="alternate" hreflang="x-default" '
                     f'href={quoteattr(default_href)}/>')
        lines.append("  </url>\n")
        yield "\n".join(lines).encode("utf-8")
