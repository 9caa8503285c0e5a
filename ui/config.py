"""The whole view as one small immutable value, parsed and validated in ONE place.

URL parameters and widget values both go through ``parse``: a mapping from parameter names (equal to
the widget keys) to raw values -> a valid ``Config`` and a list of the names that were ignored.
``to_query`` writes a Config back as URL parameters, so a parsed link round-trips exactly.

Every number the page lets you set is declared once, as a ``parameters.Parameter``: the optimizers'
hyperparameters and the landscapes' parameters in the core, the page's own settings here (start,
steps, noise, seed, PR3's start, a typed function's window). Parsing, the sidebar's widgets and the
URL all read those declarations.

URL scheme: ``f`` (landscape), ``f.<param>`` (its parameters, e.g. ``f.kappa``), ``opt`` (comma-separated
optimizers), ``<opt>.<hp>`` (e.g. ``adam.alpha``), ``x0``, ``y0``, ``steps``, ``noise`` and ``seed``
(gradient noise), ``view``, ``preset`` (a scenario), ``pr3.x0`` and ``sweep.opt`` (their views' own
settings), ``lang``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

import landscapes
import optimizers
from parameters import Parameter
from ui.i18n import LANGUAGES
from ui.scenarios import SCENARIOS

CUSTOM = "custom"
DEFAULT_EXPRESSION = "x^4 - 3*x^2 + y^2"
DEFAULT_WINDOW = ((-2.5, 2.5), (-2.5, 2.5))
WINDOW_KEYS = ("xmin", "xmax", "ymin", "ymax")
DEFAULT_WINDOW_PARAMS = tuple(zip(WINDOW_KEYS, (*DEFAULT_WINDOW[0], *DEFAULT_WINDOW[1]), strict=True))
MIN_WINDOW_SIDE = 1e-3  # a narrower window cannot be drawn
MAX_WINDOW_ASPECT = 50.0  # nor one much longer than it is wide: the plot would be a line
MAX_VALUE_LENGTH = 200  # a longer URL value is malformed, whatever it says
MAX_PARAMETERS = 100

DEFAULT_LANDSCAPE = "rosenbrock"
DEFAULT_OPTIMIZERS = ("sgd", "momentum", "adam")
VIEWS = ("paths", "surface", "starts", "sweep", "reddi", "pr3", "memory")

# The page's own settings, declared once: the parser, the sidebar and the URL read these.
STEPS = Parameter(
    "steps", "T", "T", 1000, low=1, high=5000, slider=(1, 5000), kind="int", help="How many steps each optimizer takes."
)
MAX_STEPS = int(STEPS.high)
NOISE = Parameter(
    "noise",
    "σ",
    r"\sigma",
    0.0,
    low=0.0,
    high=1000.0,
    slider=(0.0, 100.0),
    help="Adds Gaussian noise N(0, σ²) to every gradient: a stochastic gradient, reproducible by its seed.",
)
SEED = Parameter(
    "seed", "seed", "s", 0, low=0, high=2**31 - 1, kind="int", help="Which noise: the same seed gives the same path."
)
PR3_START = Parameter(
    "pr3.x0", "x₀", "x_0", 2.5, low=-1.0, high=3.0, slider=(-1.0, 3.0), help="Where PR3's optimizers start."
)
PR3_X0 = PR3_START.default
# The switches' labels and help are the page's words (the catalogs' present_help, quiz_help, curvature_help).
PRESENT = Parameter("present", "present", "present", False, kind="bool")
QUIZ = Parameter("quiz", "quiz", "quiz", False, kind="bool")
CURVATURE = Parameter("curv", "curv", "curv", False, kind="bool")
WINDOW = tuple(
    Parameter(f"f.{key}", key, key, value, low=-1e4, high=1e4, help="The plotted window of your own function.")
    for key, value in DEFAULT_WINDOW_PARAMS
)

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
    "radam": {"alpha": 0.01},
    "lion": {"alpha": 0.01},
    "schedule_free_adamw": {"alpha": 0.1},
}
BATCH = Parameter(
    "batch",
    "B",
    "B",
    0,
    low=0,
    high=1e6,
    kind="int",
    help="Mini-batch size: each step's gradient over B data points (0: all of them, the full batch).",
)

Pairs = tuple[tuple[str, Any], ...]


def default_hyperparameters(name: str) -> dict[str, Any]:
    """The library defaults with the page's own defaults on top."""
    values = {p.name: p.default for p in optimizers.spec(name).hyperparameters}
    return values | APP_DEFAULTS.get(name, {})


