"""The sidebar: every widget's key equals its URL parameter, and its value is parsed by ui.config.parse.

The widgets are generated from the declarations (``parameters.Parameter``): an optimizer's
hyperparameters, a landscape's parameters and the page's own settings each bring their symbol, range,
scale and help. Widgets drawn only sometimes (ε behind "more", the seed without noise, a view's own
settings) keep their values through Streamlit's ``persist_state``.
"""

from __future__ import annotations

from collections.abc import Callable, MutableMapping
from typing import Any

import streamlit as st

import landscapes
import optimizers
from parameters import Parameter
from ui import budget, options
from ui.config import (
    BATCH,
    CUSTOM,
    DEFAULT_EXPRESSION,
    DEFAULT_WINDOW_PARAMS,
    NOISE,
    SEED,
    STEPS,
    WINDOW,
    WINDOW_KEYS,
    Config,
    default_hyperparameters,
    landscape_names,
    make_landscape,
    parse,
    start_parameters,
)
from ui.i18n import LANGUAGES, core, message, name_of, scenario_text, tn, tr
from ui.scenarios import SCENARIOS

EXTRA_OPTIONS = "_extra_options"  # session key: off-grid values that a link brought, per widget key
MAIN_HYPERPARAMETERS = {"alpha", "beta", "rho", "rho1", "rho2", "bias_correction"}
NOISE_LEVELS = [0.0, 0.1, 0.3, 1.0, 3.0, 10.0, 30.0, 100.0]
PERSIST = "session"  # a widget's value outlives the runs that do not draw it
VIEW = "view"  # the key of app.py's fragment that draws the view


def redraw_view() -> None:
    """The callback of a control that changes only what the view draws (α, ρ, the start, the steps):
    only the view reruns; the sidebar, which already shows the new value, is not sent again."""
    st.rerun(VIEW)


def redraw_page() -> None:
    """The callback of a control in the view that changes what the sidebar shows (the start, the
    optimizers, their α): the whole page reruns, so the sidebar's widgets show the new values."""
    st.rerun()


def seed_state(state: MutableMapping[str, Any], config: Config) -> None:
    """Put a Config into the widgets' session state (on opening a link, or loading a scenario)."""
    state["lang"] = config.lang
    state["preset"] = config.preset
    state["f"] = config.landscape
    state["opt"] = list(config.optimizers)
    state["x0"], state["y0"], state["steps"] = config.x0, config.y0, config.steps
    state["noise"], state["seed"], state["view"] = config.noise, config.seed, config.view
    state["pr3.x0"], state["sweep.opt"] = config.pr3_x0, config.sweep_opt or None
    state["present"], state["quiz"], state["curv"] = config.present, config.quiz, config.curvature
    state["batch"] = config.batch
    values = {("expr" if k == "expr" else f"f.{k}"): v for k, v in config.landscape_params}
    for name, pairs in config.hyperparameters:
        values |= {f"{name}.{k}": v for k, v in pairs}
        state[f"{name}.sched"] = "constant"
    for name, ((_, schedule), *parameters) in config.schedules:
        state[f"{name}.sched"] = schedule
        values |= {f"{name}.sched.{k}": float(v) for k, v in parameters}
    extras = state.setdefault(EXTRA_OPTIONS, {})
    for key, value in values.items():
        state[key] = value
        if isinstance(value, float):
            extras.setdefault(key, set()).add(value)


def set_values(values: dict[str, float]) -> None:
    """From a button in the view: set the sidebar's sliders to values that may lie between their stops
    (each becomes one of its stops), and redraw the page so they show them."""
    state = st.session_state
    extras = state.setdefault(EXTRA_OPTIONS, {})
    for key, value in values.items():
        extras.setdefault(key, set()).add(value)
        state[key] = value
    redraw_page()


MAIN_AREA_KEYS = ("view", "pr3.x0", "sweep.opt", "present", "quiz", "curv")  # drawn outside the sidebar


def raw_values(state: MutableMapping[str, Any]) -> dict[str, Any]:
    """The widgets' current values under their URL names, ready for ui.config.parse."""
    keys = ["lang", "preset", "f", "opt", "x0", "y0", "steps", "noise", "seed", "batch", *MAIN_AREA_KEYS]
    if state.get("f") == CUSTOM:
        keys += ["expr", *(p.name for p in WINDOW)]
    elif state.get("f") in landscapes.names():
        keys += [f"f.{p.name}" for p in landscapes.spec(state["f"]).parameters]
    for name in state.get("opt") or ():
        keys += [f"{name}.{p.name}" for p in optimizers.spec(name).hyperparameters]
        schedule = state.get(f"{name}.sched")
        if schedule in optimizers.schedules.names():
            keys += [
                f"{name}.sched",
                *(f"{name}.sched.{p.name}" for p in optimizers.schedules.spec(schedule).parameters),
            ]
    raw = {key: state[key] for key in keys if key in state and state[key] is not None}
    if isinstance(raw.get("opt"), list):
        raw["opt"] = ",".join(raw["opt"])
    return raw


