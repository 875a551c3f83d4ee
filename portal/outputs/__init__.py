"""Stage 8 of 11, outputs: the other files, feeds, calendars, open data, the search index,
the offline copy, share images, assets, sitemaps, Netlify's redirects, and the output
guard that stops a withheld name in any file. Takes the model and plans; gives bytes by
path."""