def start_parameters(window: tuple[tuple[float, float], ...], start: tuple[float, ...]) -> tuple[Parameter, ...]:
    """x₀ and y₀: anywhere in the window, the landscape's own start by default."""
    return tuple(
        Parameter(key, symbol, key, float(value), low=lo, high=hi, help="Where every optimizer starts.")
        for key, symbol, value, (lo, hi) in zip(("x0", "y0"), ("x₀", "y₀"), start, window, strict=False)
    )


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
    steps: int = int(STEPS.default)
    lang: str = "en"
    noise: float = 0.0
    seed: int = 0
    view: str = "paths"
    preset: str = ""
    pr3_x0: float = PR3_X0
    sweep_opt: str = ""  # the optimizer the sensitivity view sweeps; "" = the first chosen one
    present: bool = False  # presentation mode: the plot fills the screen, the sidebar is folded away
    quiz: bool = False  # predict, then reveal: the answers stay hidden until the student reveals them
    curvature: bool = False  # the curvature view: ellipses, κ over the steps, theory's lines
    schedules: tuple[tuple[str, Pairs], ...] = ()  # (optimizer, (("name", schedule), *its parameters))
    batch: int = 0  # mini-batch size on a model's loss; 0: the full batch

    def hp(self, name: str) -> dict[str, Any]:
        return dict(dict(self.hyperparameters)[name])

    def schedule_of(self, name: str) -> Pairs:
        """The optimizer's schedule as (("name", n), *parameters); () for a constant α."""
        return dict(self.schedules).get(name, ())

    @property
    def batch_size(self) -> int | None:
        """The mini-batch size a run takes, or None for the full batch (or a landscape without data)."""
        size = self.landscape_object().data_size if self.landscape in landscapes.names() else 0
        return self.batch if 0 < self.batch < size else None

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
        for name, pairs in self.schedules:
            (_, schedule), *parameters = pairs
            query[f"{name}.sched"] = schedule
            query |= {f"{name}.sched.{k}": _text(v) for k, v in parameters}
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
        query |= {key: "1" for key in ("present", "quiz") if getattr(self, key)}
        if self.curvature:
            query["curv"] = "1"
        if self.batch:
            query["batch"] = str(self.batch)
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


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
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
    return SCENARIOS[preset] | values, set(SCENARIOS[preset]) - set(values), str(preset)


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
    """A valid Config from URL parameters or widget values, and the names of what was ignored."""
    problems = Problems()
    values, from_preset, preset = _with_preset(_accepted(raw, problems), problems)
    given = _Values(values, from_preset)
    fallback_lang = browser_lang if browser_lang in LANGUAGES else "en"
    lang = _choice(given.take("lang"), LANGUAGES, fallback_lang, "lang", problems)
    landscape = _choice(given.take("f"), landscape_names(), DEFAULT_LANDSCAPE, "f", problems)
    landscape_params, window, start = _landscape(landscape, given.take, problems, fallback_expression)
    chosen = _optimizer_list(given.take("opt"), problems)
    hyperparameters = tuple((name, _hyperparameters(name, given.take, problems)) for name in chosen)
    x_start, y_start = start_parameters(window, start)
    view = _choice(given.take("view"), VIEWS, "paths", "view", problems)
    sweep_opt = _choice(given.take("sweep.opt"), chosen, "", "sweep.opt", problems)
    config = Config(
        landscape=landscape,
        landscape_params=landscape_params,
        optimizers=chosen,
        hyperparameters=hyperparameters,
        x0=_setting(given.take("x0"), x_start, problems),
        y0=_setting(given.take("y0"), y_start, problems),
        steps=_setting(given.take("steps"), STEPS, problems),
        lang=lang,
        noise=_setting(given.take("noise"), NOISE, problems),
        seed=_setting(given.take("seed"), SEED, problems),
        view=view,
        preset=preset,
        pr3_x0=_setting(given.take("pr3.x0"), PR3_START, problems),
        sweep_opt=sweep_opt,
        present=_setting(given.take("present"), PRESENT, problems),
        quiz=_setting(given.take("quiz"), QUIZ, problems),
        curvature=_setting(given.take("curv"), CURVATURE, problems),
        schedules=tuple(found for name in chosen if (found := _schedule(name, given.take, problems))),
        batch=_setting(given.take("batch"), BATCH, problems),
    )
    for key in given.unused():
        problems.add(key)
    return config, problems


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
        (p.name, _setting(take(f"f.{p.name}"), replace(p, name=f"f.{p.name}"), problems)) for p in spec.parameters
    )
    return params, spec.bounds, spec.start


def _hyperparameters(name: str, take: Callable[[str], object], problems: Problems) -> Pairs:
    defaults = default_hyperparameters(name)
    return tuple(
        (p.name, _setting(take(f"{name}.{p.name}"), replace(p, name=f"{name}.{p.name}"), problems, defaults[p.name]))
        for p in optimizers.spec(name).hyperparameters
    )


def _schedule(name: str, take: Callable[[str], object], problems: Problems) -> tuple[str, Pairs] | None:
    """An optimizer's learning-rate schedule from ``<opt>.sched`` and ``<opt>.sched.<parameter>``."""
    chosen = _choice(take(f"{name}.sched"), optimizers.schedules.names(), "constant", f"{name}.sched", problems)
    spec = optimizers.schedules.spec(chosen)
    values = tuple(
        (p.name, _setting(take(f"{name}.sched.{p.name}"), replace(p, name=f"{name}.sched.{p.name}"), problems))
        for p in spec.parameters
    )
    if chosen == "constant":
        return None
    try:
        optimizers.schedule(chosen, **dict(values))
    except ValueError as error:  # valid parts, an invalid whole (a cosine ending before its warm-up)
        problems.add(f"{name}.sched", chosen)
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
        problems.append("f.xmin, f.xmax, f.ymin, f.ymax")
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
