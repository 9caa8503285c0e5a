"""The filled contour as a picture: quantized into bands, their edges drawn as lines, sent as a PNG.

A Plotly contour trace makes the browser recompute every band from the grid on each redraw of the
page, and its grid is the largest part of the figure. The landscape does not change when a slider
moves, so it is drawn once here (cached by the app) and placed under the paths as a layout image.
"""

from __future__ import annotations

import base64
import io

import numpy as np
from PIL import Image  # Pillow comes with Streamlit

BANDS = 28
EDGE_COLOUR = np.array([40.0, 60.0, 90.0])
EDGE_WEIGHT = 0.22  # how dark the line between two bands is


def _palette(colorscale: list[list], bands: int) -> np.ndarray:
    stops = np.array([float(s) for s, _ in colorscale])
    colours = np.array([[int(c[i : i + 2], 16) for i in (1, 3, 5)] for _, c in colorscale], dtype=float)
    centres = (np.arange(bands) + 0.5) / bands
    return np.stack([np.interp(centres, stops, colours[:, i]) for i in range(3)], axis=-1)


def contour_png(zt: np.ndarray, colorscale: list[list], bands: int = BANDS) -> tuple[str, float, float]:
    """A PNG data URI of ``zt`` (rows from the top of the window down) in ``bands`` filled levels.

    Returns the URI and the value range the colours span (for the colour bar). NaN is transparent.
    """
    image, lo, hi = contour_image(zt, colorscale, bands)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode(), lo, hi


def contour_image(zt: np.ndarray, colorscale: list[list], bands: int = BANDS) -> tuple[Image.Image, float, float]:
    """``contour_png``'s picture as a Pillow image (RGBA), with the value range its colours span."""
    finite = np.isfinite(zt)
    lo, hi = (float(np.nanmin(zt)), float(np.nanmax(zt))) if finite.any() else (0.0, 1.0)
    scale = (hi - lo) or 1.0
    level = np.clip(((np.where(finite, zt, lo) - lo) / scale * bands).astype(int), 0, bands - 1)
    rgb = _palette(colorscale, bands)[level]
    edge = np.zeros(level.shape, dtype=bool)
    edge[:, 1:] |= level[:, 1:] != level[:, :-1]
    edge[1:, :] |= level[1:, :] != level[:-1, :]
    rgb[edge] = rgb[edge] * (1 - EDGE_WEIGHT) + EDGE_COLOUR * EDGE_WEIGHT
    alpha = np.where(finite, 255, 0)[..., None]
    image = Image.fromarray(np.concatenate([rgb, alpha], axis=-1).astype(np.uint8), mode="RGBA")
    return image, lo, hi
