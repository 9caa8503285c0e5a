"""The sidebar: every widget's key equals its URL parameter, and its value is parsed by ui.config.parse.

The widgets are generated from the declarations: the page's own settings from their table
(``ui.settings.SETTINGS``: each its widget, label, range and what a change reruns), an optimizer's
hyperparameters, a landscape's parameters and a schedule's from the core's ``Parameter``s, each with its
symbol, range, scale and help. Widgets drawn only sometimes (ε behind "more", the seed without noise, a
view's own settings) keep their values through Streamlit's ``persist_state``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

import landscapes
import optimizers
from parameters import Parameter
from ui import budget, options, stage
from ui.config import (
    CUSTOM,
    DEFAULT_EXPRESSION,
    DEFAULT_WINDOW_PARAMS,
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
from ui.settings import (
    NUMBER,
    SETTINGS,
    SLIDER,
    STOPS,
    SWITCH,
    VIEW,
    Setting,
    hyperparameter_key,
    landscape_key,
    schedule_key,
    schedule_parameter_key,
)
from ui.state import EXTRA_OPTIONS, PERSIST, redraw_view, seed_state, touch_words


def _apply_scenario() -> None:
    """A scenario sets everything but the page's language and modes (presentation, quiz)."""
    state = st.session_state
    name = state.get("preset")
    if name:
        kept = {key: "1" for key in ("present", "quiz") if state.get(key)}
        config, _ = parse({"preset": name, "lang": state.get("lang", "en"), **kept})
        seed_state(st.session_state, budget.fit(config)[0])


def setting_widget(setting: Setting, lang: str, parameter: Parameter | None = None, **shown: Any) -> None:
    """The widget a page setting declares (``ui.settings``), under its key; ``parameter`` where its range
    depends on the page (the start's window), ``shown`` to override what the widget is given."""
    p = parameter or setting.parameter
    assert p is not None, setting.key
    label = tr(setting.label, lang) if setting.label else p.symbol
    on_change = redraw_view if setting.redraws == VIEW else None
    help_text = tr(setting.help, lang) if setting.help else core(p.help, lang) if p.help else None
    given = {"key": setting.key, "help": help_text, "on_change": on_change, "persist_state": PERSIST}
    if setting.widget == SWITCH:
        st.toggle(label, **given | shown)
    elif setting.widget == SLIDER:
        st.slider(label, **given | {"min_value": int(p.low), "max_value": int(p.high)} | shown)
    elif setting.widget == NUMBER:
        step, shape = (1, "%d") if p.kind == "int" else (0.1, "%.3f")
        number = {"min_value": p.low, "max_value": p.high, "step": step, "format": shape}
        if p.kind == "int":
            number |= {"min_value": int(p.low), "max_value": int(p.high)}
        st.number_input(label, **given | number | shown)
    elif setting.widget == STOPS:
        _stops_widget(p, label, lang, **given | shown)


def _stops_widget(p: Parameter, label: str, lang: str, key: str, **given: Any) -> None:
    """A select slider over the parameter's stops, with the value a link brought kept among them, each
    written as the page's language writes numbers."""
    extra = st.session_state.get(EXTRA_OPTIONS, {}).get(key, ())
    choices = options.options(p, [p.default, *extra])
    if st.session_state.get(key, p.default) not in choices:  # a stale session's value: the nearest stop
        st.session_state[key] = min(choices, key=lambda c: abs(c - st.session_state[key]))
    shown = {"format_func": lambda v: options.label(v, lang), "persist_state": PERSIST} | given
    st.select_slider(label, options=choices, key=key, **shown)


def _parameter_widget(
    p: Parameter, key: str, default: Any, lang: str, label: str | None = None, on_change: Callable | None = redraw_view
) -> None:
    """The widget of one of the core's parameters (a hyperparameter, a landscape's or a schedule's); a
    change redraws the view only, unless ``on_change`` says otherwise (a landscape's: the whole page)."""
    shown = label or f"{p.symbol}{' (' + p.unit + ')' if p.unit else ''}"
    help_text = core(p.help, lang) if p.help else None
    if key not in st.session_state:
        st.session_state[key] = default
    if p.kind == "bool":
        st.toggle(shown, key=key, help=help_text, on_change=on_change, persist_state=PERSIST)
        return
    _stops_widget(p, shown, lang, key=key, help=help_text, on_change=on_change)


def _reset(keys_and_defaults: dict[str, Any]) -> None:
    for key, value in keys_and_defaults.items():
        st.session_state[key] = value


def _on_landscape_change() -> None:
    """A new function starts at its own default start, with its own default parameters."""
    if st.session_state["f"] == CUSTOM:
        st.session_state.setdefault("expr", DEFAULT_EXPRESSION)
        for key, value in DEFAULT_WINDOW_PARAMS:
            st.session_state[landscape_key(key)] = value
        start = _custom_landscape().start
    else:
        spec = landscapes.spec(st.session_state["f"])
        start = spec.start
        for p in spec.parameters:
            st.session_state[landscape_key(p.name)] = p.default
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
    st.text_input(tr("expr", lang), key="expr", max_chars=300, help=tr("expr_help", lang), persist_state=PERSIST)
    try:
        make_landscape(CUSTOM, (("expr", st.session_state["expr"]), *_window_pairs()))
    except ValueError as error:
        st.error(tr("expr_error", lang, message=message(error, lang)))
    st.markdown(f"**{tr('window', lang)}**")
    cols = st.columns(2)
    for i, p in enumerate(WINDOW):
        cols[i % 2].number_input(
            p.symbol, min_value=p.low, max_value=p.high, step=0.5, key=p.name, persist_state=PERSIST
        )
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
    return tuple((k, st.session_state.get(landscape_key(k))) for k in WINDOW_KEYS)


