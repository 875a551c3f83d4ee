"""Stage 3 of 11, names: names in every script. Transliteration, the keys a name is
searched and compared by, what a reader sees of a text however it is written
(plaintext.py), and the guard that finds a withheld person's name in any spelling.
Takes names and texts; gives their forms and where a name is found."""
