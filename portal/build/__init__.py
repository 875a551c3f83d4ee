"""Stage 9 of 11, build: every stage in order (builder.py), link checks, writing the site
and swapping it in, and the `check` command. Takes options; gives a site folder or
problems."""
