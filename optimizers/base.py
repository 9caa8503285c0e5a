"""What every optimizer declares, and the shared hyperparameter declarations.

An optimizer is a pair of pure functions, as in optax:
``init(W) -> state`` and ``update(W, g, state, **hyperparameters) -> (W_next, state_next)``,
where ``W`` and ``g`` have shape ``(K, 2)`` (K paths at once) and the state is a NamedTuple.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, NamedTuple

import numpy as np

from optimizers.parameter import Parameter, validate_all

Array = np.ndarray


@dataclass(frozen=True)
class OptimizerSpec:
    """Everything the UI, the docs and ``run`` need to know about one optimizer."""

    name: str
    title: str
    rule_latex: str
    description: dict[str, str]
    reference: str
    state_vectors: int
    hyperparameters: tuple[Parameter, ...]
    init: Callable[[Array], NamedTuple]
    update: Callable[..., tuple[Array, NamedTuple]]
    effective_lr: Callable[..., Array]
    """Per-coordinate learning rate that multiplies the (momentum) direction at this state."""
    direction: Callable[[NamedTuple], Array] | None = None
    """The momentum / first-moment direction at this state, or None if the method keeps none."""


@dataclass(frozen=True)
class Optimizer:
    """An optimizer with validated hyperparameters; build it with ``optimizers.get``."""

    spec: OptimizerSpec
    hyperparameters: Mapping[str, Any]

    @property
    def name(self) -> str:
        return self.spec.name

    def __repr__(self) -> str:
        values = ", ".join(f"{k}={v!r}" for k, v in self.hyperparameters.items())
        return f"optimizers.get({self.name!r}, {values})"

    def init(self, W: Array) -> NamedTuple:
        return self.spec.init(W)

    def update(self, W: Array, g: Array, state: NamedTuple) -> tuple[Array, NamedTuple]:
        return self.spec.update(W, g, state, **self.hyperparameters)

    def effective_lr(self, W: Array, state: NamedTuple) -> Array:
        return self.spec.effective_lr(W, state, **self.hyperparameters)


def make(spec: OptimizerSpec, **given: Any) -> Optimizer:
    values = validate_all(spec.hyperparameters, given, spec.title)
    return Optimizer(spec, MappingProxyType(values))


def constant_lr(W: Array, state: NamedTuple, alpha: float, **_: Any) -> Array:
    """The plain methods scale every coordinate by the same α."""
    return np.full_like(W, alpha, dtype=float)


def alpha(default: float, high: float = 10.0, slider: tuple[float, float] = (1e-4, 1.0)) -> Parameter:
    return Parameter(
        "alpha",
        "α",
        r"\alpha",
        default,
        low=0.0,
        high=high,
        low_open=True,
        slider=slider,
        log=True,
        help={
            "en": "Learning rate (step size).",
            "uk": "Швидкість навчання (розмір кроку).",
        },
    )


def eps(default: float) -> Parameter:
    return Parameter(
        "eps",
        "ε",
        r"\varepsilon",
        default,
        low=0.0,
        high=1.0,
        slider=(1e-12, 1e-1),
        log=True,
        help={
            "en": "Additive constant in the denominator: we never divide by 0.",
            "uk": "Адитивна константа в знаменнику: ніколи не ділимо на 0.",
        },
    )


def weight_decay(default: float = 0.0) -> Parameter:
    return Parameter(
        "weight_decay",
        "λ",
        r"\lambda",
        default,
        low=0.0,
        high=10.0,
        slider=(0.0, 1.0),
        help={
            "en": "Weight decay: pulls the weights towards 0 (adds λW to the gradient).",
            "uk": "Згасання ваг: тягне ваги до 0 (додає λW до градієнта).",
        },
    )


def decay(name: str, symbol: str, latex: str, default: float, what_en: str, what_uk: str) -> Parameter:
    """A decay rate in [0, 1): β, ρ, ρ₁, ρ₂."""
    return Parameter(
        name,
        symbol,
        latex,
        default,
        low=0.0,
        high=1.0,
        high_open=True,
        slider=(0.0, 0.999),
        help={"en": what_en, "uk": what_uk},
    )


BETA = decay(
    "beta",
    "β",
    r"\beta",
    0.9,
    "Momentum coefficient: how much of the previous step is kept.",
    "Коефіцієнт імпульсу: яку частку попереднього кроку зберігаємо.",
)
RHO1 = decay(
    "rho1",
    "ρ₁",
    r"\rho_1",
    0.9,
    "Decay rate of the first moment (the momentum).",
    "Швидкість згасання першого моменту (імпульсу).",
)
RHO2 = decay(
    "rho2",
    "ρ₂",
    r"\rho_2",
    0.999,
    "Decay rate of the second moment (the squared gradient).",
    "Швидкість згасання другого моменту (квадрата градієнта).",
)
BIAS_CORRECTION = Parameter(
    "bias_correction",
    "bias correction",
    r"\text{bias correction}",
    True,
    kind="bool",
    help={
        "en": "Divide the moments by (1 − ρᵗ): without it r starts near 0 and the first steps are too large.",
        "uk": "Ділимо моменти на (1 − ρᵗ): без цього r спочатку майже 0, і перші кроки завеликі.",
    },
)
