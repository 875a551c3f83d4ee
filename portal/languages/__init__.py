"""Stage 5 of 11, languages: interface strings and dates per language (Babel), which
translations exist and are current, marking them current, their history and the
translation report. Takes documents; gives words and statuses."""
