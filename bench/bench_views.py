"""How long the heavy views take to compute: the many-starts map, the sensitivity sweep and the GIF.

    python bench/bench_views.py

The maps are one batched core run each (cached afterwards by the app); this times the core call and
the figure built from it, for the homework's Rosenbrock at the default settings. The GIF is drawn only
when a visitor asks for the download: its time and size are for the homework PR4's three paths.
"""

from __future__ import annotations

import sys
import time
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ui import maps, runs, views
from ui.config import parse
from ui.i18n import name_of
from viz.contour import landscape_view
from viz.gif import animation_gif
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
    basin = maps.basin_map.__wrapped__  # the uncached functions: what a new setting costs
    sweep = maps.sweep_map.__wrapped__
    for name, hp in config.hyperparameters:
        run = partial(basin, config.f, (), name, hp, config.steps, 0.0, 0)
        xs, ys, outcome = run()
        draw = partial(basin_figure, xs, ys, {name: outcome}, ["a", "b", "c"], str)
        print(
            f"many starts, {name:<9} {views.MAP_SIDE}² starts x {config.steps} steps: {timed(run):.2f} s "
            f"(+ figure {timed(draw) * 1e3:.0f} ms)"
        )
    for name, hp in config.hyperparameters:
        run = partial(sweep, config.f, (), name, hp, config.start, 500)
        alphas, decays, z, count = run()
        draw = partial(sweep_figure, alphas, decays, z, (0.1, 0.9), "α", "ρ₁", "loss")
        print(
            f"sweep,       {name_of(name, 'en'):<22} {count:>3} settings x 500 steps: {timed(run):.2f} s "
            f"(+ figure {timed(draw) * 1e3:.0f} ms)"
        )

    pr4, _ = parse({"preset": "pr4"})
    gif = partial(animation_gif, landscape_view(pr4.landscape_object()), runs.paths(pr4, str), {"step": "step"})
    print(f"GIF, homework PR4 (3 paths, 30 frames): {timed(gif):.2f} s, {len(gif()) / 1024:.0f} KB")


if __name__ == "__main__":
    main()
