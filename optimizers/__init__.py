"""Optimizers of lecture 6 (and lecture 5's momentum), in NumPy, in the course's notation.

>>> import landscapes, optimizers
>>> opt = optimizers.get("adam", alpha=0.1)
>>> traj = optimizers.run(opt, landscapes.get("rosenbrock"), start=(-1.5, 2.5), steps=500)
>>> traj.points.shape
(501, 2)
"""

from __future__ import annotations

from typing import Any

from optimizers import (
    adadelta,
    adagrad,
    adam,
    adamax,
    lion,
    momentum,
    nadam,
    newton,
    prodigy,
    radam,
    rmsprop,
    schedule_free,
    sgd,
)
from optimizers.base import Optimizer, OptimizerSpec, Step, make
from optimizers.online import run_online
from optimizers.run import MAX_STEPS, Trajectory, run
from optimizers.schedules import Schedule, schedule
from optimizers.sweep import Sweep, sweep
from parameters import Registry

REGISTRY: Registry[OptimizerSpec] = Registry(
    "unknown optimizer {name}; choose one of: {choices}",
    (
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
        radam.SPEC,
        lion.SPEC,
        schedule_free.SPEC,
        prodigy.SPEC,
        newton.SPEC,
    ),
)
names = REGISTRY.names
spec = REGISTRY.spec

__all__ = [
    "MAX_STEPS",
    "Optimizer",
    "OptimizerSpec",
    "Schedule",
    "Step",
    "Sweep",
    "Trajectory",
    "get",
    "names",
    "run",
    "run_online",
    "schedule",
    "spec",
    "sweep",
]


def get(name: str, **hyperparameters: Any) -> Optimizer:
    """An optimizer with the given hyperparameters (omitted ones take their defaults)."""
    return make(spec(name), **hyperparameters)
