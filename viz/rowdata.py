"""A path as the stage ships it to the browser: decimated to the plot's resolution, packed, decodable.

The stage (``ui.stage``) draws every stop of a slider in the browser from data the server computed. A
1000-step path is 16 KB of float64; at the plot's size only a few hundred of its points differ by a
pixel. ``pack_path`` keeps the points the Ramer–Douglas–Peucker simplification needs so that every
point of the core's path lies within TOLERANCE_PX of the drawn polyline at a drawn side of DRAWN_PIXELS
(larger than the plot on any screen here: a projector's is ≈ 730 px), and every drawn point is one of the
core's (distance 0). The kept points are then written on a grid of 1/QUANTUM_PX pixel, as differences
of whole numbers (small, so gzip packs them), which moves each by at most half a grid cell on each axis:
0.35 + 0.5·√2/64 ≈ 0.36 px < half a pixel both ways. The first and the last points travel exactly (float64):
where a path starts and ends is what a student reads off.

>>> import numpy as np
>>> t = np.linspace(0.0, 1.0, 31)
>>> line = np.stack([t, 2 * t], axis=-1)  # a straight line (shorter than SPAN) needs only its two ends
>>> packed = pack_path(line, np.arange(31), ((0.0, 1.0), (0.0, 2.0)))
>>> unpack_path(packed, ((0.0, 1.0), (0.0, 2.0)))[0].tolist(), packed["k"]
([[0.0, 0.0], [1.0, 2.0]], 'AAAAAB4AAAA=')
"""

from __future__ import annotations

import base64
from collections.abc import Sequence

import numpy as np

from viz.columns import norm

Array = np.ndarray
Bounds = Sequence[tuple[float, float]]
DRAWN_PIXELS = 1024  # the side the stage's paths are simplified for: no screen of the hall draws it larger
TOLERANCE_PX = 0.35  # Ramer–Douglas–Peucker's tolerance; with the grid's rounding, still < 0.5 px
QUANTUM_PX = 64  # the grid of the packed points: 1/64 px
SPAN = 32  # every SPAN-th point of a path is kept: the simplification's levels stay few (``simplify_all``)
REACH = 2**30 // (QUANTUM_PX * DRAWN_PIXELS)  # windows off the window a packed point may lie (16384)


def pixel_scale(bounds: Bounds) -> float:
    """Pixels per unit of the window at the drawn size: the plot keeps x and y to one scale
    (``scaleanchor``), so the window's larger side spans DRAWN_PIXELS."""
    return DRAWN_PIXELS / max(hi - lo for lo, hi in bounds)


def window_corner(bounds: Bounds) -> Array:
    """The window's lowest corner: where the packed grid's (0, 0) lies."""
    return np.array([lo for lo, _ in bounds], dtype=float)


def simplify(pixels: Array, tolerance: float = TOLERANCE_PX) -> Array:
    """Indices of the points of the polyline ``pixels`` (n, 2) that Ramer–Douglas–Peucker keeps: every
    dropped point within ``tolerance`` of the segment between the kept points around it, so of the drawn
    polyline.

    >>> simplify(np.array([[0.0, 0.0], [1.0, 0.1], [2.0, 0.0], [3.0, 5.0]])).tolist()
    [0, 2, 3]
    """
    return simplify_all([pixels], tolerance)[0]


