"""f over the steps for every optimizer, on a log scale."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import plotly.graph_objects as go

from viz.contour import MAX_PATH_POINTS, PathView
from viz.palette import colour_of, dash_of
from viz.style import LINE_WIDTH, base_layout


def loss_figure(
    paths: Sequence[PathView],
    f_min: float | None,
    labels: Mapping[str, str],
    height: int = 360,
    f_range: tuple[float, float] | None = None,
) -> go.Figure:
    """f − f* against the step on a log axis where f* is known; f itself (linear) where it is not.

    ``f_range`` (f over the plotted window) fixes a linear axis, so a path running off to −∞ on an
    unbounded function does not squash everything else.
    """
    log_y = f_min is not None
    fig = go.Figure()
    for path in paths:
        values = path.values - f_min if log_y else path.values
        steps = np.arange(values.size)
        keep = np.isfinite(values)
        if log_y:
            values = np.maximum(values, 1e-300)  # f* itself would be log(0)
        stride = max(1, values.size // MAX_PATH_POINTS)
        idx = np.unique(np.r_[steps[keep][::stride], steps[keep][-1:]])
        fig.add_trace(
            go.Scatter(
                x=idx.astype(np.int32),
                y=values[idx].astype(np.float64),
                mode="lines",
                name=path.label,
                legendgroup=path.name,
                line={"color": path.colour or colour_of(path.name), "width": LINE_WIDTH, "dash": dash_of(path.name)},
                hovertemplate=f"<b>{path.label}</b><br>{labels['step']} %{{x}}<br>%{{y:.4g}}<extra></extra>",
            )
        )
    fig.update_layout(**base_layout(height), showlegend=False, hovermode="x unified")
    _axes(fig, labels["step"], labels["f_gap"] if log_y else labels["f"], log_y=log_y)
    if not log_y and f_range is not None:
        lo, hi = f_range
        pad = 0.05 * (hi - lo)
        fig.update_yaxes(range=[lo - pad, hi + pad])
    return fig


def _stride(n: int) -> int:
    return max(1, n // MAX_PATH_POINTS)


def _axes(fig: go.Figure, x_title: str, y_title: str, log_y: bool = False) -> None:
    fig.update_xaxes(title_text=x_title, showgrid=True, gridcolor="#eceff3")
    fig.update_yaxes(
        title_text=y_title,
        type="log" if log_y else "linear",
        showgrid=True,
        gridcolor="#eceff3",
        exponentformat="power",
    )
    if log_y:
        fig.update_yaxes(dtick=decade_step(fig))


def decade_step(fig: go.Figure, labels: int = 7) -> int:
    """Decades between labels on a log axis: one label per decade (the 2s and 5s between are unreadable
    at a distance), or every k-th decade when the data span more than ``labels`` decades."""
    values = np.concatenate([np.asarray(t.y, dtype=float) for t in fig.data if t.y is not None] or [np.ones(1)])
    values = values[np.isfinite(values) & (values > 0)]
    if values.size == 0:
        return 1
    span = np.log10(values.max()) - np.log10(values.min())
    return max(1, int(np.ceil(span / labels)))


def step_size_figure(paths: Sequence[PathView], labels: Mapping[str, str], height: int = 360) -> go.Figure:
    """Each coordinate's effective step size over the steps: the lecture's per-weight learning rate."""
    fig = go.Figure()
    for path in paths:
        if path.lr is None:
            continue
        idx = np.arange(0, path.lr.shape[0], _stride(path.lr.shape[0]))
        for axis, dash in ((0, "solid"), (1, "dash")):
            fig.add_trace(
                go.Scatter(
                    x=(idx + 1).astype(np.int32),
                    y=path.lr[idx, axis],
                    mode="lines",
                    name=f"{path.label} ({'xy'[axis]})",
                    legendgroup=path.name,
                    line={"color": path.colour or colour_of(path.name), "width": 3, "dash": dash},
                    hovertemplate=f"<b>{path.label}</b> {'xy'[axis]}<br>{labels['step']} %{{x}}<br>"
                    "%{y:.3g}<extra></extra>",
                )
            )
    fig.update_layout(**base_layout(height))
    _axes(fig, labels["step"], labels["lr_axis"], log_y=True)
    return fig


def early_steps_figure(
    with_bc: np.ndarray, without_bc: np.ndarray, labels: Mapping[str, str], height: int = 320
) -> go.Figure:
    """Step lengths ‖W_{t+1} − W_t‖ of Adam's first steps with and without bias correction."""
    fig = go.Figure()
    for values, name, dash in ((with_bc, labels["with_bc"], "solid"), (without_bc, labels["without_bc"], "dash")):
        fig.add_trace(
            go.Scatter(
                x=np.arange(1, values.size + 1),
                y=values,
                mode="lines+markers",
                name=name,
                line={"color": colour_of("adam"), "width": LINE_WIDTH, "dash": dash},
            )
        )
    fig.update_layout(**base_layout(height))
    _axes(fig, labels["step"], labels["step_length"])
    return fig


