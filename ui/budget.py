"""What one view may cost the shared server: the cost model in front of every request.

A whole lecture hall shares one server process, and links travel through the course chat, so no link
and no combination of sliders may ask for much more work than the default page does. Work is counted
in path-steps: one optimizer step of one path on a built-in landscape (about 10 µs here). A batch of
K paths in one vectorized run costs about ``1 + K/200`` single paths (measured in bench/bench_core.py),
and a step on a typed function costs in proportion to the NumPy calls its gradient takes.

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

# A step on a typed function costs about (OVERHEAD + its gradient's NumPy calls) x 0.6 µs, one on a
# built-in landscape about BUILT_IN x 0.6 µs (Adam, a row of 8 paths: 14 µs built-in; 25, 108 and 121 µs
# for formulas of 11, 153 and 170 calls, measured here).
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
    """One step of one path on this landscape, relative to a built-in one: a typed function's
    gradient costs as many NumPy calls as its program has steps."""
    if config.landscape != CUSTOM or config.view == "pr3":
        return 1.0
    operations = config.landscape_object().spec.extra["operations"]
    return max(1.0, (OVERHEAD + operations) / BUILT_IN)


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
    except FormulaError:  # no Hessian: Newton's run stops at its first step and says why
        return HESSIAN
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
