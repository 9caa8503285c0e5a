"""What one view may cost the shared server: the cost model in front of every request.

A whole lecture hall shares one server process, and links travel through the course chat, so no link
and no combination of sliders may ask for much more work than the default page does. Work is counted
in path-steps: one optimizer step of one path on a built-in landscape (about 10 µs here). A batch of
K paths in one vectorized run costs about ``1 + K/200`` single paths (measured in bench/bench_core.py),
a step on the regression as measured (LANDSCAPE_COST), and on a typed function in proportion to the
NumPy calls its gradient takes.

Each view's steps are bounded so that it fits ``BUDGET``: the sidebar offers no more, and a link that
asks for more is shown with fewer steps and a note saying why.

>>> import optimizers
>>> from ui.config import parse
>>> config, _ = parse({"opt": "sgd,momentum,adam"})
>>> cost(config) / DEFAULT_PAGE  # the default page: 3 paths x 1000 steps (their α rows batched)
1.0
>>> max_steps(parse({"opt": ",".join(optimizers.names())})[0])  # all 16 (Newton's counts 2.5): fewer steps
1028
"""

from __future__ import annotations

import math
import os
from dataclasses import replace

import optimizers
from landscapes.expression import FormulaError, hessian
from ui.config import CUSTOM, MAX_STEPS, Config
from ui.runs import MAP_SIDE, MAP_STEPS, ROTATIONS, ROW, SWEEP_ALPHAS, SWEEP_DECAYS

# What a step costs on a landscape, relative to Rosenbrock's, as the page runs it (bench/bench_core.py
# --landscapes, 2026-12-04: Adam, 1000 steps, f along the paths included; an α row of 25 paths / the
# many-starts map of 625). Built-in landscapes cost about the same (the quadratic 1.12 / 1.07) and count 1.
# The regression sums its 64 data points in four moments (landscapes/regression.py): 1.17 / 1.01 (before
# that, 1.89 / 6.11); its mini-batches draw a batch's moments once per step, 1.58 in a row (the maps take
# full batches).
LANDSCAPE_COST = {"regression": 1.2}
PATH_VIEWS = ("paths", "surface", "pr3")  # the views whose runs take the mini-batches
MINI_BATCH = 1.35
# A step on a typed function costs about (OVERHEAD + its gradient's NumPy calls) / BUILT_IN built-in steps:
# measured 1.35, 5.93 and 7.19 × Rosenbrock in a row for formulas of 2, 119 and 153 calls (this prices
# them 1.39, 6.48 and 7.96; in the map, 1.08, 4.75 and 5.06). Its f, evaluated once per point afterwards,
# is in these figures.
OVERHEAD = 30
BUILT_IN = 23
# Newton's step also evaluates ∇²f and eigendecomposes it per path: 31 µs against Adam's 13 µs for a
# row of 8 paths on Rosenbrock, measured here; on a typed function its Hessian's NumPy calls count too.
HESSIAN = 2.5


def batch(paths: int) -> float:
    """What a vectorized run of ``paths`` paths costs, in single paths."""
    return 1 + paths / 200


DEFAULT_PAGE = 3 * batch(ROW) * 1000  # the default page: three optimizers' α rows of 1000 steps
BUDGET = float(os.environ.get("LANDSCAPE_LAB_BUDGET", "6")) * DEFAULT_PAGE  # a bigger machine may allow more


def step_cost(config: Config) -> float:
    """One step of one path on this landscape, relative to a built-in one, as measured (see LANDSCAPE_COST):
    a typed function's gradient costs as many NumPy calls as its program has steps."""
    if config.view == "pr3":
        return 1.0
    if config.landscape == CUSTOM:
        operations = config.landscape_object().spec.extra["operations"]
        return max(1.0, (OVERHEAD + operations) / BUILT_IN)
    cost = LANDSCAPE_COST.get(config.landscape, 1.0)
    if config.batch_size is not None and config.view in PATH_VIEWS:  # only the paths take mini-batches
        cost *= MINI_BATCH
    return cost


def optimizer_cost(config: Config, name: str) -> float:
    """One step of ``name`` relative to a first-order method's (which all cost about the same)."""
    if not optimizers.spec(name).uses_hessian:
        return 1.0
    if config.landscape != CUSTOM or config.view == "pr3":
        return HESSIAN
    extra = config.landscape_object().spec.extra
    operations = extra["operations"]
    try:
        second = len(hessian(extra["expression"]).steps)
    except FormulaError:  # no Hessian: the method is not run, and the page says why (runs.runnable)
        return 0.0
    return HESSIAN * (OVERHEAD + operations + second) / (OVERHEAD + operations)


def per_step(config: Config) -> float:
    """The cost of one step of the view: every path it runs, batched as it runs them."""
    n = sum(optimizer_cost(config, name) for name in config.optimizers)
    match config.view:
        case "paths" | "surface" | "pr3":
            cost = n * batch(ROW)
            if config.preset == "rotation" and config.landscape == "quadratic":
                cost += n * batch(len(ROTATIONS))
        case "starts":
            cost = n * batch(MAP_SIDE**2)
        case "sweep":
            swept = config.sweep_opt or (config.optimizers or ("",))[0]
            cost = batch(SWEEP_ALPHAS * len(SWEEP_DECAYS)) * (optimizer_cost(config, swept) if swept else 1.0)
        case "reddi":
            cost = 2.0
        case _:
            cost = 0.0
    return cost * step_cost(config)


def max_steps(config: Config) -> int:
    """The most steps this view may take on a shared server."""
    cost = per_step(config)
    steps = MAX_STEPS if cost == 0 else math.floor(BUDGET / cost)
    return max(1, min(MAX_STEPS, steps))


def map_steps(config: Config) -> int:
    """Steps of the many-starts map and of the sensitivity sweep: the page's, at most MAP_STEPS."""
    return min(config.steps, MAP_STEPS, max_steps(config))


def download_cost(config: Config) -> float:
    """What making the view's CSV costs (``ui.downloads``): one path per optimizer over the view's steps,
    where the view itself ran a row of ROW paths each, so it is never more than the view's own cost.
    The GIF draws the view's cached paths and runs nothing."""
    return sum(optimizer_cost(config, name) for name in config.optimizers) * config.steps * step_cost(config)


def cost(config: Config) -> float:
    steps = map_steps(config) if config.view in ("starts", "sweep") else config.steps
    return per_step(config) * steps


def fit(config: Config) -> tuple[Config, int | None]:
    """The config with its steps bounded to the budget, and the steps asked for if they were reduced."""
    if config.view in ("starts", "sweep"):
        return config, None  # those maps take their own, bounded number of steps
    limit = max_steps(config)
    if config.steps <= limit:
        return config, None
    return replace(config, steps=limit), config.steps
