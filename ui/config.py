"""The whole view as one small immutable value, parsed and validated in ONE place.

URL parameters and widget values both go through ``parse``: a mapping from parameter names (equal to
the widget keys) to raw values -> a valid ``Config`` and a list of the names that were ignored.
``to_query`` writes a Config back as URL parameters, so a parsed link round-trips exactly.

The page's own settings are the table ``ui.settings.SETTINGS`` (each a ``Config`` field of the same name);
the core declares the rest as ``parameters.Parameter`` families: a landscape's parameters (``f.<p>``, a
typed function's ``expr`` and window), an optimizer's hyperparameters (``<opt>.<hp>``) and schedule
(``<opt>.sched``, ``<opt>.sched.<p>``).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import field, make_dataclass, replace
from typing import Any

import landscapes
import optimizers
from parameters import Parameter
from ui.i18n import LANGUAGES
from ui.scenarios import SCENARIOS
from ui.settings import (
    CHOICE,
    SETTINGS,
    STEPS,
    SWITCH,
    hyperparameter_key,
    landscape_key,
    schedule_key,
    schedule_parameter_key,
)
from ui.views import VIEWS

CUSTOM = "custom"
DEFAULT_EXPRESSION = "x^4 - 3*x^2 + y^2"
DEFAULT_WINDOW = ((-2.5, 2.5), (-2.5, 2.5))
WINDOW_KEYS = ("xmin", "xmax", "ymin", "ymax")
DEFAULT_WINDOW_PARAMS = tuple(zip(WINDOW_KEYS, (*DEFAULT_WINDOW[0], *DEFAULT_WINDOW[1]), strict=True))
MIN_WINDOW_SIDE = 1e-3  # a narrower window cannot be drawn
MAX_WINDOW_ASPECT = 50.0  # nor one much longer than it is wide: the plot would be a line
MAX_VALUE_LENGTH = 200  # a longer URL value is malformed, whatever it says
MAX_PARAMETERS = 100
MAX_STEPS = int(STEPS.high)
WINDOW = tuple(
    Parameter(landscape_key(key), key, key, value, low=-1e4, high=1e4, help="The plotted window of your own function.")
    for key, value in DEFAULT_WINDOW_PARAMS
)

# Where the page opens differently from the library (torch.optim's defaults): the α values, and RMSProp's
# ρ, that make the homework PR4 comparison instructive (on Rosenbrock GD crawls along the valley at
# α = 0.001, momentum gets there, Adam too).
PAGE_DEFAULTS: dict[str, dict[str, float]] = {
    "sgd": {"alpha": 0.001},
    "momentum": {"alpha": 0.001},
    "nesterov": {"alpha": 0.001},
    "adagrad": {"alpha": 0.5},
    "rmsprop": {"alpha": 0.01, "rho": 0.9},
    "adam": {"alpha": 0.1},
    "amsgrad": {"alpha": 0.1},
    "adamw": {"alpha": 0.1},
    "adamax": {"alpha": 0.1},
    "nadam": {"alpha": 0.1},
    "radam": {"alpha": 0.01},
    "lion": {"alpha": 0.01},
    "schedule_free_adamw": {"alpha": 0.1},
}

Pairs = tuple[tuple[str, Any], ...]


def default_hyperparameters(name: str) -> dict[str, Any]:
    """The library defaults with the page's own defaults on top."""
    values = {p.name: p.default for p in optimizers.spec(name).hyperparameters}
    return values | PAGE_DEFAULTS.get(name, {})


def _default_hyperparameters() -> tuple[tuple[str, Pairs], ...]:
    return tuple((n, tuple(default_hyperparameters(n).items())) for n in SETTINGS["opt"].default)


def start_parameters(window: tuple[tuple[float, float], ...], start: tuple[float, ...]) -> tuple[Parameter, ...]:
    """x₀ and y₀: anywhere in the window, the landscape's own start by default."""
    return tuple(
        Parameter(key, symbol, key, float(value), low=lo, high=hi, help="Where every optimizer starts.")
        for key, symbol, value, (lo, hi) in zip(("x0", "y0"), ("x₀", "y₀"), start, window, strict=False)
    )


