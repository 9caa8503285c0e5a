"""The page's sections and views, one function each, as in Streamlit's `hello` demo. No maths here."""

from __future__ import annotations

import functools
import io
import logging
import math
from collections.abc import Callable
from urllib.parse import urlencode

import numpy as np
import streamlit as st

import landscapes
import optimizers
from ui import compute
from ui.config import VIEWS, Config
from ui.i18n import STRINGS, name_of, t
from ui.scenarios import BY_NAME
from viz import contour_figure, loss_figure
from viz.curves import curve_figure, early_steps_figure, reddi_figure, rotation_figure, step_size_figure
from viz.maps import basin_figure, sweep_figure
from viz.results import results, tolerance
from viz.surface import surface_figure

PICKER_TRACE = 1  # the invisible click grid is the second trace of the main plot
# The toolbar's camera saves the contour and surface as PNG (twice the screen's resolution) and the
# line charts as SVG, which stays sharp on a slide.
PLOTLY_CONFIG = {"displaylogo": False, "toImageButtonOptions": {"format": "png", "scale": 2}}
SVG_CONFIG = PLOTLY_CONFIG | {"toImageButtonOptions": {"format": "svg"}}
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
    """Every translated word a figure builder may ask for."""
    return {key: t(key, lang) for key in STRINGS}


def label_function(lang: str) -> Callable[[str], str]:
    return lambda name: name_of(name, lang)


def chart(figure, key: str | None = None, vector: bool = True) -> None:
    st.plotly_chart(figure, key=key, config=SVG_CONFIG if vector else PLOTLY_CONFIG, theme=None)


COMPACT_TOP = "<style>[data-testid=stMainBlockContainer]{padding-top:2.2rem}</style>"  # the plot above the fold


def header(lang: str, problems: list[str]) -> None:
    st.markdown(COMPACT_TOP, unsafe_allow_html=True)
    st.markdown(f"### {t('heading', lang)}")
    st.markdown(t("intro", lang))
    if problems:
        st.warning(t("url_problems", lang, items=", ".join(problems)), icon="⚠️")


def scenario_card(config: Config) -> None:
    scenario = BY_NAME.get(config.preset)
    if scenario is not None:
        st.info(f"**{scenario.title[config.lang]}**\n\n{scenario.text[config.lang]}", icon="🎓")


def view_selector(config: Config) -> None:
    st.segmented_control(
        t("view", config.lang),
        VIEWS,
        format_func=lambda v: t(f"view_{v}", config.lang),
        key="view",
        required=True,
        label_visibility="collapsed",
    )


def show_view(config: Config) -> None:
    views = {
        "paths": paths_view,
        "surface": surface_view,
        "starts": starts_view,
        "sweep": sweep_view,
        "reddi": reddi_view,
        "pr3": pr3_view,
        "memory": memory_view,
    }
    views[config.view](config)


def _on_pick() -> None:
    """A click on the plot's invisible grid moves the start there (the number inputs follow)."""
    event = st.session_state.get("plot") or {}
    points = [p for p in event.get("selection", {}).get("points", []) if p.get("curve_number") == PICKER_TRACE]
    if points:
        st.session_state["x0"] = round(float(points[-1]["x"]), 3)
        st.session_state["y0"] = round(float(points[-1]["y"]), 3)


@guarded
def paths_view(config: Config) -> None:
    lang, labels = config.lang, chart_labels(config.lang)
    view = compute.landscape_view(config.landscape, config.landscape_params)
    paths = compute.paths(config, label_function(lang))
    if not config.optimizers:
        st.info(t("no_optimizer", lang))
    left, right = st.columns([13, 7], gap="medium")
    with left:
        figure = contour_figure(view, paths, labels, inspector=True)
        st.plotly_chart(
            figure, key="plot", on_select=_on_pick, selection_mode="points", config=PLOTLY_CONFIG, theme=None
        )
        st.caption(t("inspector_help", lang))
    with right:
        st.markdown(f"#### {t('loss_title', lang)}")
        f_range = (float(np.nanmin(view.z)), float(np.nanmax(view.z)))
        chart(loss_figure(paths, view.f_min, labels, f_range=f_range))
    divergence_notes(config, paths, view)
    results_table(config, paths, view)
    st.markdown(f"#### {t('step_sizes', lang)}", help=t("step_sizes_help", lang))
    chart(step_size_figure(paths, labels))
    scenario_extras(config)
    downloads(config, paths, ("x", "y"))


