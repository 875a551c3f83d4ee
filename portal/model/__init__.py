"""Stage 6 of 11, model: the site model, checked documents assembled into frozen records
(people, facilities, waves, statements) and what letters need. Takes documents; gives
one `Site`."""
