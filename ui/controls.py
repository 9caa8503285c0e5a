"""The sidebar: every widget's key equals its URL parameter, and its value is parsed by ui.config.parse."""

from __future__ import annotations

from collections.abc import MutableMapping
from typing import Any

import streamlit as st

import landscapes
import optimizers
from optimizers.parameter import Parameter
from ui import options
from ui.config import (
    CUSTOM,
    DEFAULT_EXPRESSION,
    DEFAULT_WINDOW_PARAMS,
    MAX_STEPS,
    WINDOW_KEYS,
    Config,
    default_hyperparameters,
    landscape_names,
    make_landscape,
    parse,
)
from ui.i18n import LANGUAGES, name_of, t
from ui.scenarios import BY_NAME, SCENARIOS

EXTRA_OPTIONS = "_extra_options"  # session key: off-grid values that a link brought, per widget key
MAIN_HYPERPARAMETERS = {"alpha", "beta", "rho", "rho1", "rho2", "bias_correction"}
NOISE_LEVELS = [0.0, 0.1, 0.3, 1.0, 3.0, 10.0, 30.0, 100.0]


def seed_state(state: MutableMapping[str, Any], config: Config) -> None:
    """Put a Config into the widgets' session state (on opening a link, or loading a scenario)."""
    state["lang"] = config.lang
    state["preset"] = config.preset
    state["f"] = config.landscape
    state["opt"] = list(config.optimizers)
    state["x0"], state["y0"], state["steps"] = config.x0, config.y0, config.steps
    state["noise"], state["seed"], state["view"] = config.noise, config.seed, config.view
    state["pr3.x0"], state["sweep.opt"] = config.pr3_x0, config.sweep_opt or None
    values = {("expr" if k == "expr" else f"f.{k}"): v for k, v in config.landscape_params}
    for name, pairs in config.hyperparameters:
        values |= {f"{name}.{k}": v for k, v in pairs}
    extras = state.setdefault(EXTRA_OPTIONS, {})
    for key, value in values.items():
        state[key] = value
        if isinstance(value, float):
            extras.setdefault(key, set()).add(value)


MAIN_AREA_KEYS = ("view", "pr3.x0", "sweep.opt")  # drawn outside the sidebar, only in some views


def raw_values(state: MutableMapping[str, Any], config_keys: list[str]) -> dict[str, Any]:
    """The widgets' current values under their URL names, ready for ui.config.parse."""
    raw = {key: state[key] for key in [*config_keys, *MAIN_AREA_KEYS] if key in state and state[key] is not None}
    if isinstance(raw.get("opt"), list):
        raw["opt"] = ",".join(raw["opt"])
    return raw


def keep_main_area_state() -> None:
    """Streamlit forgets the value of a widget it did not draw in a run; these are drawn in some views only."""
    for key in MAIN_AREA_KEYS:
        if key in st.session_state:
            st.session_state[key] = st.session_state[key]


def _apply_scenario() -> None:
    name = st.session_state.get("preset")
    if name:
        config, _ = parse({"preset": name, "lang": st.session_state.get("lang", "en")})
        seed_state(st.session_state, config)


def _parameter_widget(p: Parameter, key: str, default: Any, lang: str) -> None:
    label = f"{p.symbol}{' (' + p.unit + ')' if p.unit else ''}"
    help_text = p.help.get(lang) or p.help.get("en")
    if key not in st.session_state:
        st.session_state[key] = default
    if p.kind == "bool":
        st.toggle(label if p.name != "bias_correction" else t("bias_correction", lang), key=key, help=help_text)
        return
    extra = st.session_state.get(EXTRA_OPTIONS, {}).get(key, ())
    choices = options.options(p, [default, *extra])
    if st.session_state[key] not in choices:  # a value from a stale session: snap to the nearest choice
        st.session_state[key] = min(choices, key=lambda c: abs(c - st.session_state[key]))
    st.select_slider(label, options=choices, key=key, format_func=options.label, help=help_text)


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


