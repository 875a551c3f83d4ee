"""Stage 1 of 11, store: files on disk. Reading a project's own files within limits,
writing atomically, the caches under .cache/ (every entry checked, keyed by the code's
version) and the build lock. Takes paths and bytes; gives bytes, checked cache entries
and files written whole or not at all."""
