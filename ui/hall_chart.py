"""The hall's answers as a chart (``class.hall``): a bar per choice, or the cloud of taps, each round of
votes beside the other (vote, discuss, vote again)."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

import orjson
import plotly.graph_objects as go
import streamlit as st

from ui.chart import chart
from ui.figures import shared_figure
from ui.i18n import name_of, tr
from ui.membership import following
from viz.marks import Cloud
from viz.palette import BLUE, ORANGE, colour_of, symbol_of

ROUND_COLOURS = (BLUE, ORANGE)  # round 1, round 2
WORDS = ("none", "yes", "no")  # the choices that are no optimizer
# beside the plot: a choice that is no optimizer's colour, and an earlier vote's bars (the last one's solid)
GREY, PALE, DARK = "#8c939d", 0.35, "#1f2430"
# px: a choice's row beside the plot, and the rows' height the box has room for at 1024×768 (a question
# and a verdict of two lines each): four choices at most in rows of ROW, more in narrower rows
ROW, ROWS, NARROWEST = 30, 124, 20
TYPE = 18  # px: the names beside the plot are the plot's legend there, read from the back row
FOLLOWED = "_class.revealed_hall"  # the hall's answers a follower's page shows, as the lecturer revealed them


def keep_for_follower(public: Mapping[str, Any]) -> None:
    """Note the hall's answers the lecturer revealed (from the class's ``public`` state), or that there are
    none to show, for ``followed_hall``."""
    shown = public["revealed"] and public["question"]
    st.session_state[FOLLOWED] = (public["hall"], public["question"]) if shown else None


def followed_hall(lang: str) -> None:
    """A follower's hall chart, drawn in the view's fragment (``app.py``): so Reveal, which only adds it,
    is a run of that fragment alone for every follower, not of the whole page. A tap question's taps are
    drawn on the follower's plot itself (``followed_clouds``), over the landscape, as on the projector."""
    if (found := st.session_state.get(FOLLOWED)) is None:
        return
    if not _counted(found[0]):
        st.caption(tr("class_hall_on_plot", lang))
        return
    hall_chart(*found, lang, toolbar=False)  # on a phone its toolbar covered the title; no zoom needed


def followed_clouds(lang: str) -> list[Cloud]:
    """The hall's taps, revealed, that a follower's plot draws over its paths (``clouds``); none where the
    question is a choice, or nothing is revealed."""
    found = st.session_state.get(FOLLOWED) if following() else None
    return clouds(found[0], lang) if found is not None else []


def hall_chart(
    hall: Mapping[str, Any], question: Mapping[str, Any], lang: str, narrow: bool = False, toolbar: bool = True
) -> None:
    """The hall's answers, a round beside the other; ``narrow``: in the question's box beside the plot,
    as bars across (their labels on the left, whole) under the box's own words, and the taps on the plot
    itself (``clouds``), which the box only points to; ``toolbar=False``: no Plotly toolbar."""
    counted = _counted(hall)
    with st.container(key="class.hall"):
        if narrow and not counted:
            st.markdown(tr("class_hall_on_plot", lang))
            return

        def figure() -> go.Figure:
            made = _beside(hall, lang) if narrow else _chart(hall, question, lang, narrow)
            return made.update_layout(title={"text": tr("class_hall", lang), "y": 0.97})  # above the toolbar

        # every follower draws the same answers at Reveal: the chart is made once (ui.figures)
        seen = orjson.dumps([hall, question], option=orjson.OPT_SORT_KEYS)
        made = shared_figure(("hall", seen, lang, narrow), [], figure)
        chart(made, key="class.hall_chart", toolbar=toolbar and not narrow)  # narrow: it covered the title


def clouds(hall: Mapping[str, Any], lang: str) -> list[Cloud]:
    """The hall's taps to draw on the plot beside which their box stands (``viz.contour``): where each
    guessed, by the very path they guessed about; an earlier vote's in grey."""
    if not hall or _counted(hall):
        return []
    rounds = sorted(hall.items())
    named = [tr("class_hall", lang)] if len(rounds) == 1 else [tr("class_round", lang, round=r) for r, _ in rounds]
    colours = [GREY] * (len(rounds) - 1) + [DARK]
    points = [answers.get("points") or [] for _, answers in rounds]
    return [Cloud(*cloud) for cloud in zip(named, points, colours, strict=True)]


def _counted(hall: Mapping[str, Any]) -> bool:
    return bool(hall) and all("counts" in answers for answers in hall.values())


