"""Cached core runs: the only place the app calls the optimizers. Bounded caches, keyed by plain values."""

from __future__ import annotations

import streamlit as st

import landscapes
import optimizers
from ui.config import Config
from viz import LandscapeView, PathView, grid_values

Pairs = tuple[tuple[str, object], ...]


@st.cache_data(max_entries=64, show_spinner=False)
def landscape_view(landscape: str, params: Pairs) -> LandscapeView:
    ls = landscapes.get(landscape, **dict(params))
    xs, ys, z = grid_values(ls)
    return LandscapeView(xs, ys, z, ls.bounds, ls.minima, ls.f_min, ls.spec.log_scale)


@st.cache_data(max_entries=512, show_spinner=False)
def trajectory(
    landscape: str, params: Pairs, name: str, hp: Pairs, start: tuple[float, float], steps: int
) -> optimizers.Trajectory:
    ls = landscapes.get(landscape, **dict(params))
    return optimizers.run(optimizers.get(name, **dict(hp)), ls, start=start, steps=steps)


def paths(config: Config, label_of) -> list[PathView]:
    """One PathView per chosen optimizer; each run is cached on its own, so one slider re-runs one path."""
    views = []
    for name, hp in config.hyperparameters:
        traj = trajectory(config.landscape, config.landscape_params, name, hp, config.start, config.steps)
        views.append(PathView(name, label_of(name), traj.points, traj.values, int(traj.diverged_at)))
    return views
