"""The step inspector on the main plot: at each frame a marker on every path, with its arrows (−g, the
momentum, the step taken; ``viz.paths.ARROWS``) and, in the curvature view, two ellipses; ▶ and the step
slider move them in the browser (Plotly frames), with no server round trip.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from viz.palette import colour_of
from viz.paths import ARROWS, ELLIPSE_POINTS, FRAME_VALUES, PathView
from viz.style import STRIP

Array = np.ndarray
INK = "#222222"  # an arrow drawn the same for every optimizer (−g)
FRAME_VALUES_BUDGET = 2000  # numbers in all frames together: about 40 KB of JSON
CURVATURE_VALUES_BUDGET = 8000  # with the curvature ellipses (only while the curvature view is on)


def _inspector_at(points: Array, outlines: Array | None = None) -> list[dict]:
    """The updates of one path's inspector traces at one frame: the head, then its arrows (``ARROWS``: one
    that is not drawn is a gap), then, in the curvature view, its two ellipses."""
    head, *tips = points.tolist()
    if head[0] != head[0]:  # NaN: no point to show
        updates = [{"x": [None], "y": [None]}] + [{"x": [None, None], "y": [None, None]}] * len(tips)
    else:
        updates = [{"x": [head[0]], "y": [head[1]]}]
        for tip in tips:
            drawn = tip[0] == tip[0]
            updates.append(
                {"x": [head[0], tip[0]] if drawn else [None, None], "y": [head[1], tip[1]] if drawn else [None, None]}
            )
    if outlines is not None:
        for outline in outlines:
            finite = bool(np.isfinite(outline).all())
            updates.append({"x": outline[:, 0].tolist(), "y": outline[:, 1].tolist()} if finite else _GAP)
    return updates


_GAP = {"x": [None], "y": [None]}


def _ellipse_traces(path: PathView, first: list[dict], labels: Mapping[str, str]) -> list[dict]:
    """The curvature ellipse (dark, dotted) and the method's scaling ellipse (its colour) at the head."""
    common = {"type": "scatter", "mode": "lines", "legendgroup": path.name, "hoverinfo": "skip", "showlegend": False}
    curvature = {"color": "#111111", "width": 3, "dash": "dot", "shape": "spline"}
    scaling = {"color": colour_of(path.name), "width": 4, "shape": "spline"}
    return [
        common | first[0] | {"name": labels["ellipse_curvature"], "line": curvature},
        common | first[1] | {"name": labels["ellipse_scaling"], "line": scaling},
    ]


def inspector_traces(path: PathView, labels: Mapping[str, str], curvature: bool = False) -> list[dict]:
    colour = colour_of(path.name)
    outlines = path.curvature.ellipses[0] if curvature and path.curvature is not None else None
    first = _inspector_at(path.inspector[0], outlines)
    arrow_marker = {"symbol": "arrow", "angleref": "previous", "size": 14}
    traces = [
        dict(
            type="scatter",
            **first[0],
            mode="markers",
            meta="head",  # the stage finds a path's inspector traces by meta and legendgroup (ui/js/stage.js)
            legendgroup=path.name,
            showlegend=False,
            marker={"size": 16, "color": colour, "line": {"color": "white", "width": 2.5}},
            hoverinfo="skip",
        )
    ]
    for arrow, data in zip(ARROWS, first[1 : 1 + len(ARROWS)], strict=True):
        ink = colour if arrow.own_colour else INK
        traces.append(
            dict(
                type="scatter",
                **data,
                mode="lines+markers",
                meta=arrow.field,
                name=labels[arrow.label],
                legendgroup=path.name,
                showlegend=False,
                line={"color": ink, "width": arrow.width, "dash": arrow.dash},
                marker={**arrow_marker, "color": ink, "size": [0, 14]},
                hoverinfo="skip",
            )
        )
    if outlines is not None:
        traces += _ellipse_traces(path, first[1 + len(ARROWS) :], labels)
    return traces


