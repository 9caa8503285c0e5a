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
