"""The results table's numbers: final f, distance to the nearest minimum, when it got there."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from viz.contour import PathView

TOLERANCE_SHARE = 0.01  # "reached" = within 1% of the window's size from a global minimum


@dataclass(frozen=True)
class Result:
    name: str
    final_f: float
    distance: float | None  # to the nearest global minimum; None where there is none
    reached_at: int | None  # first step within tolerance, None if never
    diverged_at: int


def tolerance(bounds: tuple[tuple[float, float], tuple[float, float]]) -> float:
    (x0, x1), (y0, y1) = bounds
    return TOLERANCE_SHARE * max(x1 - x0, y1 - y0)


def results(paths: Sequence[PathView], minima: Sequence[tuple[float, float]], tol: float) -> list[Result]:
    rows = []
    for path in paths:
        finite = np.flatnonzero(np.isfinite(path.values))
        last = int(finite[-1]) if finite.size else 0
        distance = reached = None
        if minima and finite.size:
            gaps = np.linalg.norm(path.points[:, None, :] - np.asarray(minima)[None, :, :], axis=-1).min(axis=1)
            distance = float(gaps[last])
            inside = np.flatnonzero(gaps <= tol)
            reached = int(inside[0]) if inside.size else None
        final_f = float(path.values[last]) if finite.size else float("nan")
        rows.append(Result(path.name, final_f, distance, reached, path.diverged_at))
    return rows


def classify_ends(
    last: np.ndarray, diverged: np.ndarray, minima: Sequence[tuple[float, float]], tol: float
) -> np.ndarray:
    """For each path: the index of the global minimum it ended within ``tol`` of, else len(minima)
    ("elsewhere"), or len(minima) + 1 where it diverged."""
    outcome = np.full(len(last), len(minima), dtype=np.int64)
    if minima:
        gaps = np.linalg.norm(last[:, None, :] - np.asarray(minima)[None, :, :], axis=-1)
        nearest = np.argmin(np.nan_to_num(gaps, nan=np.inf), axis=1)
        close = np.take_along_axis(gaps, nearest[:, None], axis=1)[:, 0] <= tol
        outcome[close] = nearest[close]
    outcome[diverged >= 0] = len(minima) + 1
    return outcome


def steps_to_reach(points: np.ndarray, minimum: tuple[float, float], tol: float) -> float:
    """The first step within ``tol`` of ``minimum``, NaN if never."""
    inside = np.flatnonzero(np.linalg.norm(points - np.asarray(minimum), axis=-1) <= tol)
    return float(inside[0]) if inside.size else float("nan")