def simplify_all(polylines: Sequence[Array], tolerance: float = TOLERANCE_PX, span: int = SPAN) -> list[Array]:
    """``simplify`` of each polyline, all at once: level by level, every span of every polyline split in
    one pass over their points (a row packs 25 paths, and one span at a time cost ≈ 8 ms a path). Every
    ``span``-th point is kept from the start: a path that spirals in or creeps along a valley would
    otherwise be split near one end of a long span level after level (146 levels and 466,000 distances
    for the ρ₁ row of Adam from (1.23, 2.1): 44 ms; 31 levels and 57,000 distances with ``span`` 32:
    11 ms, for 13 % more points)."""
    sizes = np.array([len(p) for p in polylines], dtype=int)
    offsets = np.cumsum(sizes) - sizes
    pixels = np.concatenate([np.reshape(p, (-1, 2)) for p in polylines]) if polylines else np.zeros((0, 2))
    keep = np.zeros(len(pixels), dtype=bool)
    for offset, size in zip(offsets, sizes, strict=True):
        keep[offset : offset + size : span] = True
    keep[(offsets + sizes - 1)[sizes > 0]] = True
    kept = np.flatnonzero(keep)
    same = np.searchsorted(offsets, kept[:-1], side="right") == np.searchsorted(offsets, kept[1:], side="right")
    firsts, lasts = kept[:-1][same], kept[1:][same]
    while True:
        wide = lasts - firsts >= 2
        firsts, lasts = firsts[wide], lasts[wide]
        if not firsts.size:
            break
        counts = lasts - firsts - 1  # each span's inner points
        starts = np.cumsum(counts) - counts
        owner = np.repeat(np.arange(firsts.size), counts)
        inner = firsts[owner] + 1 + np.arange(counts.sum()) - starts[owner]
        distance = segment_distances(pixels[inner], pixels[firsts[owner]], pixels[lasts[owner]])
        farthest = np.maximum.reduceat(distance, starts)
        # the first of a span's farthest points, as np.argmax picks it
        at = np.minimum.reduceat(np.where(distance == farthest[owner], np.arange(distance.size), distance.size), starts)
        split = farthest > tolerance
        middle = inner[at[split]]
        keep[middle] = True
        firsts = np.concatenate([firsts[split], middle])
        lasts = np.concatenate([middle, lasts[split]])
    return [np.flatnonzero(keep[o : o + n]) for o, n in zip(offsets, sizes, strict=True)]


def segment_distances(points: Array, a: Array, b: Array) -> Array:
    """The distance of each of ``points`` (k, 2) from its own segment ``a[i]``–``b[i]`` (each (k, 2))."""
    ab = b - a
    length2 = np.einsum("ij,ij->i", ab, ab)
    along = np.einsum("ij,ij->i", points - a, ab) / np.where(length2 > 0, length2, 1.0)
    t = np.clip(np.where(length2 > 0, along, 0.0), 0.0, 1.0)
    return norm(points - (a + t[:, None] * ab))


def pack_path(points: Array, steps: Array, bounds: Bounds) -> dict:
    """A finite path (n, 2) in the window ``bounds`` and the step of each of its points, as the stage
    ships it: ``a`` and ``z`` the exact first and last points, ``p`` the kept points on the 1/QUANTUM_PX
    grid from the window's corner as int32 differences (base64), ``k`` their steps likewise. Points beyond
    REACH windows off the window (a diverging path, drawn off the axes anyway) are drawn at that reach."""
    return pack_paths([(points, steps)], bounds)[0]


def pack_paths(paths: Sequence[tuple[Array, Array]], bounds: Bounds) -> list[dict]:
    """``pack_path`` of each (points, steps) in ``paths``, simplified all at once (``simplify_all``)."""
    scale, corner = pixel_scale(bounds), window_corner(bounds)
    reach = REACH * DRAWN_PIXELS
    pixels = [np.clip((np.asarray(points, dtype=float) - corner) * scale, -reach, reach) for points, _ in paths]
    packed = []
    for (points, steps), drawn, kept in zip(paths, pixels, simplify_all(pixels), strict=True):
        grid = np.rint(drawn[kept] * QUANTUM_PX).astype(np.int64)
        packed.append({
            "a": [float(v) for v in points[0]],
            "z": [float(v) for v in points[-1]],
            "p": _deltas(grid.reshape(-1)),
            "k": _deltas(np.asarray(steps)[kept]),
        })  # fmt: skip
    return packed


def _deltas(values: Array) -> str:
    """Whole numbers as the base64 of their int32 differences, each from the one before (the first from
    0): interleaved x, y differ by about a step's length, small numbers that gzip packs."""
    diffs = np.asarray(values, dtype=np.int64).astype("<i4")
    diffs[1:] -= diffs[:-1]  # in int32, as the browser's Int32Array adds them up (np.diff with prepend: 4× the time)
    return base64.b64encode(diffs.tobytes()).decode()