def rotation_figure(
    thetas: np.ndarray, reached: Mapping[str, np.ndarray], label_of, labels: Mapping[str, str], height: int = 320
) -> go.Figure:
    """Steps to reach the minimum against the rotation θ, per optimizer (NaN = not within the run)."""
    fig = go.Figure()
    for name, steps in reached.items():
        fig.add_trace(
            go.Scatter(
                x=thetas,
                y=steps,
                mode="lines+markers",
                name=label_of(name),
                line={"color": colour_of(name), "width": LINE_WIDTH, "dash": dash_of(name)},
            )
        )
    fig.update_layout(**base_layout(height))
    _axes(fig, labels["rotation_axis"], labels["steps_to_reach"])
    return fig


def reddi_figure(
    iterates: Mapping[str, np.ndarray], regret: Mapping[str, np.ndarray], label_of, labels: Mapping[str, str]
) -> go.Figure:
    """Reddi et al.'s online problem: x_t over t, and the average regret R_t / t."""
    from plotly.subplots import make_subplots

    fig = make_subplots(rows=1, cols=2, horizontal_spacing=0.12)
    for name in iterates:
        n = iterates[name].size
        idx = np.unique(np.r_[np.arange(0, n, _stride(n)), n - 1])
        style = {"color": colour_of(name), "width": LINE_WIDTH, "dash": dash_of(name)}
        fig.add_trace(
            go.Scatter(x=idx, y=iterates[name][idx], mode="lines", name=label_of(name), line=style), row=1, col=1
        )
        m = regret[name].size
        jdx = np.unique(np.r_[np.arange(0, m, _stride(m)), m - 1])
        fig.add_trace(
            go.Scatter(x=jdx + 1, y=regret[name][jdx], mode="lines", showlegend=False, line=style), row=1, col=2
        )
    fig.update_layout(**base_layout(380))
    fig.update_xaxes(title_text="t", showgrid=True, gridcolor="#eceff3")
    fig.update_yaxes(title_text=labels["reddi_iterate"], range=[-1.1, 1.1], row=1, col=1, gridcolor="#eceff3")
    fig.update_yaxes(title_text=labels["reddi_regret"], row=1, col=2, gridcolor="#eceff3")
    return fig


def curve_figure(
    xs: np.ndarray, fx: np.ndarray, paths: Sequence[PathView], labels: Mapping[str, str], height: int = 620
) -> go.Figure:
    """A 1D function with each optimizer's iterates on it (top) and x_k over k (bottom)."""
    from plotly.subplots import make_subplots

    fig = make_subplots(rows=2, cols=1, row_heights=[0.6, 0.4], vertical_spacing=0.12)
    fig.add_trace(
        go.Scatter(x=xs, y=fx, mode="lines", line={"color": "#5c86ad", "width": 3}, name="f", showlegend=False),
        row=1,
        col=1,
    )
    for path in paths:
        x = path.points[:, 0]
        keep = np.isfinite(x)
        style = {"color": path.colour or colour_of(path.name)}
        fig.add_trace(
            go.Scatter(
                x=x[keep],
                y=path.values[keep],
                mode="lines+markers",
                name=path.label,
                legendgroup=path.name,
                marker={**style, "size": 8},
                line={**style, "width": 1.5, "dash": "dot"},
                customdata=np.flatnonzero(keep),
                hovertemplate=f"<b>{path.label}</b><br>{labels['step']} %{{customdata}}<br>x = %{{x:.5g}}"
                "<br>f = %{y:.5g}<extra></extra>",
            ),
            row=1,
            col=1,
        )
        fig.add_trace(
            go.Scatter(
                x=np.flatnonzero(keep),
                y=x[keep],
                mode="lines",
                legendgroup=path.name,
                showlegend=False,
                line={**style, "width": LINE_WIDTH, "dash": dash_of(path.name)},
            ),
            row=2,
            col=1,
        )
    fig.update_layout(**base_layout(height))
    fig.update_xaxes(title_text=labels["x_axis"], range=[float(xs[0]), float(xs[-1])], row=1, col=1)
    fig.update_yaxes(title_text=labels["f"], row=1, col=1, gridcolor="#eceff3")
    fig.update_xaxes(title_text=labels["step"], row=2, col=1, gridcolor="#eceff3")
    fig.update_yaxes(title_text=labels["x_axis"], range=[float(xs[0]), float(xs[-1])], row=2, col=1)
    return fig
