"""Stage 7 of 11, pages: what pages the site has (plans), their addresses, rendering them
with Jinja, lists cut into pages, charts, template dependencies and the cache of
rendered pages. Takes the model; gives HTML by path."""