def undeltas(text: str) -> Array:
    """The whole numbers ``_deltas`` packed (what ``ui/js/stage.js`` does in the browser)."""
    return np.cumsum(np.frombuffer(base64.b64decode(text), dtype="<i4").astype(np.int64))


def unpack_path(packed: dict, bounds: Bounds) -> tuple[Array, Array]:
    """The drawn points (m, 2) and their steps, as the browser draws them from ``pack_path``'s dict."""
    scale, corner = pixel_scale(bounds), window_corner(bounds)
    points = undeltas(packed["p"]).reshape(-1, 2) / QUANTUM_PX / scale + corner
    points[0], points[-1] = packed["a"], packed["z"]
    return points, undeltas(packed["k"])


def pack_curve(steps: Array, values: Array) -> dict:
    """A loss curve as the stage ships it: its steps as int32 differences, its values (what the loss chart
    draws: f − f* or f) as float32, finer than its log axis shows, within float32's range; NaN stays NaN."""
    top = float(np.finfo(np.float32).max)  # a diverging run's 1e300 is drawn off the chart either way
    values = np.clip(np.asarray(values, dtype=np.float64), -top, top)
    return {"k": _deltas(steps), "v": base64.b64encode(values.astype("<f4").tobytes()).decode()}


def unpack_curve(packed: dict) -> tuple[Array, Array]:
    return undeltas(packed["k"]), np.frombuffer(base64.b64decode(packed["v"]), dtype="<f4").astype(float)


NOT_DRAWN = -(2**31)  # an arrow the inspector does not draw at that frame (NaN in ``viz.paths``' points)


def pack_inspector(steps: Array, points: Array, bounds: Bounds) -> dict:
    """The step inspector of one path (``PathView.inspector``: per frame the head and the tips of its
    arrows, (F, A, 2)) as the stage ships it, so a settled stop's ▶ and step slider play its own frames:
    ``k`` the frames' steps, ``h`` the heads on the path's 1/QUANTUM_PX grid as differences from frame to
    frame, ``t`` each tip's offset from its head on that grid (NOT_DRAWN where the arrow is not drawn), both
    int32 base64. A point moves by at most half a grid cell on each axis (≈ 0.01 px at DRAWN_PIXELS).

    >>> bounds = ((0.0, 1.0), (0.0, 1.0))
    >>> points = np.array([[[0.5, 0.5], [0.6, 0.5]], [[0.25, 0.75], [np.nan, np.nan]]])
    >>> unpack_inspector(pack_inspector(np.array([0, 50]), points, bounds), bounds)[1].round(4).tolist()
    [[[0.5, 0.5], [0.6, 0.5]], [[0.25, 0.75], [nan, nan]]]
    """
    scale, corner = pixel_scale(bounds), window_corner(bounds)
    reach = REACH * DRAWN_PIXELS * QUANTUM_PX
    grid = np.clip(np.rint((np.asarray(points, dtype=float) - corner) * scale * QUANTUM_PX), -reach, reach)
    heads = grid[:, 0].copy()
    heads[np.isnan(heads)] = 0.0  # as np.nan_to_num did, 3× faster (the grid is clipped: no infinities)
    tips = grid[:, 1:] - heads[:, None]
    tips = np.where(np.isfinite(tips), tips, NOT_DRAWN).astype(np.int64)
    drawn_tips = base64.b64encode(tips.reshape(-1).astype("<i4").tobytes()).decode()
    return {"k": _deltas(steps), "h": _deltas(heads.reshape(-1)), "t": drawn_tips}


def unpack_inspector(packed: dict, bounds: Bounds) -> tuple[Array, Array]:
    """The frames' steps and their points (F, A, 2) as the browser rebuilds them from ``pack_inspector``."""
    scale, corner = pixel_scale(bounds), window_corner(bounds)
    steps, heads = undeltas(packed["k"]), undeltas(packed["h"]).reshape(-1, 1, 2)
    tips = np.frombuffer(base64.b64decode(packed["t"]), dtype="<i4").astype(float).reshape(len(steps), -1, 2)
    tips = np.where(tips == NOT_DRAWN, np.nan, tips + heads)
    return steps, np.concatenate([heads, tips], axis=1) / QUANTUM_PX / scale + corner