# Views whose function is their own, not the landscape's: the sidebar names it instead of the landscape
# (whose widgets keep their values, persist_state, for the views that draw it)
OWN_FUNCTIONS = {"pr3": "own_function_pr3", "reddi": "own_function_reddi"}


def _own_function(view: str, lang: str) -> None:
    """The function a view of its own draws (PR3's curve, Reddi's online problem), where the sidebar
    would otherwise name the landscape, which that view does not use; PR3's formula with it (Reddi's is
    too wide for the sidebar, and heads its view)."""
    st.markdown(f"**{tr('landscape', lang)}**: {tr(OWN_FUNCTIONS[view], lang)}")
    if view == "pr3":
        with st.container(key="formula"):
            formula(landscapes.curve("pr3").latex)


def language_control(lang: str) -> None:
    """The page's language: a student's own, following a class or not."""
    st.selectbox(tr("language", lang), list(LANGUAGES), format_func=LANGUAGES.get, key="lang")


def landscape_controls(lang: str) -> None:
    """Scenario and function: the settings that change the whole page."""
    st.selectbox(
        tr("scenario", lang),
        ["", *SCENARIOS],
        format_func=lambda n: scenario_text(n, "title", lang) if n else tr("scenario_none", lang),
        key="preset",
        on_change=_apply_scenario,
        help=tr("scenario_help", lang),
        persist_state=PERSIST,
    )
    view = st.session_state.get("view")
    if view in OWN_FUNCTIONS:
        _own_function(view, lang)
        return
    st.selectbox(
        tr("landscape", lang),
        landscape_names(),
        format_func=lambda n: name_of(n, lang),
        key="f",
        on_change=_on_landscape_change,
        persist_state=PERSIST,
    )
    if st.session_state["f"] == CUSTOM:
        _custom_controls(lang)
    else:
        spec = landscapes.spec(st.session_state["f"])
        with st.container(key="formula"):
            formula(spec.latex)
        for p in spec.parameters:
            _parameter_widget(p, landscape_key(p.name), p.default, lang, on_change=None)


def optimizer_controls(config: Config) -> None:
    """The optimizers with their hyperparameters, then the page's settings of the sidebar: the start, the
    steps, the mini-batch size and the gradient noise."""
    lang = config.lang
    st.multiselect(
        tr("optimizers", lang),
        optimizers.names(),
        format_func=lambda n: name_of(n, lang),
        key="opt",
        help=tr("optimizers_help", lang),
        persist_state=PERSIST,
    )
    more = st.toggle(tr("more", lang), key="more", help=tr("more_help", lang), persist_state=PERSIST)
    for name in st.session_state["opt"]:
        _hyperparameter_controls(name, lang, more, stage.staged(config))
    if config.view not in OWN_FUNCTIONS:
        _start_controls(config)
    _steps_control(config)
    _batch_control(config)
    setting_widget(SETTINGS["noise"], lang)
    if st.session_state["noise"] > 0:
        setting_widget(SETTINGS["seed"], lang, persist_state=PERSIST)


def _start_controls(config: Config) -> None:
    lang = config.lang
    st.markdown(f"**{tr('start', lang)}**", help=tr(touch_words("start_help", "start_help_phone"), lang))
    columns = st.columns(2)
    for column, p in zip(columns, start_parameters(config.landscape_object().bounds, config.start), strict=True):
        with column:
            setting_widget(SETTINGS[p.name], lang, parameter=p, help=None, persist_state=PERSIST)


def _steps_control(config: Config) -> None:
    """The steps slider, up to what the view may cost the shared server (ui.budget)."""
    limit = budget.max_steps(config)
    setting_widget(SETTINGS["steps"], config.lang, max_value=limit)
    if limit < SETTINGS["steps"].parameter.high:
        st.caption(tn("steps_limit", len(config.opt), config.lang, limit=limit))


def _hyperparameter_controls(name: str, lang: str, more: bool, staged: frozenset[str] = frozenset()) -> None:
    """An optimizer's box: what a student moves (α, β, ρ, ρ₁, ρ₂) and, with "more", the rest; its schedule.
    The parameters on the stage under the plot (``staged``) are moved there, not here."""
    defaults = default_hyperparameters(name)
    keys = {hyperparameter_key(name, p.name): defaults[p.name] for p in optimizers.spec(name).hyperparameters}
    with st.expander(name_of(name, lang), expanded=True):
        for p in optimizers.spec(name).hyperparameters:
            if (more or p.main) and p.name not in staged:
                label = tr("bias_correction", lang) if p.name == "bias_correction" else None
                _parameter_widget(p, hyperparameter_key(name, p.name), defaults[p.name], lang, label)
        _schedule_controls(name, lang)
        keys[schedule_key(name)] = "constant"
        st.button(tr("reset", lang), key=f"reset.{name}", on_click=_reset, args=(keys,), width="stretch")


def _schedule_controls(name: str, lang: str) -> None:
    """The optimizer's learning-rate schedule and its parameters (α_t = α·factor(t))."""
    key = schedule_key(name)
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
        _parameter_widget(p, schedule_parameter_key(name, p.name), p.default, lang)


def _batch_control(config: Config) -> None:
    """The mini-batch size, where the landscape is a model fitted to data."""
    size = config.landscape_object().data_size if config.f in landscapes.names() else 0
    if size:
        all_points = tr("batch_all", config.lang, n=size)
        setting_widget(
            SETTINGS["batch"],
            config.lang,
            format_func=lambda b: all_points if b == 0 else str(int(b)),
            persist_state=PERSIST,
        )
