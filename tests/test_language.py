"""lang=uk shows the whole page in Ukrainian: no English UI string is left anywhere on it, the core's
own texts (descriptions, help, messages) included."""

import json
import re

import pytest
from babel.numbers import format_decimal
from hypothesis import given, settings
from hypothesis import strategies as st

import optimizers
from tests.apphelpers import components, figures, open_app
from tests.catalogs import core_texts, english_texts
from ui import refusals
from ui.i18n import number
from ui.locales import en, uk
from ui.scenarios import SCENARIOS
from ui.settings import SETTINGS
from ui.views import VIEWS

# English strings that differ from their Ukrainian version (maths such as "f − f*" is the same in both)
ENGLISH = english_texts()


def test_every_string_has_a_ukrainian_version():
    for table in ("MESSAGES", "SCENARIOS"):
        assert set(getattr(en, table)) == set(getattr(uk, table)), table
        for key, entry in getattr(uk, table).items():
            assert entry, key
    for name in SCENARIOS:
        assert uk.SCENARIOS[name]["title"] and uk.SCENARIOS[name]["text"], name
    missing = [text for text in core_texts() if text not in uk.CORE]
    assert missing == []


TEXT_FIELDS = {"label", "help", "body", "options", "text", "placeholder", "caption", "formatted_value"}


def _strings(message, out: list[str]) -> None:
    """The user-visible strings of a proto message (labels, help, bodies, options), recursively."""
    for field, value in message.ListFields():
        repeated = (
            not isinstance(value, (str, bytes)) and hasattr(value, "__len__") and not hasattr(value, "ListFields")
        )
        items = list(value) if repeated else [value]
        for item in items:
            if hasattr(item, "ListFields"):
                _strings(item, out)
            elif isinstance(item, str) and field.name in TEXT_FIELDS:
                out.append(item)


def page_text(at) -> str:
    """Everything the page shows as text: elements, widget labels, help, options, figure labels."""
    parts: list[str] = []

    def walk(node):
        proto = getattr(node, "proto", None)
        if proto is not None and hasattr(proto, "ListFields"):
            _strings(proto, parts)
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at._tree)
    for link in components(at, "link").values():
        parts += [link["title"], link["help"], link["copy"], link["copied"], *link["lines"]]
    for chart in components(at, "chart").values():
        parts += chart["labels"].values()
    for figure in figures(at):
        parts.append(json.dumps(figure.get("layout", {}), ensure_ascii=False))
        for trace in figure["data"]:
            parts += [str(trace.get(k)) for k in ("name", "hovertemplate", "text") if isinstance(trace.get(k), str)]
    return "\n".join(parts)


def leftovers(text: str) -> list[str]:
    """English texts left in a page; a work's title quoted in «» (its original name) is not one (nor is the
    link, whose parameters are names, opt=sgd,momentum: ``page_text`` leaves it out)."""
    text = re.sub(r"«[^»]*»", "", text)
    return sorted(s for s in ENGLISH if re.search(rf"(?<!\w){re.escape(s)}(?!\w)", text))


@pytest.mark.parametrize("view", VIEWS)
def test_each_view_in_ukrainian_has_no_english_left(view):
    at = open_app({"lang": "uk", "view": view, "noise": "1", "opt": "sgd,momentum,adam,adagrad"})
    assert not at.exception
    assert leftovers(page_text(at)) == []


@pytest.mark.parametrize("scenario", list(SCENARIOS))
def test_each_scenario_in_ukrainian_has_no_english_left(scenario):
    at = open_app({"lang": "uk", "preset": scenario})
    assert not at.exception
    assert leftovers(page_text(at)) == []


def test_the_check_would_catch_english():
    at = open_app({"lang": "en"})
    assert "Loss over the steps" in leftovers(page_text(at))


def test_language_defaults_to_english_and_switching_keeps_the_widgets():
    at = open_app({"adam.alpha": "0.05"})
    assert at.session_state["lang"] == "en"
    at.selectbox(key="lang").set_value("uk").run()
    assert not at.exception
    assert at.session_state["adam.alpha"] == 0.05
    assert "Втрати за кроками" in page_text(at)


def test_every_message_of_the_catalogs_is_used():
    """A key no code asks for is a translation nobody sees (views' and schedules' names are asked for as
    view_<name> and schedule_<name>, the typed function's as name_custom, a setting's by its declaration)."""
    import ast
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    literals: set[str] = set()
    for path in [root / "app.py", *root.glob("ui/**/*.py"), *root.glob("viz/*.py")]:
        if "locales" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                literals.add(node.value)
    asked = literals | {VIEWS[view].label for view in VIEWS} | {f"schedule_{n}" for n in optimizers.schedules.names()}
    asked |= {"name_custom"} | {s.label for s in SETTINGS.values()} | {s.help for s in SETTINGS.values()}
    asked |= {f"class_refused_{code}" for code in refusals.REFUSALS}
    assert sorted(set(en.MESSAGES) - asked) == []


@settings(max_examples=400, deadline=None)
@given(
    value=st.floats(-1e5, 1e5)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.integers(-(10**7), 10**7).map(float),
    lang=st.sampled_from(["en", "uk"]),
    digits=st.integers(1, 6),
)
def test_numbers_are_written_as_babel_writes_them(value, lang, digits):
    """``number`` groups and signs a plain number itself: it must write what Babel's pattern writes."""
    text = f"{value:.{digits}g}"
    if "e" not in text:
        assert number(value, lang, digits) == format_decimal(float(text), format="#,##0.##########", locale=lang)
    if abs(value) < 1e15:  # a count on the page; Babel's own decimal context refuses far larger ints
        assert number(int(value), lang) == format_decimal(int(value), locale=lang)