def divergence_notes(config: Config, paths, view=None) -> None:
    """Why each stopped path stopped: f undefined there, it escaped an unbounded f, or it diverged."""
    for path in paths:
        k = path.diverged_at
        if k < 0:
            continue
        point = path.points[k]
        inside = view is not None and all(lo <= c <= hi for c, (lo, hi) in zip(point, view.bounds, strict=True))
        if inside and not np.isfinite(path.values[k]):
            key = "undefined_note"
        elif view is not None and view.f_min is None and not view.minima:
            key = "saddle_note"
        else:
            key = "diverged_note"
        st.warning(t(key, config.lang, name=path.label, step=k), icon="🚀")


def results_table(config: Config, paths, view) -> None:
    lang = config.lang
    tol = tolerance(view.bounds)
    st.markdown(f"#### {t('results', lang)}", help=t("reached_help", lang, tol=tol))
    columns = [t(c, lang) for c in ("col_optimizer", "col_final_f", "col_distance", "col_reached", "col_status")]
    rows = []
    for r in results(paths, view.minima, tol):
        if r.diverged_at >= 0:
            status = t("status_diverged", lang, step=r.diverged_at)
        else:
            status = t("status_ok", lang) if r.reached_at is not None else t("status_far", lang)
        reached = "—" if r.reached_at is None else str(r.reached_at)
        rows.append([name_of(r.name, lang), _fmt(r.final_f), _fmt(r.distance), reached, status])
    markdown_table(columns, rows)


def markdown_table(columns: list[str], rows: list[list[str]]) -> None:
    """A Markdown table: no pandas round trip, and it reads well projected."""
    if rows:
        lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
        lines += ["| " + " | ".join(row) + " |" for row in rows]
        st.markdown("\n".join(lines))


def scenario_extras(config: Config) -> None:
    """The extra chart a scenario's claim needs beside the paths."""
    labels = chart_labels(config.lang)
    if config.preset == "adam_parts" and "adam" in config.optimizers:
        st.markdown(f"#### {t('early_steps', config.lang)}")
        with_bc, without_bc = compute.early_adam_steps(
            config.hyperparameters[config.optimizers.index("adam")][1],
            config.landscape,
            config.landscape_params,
            config.start,
        )
        chart(early_steps_figure(with_bc, without_bc, labels))
    if config.preset == "rotation" and config.landscape == "quadratic":
        st.markdown(f"#### {t('rotation_title', config.lang)}")
        kappa = dict(config.landscape_params)["kappa"]
        thetas, reached = compute.rotation_reach(kappa, config.hyperparameters, config.start, config.steps)
        chart(rotation_figure(thetas, reached, label_function(config.lang), labels))


def downloads(config: Config, paths, columns: tuple[str, ...]) -> None:
    st.download_button(
        t("download_csv", config.lang),
        data=lambda: paths_csv(paths, columns),  # written only when clicked, not on every redraw
        file_name=f"landscape-lab-{config.landscape if columns == ('x', 'y') else 'pr3'}.csv",
        mime="text/csv",
        key="download_csv",
        icon="⬇️",
    )


def paths_csv(paths, columns: tuple[str, ...]) -> str:
    """step, optimizer, coordinates, f: one row per step of each path, until it stopped."""
    out = io.StringIO()
    out.write(",".join(["optimizer", "step", *columns, "f"]) + "\n")
    for path in paths:
        for k in np.flatnonzero(np.isfinite(path.values)):
            coords = ",".join(repr(float(c)) for c in path.points[k])
            out.write(f"{path.name},{k},{coords},{float(path.values[k])!r}\n")
    return out.getvalue()


@guarded
def surface_view(config: Config) -> None:
    lang = config.lang
    view = compute.landscape_view(config.landscape, config.landscape_params)
    paths = compute.paths(config, label_function(lang))
    chart(surface_figure(view, paths, chart_labels(lang)), vector=False)
    st.caption(t("surface_note", lang))