def _initial(key: str) -> Any:
    return SETTINGS[key].initial


class _Behaviour:
    """What a Config does; its fields are the families below and one per row of ``SETTINGS``."""

    def hp(self, name: str) -> dict[str, Any]:
        return dict(dict(self.hyperparameters)[name])

    def schedule_of(self, name: str) -> Pairs:
        """The optimizer's schedule as (("name", n), *parameters); () for a constant α."""
        return dict(self.schedules).get(name, ())

    @property
    def batch_size(self) -> int | None:
        """The mini-batch size a run takes, or None for the full batch (or a landscape without data)."""
        size = self.landscape_object().data_size if self.f in landscapes.names() else 0
        return self.batch if 0 < self.batch < size else None

    def landscape_object(self) -> landscapes.Landscape:
        return make_landscape(self.f, self.landscape_params)

    @property
    def start(self) -> tuple[float, float]:
        return (self.x0, self.y0)

    def to_query(self) -> dict[str, str]:
        """URL parameters that restore this view exactly (every value written, defaults included), in the
        table's order, each family after the setting it belongs to."""
        query: dict[str, str] = {}
        for setting in SETTINGS.values():
            if setting.written(self):
                value = getattr(self, setting.field)
                query[setting.key] = ("1" if value else "0") if setting.widget == SWITCH else _text(value)
            if setting.key == "f":
                query |= {landscape_key(k): _text(v) for k, v in self.landscape_params}
            elif setting.key == "opt":
                query |= self._optimizer_query()
        return query

    def _optimizer_query(self) -> dict[str, str]:
        query = {}
        for name, pairs in self.hyperparameters:
            query |= {hyperparameter_key(name, k): _text(v) for k, v in pairs}
        for name, pairs in self.schedules:
            (_, schedule), *parameters = pairs
            query[schedule_key(name)] = schedule
            query |= {schedule_parameter_key(name, k): _text(v) for k, v in parameters}
        return query


# Everything that decides what the page shows, as one hashable value (runs are cached by it): the families
# of the core's parameters, then one field per page setting, named and defaulted by its row of SETTINGS,
# so a setting is declared once. (f: the landscape's name or "custom"; opt: the chosen optimizers.)
Config = make_dataclass(
    "Config",
    [
        ("landscape_params", Pairs, field(default=())),  # a landscape's parameters; a typed one's expr, window
        ("hyperparameters", tuple[tuple[str, Pairs], ...], field(default_factory=_default_hyperparameters)),
        ("schedules", tuple[tuple[str, Pairs], ...], field(default=())),  # (optimizer, (("name", n), *params))
        *((s.field, type(s.initial), field(default=s.initial)) for s in SETTINGS.values()),
    ],
    bases=(_Behaviour,),
    namespace={"__module__": __name__},  # where pickling and the docs find it (3.12's make_dataclass has module=)
    frozen=True,
)


def landscape_names() -> list[str]:
    """The registered landscapes, then the user's own function."""
    return [*landscapes.names(), CUSTOM]


def make_landscape(name: str, params: Pairs) -> landscapes.Landscape:
    """A landscape by name; ``custom`` is built from its expression and window."""
    if name != CUSTOM:
        return landscapes.get(name, **dict(params))
    values = dict(params)
    window = ((values["xmin"], values["xmax"]), (values["ymin"], values["ymax"]))
    return landscapes.from_expression(values["expr"], bounds=window)


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, tuple):
        return ",".join(value)
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(value) if isinstance(value, float) else str(value)


class Problems(list):
    """The names (and values) of what was ignored, as text; ``errors`` keeps the core's own reasons
    (why a typed function was rejected), so the page can say them in its language."""

    def __init__(self) -> None:
        super().__init__()
        self.errors: list[ValueError] = []

    def add(self, name: str, value: object = None) -> None:
        shown = str(value)
        shown = shown if len(shown) <= 40 else shown[:37] + "..."
        self.append(name if value is None else f"{name}={shown}")


