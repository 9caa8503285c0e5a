"""A class's refusals (``classroom.model.ClassError``) in the page's language, and those a callback
meets, kept for the page to tell on its next run."""

from __future__ import annotations

import streamlit as st

from classroom.model import ClassError
from ui.i18n import tr

ERROR = "_class.error"  # (code, message) of a ClassError, told on the page's next run

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


def said(code: str, message: str, lang: str) -> str:
    """The page's sentence for a refusal: "Class: …" in its language."""
    return tr("class_error", lang, message=refusal(code, message, lang))


def keep(error: ClassError) -> None:
    """Note ``error`` for the page's next run to tell (``kept``): a callback draws nothing itself."""
    st.session_state[ERROR] = (error.code, str(error))


def kept(lang: str) -> str | None:
    """The refusal kept (``keep``), as the page's sentence, once; None where none is."""
    found = st.session_state.pop(ERROR, None)
    return None if found is None else said(*found, lang)