def _frame_indices(
    paths: Sequence[PathView], per_path: int = FRAME_VALUES, budget: int = FRAME_VALUES_BUDGET
) -> list[int]:
    """Which of the recorded frames to send: all, or fewer when many paths share the budget."""
    count = paths[0].frames.steps.size
    limit = max(2, budget // max(1, per_path * len(paths)))
    return sorted(set(np.linspace(0, count - 1, min(count, limit)).round().astype(int).tolist()))


def animation(
    paths: Sequence[PathView], first_trace: int, labels: Mapping[str, str], large: bool = False, curvature: bool = False
) -> dict:
    """Plotly frames that move only the inspector's traces: played in the browser, no server round trip.

    Returns the figure's ``frames`` and the layout's ``updatemenus`` (Play, Pause) and ``sliders`` (the step).
    """
    per_path = 1 + len(ARROWS) + (2 if curvature else 0)  # traces: the head, its arrows, two ellipses
    outline_values = 4 * (ELLIPSE_POINTS + 1)  # two outlines of x and y
    budget = (
        (FRAME_VALUES + outline_values, CURVATURE_VALUES_BUDGET) if curvature else (FRAME_VALUES, FRAME_VALUES_BUDGET)
    )
    chosen = _frame_indices(paths, *budget)
    indices = list(range(first_trace, first_trace + per_path * len(paths)))
    frames = []
    steps = [int(paths[0].frames.steps[f]) for f in chosen]
    for f, k in zip(chosen, steps, strict=True):
        data = [
            update
            for path in paths
            for update in _inspector_at(path.inspector[f], path.curvature.ellipses[f] if curvature else None)
        ]
        frames.append({"name": str(k), "data": data, "traces": indices})
    play = {"frame": {"duration": 150, "redraw": False}, "transition": {"duration": 0}, "fromcurrent": True}
    pause = {"frame": {"duration": 0, "redraw": False}, "mode": "immediate"}
    size = 20 if large else 15
    buttons = {  # ▶ and ❚❚ on the left, under the x axis; the step slider to their right
        "type": "buttons",
        "direction": "left",
        "x": 0.0,
        "y": 0,
        "xanchor": "left",
        "yanchor": "top",
        "pad": {"t": 56, "r": 8},
        "font": {"size": size},
        "buttons": [
            {"label": "▶", "method": "animate", "args": [None, play]},
            {"label": "❚❚", "method": "animate", "args": [[None], pause]},
        ],
    }
    slider = {
        "active": 0,
        "x": 0,
        "len": 1,
        "y": 0,
        "yanchor": "top",
        "pad": {"t": 46, "l": 110 if large else 90},  # clear of ▶ ❚❚
        "currentvalue": {
            "prefix": f"{labels['step']} ",
            "font": {"size": size + 1, "color": "#1f2430"},
            "xanchor": "right",
            "offset": 6,
        },
        "font": {"color": "rgba(0, 0, 0, 0)"},  # no label under each tick: the current step reads large above
        "steps": [{"label": str(k), "method": "animate", "args": [[str(k)], pause]} for k in steps],
    }
    if large:
        buttons, slider = _in_the_strip(buttons, slider)
    return {"frames": frames, "updatemenus": [buttons], "sliders": [slider]}


def _in_the_strip(buttons: dict, slider: dict) -> tuple[dict, dict]:
    """▶ and the step slider at the foot of a projector's strip beside the square (``viz.style.STRIP``),
    the slider to ▶'s right: under the square they took 90 px of the screen's height from it."""
    buttons = buttons | {"x": 1, "y": 0.03, "yanchor": "bottom", "pad": {"t": 0, "r": 0, "l": 24}}
    slider = slider | {"x": 1, "y": 0.03, "yanchor": "bottom", "lenmode": "pixels", "len": STRIP - 16}
    return buttons, slider | {"pad": {"t": 0, "l": 134, "b": 0}}


def raised(played: dict, lift: int) -> dict:
    """``animation``'s ▶ and step slider on a projector (``_in_the_strip``), ``lift`` px above the square's
    foot instead: room under them for a legend there (``viz.contour.contour_figure``'s ``boxed``)."""
    menus = [menu | {"y": 0, "pad": menu["pad"] | {"b": lift}} for menu in played["updatemenus"]]
    sliders = [slider | {"y": 0, "pad": slider["pad"] | {"b": lift}} for slider in played["sliders"]]
    return played | {"updatemenus": menus, "sliders": sliders}