def _custom_controls(lang: str) -> tuple[tuple[tuple[float, float], tuple[float, float]], list[str]]:
    st.text_input(t("expr", lang), key="expr", max_chars=300, help=t("expr_help", lang))
    try:
        make_landscape(CUSTOM, (("expr", st.session_state["expr"]), *_window_pairs()))
    except ValueError as error:
        st.error(t("expr_error", lang, message=error))
    st.markdown(f"**{t('window', lang)}**")
    cols = st.columns(2)
    for i, key in enumerate(WINDOW_KEYS):
        cols[i % 2].number_input(key, min_value=-1e4, max_value=1e4, step=0.5, key=f"f.{key}")
    ls = _custom_landscape()
    st.session_state["_last_expr"] = ls.spec.extra["expression"]
    st.latex(r"\small " + ls.latex)
    st.latex(r"\small " + ls.spec.grad_latex)
    return ls.bounds, ["expr", *(f"f.{k}" for k in WINDOW_KEYS)]


def _window_pairs() -> tuple[tuple[str, object], ...]:
    return tuple((k, st.session_state.get(f"f.{k}")) for k in WINDOW_KEYS)


def sidebar(lang: str) -> list[str]:
    """Draw the controls; return the URL names of every value they hold."""
    keys = ["lang", "preset", "f", "opt", "x0", "y0", "steps", "noise", "seed"]
    with st.sidebar:
        st.selectbox(t("language", lang), list(LANGUAGES), format_func=LANGUAGES.get, key="lang")
        st.selectbox(
            t("scenario", lang),
            ["", *(s.name for s in SCENARIOS)],
            format_func=lambda n: BY_NAME[n].title[lang] if n else t("scenario_none", lang),
            key="preset",
            on_change=_apply_scenario,
            help=t("scenario_help", lang),
        )
        st.selectbox(
            t("landscape", lang),
            landscape_names(),
            format_func=lambda n: name_of(n, lang),
            key="f",
            on_change=_on_landscape_change,
        )
        if st.session_state["f"] == CUSTOM:
            bounds, custom_keys = _custom_controls(lang)
            keys += custom_keys
        else:
            spec = landscapes.spec(st.session_state["f"])
            bounds = spec.bounds
            st.latex(r"\small " + spec.latex)
            for p in spec.parameters:
                key = f"f.{p.name}"
                _parameter_widget(p, key, p.default, lang)
                keys.append(key)

        st.multiselect(
            t("optimizers", lang),
            optimizers.names(),
            format_func=lambda n: name_of(n, lang),
            key="opt",
            help=t("optimizers_help", lang),
        )
        more = st.toggle(t("more", lang), key="more", help=t("more_help", lang))
        for name in st.session_state["opt"]:
            keys += _optimizer_controls(name, lang, more)

        st.markdown(f"**{t('start', lang)}**", help=t("start_help", lang))
        (x_lo, x_hi), (y_lo, y_hi) = bounds
        for key, lo, hi in (("x0", x_lo, x_hi), ("y0", y_lo, y_hi)):  # a new window may exclude the old start
            st.session_state[key] = min(max(float(st.session_state.get(key, lo)), lo), hi)
        left, right = st.columns(2)
        left.number_input("x₀", min_value=float(x_lo), max_value=float(x_hi), step=0.1, format="%.3f", key="x0")
        right.number_input("y₀", min_value=float(y_lo), max_value=float(y_hi), step=0.1, format="%.3f", key="y0")
        st.slider(t("steps", lang), min_value=1, max_value=MAX_STEPS, key="steps")
        noise_levels = sorted({*NOISE_LEVELS, float(st.session_state.get("noise", 0.0))})  # keep a link's value
        st.select_slider(
            t("noise", lang), options=noise_levels, key="noise", format_func=options.label, help=t("noise_help", lang)
        )
        if st.session_state["noise"] > 0:
            st.number_input(t("seed", lang), min_value=0, max_value=2**31 - 1, step=1, key="seed")
        elif "seed" in st.session_state:
            st.session_state["seed"] = st.session_state["seed"]
    return keys


def _optimizer_controls(name: str, lang: str, more: bool) -> list[str]:
    defaults = default_hyperparameters(name)
    keys = {f"{name}.{p.name}": defaults[p.name] for p in optimizers.spec(name).hyperparameters}
    with st.expander(name_of(name, lang), expanded=True):
        for p in optimizers.spec(name).hyperparameters:
            key = f"{name}.{p.name}"
            if more or p.name in MAIN_HYPERPARAMETERS:
                _parameter_widget(p, key, defaults[p.name], lang)
            elif key in st.session_state:
                # Streamlit forgets the value of a widget it did not draw; hand it back so it is kept.
                st.session_state[key] = st.session_state[key]
        st.button(t("reset", lang), key=f"reset.{name}", on_click=_reset, args=(keys,), width="stretch")
    return list(keys)
