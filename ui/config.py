"""The whole view as one small immutable value, parsed and validated in ONE place.

URL parameters and widget values both go through ``parse``: a mapping from parameter names (equal to
the widget keys) to raw values -> a valid ``Config`` and a list of the names that were ignored.
``to_query`` writes a Config back as URL parameters, so a parsed link round-trips exactly.

URL scheme: ``f`` (landscape), ``f.<param>`` (its parameters, e.g. ``f.kappa``), ``opt`` (comma-separated
optimizers), ``<opt>.<hp>`` (e.g. ``adam.alpha``), ``x0``, ``y0``, ``steps``, ``noise`` and ``seed``
(gradient noise), ``view``, ``preset`` (a scenario), ``pr3.x0`` and ``sweep.opt`` (their views' own
settings), ``lang``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import landscapes
import optimizers
from ui.i18n import LANGUAGES
from ui.scenarios import BY_NAME as SCENARIOS

CUSTOM = "custom"
DEFAULT_EXPRESSION = "x^4 - 3*x^2 + y^2"
DEFAULT_WINDOW = ((-2.5, 2.5), (-2.5, 2.5))
WINDOW_KEYS = ("xmin", "xmax", "ymin", "ymax")
DEFAULT_WINDOW_PARAMS = tuple(zip(WINDOW_KEYS, (*DEFAULT_WINDOW[0], *DEFAULT_WINDOW[1]), strict=True))
MAX_STEPS = 5000
MAX_VALUE_LENGTH = 200  # a longer URL value is malformed, whatever it says
MAX_PARAMETERS = 100

DEFAULT_LANDSCAPE = "rosenbrock"
DEFAULT_OPTIMIZERS = ("sgd", "momentum", "adam")
DEFAULT_STEPS = 1000
VIEWS = ("paths", "surface", "starts", "sweep", "reddi", "pr3", "memory")
MAX_NOISE = 1000.0
MAX_SEED = 2**31 - 1
PR3_X0 = 2.5

# The page's defaults differ from the library's where that makes the homework PR4 comparison
# instructive: on Rosenbrock GD crawls along the valley at α = 0.001, momentum gets there, Adam too.
APP_DEFAULTS: dict[str, dict[str, float]] = {
    "sgd": {"alpha": 0.001},
    "momentum": {"alpha": 0.001, "beta": 0.9},
    "nesterov": {"alpha": 0.001, "beta": 0.9},
    "adagrad": {"alpha": 0.5},
    "rmsprop": {"alpha": 0.01, "rho": 0.9},
    "adam": {"alpha": 0.1},
    "amsgrad": {"alpha": 0.1},
    "adamw": {"alpha": 0.1},
    "adamax": {"alpha": 0.1},
    "nadam": {"alpha": 0.1},
}

Pairs = tuple[tuple[str, Any], ...]


def default_hyperparameters(name: str) -> dict[str, Any]:
    """The library defaults with the page's own defaults on top."""
    values = {p.name: p.default for p in optimizers.spec(name).hyperparameters}
    return values | APP_DEFAULTS.get(name, {})


