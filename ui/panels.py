"""The page's sections, one function each, as in Streamlit's `hello` demo. No maths here."""

from __future__ import annotations

import functools
import logging
import math
from collections.abc import Callable

import streamlit as st

import optimizers
from ui import compute
from ui.config import Config
from ui.i18n import name_of, t
from viz import contour_figure, loss_figure
from viz.results import results, tolerance

PICKER_TRACE = 1  # the invisible click grid is the second trace of the main plot
PLOTLY_CONFIG = {"displaylogo": False, "toImageButtonOptions": {"format": "png", "scale": 2}}
log = logging.getLogger("landscape_lab")


def guarded(section: Callable) -> Callable:
    """A failing section shows a friendly note instead of a traceback; the rest of the page goes on."""

    @functools.wraps(section)
    def run(config: Config, *args, **kwargs):
        try:
            return section(config, *args, **kwargs)
        except Exception as error:  # the page must never show a traceback
            log.exception("section %s failed", section.__name__)
            st.error(t("error", config.lang, detail=type(error).__name__))
            return None

    return run


def chart_labels(lang: str) -> dict[str, str]:
    return {key: t(key, lang) for key in ("step", "click", "minimum", "f", "f_log", "f_gap")}


def header(lang: str, problems: list[str]) -> None:
    st.markdown(f"### {t('heading', lang)}")
    st.markdown(t("intro", lang))
    if problems:
        st.warning(t("url_problems", lang, items=", ".join(problems)), icon="⚠️")


def _on_pick() -> None:
    """A click on the plot's invisible grid moves the start there (the number inputs follow)."""
    event = st.session_state.get("plot") or {}
    points = [p for p in event.get("selection", {}).get("points", []) if p.get("curve_number") == PICKER_TRACE]
    if points:
        st.session_state["x0"] = round(float(points[-1]["x"]), 3)
        st.session_state["y0"] = round(float(points[-1]["y"]), 3)


@guarded
def main_view(config: Config) -> None:
    lang = config.lang
    view = compute.landscape_view(config.landscape, config.landscape_params)
    paths = compute.paths(config, lambda n: name_of(n, lang))
    if not config.optimizers:
        st.info(t("no_optimizer", lang))
    left, right = st.columns([13, 7], gap="medium")
    with left:
        figure = contour_figure(view, paths, chart_labels(lang))
        st.plotly_chart(
            figure, key="plot", on_select=_on_pick, selection_mode="points", config=PLOTLY_CONFIG, theme=None
        )
    with right:
        st.subheader(t("loss_title", lang))
        st.plotly_chart(loss_figure(paths, view.f_min, chart_labels(lang)), config=PLOTLY_CONFIG, theme=None)
    results_table(config, paths, view)
    for path in paths:
        if path.diverged_at >= 0:
            st.warning(t("diverged_note", lang, name=path.label, step=path.diverged_at), icon="🚀")


def results_table(config: Config, paths, view) -> None:
    lang = config.lang
    tol = tolerance(view.bounds)
    st.subheader(t("results", lang), help=t("reached_help", lang, tol=tol))
    columns = [t(c, lang) for c in ("col_optimizer", "col_final_f", "col_distance", "col_reached", "col_status")]
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    for r in results(paths, view.minima, tol):
        if r.diverged_at >= 0:
            status = t("status_diverged", lang, step=r.diverged_at)
        else:
            status = t("status_ok", lang) if r.reached_at is not None else t("status_far", lang)
        reached = "—" if r.reached_at is None else str(r.reached_at)
        cells = [name_of(r.name, lang), _fmt(r.final_f), _fmt(r.distance), reached, status]
        lines.append("| " + " | ".join(cells) + " |")
    if len(lines) > 2:
        # a Markdown table: no pandas round trip, and it reads well projected
        st.markdown("\n".join(lines))


def latex_number(value: float) -> str:
    """0.001 stays 0.001; 1e-08 becomes 10^{-8}."""
    text = f"{value:g}"
    if "e" not in text:
        return text
    mantissa, exponent = text.split("e")
    power = f"10^{{{int(exponent)}}}"
    return power if mantissa == "1" else rf"{mantissa} \cdot {power}"


def _fmt(value: float | None) -> str:
    if value is None or not math.isfinite(value):
        return "—"
    return f"{value:.4g}"


@guarded
def update_rules(config: Config) -> None:
    lang = config.lang
    if not config.optimizers:
        return
    st.subheader(t("rules", lang))
    for name, pairs in config.hyperparameters:
        spec = optimizers.spec(name)
        st.markdown(f"**{name_of(name, lang)}**: {spec.description.get(lang, spec.description['en'])}")
        st.latex(r"\begin{gathered}" + spec.rule_latex.replace(r",\quad ", r" \\ ") + r"\end{gathered}")
        symbols = {p.name: p for p in spec.hyperparameters}
        values = [
            f"{symbols[k].latex} = {latex_number(v)}"
            for k, v in pairs
            if symbols[k].kind != "bool" and isinstance(v, float)
        ]
        st.latex(r",\quad ".join(values))
        st.caption(f"{t('state_vectors', lang, n=spec.state_vectors)} {t('reference', lang)}: {spec.reference}")
