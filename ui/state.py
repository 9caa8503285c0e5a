"""The widgets' state and the Config, one from the other: every widget's key is its URL parameter, so a
Config goes into the session state and back through ``ui.config.parse`` by the settings' table
(``ui.settings.SETTINGS``) and the core's families of parameters.

A control's callback reruns only what it changes (``redraw_view``, ``redraw_page``): Streamlit's own
fragment for the view (``VIEW``), or the whole page.
"""

from __future__ import annotations

from collections.abc import Iterator, MutableMapping
from typing import Any

import streamlit as st

import landscapes
import optimizers
from ui.config import CUSTOM, WINDOW, Config
from ui.settings import SETTINGS, hyperparameter_key, landscape_key, schedule_key, schedule_parameter_key

EXTRA_OPTIONS = "_extra_options"  # session key: off-grid values that a link brought, per widget key
PERSIST = "session"  # a widget's value outlives the runs that do not draw it
VIEW = "view"  # the key of app.py's fragment that draws the view
PHONE = "_on_phone"  # session key: whether the browser said it is a phone (its User-Agent)
# what a widget holds where it differs from the Config's value: the optimizers as a list, no swept one as None
AS_WIDGET = {"opt": list, "sweep.opt": lambda name: name or None}
FOLLOWED = ("x0", "y0", "steps")  # what the parser and the cost model may change from what a widget holds


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
    for setting in SETTINGS.values():
        value = getattr(config, setting.field)
        state[setting.key] = AS_WIDGET.get(setting.key, _same)(value)
    values = {landscape_key(k): v for k, v in config.landscape_params}
    for name, pairs in config.hyperparameters:
        values |= {hyperparameter_key(name, k): v for k, v in pairs}
        state[schedule_key(name)] = "constant"
    for name, ((_, schedule), *parameters) in config.schedules:
        state[schedule_key(name)] = schedule
        values |= {schedule_parameter_key(name, k): float(v) for k, v in parameters}
    extras = state.setdefault(EXTRA_OPTIONS, {})
    for key, value in values.items():
        state[key] = value
        if isinstance(value, float):
            extras.setdefault(key, set()).add(value)


def _same(value: Any) -> Any:
    return value


def follow(state: MutableMapping[str, Any], config: Config) -> None:
    """The widgets show what the page draws where the parser or the cost model changed it: a start
    outside a new function's window, more steps than the view may cost."""
    for key in FOLLOWED:
        value = getattr(config, SETTINGS[key].field)
        if state.get(key) != value:
            state[key] = value


def set_values(values: dict[str, float]) -> None:
    """From a button in the view: set the sidebar's sliders to values that may lie between their stops
    (each becomes one of its stops), and redraw the page so they show them."""
    state = st.session_state
    extras = state.setdefault(EXTRA_OPTIONS, {})
    for key, value in values.items():
        extras.setdefault(key, set()).add(value)
        state[key] = value
    redraw_page()


def raw_values(state: MutableMapping[str, Any]) -> dict[str, Any]:
    """The widgets' current values under their URL names, ready for ui.config.parse. Each is read once:
    a read of Streamlit's session state costs ≈ 6 µs (a lock, the widget's metadata), and a follower's run
    reads some 25 of them."""
    raw = {key: value for key in _keys(state) if (value := state.get(key)) is not None}
    if isinstance(raw.get("opt"), list):
        raw["opt"] = ",".join(raw["opt"])
    return raw


def _keys(state: MutableMapping[str, Any]) -> Iterator[str]:
    """Every setting's key, and the families of what the widgets now show: the function's parameters,
    each chosen optimizer's hyperparameters and its schedule's."""
    yield from SETTINGS
    if state.get("f") == CUSTOM:
        yield "expr"
        yield from (p.name for p in WINDOW)
    elif state.get("f") in landscapes.names():
        yield from (landscape_key(p.name) for p in landscapes.spec(state["f"]).parameters)
    for name in state.get("opt") or ():
        yield from (hyperparameter_key(name, p.name) for p in optimizers.spec(name).hyperparameters)
        schedule = state.get(schedule_key(name))
        if schedule in optimizers.schedules.names():
            yield schedule_key(name)
            yield from (schedule_parameter_key(name, p.name) for p in optimizers.schedules.spec(schedule).parameters)


def on_phone() -> bool:
    """Whether the browser says it is a phone ("Mobi" in its User-Agent, as MDN recommends). Read once a
    session: the headers are the WebSocket's, which do not change, and reading them is ≈ 0.5 ms."""
    state = st.session_state
    if PHONE not in state:
        state[PHONE] = "Mobi" in (st.context.headers.get("User-Agent") or "")
    return state[PHONE]


def touch_words(mouse: str, touch: str) -> str:
    """Of two catalog keys of a text that speaks of the pointer, the one this browser's user can follow:
    a phone taps where a mouse clicks or hovers."""
    return touch if on_phone() else mouse
