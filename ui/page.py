"""The parts every view shares: the header and its warnings, the scenario's card, the update rules, the
link to the view, and the charts' common settings. No maths here.
"""

from __future__ import annotations

import functools
import logging
import math
import re
from collections.abc import Callable, Sequence
from urllib.parse import urlencode

import streamlit as st

import optimizers
from ui.config import VIEWS, Config
from ui.i18n import CATALOGS, core, message, name_of, scenario_text, tn, tr
from viz.paths import PathView

# The toolbar's camera saves the contour and surface as PNG (twice the screen's resolution) and the
# line charts as SVG, which stays sharp on a slide.
PLOTLY_CONFIG = {"displaylogo": False, "toImageButtonOptions": {"format": "png", "scale": 2}}
SVG_CONFIG = PLOTLY_CONFIG | {"toImageButtonOptions": {"format": "svg"}}
COMPACT_TOP = "<style>[data-testid=stMainBlockContainer]{padding-top:2.2rem}</style>"  # the plot above the fold
QUOTED_LENGTH = 40  # characters of a visitor's text quoted back on the page
log = logging.getLogger("landscape_lab")


def quoted(text: object, limit: int = QUOTED_LENGTH) -> str:
    r"""A visitor's text, safe to put into a sentence of Markdown: shortened, on one line, as a code span.

    Inside a code span Markdown reads nothing: no image, link, autolink, heading, HTML, maths or
    Streamlit directive (``:red[...]``) comes from a URL, and the text shows as typed. The span's
    fence is one backtick longer than any run of backticks in the text, so the text cannot close it.

    >>> print(quoted("![b](https://host/t.png)"), quoted("a`b"), quoted("x" * 50))
    `![b](https://host/t.png)` ``a`b`` `xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…`
    """
    shown = re.sub(r"\s+", " ", "".join(c if c.isprintable() else " " for c in str(text))).strip()
    if len(shown) > limit:
        shown = shown[: limit - 1] + "…"
    fence = "`" * (max((len(run) for run in re.findall(r"`+", shown)), default=0) + 1)
    pad = " " if shown.startswith("`") or shown.endswith("`") else ""
    return f"{fence}{pad}{shown}{pad}{fence}"


def guarded(section: Callable) -> Callable:
    """A failing section shows a friendly note instead of a traceback; the rest of the page goes on."""

    @functools.wraps(section)
    def run(config: Config, *args, **kwargs):
        try:
            return section(config, *args, **kwargs)
        except Exception as error:  # the page must never show a traceback
            if type(error).__name__ in ("RerunException", "StopException"):
                raise  # Streamlit's own control flow: a newer run or a closed tab
            log.exception("section %s failed", section.__name__)
            st.error(tr("error", config.lang, detail=type(error).__name__))
            return None

    return run


def chart_labels(lang: str) -> dict[str, str]:
    """Every translated word a figure builder may ask for."""
    return {key: value for key, value in CATALOGS[lang].MESSAGES.items() if isinstance(value, str)}


def label_function(lang: str) -> Callable[[str], str]:
    return lambda name: name_of(name, lang)


def chart(figure, key: str | None = None, vector: bool = True) -> None:
    st.plotly_chart(figure, key=key, config=SVG_CONFIG if vector else PLOTLY_CONFIG, theme=None)


def header(lang: str, problems: Sequence[str], errors: Sequence[Exception] = (), dropped: bool = False) -> None:
    st.markdown(COMPACT_TOP, unsafe_allow_html=True)
    st.markdown(f"### {tr('heading', lang)}")
    st.markdown(tr("intro", lang))
    if dropped:
        st.warning(tr("link_dropped", lang), icon="⚠️")
    if problems:
        items = ", ".join(quoted(p) for p in problems)
        reasons = "".join(f"\n\n{quoted(message(e, lang), limit=300)}" for e in errors)
        st.warning(tr("url_problems", lang, items=items) + reasons, icon="⚠️")


def scenario_card(lang: str, preset: str | None) -> None:
    if preset:
        title, text = scenario_text(preset, "title", lang), scenario_text(preset, "text", lang)
        st.info(f"**{title}**\n\n{text}", icon="🎓")


def view_selector(lang: str) -> None:
    st.segmented_control(
        tr("view", lang),
        VIEWS,
        format_func=lambda v: tr(f"view_{v}", lang),
        key="view",
        required=True,
        label_visibility="collapsed",
        persist_state="session",
    )


def divergence_notes(config: Config, paths: Sequence[PathView], view=None) -> None:
    """Why each stopped path stopped: f undefined there, it escaped an unbounded f, or it diverged."""
    for path in paths:
        k = path.diverged_at
        if k < 0:
            continue
        stopped_inside = view is not None and k == path.last_step and _inside(path.points[-1], view.bounds)
        if stopped_inside and math.isnan(path.values[-1]):  # f is undefined there
            key = "undefined_note"
        elif view is not None and view.f_min is None and not view.minima:
            key = "saddle_note"
        else:
            key = "diverged_note"
        st.warning(tr(key, config.lang, name=path.label, step=k), icon="🚀")


def _inside(point, bounds) -> bool:
    return all(lo <= c <= hi for c, (lo, hi) in zip(point, bounds, strict=True))


def budget_note(config: Config, asked: int | None) -> None:
    if asked is not None:
        st.info(tn("budget_note", len(config.optimizers), config.lang, steps=config.steps, asked=asked), icon="⏱️")


def share_link(config: Config) -> None:
    """The current view's link, in a code block (Streamlit gives it a copy button)."""
    base = (st.context.url or "").split("?")[0]
    st.markdown(f"**{tr('share', config.lang)}**", help=tr("share_help", config.lang))
    st.code(f"{base}?{urlencode(config.to_query())}", language=None, wrap_lines=True)


def latex_number(value: float) -> str:
    """0.001 stays 0.001; 1e-08 becomes 10^{-8}."""
    text = f"{value:g}"
    if "e" not in text:
        return text
    mantissa, exponent = text.split("e")
    power = f"10^{{{int(exponent)}}}"
    return power if mantissa == "1" else rf"{mantissa} \cdot {power}"


@guarded
def update_rules(config: Config) -> None:
    """Each chosen optimizer's rule in LaTeX with its current values, as one block of Markdown."""
    lang = config.lang
    if not config.optimizers:
        return
    parts = [f"#### {tr('rules', lang)}"]
    for name, pairs in config.hyperparameters:
        spec = optimizers.spec(name)
        rule = r"\begin{gathered}" + spec.rule_latex.replace(r",\quad ", r" \\ ") + r"\end{gathered}"
        symbols = {p.name: p for p in spec.hyperparameters}
        values = [
            f"{symbols[k].latex} = {latex_number(v)}"
            for k, v in pairs
            if symbols[k].kind != "bool" and isinstance(v, float)
        ]
        kept = tn("state_vectors", spec.state_vectors, lang)
        settings = r",\quad ".join(values)
        parts += [
            f"**{name_of(name, lang)}**: {core(spec.description, lang)}",
            f"$$\n{rule}\n$$",
            f"$$\n{settings}\n$$",
            f":small[{kept} {tr('reference', lang)}: {spec.reference}]",
        ]
    st.markdown("\n\n".join(parts))
