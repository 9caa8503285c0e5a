"""The page's words in the page's language: one catalog per language (``ui/locales``), real plural forms
and numbers written as the language writes them (Babel's CLDR data), and the core's English texts and
messages translated too.

>>> tr("status_diverged", "uk", step=12)
'розбігся на кроці 12'
>>> tn("state_vectors", 3, "uk")
'Зберігає 3 додаткові вектори на кожну вагу.'
>>> number(1200, "uk"), number(1200, "en"), number(0.0012345, "uk")
('1\\xa0200', '1,200', '0,001234')
"""

from __future__ import annotations

import math
import re
from functools import cache, lru_cache
from typing import Any

from babel import Locale

import landscapes
import optimizers
from parameters import CoreError, Text
from ui.locales import en, uk

LANGUAGES = {"en": "English", "uk": "Українська"}
CATALOGS = {"en": en, "uk": uk}


def tr(key: str, lang: str, **values: object) -> str:
    """The page's message ``key`` in ``lang``, with ``values`` put in (numbers in the language's style)."""
    text = CATALOGS[lang].MESSAGES[key]
    return _format(text, lang, values) if values else text  # type: ignore[arg-type]


def tn(key: str, n: float, lang: str, **values: object) -> str:
    """A message with a count in it: the plural form the language uses for ``n`` ("1 вектор", "3 вектори")."""
    forms = CATALOGS[lang].MESSAGES[key]
    assert isinstance(forms, dict), key
    form = _plural_rule(lang)(n)
    text = forms.get(form) or forms["other"]
    return _format(text, lang, {"n": n, **values})


def name_of(name: str, lang: str) -> str:
    """The display name of an optimizer or a landscape: its title, declared once with it in the core (in
    English, gettext's way: the English text is the message id), in ``lang``; "custom" is the page's own."""
    if name in optimizers.names():
        return core(optimizers.spec(name).title, lang)
    if name in landscapes.names():
        return core(landscapes.spec(name).title, lang)
    return tr(f"name_{name}", lang)


def scenario_text(name: str, part: str, lang: str) -> str:
    """A scenario's ``title``, ``text`` or ``question``."""
    return CATALOGS[lang].SCENARIOS[name][part]


def core(text: str, lang: str) -> str:
    """A text of the core (a description, a parameter's help), which is English, in ``lang``."""
    return getattr(CATALOGS[lang], "CORE", {}).get(text, text)


def formula(latex: str, lang: str) -> str:
    r"""A formula of the core with the words of its ``\text{…}`` in ``lang`` (the core writes them in English).

    >>> formula(r"-x, & \text{otherwise}", "uk"), formula(r"\ \text{else } W_t", "uk")
    ('-x, & \\text{інакше}', '\\ \\text{інакше } W_t')
    """
    if lang == "en":
        return latex

    def words(found: re.Match) -> str:
        text = found.group(1)
        core_words = text.strip()
        return r"\text{" + text.replace(core_words, core(core_words, lang)) + "}" if core_words else found.group(0)

    return re.sub(r"\\text\{([^{}]*)\}", words, latex)


def message(error: Exception, lang: str) -> str:
    """An error of the core in ``lang``: its template translated, its values put in; other errors get a
    general sentence (their text is Python's, not ours)."""
    if isinstance(error, CoreError):
        return say(error.text, lang)
    return tr("error_general", lang)


def say(text: Text, lang: str) -> str:
    """A sentence of the core in ``lang``; the sentences inside it are translated in turn."""
    values = {k: say(v, lang) if isinstance(v, Text) else v for k, v in text.values.items()}
    return _format(core(text.template, lang), lang, values)


SUPERSCRIPTS = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def number(value: float, lang: str, digits: int = 4) -> str:
    """``value`` to ``digits`` significant digits, grouped and with the decimal sign of ``lang``; a tiny
    or huge one as a power of ten, as on a slide.

    >>> number(7.64e-05, "en"), number(0.25, "uk")
    ('7.64·10⁻⁵', '0,25')
    """
    if isinstance(value, int):
        return _grouped(str(value), lang)
    if not math.isfinite(value):
        return "—" if math.isnan(value) else ("∞" if value > 0 else "−∞")
    text = f"{value:.{digits}g}"
    if "e" in text:  # tiny or huge: keep the exponent, localize the mantissa
        mantissa, exponent = text.split("e")
        return f"{number(float(mantissa), lang, digits)}·10{str(int(exponent)).translate(SUPERSCRIPTS)}"
    return _grouped(text, lang)


@lru_cache(maxsize=8192)
def _grouped(text: str, lang: str) -> str:
    """A number Python wrote without an exponent ("-12345.5"), in ``lang``'s symbols and grouped by
    thousands: what Babel's ``format_decimal(float(text), "#,##0.##########")`` writes (tests/test_language.py
    checks that it is, for any float and int), with Babel's symbols, ≈ 30× faster: a page writes ≈ 100
    numbers a run, and a row's table cells 50 new ones. Kept by its text (a float key would take −0.0 for
    0.0): the pages of a class write the same numbers, the stage's labels at every run."""
    decimal, group, minus = _symbols(lang)
    sign, digits = (minus, text[1:]) if text.startswith("-") else ("", text)
    whole, _, fraction = digits.partition(".")
    return sign + f"{int(whole):,}".replace(",", group) + (decimal + fraction if fraction else "")


@cache
def _symbols(lang: str) -> tuple[str, str, str]:
    """``lang``'s decimal sign, thousands separator and minus sign (CLDR's, through Babel)."""
    symbols = Locale.parse(lang).number_symbols["latn"]
    return symbols["decimal"], symbols["group"], symbols["minusSign"]


def _format(text: str, lang: str, values: dict[str, Any]) -> str:
    shown = {k: number(v, lang) if _is_number(v) else v for k, v in values.items()}
    return text.format(**shown)


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


@cache
def _plural_rule(lang: str):
    return Locale.parse(lang).plural_form


def pick_language(requested: str | None, browser_locale: str | None) -> str:
    """``lang`` from the URL if valid, else the browser's language if we have it, else English."""
    if requested in LANGUAGES:
        return requested  # type: ignore[return-value]
    base = (browser_locale or "").split("-")[0].lower()
    return base if base in LANGUAGES else "en"
