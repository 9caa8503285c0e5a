"""How long the heavy views take to compute: the many-starts map and the sensitivity sweep.

    python bench/bench_views.py

Both are one batched core run each (cached afterwards by the app); this times the core call and the
figure built from it, for the homework's Rosenbrock at the default settings.
"""

from __future__ import annotations

import sys
import time
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ui import runs
from ui.config import parse
from ui.i18n import name_of
from viz.maps import basin_figure, sweep_figure


def timed(fn, repeats: int = 3) -> float:
    best = float("inf")
    for _ in range(repeats):
        started = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - started)
    return best


def main() -> None:
    config, _ = parse({"steps": "1000"})
    basin = runs.basin_map.__wrapped__  # the uncached functions: what a new setting costs
    sweep = runs.sweep_map.__wrapped__
    for name, hp in config.hyperparameters:
        run = partial(basin, config.landscape, (), name, hp, config.steps, 0.0, 0)
        xs, ys, outcome = run()
        draw = partial(basin_figure, xs, ys, {name: outcome}, ["a", "b", "c"], str)
        print(
            f"many starts, {name:<9} {runs.MAP_SIDE}² starts x {config.steps} steps: {timed(run):.2f} s "
            f"(+ figure {timed(draw) * 1e3:.0f} ms)"
        )
    for name, hp in config.hyperparameters:
        run = partial(sweep, config.landscape, (), name, hp, config.start, 500)
        alphas, decays, z, count = run()
        draw = partial(sweep_figure, alphas, decays, z, (0.1, 0.9), "α", "ρ₁", "loss")
        print(
            f"sweep,       {name_of(name, 'en'):<22} {count:>3} settings x 500 steps: {timed(run):.2f} s "
            f"(+ figure {timed(draw) * 1e3:.0f} ms)"
        )


if __name__ == "__main__":
    main()
