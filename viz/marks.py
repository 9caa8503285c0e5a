"""What is drawn over the landscape besides the paths: labelled marks (a quiz's start, a student's guess)
and named clouds of points (where the hall tapped), and the hover's words for a point."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple


def where(axes: tuple[str, str], digits: int = 4) -> str:
    """The hover's coordinates, by the landscape's own names (w and b on the regression)."""
    return f"{axes[0]} = %{{x:.{digits}g}}<br>{axes[1]} = %{{y:.{digits}g}}"


class Mark(NamedTuple):
    """A labelled point over the landscape, e.g. the start or a student's guess."""

    label: str
    x: float
    y: float
    symbol: str = "cross-thin"


def mark_trace(mark: Mark, axes: tuple[str, str]) -> dict:
    return {
        "type": "scatter",
        "x": [mark.x],
        "y": [mark.y],
        "mode": "markers+text",
        "text": [mark.label],
        "textposition": "top center",
        "textfont": {"size": 16, "color": "#1f2430"},
        "name": mark.label,
        "showlegend": False,
        "marker": {"symbol": mark.symbol, "size": 18, "color": "#1f2430", "line": {"color": "#1f2430", "width": 3}},
        "hovertemplate": f"{mark.label}<br>{where(axes)}<extra></extra>",
    }


class Cloud(NamedTuple):
    """Points over the landscape under one name in the legend, e.g. where the hall tapped in one vote."""

    label: str
    points: Sequence[tuple[float, float]]
    colour: str = "#1f2430"


def cloud_trace(cloud: Cloud, axes: tuple[str, str]) -> dict:
    """A cross per point, dark with a white rim (seen on every shade of the landscape), and no path's
    colour or marker shape: it is no optimizer's."""
    x, y = ([float(p[k]) for p in cloud.points] for k in (0, 1))
    return {
        "type": "scatter",
        "x": x,
        "y": y,
        "mode": "markers",
        "name": cloud.label,
        "meta": "cloud",
        "marker": {"symbol": "x", "size": 13, "color": cloud.colour, "line": {"color": "white", "width": 1.5}},
        "hovertemplate": f"{cloud.label}<br>{where(axes, 3)}<extra></extra>",
    }
