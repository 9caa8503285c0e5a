"""Maps over a grid: where each start ends (basins), and final loss over hyperparameters (sweeps)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from viz.style import base_layout

BASIN_COLOURS = ("#E69F00", "#56B4E9", "#009E73", "#CC79A7", "#0072B2", "#D55E00")
OTHER, DIVERGED = "#d9d9d9", "#333333"


def basin_figure(
    xs: np.ndarray,
    ys: np.ndarray,
    outcomes: Mapping[str, np.ndarray],
    categories: Sequence[str],
    label_of,
    height: int = 480,
) -> go.Figure:
    """One panel per optimizer; ``outcomes[name]`` holds a category index per start, shape (len(ys), len(xs))."""
    names = list(outcomes)
    fig = make_subplots(rows=1, cols=max(1, len(names)), subplot_titles=[label_of(n) for n in names])
    n = len(categories)
    palette = [BASIN_COLOURS[i % len(BASIN_COLOURS)] for i in range(n - 2)] + [OTHER, DIVERGED]
    scale = []
    for i, colour in enumerate(palette):
        scale += [[i / n, colour], [(i + 1) / n, colour]]
    text = np.array(categories, dtype=object)
    for col, name in enumerate(names, start=1):
        z = outcomes[name]
        fig.add_trace(
            go.Heatmap(
                x=xs,
                y=ys,
                z=z.astype(np.int8),
                zmin=-0.5,
                zmax=n - 0.5,
                colorscale=scale,
                showscale=False,
                text=text[z],
                hovertemplate="x₀ = %{x:.3g}<br>y₀ = %{y:.3g}<br>%{text}<extra></extra>",
            ),
            row=1,
            col=col,
        )
        fig.update_yaxes(scaleanchor=f"x{col if col > 1 else ''}", row=1, col=col)
    for label, colour in zip(categories, palette, strict=True):  # a legend entry per outcome
        fig.add_trace(
            go.Scatter(
                x=[None], y=[None], mode="markers", name=label, marker={"size": 16, "symbol": "square", "color": colour}
            )
        )
    fig.update_layout(**base_layout(height))
    fig.update_layout(legend={"orientation": "h", "yanchor": "top", "y": -0.12, "x": 0})  # titles sit on top
    return fig


@dataclass(frozen=True)
class SweepTheory:
    """What theory says on the sensitivity map (``optimizers.theory``): the largest stable α for each
    row (one value where there is no second axis), and the best (α, decay)."""

    edge: np.ndarray
    best: tuple[float, float | None]
    edge_label: str
    best_label: str


def sweep_figure(
    x_values: np.ndarray,
    y_values: np.ndarray | None,
    z: np.ndarray,
    current: tuple[float, float | None],
    x_title: str,
    y_title: str,
    z_title: str,
    height: int = 480,
    theory: SweepTheory | None = None,
) -> go.Figure:
    """A heatmap of z over (x, y) with a log x axis, or a line when there is no second axis; with
    ``theory``, its stability edge (white dashes) and its best setting (a white diamond)."""
    fig = go.Figure()
    if y_values is None:
        fig.add_trace(go.Scatter(x=x_values, y=z.ravel(), mode="lines+markers", line={"width": 3}))
        fig.add_vline(x=current[0], line_dash="dash")
        fig.update_yaxes(title_text=z_title)
    else:
        fig.add_trace(
            go.Heatmap(
                x=x_values,
                y=np.arange(len(y_values)),
                z=z,
                colorscale="Viridis",
                colorbar={"title": {"text": z_title, "side": "right"}},
                hovertemplate=f"{x_title} = %{{x:.3g}}<br>{y_title} = %{{customdata:.4g}}<br>%{{z:.3g}}<extra></extra>",
                customdata=np.repeat(np.asarray(y_values)[:, None], len(x_values), axis=1),
            )
        )
        diverged = np.argwhere(~np.isfinite(z))
        if diverged.size:
            fig.add_trace(
                go.Scatter(
                    x=x_values[diverged[:, 1]],
                    y=diverged[:, 0],
                    mode="markers",
                    marker={"symbol": "x-thin", "size": 9, "line": {"width": 1.5, "color": "#b00020"}},
                    hoverinfo="skip",
                    showlegend=False,
                )
            )
        if current[1] is not None:
            row = int(np.argmin(np.abs(np.asarray(y_values) - current[1])))
            fig.add_trace(
                go.Scatter(
                    x=[current[0]],
                    y=[row],
                    mode="markers",
                    marker={"symbol": "star", "size": 22, "color": "#ffd400", "line": {"color": "black", "width": 1.5}},
                    hoverinfo="skip",
                    showlegend=False,
                )
            )
        fig.update_yaxes(title_text=y_title, tickvals=np.arange(len(y_values)), ticktext=[f"{v:g}" for v in y_values])
    if theory is not None:
        _add_theory(fig, theory, y_values, z)
    fig.update_layout(**base_layout(height), showlegend=False)
    fig.update_xaxes(title_text=x_title, type="log", exponentformat="power")
    return fig


def _add_theory(fig: go.Figure, theory: SweepTheory, y_values: np.ndarray | None, z: np.ndarray) -> None:
    edge_style = {"color": "white" if y_values is not None else "#b00020", "width": 3, "dash": "dash"}
    best_marker = {"symbol": "diamond", "size": 18, "color": "white", "line": {"color": "black", "width": 2}}
    if y_values is None:
        low = float(np.nanmin(z)) if np.isfinite(z).any() else 0.0
        fig.add_vline(
            x=float(theory.edge[0]), line=edge_style, annotation_text=theory.edge_label, annotation_position="top left"
        )
        fig.add_trace(
            go.Scatter(x=[theory.best[0]], y=[low], mode="markers", marker=best_marker, name=theory.best_label)
        )
        return
    rows = np.arange(len(y_values))
    for style in ({"color": "white", "width": 7}, edge_style | {"color": "black"}):  # black on a white halo
        fig.add_trace(go.Scatter(x=theory.edge, y=rows, mode="lines", line=style, name=theory.edge_label))
    best_row = float(np.interp(theory.best[1], np.asarray(y_values, dtype=float), rows))
    fig.add_trace(
        go.Scatter(x=[theory.best[0]], y=[best_row], mode="markers", marker=best_marker, name=theory.best_label)
    )
