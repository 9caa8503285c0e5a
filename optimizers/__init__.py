"""Optimizers of lecture 6 (and lecture 5's momentum), in NumPy, in the course's notation.

>>> import landscapes, optimizers
>>> opt = optimizers.get("adam", alpha=0.1)
>>> traj = optimizers.run(opt, landscapes.get("rosenbrock"), start=(-1.5, 2.5), steps=500)
>>> traj.points.shape
(501, 2)
"""

from __future__ import annotations

from typing import Any

from optimizers import adadelta, adagrad, adam, adamax, momentum, nadam, rmsprop, sgd
from optimizers.base import Optimizer, OptimizerSpec, make
from optimizers.online import run_online
from optimizers.parameter import Parameter
from optimizers.run import MAX_STEPS, Trajectory, run
from optimizers.sweep import Sweep, sweep

_SPECS: dict[str, OptimizerSpec] = {
    spec.name: spec
    for spec in (
        sgd.SPEC,
        momentum.SPEC,
        momentum.NESTEROV,
        adagrad.SPEC,
        rmsprop.SPEC,
        adadelta.SPEC,
        adam.SPEC,
        adam.AMSGRAD,
        adam.ADAMW,
        adamax.SPEC,
        nadam.SPEC,
    )
}

__all__ = [
    "MAX_STEPS",
    "Optimizer",
    "OptimizerSpec",
    "Parameter",
    "Sweep",
    "Trajectory",
    "get",
    "names",
    "run",
    "run_online",
    "spec",
    "sweep",
]


def names() -> list[str]:
    """Registered optimizer names, in display order."""
    return list(_SPECS)


def spec(name: str) -> OptimizerSpec:
    """The metadata of an optimizer: title, rule in LaTeX, hyperparameters, reference, ..."""
    try:
        return _SPECS[name]
    except (KeyError, TypeError):
        raise ValueError(f"unknown optimizer {name!r}; choose one of: {', '.join(_SPECS)}") from None


def get(name: str, **hyperparameters: Any) -> Optimizer:
    """An optimizer with the given hyperparameters (omitted ones take their defaults)."""
    return make(spec(name), **hyperparameters)