@dataclass(frozen=True)
class Config:
    """Everything that decides what the page shows; hashable, so runs can be cached by it."""

    landscape: str = DEFAULT_LANDSCAPE
    landscape_params: Pairs = ()
    optimizers: tuple[str, ...] = DEFAULT_OPTIMIZERS
    hyperparameters: tuple[tuple[str, Pairs], ...] = field(
        default_factory=lambda: tuple((n, tuple(default_hyperparameters(n).items())) for n in DEFAULT_OPTIMIZERS)
    )
    x0: float = landscapes.spec(DEFAULT_LANDSCAPE).start[0]
    y0: float = landscapes.spec(DEFAULT_LANDSCAPE).start[1]
    steps: int = DEFAULT_STEPS
    lang: str = "en"
    noise: float = 0.0
    seed: int = 0
    view: str = "paths"
    preset: str = ""
    pr3_x0: float = PR3_X0
    sweep_opt: str = ""  # the optimizer the sensitivity view sweeps; "" = the first chosen one

    def hp(self, name: str) -> dict[str, Any]:
        return dict(dict(self.hyperparameters)[name])

    def landscape_object(self) -> landscapes.Landscape:
        return make_landscape(self.landscape, self.landscape_params)

    @property
    def start(self) -> tuple[float, float]:
        return (self.x0, self.y0)

    def to_query(self) -> dict[str, str]:
        """URL parameters that restore this view exactly (every value written, defaults included)."""
        query = {"f": self.landscape}
        query |= {("expr" if k == "expr" else f"f.{k}"): _text(v) for k, v in self.landscape_params}
        query["opt"] = ",".join(self.optimizers)
        for name, pairs in self.hyperparameters:
            query |= {f"{name}.{k}": _text(v) for k, v in pairs}
        query |= {"x0": _text(self.x0), "y0": _text(self.y0), "steps": str(self.steps)}
        if self.noise > 0 or self.seed:
            query |= {"noise": _text(self.noise), "seed": str(self.seed)}
        query["view"] = self.view
        if self.view == "pr3" or self.pr3_x0 != PR3_X0:
            query["pr3.x0"] = _text(self.pr3_x0)
        if self.sweep_opt:
            query["sweep.opt"] = self.sweep_opt
        if self.preset:
            query["preset"] = self.preset
        query["lang"] = self.lang
        return query


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


def _custom_params(take, problems: _Problems, fallback: str) -> Pairs:
    """The expression and its window, checked by building the landscape; a bad one falls back."""
    expr = take("expr")
    expr = fallback if expr is None else expr
    window = []
    for key, default in DEFAULT_WINDOW_PARAMS:
        given = take(f"f.{key}")
        value = default if given is None else _number(given)
        if value is None:
            problems.add(f"f.{key}", given)
            value = default
        window.append(value)
    (x0, x1, y0, y1) = window
    try:
        landscapes.from_expression(expr, bounds=((x0, x1), (y0, y1)))
    except ValueError as error:
        problems.append(f"expr: {error}")
        expr = fallback
        try:
            landscapes.from_expression(expr, bounds=((x0, x1), (y0, y1)))
        except ValueError:
            problems.append("f.xmin, f.xmax, f.ymin, f.ymax")
            (x0, x1), (y0, y1) = DEFAULT_WINDOW
    return (("expr", expr), ("xmin", x0), ("xmax", x1), ("ymin", y0), ("ymax", y1))


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(value) if isinstance(value, float) else str(value)


class _Problems(list):
    def add(self, name: str, value: object = None) -> None:
        shown = str(value)
        shown = shown if len(shown) <= 40 else shown[:37] + "..."
        self.append(name if value is None else f"{name}={shown}")


def _single(raw: object) -> object:
    """A repeated URL parameter arrives as a list: the last one wins, as in most web frameworks."""
    if isinstance(raw, (list, tuple)):
        return raw[-1] if raw else ""
    return raw


def _number(raw: object) -> float | None:
    if isinstance(raw, bool):
        return None
    if isinstance(raw, (int, float)):
        value = float(raw)
    elif isinstance(raw, str) and len(raw) <= MAX_VALUE_LENGTH:
        try:
            value = float(raw.strip())
        except ValueError:
            return None
    else:
        return None
    return value if math.isfinite(value) else None