class _Values:
    """The raw values still to read; ``take`` marks each as used, so the rest can be reported."""

    def __init__(self, values: dict[str, object], from_preset: set[str]) -> None:
        self.values, self.from_preset, self.used = values, from_preset, set()

    def take(self, key: str) -> object:
        self.used.add(key)
        return self.values.get(key)

    def unused(self) -> list[str]:
        # a scenario's setting for a function it no longer shows is not the visitor's mistake
        return [k for k in self.values if k not in self.used and k not in self.from_preset]


def _single(raw: object) -> object:
    """A repeated URL parameter arrives as a list: the last one wins, as in most web frameworks."""
    if isinstance(raw, (list, tuple)):
        return raw[-1] if raw else ""
    return raw


def _accepted(raw: Mapping[str, object], problems: Problems) -> dict[str, object]:
    """The parameters of a plausible size: at most MAX_PARAMETERS, short names, short values."""
    values: dict[str, object] = {}
    for i, (key, value) in enumerate(raw.items()):
        value = _single(value)
        if i >= MAX_PARAMETERS or not isinstance(key, str) or len(key) > 60:
            problems.add(str(key)[:40])
        elif isinstance(value, str) and len(value) > MAX_VALUE_LENGTH:
            problems.add(key, value)
        else:
            values[key] = value
    return values


def _with_preset(values: dict[str, object], problems: Problems) -> tuple[dict[str, object], set[str], str]:
    """A scenario's settings under the link's own: what the link says explicitly wins."""
    preset = values.pop("preset", None)
    if preset is None or preset == "":
        return values, set(), ""
    if preset not in SCENARIOS:
        problems.add("preset", preset)
        return values, set(), ""
    settings = dict(SCENARIOS[preset].settings)
    return settings | values, set(settings) - set(values), str(preset)


def _choice(raw: object, choices, default: str, key: str, problems: Problems) -> str:
    if raw is not None and raw not in choices:
        problems.add(key, raw)
    return raw if raw in choices else default  # type: ignore[return-value]


def _setting(raw: object, p: Parameter, problems: Problems, default: Any = None) -> Any:
    """One declared setting: its validated value, or its default (and a problem) where it is not valid."""
    fallback = p.default if default is None else default
    if raw is None:
        return fallback
    if isinstance(raw, str) and len(raw) > MAX_VALUE_LENGTH:
        problems.add(p.name, raw)
        return fallback
    try:
        value = p.validate(raw.strip() if isinstance(raw, str) else raw)
    except ValueError:
        problems.add(p.name, raw)
        return fallback
    return float(value) if p.kind == "float" else value


def parse(
    raw: Mapping[str, object], browser_lang: str | None = None, fallback_expression: str = DEFAULT_EXPRESSION
) -> tuple[Config, Problems]:
    """A valid Config from URL parameters or widget values, and the names of what was ignored: the
    language, the function and the optimizers first (with their families), then every other row of the
    settings' table, a number or a switch validated by its Parameter, a choice checked against its choices."""
    problems = Problems()
    values, from_preset, preset = _with_preset(_accepted(raw, problems), problems)
    given = _Values(values, from_preset)
    fallback_lang = browser_lang if browser_lang in LANGUAGES else "en"
    found: dict[str, Any] = {"preset": preset}
    found["lang"] = _choice(given.take("lang"), LANGUAGES, fallback_lang, "lang", problems)
    found["f"] = _choice(given.take("f"), landscape_names(), _initial("f"), "f", problems)
    found["landscape_params"], window, start = _landscape(found["f"], given.take, problems, fallback_expression)
    found["opt"] = chosen = _optimizer_list(given.take("opt"), problems)
    found["hyperparameters"] = tuple((name, _hyperparameters(name, given.take, problems)) for name in chosen)
    found["schedules"] = tuple(kept for name in chosen if (kept := _schedule(name, given.take, problems)))
    bounded = {p.name: p for p in start_parameters(window, start)}
    choices: dict[str, Callable[[], Any]] = {"view": lambda: VIEWS, "sweep.opt": lambda: chosen}
    for setting in SETTINGS.values():
        if setting.field in found:
            continue
        raw_value = given.take(setting.key)
        if setting.widget == CHOICE:
            found[setting.field] = _choice(raw_value, choices[setting.key](), setting.default, setting.key, problems)
        else:
            found[setting.field] = _setting(raw_value, setting.parameter or bounded[setting.key], problems)
    for key in given.unused():
        problems.add(key)
    return Config(**found), problems


