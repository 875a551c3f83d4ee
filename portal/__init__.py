"""A static site generator for a multilingual portal about Belarusian political prisoners."""