@guarded
def starts_view(config: Config) -> None:
    lang = config.lang
    ls = config.landscape_object()
    outcomes, xs, ys = {}, None, None
    for name, hp in config.hyperparameters:
        xs, ys, outcomes[name] = compute.basin_map(
            config.landscape, config.landscape_params, name, hp, config.steps, config.noise, config.seed
        )
    st.markdown(f"#### {t('starts_title', lang)}")
    if not outcomes:
        st.info(t("no_optimizer", lang))
        return
    categories = [t("outcome_min", lang, k=i + 1) for i in range(len(ls.minima))]
    categories += [t("outcome_other", lang), t("outcome_diverged", lang)]
    chart(basin_figure(xs, ys, outcomes, categories, label_function(lang)))
    steps = min(config.steps, compute.MAP_STEPS)
    st.caption(t("starts_note", lang, steps=steps, tol=tolerance(ls.bounds)))


@guarded
def sweep_view(config: Config) -> None:
    lang = config.lang
    if not config.optimizers:
        st.info(t("no_optimizer", lang))
        return
    if st.session_state.get("sweep.opt") not in config.optimizers:
        st.session_state["sweep.opt"] = config.sweep_opt or config.optimizers[0]
    name = st.selectbox(
        t("sweep_optimizer", lang), config.optimizers, format_func=label_function(lang), key="sweep.opt"
    )
    hp = dict(config.hyperparameters)[name]
    alphas, decays, z, count = compute.sweep_map(
        config.landscape, config.landscape_params, name, hp, config.start, config.steps
    )
    x_name, y_name = compute.sweep_axes(name)
    symbols = {p.name: p.symbol for p in optimizers.spec(name).hyperparameters}
    current = (dict(hp)["alpha"], dict(hp)[y_name] if y_name else None)
    st.markdown(f"#### {t('sweep_title', lang)}")
    z_title = t("sweep_axis_loss", lang) if config.landscape_object().f_min is not None else "f"
    chart(sweep_figure(alphas, decays, z, current, symbols[x_name], symbols.get(y_name, ""), z_title))
    st.caption(t("sweep_note", lang, steps=min(config.steps, compute.MAP_STEPS), count=count))


@guarded
def reddi_view(config: Config) -> None:
    lang = config.lang
    chosen = [(n, dict(hp)["alpha"]) for n, hp in config.hyperparameters if n in ("adam", "amsgrad")]
    runs = tuple(chosen) or (("adam", 0.5), ("amsgrad", 0.5))
    problem, iterates, regret = compute.reddi(runs, config.steps)
    st.markdown(f"#### {t('reddi_title', lang)}")
    st.latex(problem.latex)
    chart(reddi_figure(iterates, regret, label_function(lang), chart_labels(lang)))
    st.caption(t("reddi_note", lang, C=problem.C, rho2=problem.rho2))
    st.caption(problem.reference)


@guarded
def pr3_view(config: Config) -> None:
    lang = config.lang
    curve = landscapes.curve("pr3")
    st.markdown(f"#### {t('pr3_title', lang)}")
    st.latex(curve.latex)
    st.number_input("x₀", min_value=-1.0, max_value=3.0, step=0.1, format="%.3f", key="pr3.x0")
    paths = compute.paths(config, label_function(lang), landscape="pr3", start=(config.pr3_x0,))
    xs = np.linspace(*curve.bounds[0], 400)
    chart(curve_figure(xs, curve.value(xs[:, None]), paths, chart_labels(lang)))
    st.caption(t("pr3_note", lang))
    divergence_notes(config, paths)
    downloads(config, paths, ("x",))


@guarded
def memory_view(config: Config) -> None:
    lang = config.lang
    st.markdown(f"#### {t('memory_title', lang)}")
    keeps = {0: "—", 1: "p", 2: "p, r"}
    special = {"adagrad": "r", "rmsprop": "r", "adadelta": "r, u", "adamax": "p, u", "amsgrad": "p, r, max r"}
    rows = []
    for name in optimizers.names():
        n = optimizers.spec(name).state_vectors
        rows.append([name_of(name, lang), str(n), special.get(name, keeps.get(n, "")), f"{n * 400:,} MB"])
    columns = [t(c, lang) for c in ("col_optimizer", "col_state", "col_keeps", "col_memory")]
    markdown_table(columns, rows)
    st.caption(t("memory_note", lang))


def share_link(config: Config) -> None:
    """The current view's link, in a code block (Streamlit gives it a copy button)."""
    base = (st.context.url or "").split("?")[0]
    st.markdown(f"**{t('share', config.lang)}**", help=t("share_help", config.lang))
    st.code(f"{base}?{urlencode(config.to_query())}", language=None, wrap_lines=True)


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
    st.markdown(f"#### {t('rules', lang)}")
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
