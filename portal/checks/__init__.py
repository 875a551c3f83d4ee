"""Stage 4 of 11, checks: validation, one module per kind of check (profiles, shapes of
records, sources, shared facts, letters, Markdown, interface strings, style, advice), run
by validate.py; and the withheld-name guard's first pass over the sources (withheld.py).
Takes documents; gives problems naming file, line, field and the fix."""
