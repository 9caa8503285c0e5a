"""No input can make the page raise: fuzzed URL parameters and fuzzed widget values."""

import random
import string

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import landscapes
import optimizers
from tests.apphelpers import open_app, whole_page
from ui.config import VIEWS, Config, parse
from ui.scenarios import SCENARIOS

# Every parameter ui.config.parse reads (README, "The URL holds the whole view")
KEYS = ["f", "opt", "x0", "y0", "steps", "noise", "seed", "view", "preset", "lang", "expr", "pr3.x0", "sweep.opt"]
KEYS += ["batch", "curv", "present", "quiz"]
KEYS += sorted({f"f.{p.name}" for name in landscapes.names() for p in landscapes.spec(name).parameters})
KEYS += [f"f.{p}" for p in ("xmin", "xmax", "ymin", "ymax")]
KEYS += [f"{o}.{p.name}" for o in optimizers.names() for p in optimizers.spec(o).hyperparameters]
SCHEDULES = optimizers.schedules.names()
SCHEDULE_PARAMETERS = sorted({p.name for s in SCHEDULES for p in optimizers.schedules.spec(s).parameters})
KEYS += [f"{o}.sched{suffix}" for o in optimizers.names() for suffix in ["", *(f".{p}" for p in SCHEDULE_PARAMETERS)]]
NASTY = [
    "",
    "nan",
    "inf",
    "-inf",
    "1e999",
    "-0",
    "0x10",
    "1_000",
    "None",
    "true",
    "[]",
    "{}",
    "%00",
    "\x00",
    "9" * 300,
    "é",
    "х",
    "'; DROP TABLE",
    "../../etc/passwd",
    "<script>alert(1)</script>",
    "1e-400",
]
VALUES = st.one_of(
    st.sampled_from(NASTY),
    st.sampled_from([*landscapes.names(), "custom", *optimizers.names(), *VIEWS, *SCENARIOS, *SCHEDULES, "en", "uk"]),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.integers(-(10**12), 10**12).map(str),
    st.text(string.printable + "αρх\u200b", max_size=60),
    st.lists(st.sampled_from([*optimizers.names(), "zz", ""]), max_size=5).map(",".join),
)
QUERIES = st.dictionaries(
    st.one_of(st.sampled_from(KEYS), st.text(max_size=20)), st.one_of(VALUES, st.lists(VALUES, max_size=3)), max_size=25
)


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(QUERIES)
def test_any_url_parses_to_a_valid_config(query):
    config, problems = parse(query)
    assert isinstance(config, Config)
    assert all(isinstance(p, str) for p in problems)
    restored, again = parse(config.to_query())  # what it writes, it reads back exactly
    assert restored == config and again == []
    config.landscape_object()


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(QUERIES)
def test_any_url_renders_without_an_exception(query):
    at = open_app({k: v if isinstance(v, str) else (v[-1] if v else "") for k, v in query.items()})
    assert not at.exception


SELECT_VALUES = {"lang": ["en", "uk"], "preset": ["", *SCENARIOS], "f": [*landscapes.names(), "custom"]}


SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻", "0123456789-")


def label_value(label: str, lang: str) -> float:
    """The number a slider's label writes (``ui.i18n.number``): "0,3" in Ukrainian, "1,000" in English,
    "1·10⁻⁸" in both.

    >>> label_value("1,234·10⁴", "uk"), label_value("1,000", "en"), label_value("1\xa0000", "uk")
    (12340.0, 1000.0, 1000.0)
    """
    mantissa, _, exponent = label.replace("\xa0", "").partition("·10")
    mantissa = mantissa.replace(",", ".") if lang == "uk" else mantissa.replace(",", "")
    return float(mantissa) * 10 ** int(exponent.translate(SUPERSCRIPTS) or 0)


def test_slider_labels_read_back_as_their_values():
    from ui.i18n import number

    for value in (0.3, 1e-8, 0.0015, 1000.0, 12340.0, 0.999):
        for lang in ("en", "uk"):
            assert label_value(number(value, lang), lang) == pytest.approx(value, rel=1e-3)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 2**32 - 1))
@example(700)  # the Ukrainian page, then a slider whose label has a decimal comma
def test_random_widget_values_never_raise(seed):
    # The choices depend on which widgets the page shows, so they come from a seeded generator.
    rng = random.Random(seed)
    at = open_app()
    for _ in range(4):
        kind = rng.choice(["slider", "select", "number", "multiselect", "text"])
        if kind == "slider":  # the options are shown as labels; every label here is its value to 4 digits
            widget = rng.choice(list(at.select_slider))
            widget.set_value(label_value(rng.choice(widget.options), at.session_state["lang"])).run()
        elif kind == "select":  # AppTest cannot map labels back through a format_func: give raw values
            shown = {box.key for box in at.selectbox}  # the 1D and Adam fails views draw no function to choose
            key, choices = rng.choice([item for item in SELECT_VALUES.items() if item[0] in shown])
            at.selectbox(key=key).set_value(rng.choice(choices)).run()
        elif kind == "number" and list(at.number_input):  # the Adam fails view has none (no start, no x₀)
            widget = rng.choice(list(at.number_input))
            low, high = widget.proto.min, widget.proto.max
            widget.set_value(round(rng.uniform(max(low, -1e4), min(high, 1e4)), 3)).run()
        elif kind == "multiselect":
            at.multiselect(key="opt").set_value(rng.sample(optimizers.names(), rng.randint(0, 4))).run()
        elif kind == "text" and "f" in {box.key for box in at.selectbox}:
            at.selectbox(key="f").set_value("custom").run()
            text = "".join(rng.choice(string.printable) for _ in range(rng.randint(0, 40)))
            at.text_input(key="expr").set_value(text).run()
        assert not at.exception
        whole_page(at)
