"""A class's refusals (``classroom.model.ClassError``) in the page's language."""

from __future__ import annotations

from ui.i18n import tr

# the refusals a page may meet, in the catalogs' words (the HTTP route's own, of malformed requests, are not)
REFUSALS = ("full", "not_lecturer", "too_large", "not_revealed", "bad_token", "no_question", "revealed", "no_class")
REFUSALS += ("bad_code", "bad_answer")


def refusal(code: str, message: str, lang: str) -> str:
    """Why the class refused (``classroom.model.ClassError``), in the page's language: each of ``REFUSALS``
    is the catalogs' ``class_refused_<code>``; any other in the class's own words.

    >>> refusal("no_class", "no class has this code (it may have ended)", "uk")
    'заняття з таким кодом немає (можливо, воно завершилося)'
    >>> refusal("bad_request", "the body is not JSON", "uk")
    'the body is not JSON'
    """
    return tr(f"class_refused_{code}", lang) if code in REFUSALS else message