def _landscape(
    name: str, take: Callable[[str], object], problems: Problems, fallback_expression: str
) -> tuple[Pairs, tuple[tuple[float, float], ...], tuple[float, ...]]:
    """The landscape's parameters, its window and its default start."""
    if name == CUSTOM:
        params = _custom_params(take, problems, fallback_expression)
        custom = make_landscape(CUSTOM, params)
        return params, custom.bounds, custom.start
    spec = landscapes.spec(name)
    params = tuple(
        (p.name, _setting(take(landscape_key(p.name)), _keyed(p, landscape_key), problems)) for p in spec.parameters
    )
    return params, spec.bounds, spec.start


def _keyed(p: Parameter, key: Callable[[str], str]) -> Parameter:
    """``p`` under its key in the link, so a problem names the parameter as the link does."""
    return replace(p, name=key(p.name))


def _hyperparameters(name: str, take: Callable[[str], object], problems: Problems) -> Pairs:
    defaults = default_hyperparameters(name)

    def key(parameter: str) -> str:
        return hyperparameter_key(name, parameter)

    return tuple(
        (p.name, _setting(take(key(p.name)), _keyed(p, key), problems, defaults[p.name]))
        for p in optimizers.spec(name).hyperparameters
    )


def _schedule(name: str, take: Callable[[str], object], problems: Problems) -> tuple[str, Pairs] | None:
    """An optimizer's learning-rate schedule from ``<opt>.sched`` and ``<opt>.sched.<parameter>``."""
    chosen = _choice(take(schedule_key(name)), optimizers.schedules.names(), "constant", schedule_key(name), problems)

    def key(parameter: str) -> str:
        return schedule_parameter_key(name, parameter)

    spec = optimizers.schedules.spec(chosen)
    values = tuple((p.name, _setting(take(key(p.name)), _keyed(p, key), problems)) for p in spec.parameters)
    if chosen == "constant":
        return None
    try:
        optimizers.schedule(chosen, **dict(values))
    except ValueError as error:  # valid parts, an invalid whole (a cosine ending before its warm-up)
        problems.add(schedule_key(name), chosen)
        problems.errors.append(error)
        return None
    return name, (("name", chosen), *values)


def _custom_params(take: Callable[[str], object], problems: Problems, fallback: str) -> Pairs:
    """The expression and its window, checked by building the landscape; a bad one falls back."""
    expr = take("expr")
    expr = fallback if expr is None else expr
    window = [_setting(take(p.name), p, problems) for p in WINDOW]
    (x0, x1, y0, y1) = window
    if not _drawable(x0, x1, y0, y1):
        problems.append(", ".join(p.name for p in WINDOW))
        (x0, x1), (y0, y1) = DEFAULT_WINDOW
    try:
        landscapes.from_expression(expr, bounds=((x0, x1), (y0, y1)))
    except ValueError as error:
        problems.add("expr", expr)
        problems.errors.append(error)
        expr = fallback
    return (("expr", expr), ("xmin", x0), ("xmax", x1), ("ymin", y0), ("ymax", y1))


def _drawable(x0: float, x1: float, y0: float, y1: float) -> bool:
    """A window the plot can show: each side long enough, and not too much longer than the other."""
    width, height = x1 - x0, y1 - y0
    if not (width >= MIN_WINDOW_SIDE and height >= MIN_WINDOW_SIDE):
        return False
    return max(width, height) / min(width, height) <= MAX_WINDOW_ASPECT and math.isfinite(width + height)


def _optimizer_list(raw: object, problems: Problems) -> tuple[str, ...]:
    if raw is None:
        return _initial("opt")
    parts = raw.split(",") if isinstance(raw, str) else list(raw) if isinstance(raw, (list, tuple)) else [raw]
    chosen: list[str] = []
    for part in parts:
        name = part.strip() if isinstance(part, str) else part
        if name in optimizers.names():
            if name not in chosen:
                chosen.append(name)
        elif name != "":
            problems.add("opt", name)
    return tuple(chosen)
