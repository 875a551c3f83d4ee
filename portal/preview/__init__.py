"""Stage 11 of 11, preview: the live preview, watching the sources, rebuilding only what a
change affects (first the saved profile's own pages), and serving the site with live
reload. Takes a built site and changes; gives updated files."""
