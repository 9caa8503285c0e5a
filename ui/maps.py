"""The views' other runs, each one batched run and cached: where a grid of starts ends (many starts),
the final loss over a grid of hyperparameters (sensitivity), the steps to the minimum of each turned bowl
(the rotation scenario), Adam's first steps with and without bias correction, and Reddi et al.'s online
problem.
"""

from __future__ import annotations

import numpy as np
import streamlit as st

import landscapes
import optimizers
from ui.config import Pairs, make_landscape
from ui.turns import in_turn, still_wanted
from ui.views import MAP_SIDE, ROTATIONS, SWEEP_ALPHAS, SWEEP_DECAYS
from viz.paths import gap_floor


@st.cache_data(max_entries=32, show_spinner=False)
@in_turn
def basin_map(
    landscape: str, params: Pairs, name: str, hp: Pairs, steps: int, noise: float, seed: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Where each of MAP_SIDE² starts ends: the index of the global minimum it reached, then
    len(minima) for "elsewhere" and len(minima) + 1 for "diverged"."""
    ls = make_landscape(landscape, params)
    (x0, x1), (y0, y1) = ls.bounds
    xs, ys = np.linspace(x0, x1, MAP_SIDE), np.linspace(y0, y1, MAP_SIDE)
    X, Y = np.meshgrid(xs, ys)
    starts = np.stack([X.ravel(), Y.ravel()], axis=-1)
    optimizer = optimizers.get(name, **dict(hp))
    traj = optimizers.run(optimizer, ls, starts, steps, noise, seed, interrupt=still_wanted, shared_noise=True)
    outcome = ls.nearest_minimum(traj.last)
    outcome = np.where(outcome < 0, len(ls.minima), outcome)
    outcome = np.where(traj.diverged_at >= 0, len(ls.minima) + 1, outcome)
    return xs, ys, outcome.reshape(MAP_SIDE, MAP_SIDE)


def sweep_axes(name: str) -> tuple[str, str | None]:
    """α, and the optimizer's momentum-like decay if it has one (β, ρ₁ or ρ)."""
    names = [p.name for p in optimizers.spec(name).hyperparameters]
    second = next((n for n in ("beta", "rho1", "rho") if n in names), None)
    return "alpha", second


@st.cache_data(max_entries=32, show_spinner=False)
@in_turn
def sweep_map(
    landscape: str, params: Pairs, name: str, hp: Pairs, start: tuple[float, float], steps: int
) -> tuple[np.ndarray, np.ndarray | None, np.ndarray, int]:
    """Final loss (log10(f − f*), NaN where diverged) over α x (decay), in one batched run."""
    ls = make_landscape(landscape, params)
    lo, hi = optimizers.spec(name).hyperparameters[0].slider
    alphas = np.geomspace(lo, hi, SWEEP_ALPHAS)
    x_name, y_name = sweep_axes(name)
    grid = {x_name: alphas} if y_name is None else {y_name: SWEEP_DECAYS, x_name: alphas}
    result = optimizers.sweep(optimizers.get(name, **dict(hp)), ls, start, steps, grid, interrupt=still_wanted)
    final = result.trajectory.values[-1]
    gap = final - (ls.f_min if ls.f_min is not None else 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):  # the loss curves' floor (viz.paths.gap_floor)
        floor = gap_floor(float(ls.value(np.asarray(start, dtype=float))), ls.f_min) if ls.f_min is not None else 0.0
        z = np.log10(np.maximum(gap, floor)) if ls.f_min is not None else gap
    z = np.where(result.trajectory.diverged_at >= 0, np.nan, z)
    decays = None if y_name is None else np.asarray(SWEEP_DECAYS)
    return alphas, decays, z.reshape(result.shape), int(final.size)


@st.cache_data(max_entries=16, show_spinner=False)
@in_turn
def rotation_reach(kappa: float, runs: tuple[tuple[str, Pairs], ...], start: tuple[float, float], steps: int):
    """Steps to the minimum of the κ-bowl for each rotation θ in ROTATIONS, per optimizer: one batched
    run per optimizer, each path on its own turned bowl."""
    bowls = landscapes.family("quadratic", kappa=kappa, theta=[float(t) for t in ROTATIONS])
    starts = np.repeat([start], len(ROTATIONS), axis=0)
    reached = {}
    for name, hp in runs:
        traj = optimizers.run(optimizers.get(name, **dict(hp)), bowls, starts, steps, interrupt=still_wanted)
        inside = bowls.distance_to_minimum(traj.points) <= bowls.tolerance  # (steps + 1, len(ROTATIONS))
        reached[name] = np.where(inside.any(axis=0), np.argmax(inside, axis=0), np.nan).astype(float)
    return np.array(ROTATIONS, dtype=float), reached


@st.cache_data(max_entries=16, show_spinner=False)
def early_adam_steps(hp: Pairs, landscape: str, params: Pairs, start: tuple[float, float], steps: int = 30):
    """Step lengths of Adam's first steps with and without bias correction."""
    ls = make_landscape(landscape, params)
    lengths = []
    for bc in (True, False):
        traj = optimizers.run(optimizers.get("adam", **(dict(hp) | {"bias_correction": bc})), ls, start, steps)
        lengths.append(np.linalg.norm(np.diff(traj.points, axis=0), axis=1))
    return lengths[0], lengths[1]


@st.cache_data(max_entries=16, show_spinner=False)
def reddi(alphas: tuple[tuple[str, float], ...], steps: int, C: float = 3.0):
    """Reddi et al.'s setting for each optimizer: ρ₁ = 0, ρ₂ = 1/(1 + C²), α_t = α/√t, from x = 0."""
    problem = landscapes.ReddiCounterexample(C=C)
    iterates, regret = {}, {}
    t = np.arange(1, steps + 1)
    best = -np.where(t % 3 == 1, problem.C, -1.0)  # f_t(x*) at the best fixed point x* = −1
    for name, alpha in alphas:
        opt = optimizers.get(name, alpha=alpha, rho1=0.0, rho2=problem.rho2)
        traj = optimizers.run_online(opt, problem, start=0.0, steps=steps)
        iterates[name] = traj.points[:, 0]
        regret[name] = np.cumsum(traj.values[:-1] - best) / t
    return problem, iterates, regret