def _apply_scenario() -> None:
    """A scenario sets everything but the page's language and modes (presentation, quiz)."""
    state = st.session_state
    name = state.get("preset")
    if name:
        kept = {key: "1" for key in ("present", "quiz") if state.get(key)}
        config, _ = parse({"preset": name, "lang": state.get("lang", "en"), **kept})
        seed_state(st.session_state, budget.fit(config)[0])


def _parameter_widget(
    p: Parameter,
    key: str,
    default: Any,
    lang: str,
    label: str | None = None,
    on_change: Callable[[], None] | None = None,
) -> None:
    shown = label or f"{p.symbol}{' (' + p.unit + ')' if p.unit else ''}"
    help_text = core(p.help, lang) if p.help else None
    if key not in st.session_state:
        st.session_state[key] = default
    if p.kind == "bool":
        st.toggle(shown, key=key, help=help_text, on_change=on_change, persist_state=PERSIST)
        return
    extra = st.session_state.get(EXTRA_OPTIONS, {}).get(key, ())
    choices = options.options(p, [default, *extra])
    if st.session_state[key] not in choices:  # a value from a stale session: snap to the nearest choice
        st.session_state[key] = min(choices, key=lambda c: abs(c - st.session_state[key]))
    st.select_slider(
        shown,
        options=choices,
        key=key,
        format_func=options.label,
        help=help_text,
        on_change=on_change,
        persist_state=PERSIST,
    )


def _reset(keys_and_defaults: dict[str, Any]) -> None:
    for key, value in keys_and_defaults.items():
        st.session_state[key] = value


def _on_landscape_change() -> None:
    """A new function starts at its own default start, with its own default parameters."""
    if st.session_state["f"] == CUSTOM:
        st.session_state.setdefault("expr", DEFAULT_EXPRESSION)
        for key, value in DEFAULT_WINDOW_PARAMS:
            st.session_state[f"f.{key}"] = value
        start = _custom_landscape().start
    else:
        spec = landscapes.spec(st.session_state["f"])
        start = spec.start
        for p in spec.parameters:
            st.session_state[f"f.{p.name}"] = p.default
    st.session_state["x0"], st.session_state["y0"] = start


def _custom_landscape():
    """The typed function if it is valid, else the last valid one."""
    state = st.session_state
    for expr in (state.get("expr"), state.get("_last_expr"), DEFAULT_EXPRESSION):
        try:
            return make_landscape(CUSTOM, (("expr", expr), *_window_pairs()))
        except (ValueError, TypeError):
            continue
    return make_landscape(CUSTOM, (("expr", DEFAULT_EXPRESSION), *DEFAULT_WINDOW_PARAMS))


def _custom_controls(lang: str) -> None:
    st.text_input(tr("expr", lang), key="expr", max_chars=300, help=tr("expr_help", lang))
    try:
        make_landscape(CUSTOM, (("expr", st.session_state["expr"]), *_window_pairs()))
    except ValueError as error:
        st.error(tr("expr_error", lang, message=message(error, lang)))
    st.markdown(f"**{tr('window', lang)}**")
    cols = st.columns(2)
    for i, p in enumerate(WINDOW):
        cols[i % 2].number_input(p.symbol, min_value=p.low, max_value=p.high, step=0.5, key=p.name)
    ls = _custom_landscape()
    st.session_state["_last_expr"] = ls.spec.extra["expression"]
    with st.container(key="formula"):
        formula(ls.latex)
        if ls.spec.grad_latex:
            formula(ls.spec.grad_latex)
        else:
            st.caption(tr("grad_too_long", lang))


# the size a formula is set in, by the LaTeX characters of its longest line: what fits the sidebar's width
SIDEBAR_SIZES = ((30, r"\small "), (40, r"\footnotesize "), (float("inf"), r"\scriptsize "))


def formula(latex: str) -> None:
    """A formula in the sidebar, in a size that fits its width: the built-in ones are broken into lines
    that fit (tests/test_layout.py measures them); a long typed one scrolls rather than being cut."""
    longest = max(len(line) for line in latex.split(r"\\"))
    st.latex(next(size for most, size in SIDEBAR_SIZES if longest <= most) + latex)


def _window_pairs() -> tuple[tuple[str, object], ...]:
    return tuple((k, st.session_state.get(f"f.{k}")) for k in WINDOW_KEYS)


def landscape_controls(lang: str) -> None:
    """Language, scenario and function: the settings that change the whole page."""
    st.selectbox(tr("language", lang), list(LANGUAGES), format_func=LANGUAGES.get, key="lang")
    st.selectbox(
        tr("scenario", lang),
        ["", *SCENARIOS],
        format_func=lambda n: scenario_text(n, "title", lang) if n else tr("scenario_none", lang),
        key="preset",
        on_change=_apply_scenario,
        help=tr("scenario_help", lang),
    )
    st.selectbox(
        tr("landscape", lang),
        landscape_names(),
        format_func=lambda n: name_of(n, lang),
        key="f",
        on_change=_on_landscape_change,
    )
    if st.session_state["f"] == CUSTOM:
        _custom_controls(lang)
    else:
        spec = landscapes.spec(st.session_state["f"])
        with st.container(key="formula"):
            formula(spec.latex)
        for p in spec.parameters:
            _parameter_widget(p, f"f.{p.name}", p.default, lang)


