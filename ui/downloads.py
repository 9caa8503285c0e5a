"""The files a student can download: every path as a CSV, and the step inspector's animation as a GIF.

Each file is made when its button is clicked (Streamlit runs a download button's callable then, in a
worker thread of its own) and kept: the same view gives the same file, so a second click, or a hall
asking for the lecturer's view, costs a copy, not a run. Making a file is a request like any other: it
takes its turn with the core runs (``turns.in_turn``), it stops when its tab closes (``turns.for_this_tab``),
and the cost model bounds its work (``budget.download_cost``): the CSV runs each chosen optimizer once,
one path where the view ran a whole row, and the GIF draws the view's own cached paths.

Gradient descent's first step on Rosenbrock from (−1.5, 2.5): ∇f = (−2(1 − x) − 400x(y − x²), 200(y − x²))
= (145, 50), so with α = 0.001 it moves to (−1.645, 2.45), where f = 2.645² + 100·0.256² is higher:

>>> from ui.config import parse
>>> print(csv(parse({"opt": "sgd", "steps": "1", "sgd.alpha": "0.001"})[0]).decode(), end="")
optimizer,step,x,y,f
sgd,0,-1.5,2.5,12.5
sgd,1,-1.645,2.45,13.550905062499986
"""

from __future__ import annotations

import io

import numpy as np
import streamlit as st

import optimizers
from ui import runs
from ui.config import Config
from ui.i18n import name_of
from ui.page import chart_labels
from ui.turns import in_turn, still_wanted
from viz.gif import animation_gif

KEPT = 16  # files of each kind: a CSV is at most ≈ 1.1 MB (budget.download_cost), a GIF 100–300 KB


def csv(config: Config, landscape: str | None = None, start: tuple[float, ...] | None = None) -> bytes:
    """optimizer, step, coordinates, f: every step of each path at full precision, for this view."""
    each = runs.runs_of(config, landscape, start)
    return _csv(repr(each), each)


def gif(config: Config) -> bytes:
    """The view's paths moving over its landscape, as an animated GIF for a slide."""
    return _gif(repr(config), config)


@st.cache_data(max_entries=KEPT, show_spinner=False)
@in_turn
def _csv(key: str, _runs: tuple[runs.Run, ...]) -> bytes:
    """``csv``, kept by ``key`` (the runs' exact repr: Streamlit hashes one string)."""
    out = io.StringIO()
    for k, run in enumerate(_runs):
        objective = run.objective()
        if k == 0:
            out.write(",".join(["optimizer", "step", *("x", "y")[: len(objective.bounds)], "f"]) + "\n")
        traj = optimizers.run(
            run.optimizer(),
            objective,
            run.start,
            run.steps,
            run.noise,
            run.seed,
            interrupt=still_wanted,
            schedule=run.scheduled(),
            batch_size=run.batch,
        )
        for step in np.flatnonzero(np.isfinite(traj.values)):
            coords = ",".join(repr(float(c)) for c in traj.points[step])
            out.write(f"{run.name},{step},{coords},{float(traj.values[step])!r}\n")
    return out.getvalue().encode()


@st.cache_data(max_entries=KEPT, show_spinner=False)
def _gif(key: str, _config: Config) -> bytes:
    """``gif``, kept by ``key`` (the config's exact repr). The paths are the page's cached rows (each
    computed in its own turn), so only the drawing takes a turn here."""
    config = _config
    view = runs.landscape_picture(landscape=config.f, params=config.landscape_params)
    paths = runs.paths(config, lambda name: name_of(name, config.lang))
    return _drawn(view, paths, chart_labels(config.lang))


@in_turn
def _drawn(view, paths, labels) -> bytes:
    return animation_gif(view, paths, labels, interrupt=still_wanted)
