"""A static site generator for a multilingual portal about Belarusian political prisoners.

The pipeline, one subpackage per stage, each importing only from the stages before it
(tests/test_layout.py checks this):

    store      files on disk: reading within limits, atomic writes, caches, the lock
    content    the sources read: YAML and Markdown documents, schema, dates, photos
    names      names in every script, and the guard that finds a withheld name
    checks     validation, one module per kind of check
    languages  interface strings, translations and their status
    model      the frozen site model assembled from the documents
    pages      page plans, addresses, rendering, the page cache
    outputs    feeds, calendars, data, search index, offline copy, share images, guard
    editor     the web editor at /admin/: its configuration from the schema, the local back end
    build      the build in order, link checks, writing the site, the `check` command
    commands   editors' commands that change content (`new`, `release`, `status`)
    preview    the live preview: rebuilding what a change affects, serving it

Shared by every stage, directly here: problems (what is wrong, and how it is shown),
limits, options, memo, faults; and on top of everything, cli (the command line)."""

STAGES = ("store", "content", "names", "checks", "languages", "model", "pages", "outputs",
          "editor", "build", "commands", "preview")
