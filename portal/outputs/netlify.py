"""Netlify's `_redirects` file, made from the configured languages, so a new language
needs no hand edit: `/` sends a browser to the language it asks for first (regional
variants included: Netlify compares the first two letters), and a missing address under a
language folder gets that language's "not found" page. The rules are forced (`302!`):
`/index.html`, the language chooser, exists, and Netlify applies an unforced rule only
where no file is. A browser that asks for a language the site does not have keeps the
chooser; one that names no language at all is taken by Netlify for English."""

from __future__ import annotations

from ..model.model import Site

NAME = "_redirects"


def redirects(site: Site) -> bytes:
    codes = site.config.codes
    lines = ["# Made by build.py from the languages in data/site.yaml; do not edit.",
             *(f"/  /{code}/  302!  Language={code}" for code in codes),
             *(f"/{code}/*  /{code}/404.html  404" for code in codes)]
    return ("\n".join(lines) + "\n").encode()
