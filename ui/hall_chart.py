"""The hall's answers as a chart (``class.hall``): a bar per choice, or the cloud of taps, each round of
votes beside the other (vote, discuss, vote again)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import plotly.graph_objects as go
import streamlit as st

from ui.chart import chart
from ui.i18n import name_of, tr
from viz.palette import BLUE, ORANGE

ROUND_COLOURS = (BLUE, ORANGE)  # round 1, round 2


def hall_chart(hall: Mapping[str, Any], question: Mapping[str, Any], lang: str, narrow: bool = False) -> None:
    """The hall's answers, a round beside the other; ``narrow``: in the question's box beside the plot,
    as bars across (their labels on the left, whole) under the box's own words."""
    figure = go.Figure()
    for index, (round_, answers) in enumerate(sorted(hall.items())):
        name = tr("class_round", lang, round=round_)
        colour = ROUND_COLOURS[index % 2]
        if "counts" in answers:
            labels = [_label(c, lang) for c in answers["counts"]]
            counts = list(answers["counts"].values())
            bars = {"y": labels, "x": counts, "orientation": "h"} if narrow else {"x": labels, "y": counts}
            figure.add_bar(**bars, name=name, marker_color=colour)
        else:
            points = answers.get("points") or []
            figure.add_scatter(x=[p[0] for p in points], y=[p[1] for p in points], mode="markers", name=name,
                               marker={"color": colour, "size": 9, "symbol": "cross"})  # fmt: skip
    layout: dict[str, Any] = {"height": 260, "margin": {"l": 40, "r": 10, "t": 60, "b": 40}, "barmode": "group"}
    if narrow:
        layout |= {"height": 190, "margin": {"l": 10, "r": 10, "t": 30, "b": 25}, "showlegend": len(hall) > 1}
        layout |= {"yaxis": {"automargin": True, "autorange": "reversed"}, "legend": {"orientation": "h"}}
    if question.get("bounds"):
        x0, x1, y0, y1 = question["bounds"]
        layout |= {"xaxis": {"range": [x0, x1]}, "yaxis": {"range": [y0, y1], "scaleanchor": "x"}}
    figure.update_layout(title={"text": tr("class_hall", lang), "y": 0.97}, **layout)  # above the toolbar
    with st.container(key="class.hall"):
        chart(figure, key="class.hall_chart", toolbar=not narrow)  # narrow: its toolbar covered the title


def _label(choice: str, lang: str) -> str:
    if choice in ("none", "yes", "no"):
        return tr(f"quiz_{choice}", lang)
    return name_of(choice, lang)
