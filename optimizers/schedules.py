r"""Learning-rate schedules: α_t = α · factor(t), t = 0, 1, ... the step being taken.

Each is the closed form of a ``torch.optim.lr_scheduler`` (stepped once after every optimizer step, as
the PyTorch docs do it), so a run with a schedule is the run PyTorch makes with that scheduler:

=================  ==========================================  ==============================================
name               factor(t)                                   torch.optim.lr_scheduler
=================  ==========================================  ==============================================
``constant``       1                                           none
``step``           γ^⌊t / step_size⌋                           ``StepLR(step_size, gamma)``
``exponential``    γ^t                                         ``ExponentialLR(gamma)``
``cosine``         f + (1 − f)(1 + cos(π t / T))/2             ``CosineAnnealingLR(T_max=T, eta_min=f·α)``
``warmup_cosine``  (t + 1)/(w + 1) for t < w, then cosine      ``SequentialLR([LinearLR(1/(w + 1), 1, w),
                   from 1 to f over the T − w steps left       CosineAnnealingLR(T − w, f·α)], [w])``
``inverse_sqrt``   (t + 1)/w for t < w, then √(w / (t + 1))    ``LambdaLR`` of the same factor
=================  ==========================================  ==============================================

The cosine is PyTorch's: past T it rises again (a period of 2T); the floor f is a share of α. The
inverse square root after a warm-up is the Transformer's schedule (Vaswani et al. 2017).

>>> s = schedule("warmup_cosine", warmup=4, t_max=20, floor=0.1)
>>> [round(float(s.factor(t)), 3) for t in (0, 3, 4, 12, 20)]
[0.2, 0.8, 1.0, 0.55, 0.1]
>>> float(schedule("step", step_size=10, gamma=0.5).factor(25))  # two drops by γ
0.25
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

import numpy as np

from parameters import CoreError, Parameter, Registry, validate_all

Array = np.ndarray


@dataclass(frozen=True)
class ScheduleSpec:
    name: str
    title: str
    factor: Callable[..., Array]
    parameters: tuple[Parameter, ...]
    latex: str


@dataclass(frozen=True)
class Schedule:
    """A schedule with its parameters bound; build it with ``schedule``."""

    spec: ScheduleSpec
    parameters: Mapping[str, Any]

    @property
    def name(self) -> str:
        return self.spec.name

    def factor(self, t: Array | int) -> Array:
        """α_t / α at step(s) ``t``."""
        return self.spec.factor(np.asarray(t, dtype=float), **self.parameters)

    def __repr__(self) -> str:
        values = "".join(f", {k}={v!r}" for k, v in self.parameters.items())
        return f"optimizers.schedule({self.name!r}{values})"


def _cosine(t: Array, t_max: float, floor: float) -> Array:
    return floor + (1 - floor) * (1 + np.cos(np.pi * t / t_max)) / 2


def _warmup_cosine(t: Array, warmup: float, t_max: float, floor: float) -> Array:
    rising = (t + 1) / (warmup + 1)
    with np.errstate(invalid="ignore", divide="ignore"):
        falling = _cosine(t - warmup, max(t_max - warmup, 1.0), floor)
    return np.where(t < warmup, rising, falling)


def _inverse_sqrt(t: Array, warmup: float) -> Array:
    return np.where(t < warmup, (t + 1) / warmup, np.sqrt(warmup / (t + 1)))


def _steps_parameter(name: str, symbol: str, default: float, help: str, low: float = 1.0) -> Parameter:
    return Parameter(name, symbol, symbol, default, low=low, high=1e5, slider=(low, 5000.0), kind="int", help=help)


GAMMA = Parameter(
    "gamma",
    "γ",
    r"\gamma",
    0.5,
    low=0.0,
    high=1.0,
    low_open=True,
    slider=(0.5, 1.0),
    help="The factor α is multiplied by at each drop (each step, for the exponential schedule).",
)
FLOOR = Parameter("floor", "f", "f", 0.0, low=0.0, high=1.0, slider=(0.0, 1.0), help="The lowest α_t, as a share of α.")
T_MAX = _steps_parameter("t_max", "T", 1000, "The step at which the cosine reaches its floor.")
WARMUP = _steps_parameter("warmup", "w", 100, "Warm-up steps: α_t grows linearly over them.", low=0.0)

SPECS = (
    ScheduleSpec("constant", "constant", lambda t: np.ones_like(t), (), r"\alpha_t = \alpha"),
    ScheduleSpec(
        "step",
        "step",
        lambda t, step_size, gamma: gamma ** np.floor(t / step_size),
        (_steps_parameter("step_size", "k", 300, "Steps between two drops of α."), GAMMA),
        r"\alpha_t = \alpha\,\gamma^{\lfloor t / k \rfloor}",
    ),
    ScheduleSpec(
        "exponential",
        "exponential",
        lambda t, gamma: gamma**t,
        (
            Parameter(
                "gamma", "γ", r"\gamma", 0.995, low=0.0, high=1.0, low_open=True, slider=(0.9, 1.0), help=GAMMA.help
            ),
        ),
        r"\alpha_t = \alpha\,\gamma^{t}",
    ),
    ScheduleSpec(
        "cosine", "cosine", _cosine, (T_MAX, FLOOR), r"\alpha_t = \alpha\big(f + (1-f)\tfrac{1 + \cos(\pi t/T)}{2}\big)"
    ),
    ScheduleSpec(
        "warmup_cosine",
        "warm-up, then cosine",
        _warmup_cosine,
        (WARMUP, T_MAX, FLOOR),
        r"\alpha_t = \alpha\tfrac{t+1}{w+1}\ (t < w),\ "
        r"\text{then cosine from } \alpha \text{ to } f\alpha \text{ at } T",
    ),
    ScheduleSpec(
        "inverse_sqrt",
        "inverse square root",
        _inverse_sqrt,
        (_steps_parameter("warmup", "w", 100, "Warm-up steps: α_t grows linearly over them."),),
        r"\alpha_t = \alpha\min\!\big(\tfrac{t+1}{w}, \sqrt{\tfrac{w}{t+1}}\big)",
    ),
)
REGISTRY: Registry[ScheduleSpec] = Registry("unknown schedule {name}; choose one of: {choices}", SPECS)
names = REGISTRY.names
spec = REGISTRY.spec


def schedule(name: str, **parameters: Any) -> Schedule:
    """A learning-rate schedule (omitted parameters take their defaults), for ``run(..., schedule=...)``."""
    found = spec(name)
    values = validate_all(found.parameters, parameters, found.title)
    if name == "warmup_cosine" and values["t_max"] <= values["warmup"]:
        raise CoreError("the cosine's T must be after the warm-up's w, got T = {t_max}, w = {warmup}", **values)
    return Schedule(found, MappingProxyType(values))