def parse(
    raw: Mapping[str, object], browser_lang: str | None = None, fallback_expression: str = DEFAULT_EXPRESSION
) -> tuple[Config, list[str]]:
    """A valid Config from URL parameters or widget values, and the names of what was ignored."""
    problems = _Problems()
    values: dict[str, object] = {}
    for i, (key, value) in enumerate(raw.items()):
        value = _single(value)
        if i >= MAX_PARAMETERS or not isinstance(key, str) or len(key) > 60:
            problems.add(str(key)[:40])
        elif isinstance(value, str) and len(value) > MAX_VALUE_LENGTH:
            problems.add(key, value)
        else:
            values[key] = value
    preset = values.pop("preset", None)
    if preset is not None and preset not in SCENARIOS and preset != "":
        problems.add("preset", preset)
    from_preset: set[str] = set()
    if preset in SCENARIOS:
        from_preset = set(SCENARIOS[preset].query) - set(values)
        values = SCENARIOS[preset].query | values  # what the link says explicitly wins
    used: set[str] = set()

    def take(key: str) -> object:
        used.add(key)
        return values.get(key)

    lang = take("lang")
    if lang is not None and lang not in LANGUAGES:
        problems.add("lang", lang)
    lang = lang if lang in LANGUAGES else (browser_lang if browser_lang in LANGUAGES else "en")

    landscape = take("f")
    if landscape is not None and landscape not in landscape_names():
        problems.add("f", landscape)
    landscape = landscape if landscape in landscape_names() else DEFAULT_LANDSCAPE
    if landscape == CUSTOM:
        landscape_params = list(_custom_params(take, problems, fallback_expression))
        custom = make_landscape(CUSTOM, tuple(landscape_params))
        window, start_default = custom.bounds, custom.start
    else:
        spec = landscapes.spec(landscape)
        window, start_default = spec.bounds, spec.start
        landscape_params = []
        for p in spec.parameters:
            given = take(f"f.{p.name}")
            try:
                value = p.validate(p.default if given is None else given)
            except ValueError:
                problems.add(f"f.{p.name}", given)
                value = p.default
            landscape_params.append((p.name, value))

    chosen = _optimizer_list(take("opt"), problems)
    hyperparameters = []
    for name in chosen:
        pairs = []
        for p in optimizers.spec(name).hyperparameters:
            given = take(f"{name}.{p.name}")
            fallback = default_hyperparameters(name)[p.name]
            try:
                value = fallback if given is None else p.validate(given)
            except ValueError:
                problems.add(f"{name}.{p.name}", given)
                value = fallback
            pairs.append((p.name, value))
        hyperparameters.append((name, tuple(pairs)))

    (x_lo, x_hi), (y_lo, y_hi) = window
    x0 = _coordinate(take("x0"), x_lo, x_hi, start_default[0], "x0", problems)
    y0 = _coordinate(take("y0"), y_lo, y_hi, start_default[1], "y0", problems)
    steps = _steps(take("steps"), problems)
    noise = _bounded(take("noise"), 0.0, MAX_NOISE, 0.0, "noise", problems)
    seed = int(_bounded(take("seed"), 0, MAX_SEED, 0, "seed", problems, whole=True))
    view = take("view")
    if view is not None and view not in VIEWS:
        problems.add("view", view)
    view = view if view in VIEWS else "paths"
    pr3_x0 = _coordinate(take("pr3.x0"), -1.0, 3.0, PR3_X0, "pr3.x0", problems)
    sweep_opt = take("sweep.opt")
    if sweep_opt is not None and sweep_opt not in chosen:
        problems.add("sweep.opt", sweep_opt)
    sweep_opt = sweep_opt if sweep_opt in chosen else ""

    for key in values:
        if key not in used and key not in from_preset:  # a scenario's setting for a function it no longer shows
            problems.add(key)
    config = Config(
        landscape,
        tuple(landscape_params),
        chosen,
        tuple(hyperparameters),
        x0,
        y0,
        steps,
        lang,
        noise,
        seed,
        view,
        preset if preset in SCENARIOS else "",
        pr3_x0,
        sweep_opt,
    )
    return config, list(problems)


def _optimizer_list(raw: object, problems: _Problems) -> tuple[str, ...]:
    if raw is None:
        return DEFAULT_OPTIMIZERS
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


def _coordinate(raw: object, lo: float, hi: float, default: float, key: str, problems: _Problems) -> float:
    if raw is None:
        return float(default)
    value = _number(raw)
    if value is None or not lo <= value <= hi:
        problems.add(key, raw)
        return float(default)
    return value


def _bounded(
    raw: object, lo: float, hi: float, default: float, key: str, problems: _Problems, whole: bool = False
) -> float:
    if raw is None:
        return default
    value = _number(raw)
    if value is None or not lo <= value <= hi or (whole and not value.is_integer()):
        problems.add(key, raw)
        return default
    return value


def _steps(raw: object, problems: _Problems) -> int:
    if raw is None:
        return DEFAULT_STEPS
    value = _number(raw)
    if value is None or not value.is_integer() or not 1 <= value <= MAX_STEPS:
        problems.add("steps", raw)
        return DEFAULT_STEPS
    return int(value)
