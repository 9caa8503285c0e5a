"""The page's own settings, declared once, as a ``Parameter`` declares a hyperparameter: the parser, the
link, the widgets' state and the widgets read this table (``ui.config``, ``ui.controls``).

Each setting's key is its URL parameter, its widget's key and its ``Config`` field (with "." read as
"_": ``pr3.x0`` is ``Config.pr3_x0``). Adding one is one row here (``ui.config.Config`` makes a field of
each row, with the row's default) plus its words in the catalogs. What the core declares comes in
families keyed by the functions at the end: a landscape's parameters ``f.<p>``, an optimizer's
hyperparameters ``<opt>.<hp>``, its schedule ``<opt>.sched`` and the schedule's ``<opt>.sched.<p>``.

>>> SETTINGS["steps"].parameter.high, SETTINGS["steps"].redraws, SETTINGS["pr3.x0"].field
(5000, 'view', 'pr3_x0')
>>> hyperparameter_key("adam", "alpha"), schedule_parameter_key("adam", "t_max")
('adam.alpha', 'adam.sched.t_max')
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import landscapes
from parameters import Parameter

VIEW, PAGE = "view", "page"  # what a change reruns: the view fragment only, or the whole page
SWITCH, SLIDER, STOPS, NUMBER, CHOICE = "switch", "slider", "stops", "number", "choice"  # widgets


def _always(config: Any) -> bool:
    return True


@dataclass(frozen=True)
class Setting:
    """One setting: its ``Parameter`` (a number or a switch: range, default, scale, help) or, for a
    choice, its ``default``; the ``widget`` that offers it (a switch, a slider, a select slider over the
    parameter's stops, a number input, a choice) and its ``label``; what a change ``redraws``; and
    whether the link writes it for a config (``written``: by default always, so a shared link keeps it
    whatever the defaults)."""

    key: str
    widget: str
    redraws: str
    parameter: Parameter | None = None
    default: Any = None
    written: Callable[[Any], bool] = _always
    label: str = ""  # its label's catalog key (ui/locales); "": the parameter's symbol
    help: str = ""  # its help's catalog key, where the parameter's own help (the core's words) is not it

    @property
    def field(self) -> str:
        return self.key.replace(".", "_")

    @property
    def initial(self) -> Any:
        """Its value where nothing sets it."""
        return self.parameter.default if self.parameter is not None else self.default


STEPS = Parameter(
    "steps", "T", "T", 1000, low=1, high=5000, slider=(1, 5000), kind="int", help="How many steps each optimizer takes."
)
NOISE = Parameter(
    "noise",
    "σ",
    r"\sigma",
    0.0,
    low=0.0,
    high=1000.0,
    slider=(0.0, 100.0),
    stops=(0.0, 0.1, 0.3, 1.0, 3.0, 10.0, 30.0, 100.0),
    help="Adds Gaussian noise N(0, σ²) to every gradient: a stochastic gradient, reproducible by its seed.",
)
SEED = Parameter(
    "seed", "seed", "s", 0, low=0, high=2**31 - 1, kind="int", help="Which noise: the same seed gives the same path."
)
BATCH = Parameter(
    "batch",
    "B",
    "B",
    0,
    low=0,
    high=1e6,
    kind="int",
    stops=(0, 1, 2, 4, 8, 16, 32),
    help="Mini-batch size: each step's gradient over B data points (0: all of them, the full batch).",
)
PR3_START = Parameter(
    "pr3.x0", "x₀", "x_0", 2.5, low=-1.0, high=3.0, slider=(-1.0, 3.0), help="Where PR3's optimizers start."
)
PRESENT = Parameter("present", "present", "present", False, kind="bool")
QUIZ = Parameter("quiz", "quiz", "quiz", False, kind="bool")
CURV = Parameter("curv", "curv", "curv", False, kind="bool")


_DEFAULT_START = landscapes.spec("rosenbrock").start


def _switched_on(key: str) -> Callable[[Any], bool]:
    return lambda config: bool(getattr(config, key))


# The table, in the order the link writes it (each family after the setting it belongs to). The parser
# reads the language, the function and the optimizers first: the start's range is the function's window.
SETTINGS: dict[str, Setting] = {
    setting.key: setting
    for setting in (
        Setting("f", CHOICE, PAGE, default="rosenbrock"),  # a landscape's name, or "custom"
        Setting("opt", CHOICE, PAGE, default=("sgd", "momentum", "adam")),
        # the start's range and default are its function's (ui.config.start_parameters); here the default one's
        Setting("x0", NUMBER, VIEW, default=_DEFAULT_START[0]),
        Setting("y0", NUMBER, VIEW, default=_DEFAULT_START[1]),
        Setting("steps", SLIDER, VIEW, STEPS, label="steps"),
        Setting("noise", STOPS, PAGE, NOISE, written=lambda c: c.noise > 0 or c.seed != 0, label="noise"),
        Setting("seed", NUMBER, VIEW, SEED, written=lambda c: c.noise > 0 or c.seed != 0, label="seed"),
        Setting("view", CHOICE, PAGE, default="paths"),
        Setting("pr3.x0", NUMBER, VIEW, PR3_START, written=lambda c: c.view == "pr3" or c.pr3_x0 != PR3_START.default),
        Setting("sweep.opt", CHOICE, VIEW, default="", written=_switched_on("sweep_opt")),
        Setting("preset", CHOICE, PAGE, default="", written=_switched_on("preset")),
        Setting(
            "present", SWITCH, PAGE, PRESENT, written=_switched_on("present"), label="present", help="present_help"
        ),
        Setting("quiz", SWITCH, PAGE, QUIZ, written=_switched_on("quiz"), label="quiz", help="quiz_help"),
        Setting("curv", SWITCH, VIEW, CURV, written=_switched_on("curv"), label="curvature", help="curvature_help"),
        Setting("batch", STOPS, VIEW, BATCH, written=_switched_on("batch"), label="batch"),
        Setting("lang", CHOICE, PAGE, default="en"),
    )
}


def landscape_key(parameter: str) -> str:
    """A landscape's parameter in the link: ``f.kappa``; a typed function's own text is ``expr``."""
    return "expr" if parameter == "expr" else f"f.{parameter}"


def hyperparameter_key(optimizer: str, parameter: str) -> str:
    return f"{optimizer}.{parameter}"


def schedule_key(optimizer: str) -> str:
    return f"{optimizer}.sched"


def schedule_parameter_key(optimizer: str, parameter: str) -> str:
    return f"{schedule_key(optimizer)}.{parameter}"
