"""One catalog per language: ``MESSAGES`` (the page's words, by key; a dict of plural forms where a
count is in it), ``NAMES`` (optimizers, landscapes), ``SCENARIOS`` (title, text and question of each
scenario) and, where the language is not English, ``CORE`` (the core's English texts, by their words)."""