def optimizer_controls(config: Config) -> None:
    """The optimizers with their hyperparameters, the start, the steps and the noise."""
    lang = config.lang
    st.multiselect(
        tr("optimizers", lang),
        optimizers.names(),
        format_func=lambda n: name_of(n, lang),
        key="opt",
        help=tr("optimizers_help", lang),
    )
    more = st.toggle(tr("more", lang), key="more", help=tr("more_help", lang))
    for name in st.session_state["opt"]:
        _hyperparameter_controls(name, lang, more)
    _start_controls(config)
    _steps_control(config)
    _batch_control(config)
    noise_levels = sorted({*NOISE_LEVELS, float(st.session_state.get("noise", 0.0))})  # keep a link's value
    st.select_slider(
        tr("noise", lang), options=noise_levels, key="noise", format_func=options.label, help=core(NOISE.help, lang)
    )
    if st.session_state["noise"] > 0:
        st.number_input(
            tr("seed", lang),
            min_value=int(SEED.low),
            max_value=int(SEED.high),
            step=1,
            key="seed",
            on_change=redraw_view,
            persist_state=PERSIST,
        )


def _start_controls(config: Config) -> None:
    lang = config.lang
    st.markdown(f"**{tr('start', lang)}**", help=tr("start_help", lang))
    window = config.landscape_object().bounds
    left, right = st.columns(2)
    for column, p in zip((left, right), start_parameters(window, config.start), strict=True):
        st.session_state[p.name] = min(max(float(st.session_state.get(p.name, p.low)), p.low), p.high)
        column.number_input(
            p.symbol, min_value=p.low, max_value=p.high, step=0.1, format="%.3f", key=p.name, on_change=redraw_view
        )


def _steps_control(config: Config) -> None:
    """The steps slider, up to what the view may cost the shared server (ui.budget)."""
    lang = config.lang
    limit = budget.max_steps(config)
    st.session_state["steps"] = min(int(st.session_state.get("steps", STEPS.default)), limit)
    st.slider(
        tr("steps", lang),
        min_value=int(STEPS.low),
        max_value=limit,
        key="steps",
        help=core(STEPS.help, lang),
        on_change=redraw_view,
    )
    if limit < STEPS.high:
        st.caption(tn("steps_limit", len(config.optimizers), lang, limit=limit))


def _hyperparameter_controls(name: str, lang: str, more: bool) -> None:
    defaults = default_hyperparameters(name)
    keys = {f"{name}.{p.name}": defaults[p.name] for p in optimizers.spec(name).hyperparameters}
    with st.expander(name_of(name, lang), expanded=True):
        for p in optimizers.spec(name).hyperparameters:
            if more or p.name in MAIN_HYPERPARAMETERS:
                label = tr("bias_correction", lang) if p.name == "bias_correction" else None
                _parameter_widget(p, f"{name}.{p.name}", defaults[p.name], lang, label, on_change=redraw_view)
        _schedule_controls(name, lang)
        keys[f"{name}.sched"] = "constant"
        st.button(tr("reset", lang), key=f"reset.{name}", on_click=_reset, args=(keys,), width="stretch")


def _schedule_controls(name: str, lang: str) -> None:
    """The optimizer's learning-rate schedule and its parameters (α_t = α·factor(t))."""
    key = f"{name}.sched"
    if st.session_state.get(key) not in optimizers.schedules.names():
        st.session_state[key] = "constant"
    chosen = st.selectbox(
        tr("schedule", lang),
        optimizers.schedules.names(),
        format_func=lambda n: tr(f"schedule_{n}", lang),
        key=key,
        help=tr("schedule_help", lang),
        persist_state=PERSIST,
    )
    for p in optimizers.schedules.spec(chosen).parameters:
        _parameter_widget(p, f"{key}.{p.name}", p.default, lang, on_change=redraw_view)


BATCH_SIZES = (0, 1, 2, 4, 8, 16, 32)  # 0: all the data points (the full batch)


def _batch_control(config: Config) -> None:
    """The mini-batch size, where the landscape is a model fitted to data."""
    size = config.landscape_object().data_size if config.landscape in landscapes.names() else 0
    if not size:
        return
    lang = config.lang
    if st.session_state.get("batch") not in BATCH_SIZES:
        st.session_state["batch"] = 0
    st.select_slider(
        tr("batch", lang),
        options=BATCH_SIZES,
        key="batch",
        format_func=lambda b: tr("batch_all", lang, n=size) if b == 0 else str(b),
        help=core(BATCH.help, lang),
        on_change=redraw_view,
        persist_state=PERSIST,
    )