def names_the_paths(hall: Mapping[str, Any], question: Mapping[str, Any], names: Collection[str]) -> bool:
    """Whether the chart beside the plot (``_beside``) names each of the optimizers ``names`` in its path's
    colour and marker: it is then the plot's legend too, and the plot draws none (``viz.contour``)."""
    return _counted(hall) and set(names) <= set(question.get("choices") or ())


def _chart(hall: Mapping[str, Any], question: Mapping[str, Any], lang: str, narrow: bool) -> go.Figure:
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
    layout["xaxis"] = {"automargin": True}  # a phone slants the choices' names: the margin grows to hold them
    layout["font"] = {"size": 14}  # Plotly's 12 px, read on a phone at arm's length and on a projector
    if narrow:
        layout |= {"height": 190, "margin": {"l": 10, "r": 10, "t": 30, "b": 25}, "showlegend": len(hall) > 1}
        layout |= {"yaxis": {"automargin": True, "autorange": "reversed"}, "legend": {"orientation": "h"}}
    if question.get("bounds"):
        x0, x1, y0, y1 = question["bounds"]
        layout |= {"xaxis": {"range": [x0, x1]}, "yaxis": {"range": [y0, y1], "scaleanchor": "x"}}
    return figure.update_layout(**layout)


def _beside(hall: Mapping[str, Any], lang: str) -> go.Figure:
    """Beside the plot, in the question's box over the plot's strip: a bar per choice across, each
    optimizer's in its path's colour with the path's marker at its foot, so the chart is the plot's legend
    as well (the strip has no room for both). A second vote's bars lie over the first's, which turn pale,
    and the counts read "2 → 0": no key to look up, no row more. No axis for the counts: the box is short."""
    rounds = [answers["counts"] for _, answers in sorted(hall.items())]
    choices = list(rounds[-1])
    labels = [_label(c, lang) for c in choices]
    colours = [GREY if c in WORDS else colour_of(c) for c in choices]
    figure = go.Figure()
    for index, (round_, counts) in enumerate(zip(sorted(hall), rounds, strict=True)):
        earlier = index < len(rounds) - 1
        figure.add_bar(
            y=labels,
            x=[counts.get(c, 0) for c in choices],
            orientation="h",
            name=tr("class_round", lang, round=round_),
            marker={"color": colours, "opacity": PALE if earlier else 1},
            width=0.8 if earlier or len(rounds) == 1 else 0.45,
            showlegend=False,
        )
    named = [k for k, c in enumerate(choices) if c not in WORDS]
    figure.add_scatter(
        x=[0] * len(named),
        y=[labels[k] for k in named],
        mode="markers",
        meta="names",  # what a test looks for: the paths' names, colours and markers
        marker={
            "symbol": [symbol_of(choices[k]) for k in named],
            "color": [colours[k] for k in named],
            "size": 15,
            "line": {"color": "white", "width": 1.5},
        },
        cliponaxis=False,
        hoverinfo="skip",
        showlegend=False,
    )
    ends = [max(counts.get(c, 0) for counts in rounds) for c in choices]
    said = [_counts_said(c, rounds) for c in choices]
    figure.add_scatter(x=ends, y=labels, mode="text", text=said, textposition="middle right", hoverinfo="skip",
                       cliponaxis=False, showlegend=False)  # fmt: skip
    return figure.update_layout(**_beside_layout(len(choices), max(ends, default=0), len(rounds)))


def _counts_said(choice: str, rounds: list[Mapping[str, int]]) -> str:
    """How many chose it: "2", or over two votes "2 → 0"; nothing where nobody ever did (no bar either)."""
    counts = [counts.get(choice, 0) for counts in rounds]
    return "\u00a0" + " → ".join(map(str, counts)) if any(counts) else ""  # a space after the bar


def _beside_layout(choices: int, most: int, rounds: int) -> dict[str, Any]:
    """A row per choice; the counts' axis long enough for the numbers after the longest bar ("2 → 0")."""
    room = 1.35 if rounds == 1 else 1.9
    row = max(NARROWEST, min(ROW, ROWS // choices))
    return {
        "height": 34 + choices * row + 4,
        "margin": {"l": 4, "r": 4, "t": 34, "b": 4},
        "barmode": "overlay",
        "font": {"size": TYPE if row == ROW else TYPE - 2},
        "title": {"font": {"size": TYPE}},
        "showlegend": False,
        "xaxis": {"visible": False, "range": [0, room * max(most, 1)]},
        "yaxis": {"automargin": True, "autorange": "reversed", "ticklabelstandoff": 14, "showline": False},
        "plot_bgcolor": "white",
    }


def _label(choice: str, lang: str) -> str:
    if choice in WORDS:
        return tr(f"quiz_{choice}", lang)
    return name_of(choice, lang)
