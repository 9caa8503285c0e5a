"""Shared layout for every figure: large type and thick lines, readable from the back of a hall."""

from __future__ import annotations

FONT = {"family": "Inter, Segoe UI, Helvetica, Arial, sans-serif", "size": 16, "color": "#1f2430"}
LINE_WIDTH = 3.5
GRID = "#eceff3"


def base_layout(height: int) -> dict:
    return {
        "height": height,
        "template": "none",  # Plotly's default template adds 8 KB to every figure
        "font": FONT,
        "margin": {"l": 64, "r": 16, "t": 16, "b": 56},
        "paper_bgcolor": "white",
        "plot_bgcolor": "white",
        "hoverlabel": {"font": {"size": 15}},
        "legend": {"orientation": "h", "yanchor": "bottom", "y": 1.01, "x": 0, "font": {"size": 16}},
        "uirevision": "keep",  # keep the user's zoom across redraws of the same view
    }
