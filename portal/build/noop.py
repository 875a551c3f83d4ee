"""The start of every build: take the output folder's lock, then decide without importing
what renders whether there is anything to do. When the inputs are those of the last build
and the output folder is still what it left (manifest.py), nothing is written and the last
build's figures and warnings stand."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass

from ..options import Options
from ..problems import ContentError, Problem
from ..store.cachefile import cache_key
from ..store.lock import output_lock
from ..store.outfolder import unsafe_output
from . import manifest
from .manifest import BuildResult, Manifest


@dataclass(frozen=True, slots=True)
class Prior:
    """What a build knows before it starts: the fingerprint of its inputs and the manifest
    of the last build (None without the cache, or when there is none to trust)."""

    inputs: str | None = None
    manifest: Manifest | None = None


def build_unless_unchanged(options: Options,
                           anew: Callable[[Options, Prior], BuildResult]) -> BuildResult:
    """Build the project at `options.root` into its output folder with `anew` (the whole
    build: builder.build_anew, passed in so that nothing here imports it), or change
    nothing when nothing changed. One build at a time per output folder: a second one
    waits."""
    problem = output_problem(options)
    if problem is not None:
        raise ContentError([problem])
    with output_lock(options.output):
        prior = examine(options)
        if prior.inputs is not None and manifest.unchanged(prior.manifest, prior.inputs,
                                                           options.output):
            return _unchanged(prior.manifest.result)
        return anew(options, prior)


def examine(options: Options) -> Prior:
    """The fingerprint of the inputs and the last build's manifest (`--no-cache`, or no
    cache key: neither, and nothing is kept)."""
    if not options.cache:
        return Prior()
    try:
        cache_key()
    except OSError:
        return Prior()
    return Prior(manifest.fingerprint(options), manifest.load(options))


def _unchanged(result: BuildResult) -> BuildResult:
    return dataclasses.replace(result, unchanged=True)


def output_problem(options: Options) -> Problem | None:
    """Why the output folder may not be built into (it is replaced whole), or None."""
    reason = unsafe_output(options.root, options.output)
    if reason is None:
        return None
    return Problem(str(options.output), None, "", f"the output folder: {reason}, and a build "
                   "replaces it whole", "build into site/, a new folder or an empty one (--out)")
