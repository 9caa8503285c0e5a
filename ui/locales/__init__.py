"""One catalog per language: ``MESSAGES`` (the page's words, by key; a dict of plural forms where a
count is in it), ``SCENARIOS`` (title, text and question of each scenario) and, where the language is not
English, ``CORE`` (the core's English texts by their words, as gettext keys a text by its English: the
optimizers' and landscapes' titles, which are their display names, their descriptions, every declared
parameter's help, and the core's messages; tests/catalogs.py finds them in the code)."""
