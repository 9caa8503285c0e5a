"""Hyperparameter sweeps in one vectorized pass: every setting is one path of a batched run.

The update rules are elementwise, so a hyperparameter may be a (K, 1) column instead of a number:
path k then runs with the k-th setting. A sweep therefore equals one single run per setting.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np

from optimizers.base import Optimizer, make
from optimizers.run import Objective, Trajectory, run
from optimizers.schedules import Schedule
from parameters import CoreError

MAX_SETTINGS = 4096


@dataclass(frozen=True, eq=False)
class Sweep:
    """``settings[name]`` is the (K,) column of that hyperparameter; path k of ``trajectory`` used row k."""

    settings: Mapping[str, np.ndarray]
    trajectory: Trajectory
    shape: tuple[int, ...]  # the grid's shape, in the order the axes were given


def sweep(
    optimizer: Optimizer,
    objective: Objective,
    start: object,
    steps: int,
    grid: Mapping[str, Sequence[float]],
    noise: float = 0.0,
    seed: int | None = None,
    interrupt: Callable[[], object] | None = None,
    record: bool = False,
    schedule: Schedule | None = None,
    batch_size: int | None = None,
) -> Sweep:
    """Run ``optimizer`` once per point of the grid of hyperparameter values (the rest stay as given).

    Every setting sees the same gradient noise (for ``noise`` > 0), so path k equals the single run
    of the k-th setting exactly.
    """
    if not grid:
        raise CoreError("a sweep needs at least one hyperparameter to vary")
    axes = {
        name: [make(optimizer.spec, **{name: v}).hyperparameters[name] for v in values] for name, values in grid.items()
    }
    sizes = tuple(len(v) for v in axes.values())
    count = int(np.prod(sizes))
    if not 0 < count <= MAX_SETTINGS:
        raise CoreError("a sweep runs 1 to {most} settings, got {count}", most=MAX_SETTINGS, count=count)
    rows = np.array(list(itertools.product(*axes.values())), dtype=float)
    columns = {name: rows[:, i] for i, name in enumerate(axes)}
    hyperparameters = dict(optimizer.hyperparameters) | {name: col[:, None] for name, col in columns.items()}
    batched = Optimizer(optimizer.spec, MappingProxyType(hyperparameters))
    starts = np.repeat(np.atleast_2d(np.asarray(start, dtype=float)), count, axis=0)
    trajectory = run(batched, objective, starts, steps, noise, seed, record, interrupt, True, schedule, batch_size)
    return Sweep(columns, trajectory, sizes)
