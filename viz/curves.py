"""Line charts over the steps: f − f*, each coordinate's step size, and the scenarios' own curves."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import numpy as np

from viz.palette import colour_of, dash_of, line_style, markers, widths
from viz.paths import CURVE_POINTS, PathView
from viz.spec import Spec, typed
from viz.style import GRID, LINE_WIDTH, base_layout, heading


def axis(title: str, log: bool = False, **more: object) -> dict:
    """A chart axis with the page's grid; on a log axis, powers of ten as labels."""
    out = {"title": {"text": title}, "showgrid": True, "gridcolor": GRID, "zeroline": False}
    if log:
        out |= {"type": "log", "exponentformat": "power"}
    return out | more


def line(name: str, x: np.ndarray, y: np.ndarray, colour: str, dash: str = "solid", **more: object) -> dict:
    """A line trace, its arrays packed (float64: a loss on a log axis may reach 1e-300)."""
    return {
        "type": "scatter",
        "x": typed(x, "f8"),
        "y": typed(y, "f8"),
        "mode": "lines",
        "name": name,
        "line": {"color": colour, "width": LINE_WIDTH, "dash": dash},
    } | more


def optimizer_line(optimizer: str, label: str, x: np.ndarray, y: np.ndarray, width: float, **more: object) -> dict:
    """An optimizer's line in its colour, dash and marker shape (see viz.palette), ``width`` wide."""
    return line(label, x, y, colour_of(optimizer), dash_of(optimizer), legendgroup=optimizer, **more) | {
        "mode": "lines+markers",
        "line": line_style(optimizer, width),
        "marker": markers(optimizer, every=10),
    }


def decade_step(series: Sequence[np.ndarray], labels: int = 7) -> int:
    """Decades between labels on a log axis: one label per decade (the 2s and 5s between are unreadable
    at a distance), or every k-th decade when the data span more than ``labels`` decades."""
    values = np.concatenate([np.asarray(y, dtype=float).ravel() for y in series] or [np.ones(1)])
    values = values[np.isfinite(values) & (values > 0)]
    if values.size == 0:
        return 1
    span = np.log10(values.max()) - np.log10(values.min())
    return max(1, int(np.ceil(span / labels)))


TREND_SHARE = 1 / 10  # a noisy run's trend: the mean over this share of its curve's points, centred


def loss_figure(
    paths: Sequence[PathView],
    f_min: float | None,
    labels: Mapping[str, str],
    height: int = 360,
    f_range: tuple[float, float] | None = None,
    large: bool = False,
    rates: Mapping[str, float] | None = None,
    title: str = "",
    trend: bool = False,
) -> Spec:
    """f − f* against the step on a log axis where f* is known; f itself (linear) where it is not.

    ``f_range`` (f over the plotted window) fixes a linear axis, so a path running off to −∞ on an
    unbounded function does not squash everything else. ``rates`` (optimizer -> contraction per step,
    from ``optimizers.theory``) adds theory's line beside the measured one: (f₀ − f*)·rate^{2t}.
    ``trend`` (noisy gradients) draws each run's running mean, with the raw loss faint behind it. Where a
    curve reaches its floor (``viz.paths.gap_floor``) a dotted line says so. ``title`` is drawn by the
    figure itself: a heading of its own would be one more message on every slider move.
    """
    log_y = f_min is not None
    traces, series = [], []
    for path, width in zip(paths, widths(len(paths)), strict=True):
        values = path.curve_values - f_min if log_y else path.curve_values
        keep = np.isfinite(values)
        steps, values = path.curve_steps[keep], values[keep]
        if log_y:
            values = np.maximum(values, 1e-300)  # f* itself would be log(0), where no floor is known
        series.append(values)
        if trend:  # trends part where runs differ: one width for all, over their faint noise
            traces.append(_faint(path, steps, values))
            values, width = running_mean(values, max(3, round(TREND_SHARE * values.size))), LINE_WIDTH
        hover = f"<b>{path.label}</b><br>{labels['step']} %{{x}}<br>%{{y:.4g}}<extra></extra>"
        more = {} if trend else {"meta": "loss"}  # the line the stage redraws: a trend is the server's to draw
        traces.append(optimizer_line(path.name, path.label, steps, values, width, hovertemplate=hover, **more))
    if log_y and rates:
        traces += _theory_lines(paths, f_min, rates, labels)
    y_axis = axis(labels["f_gap"] if log_y else labels["f"], log=log_y)
    layout = base_layout(height, large) | {"showlegend": False, "hovermode": "x unified"}
    if log_y:
        y_axis["dtick"] = decade_step(series)
        if rates:  # theory's lines must not stretch the axis beyond what the runs show
            y_axis["range"] = _log_range(series)
        layout |= _floor_note(paths, f_min, labels)
    elif f_range is not None:
        lo, hi = f_range
        pad = 0.05 * (hi - lo)
        y_axis["range"] = [lo - pad, hi + pad]
    if title:
        layout |= heading(title, layout)
    return Spec({"data": traces, "layout": layout | {"xaxis": axis(labels["step"]), "yaxis": y_axis}})


def running_mean(values: np.ndarray, window: int) -> np.ndarray:
    """The mean of each value and its neighbours, ``window`` of them centred on it (fewer at the ends):
    a noisy loss's trend, on the same scale as the loss (a mean, not a mean of logs, as a training curve's).

    >>> running_mean(np.array([1.0, 3.0, 1.0, 3.0, 1.0]), 3).tolist()
    [2.0, 1.6666666666666667, 2.3333333333333335, 1.6666666666666667, 2.0]
    """
    half = window // 2
    if values.size < 2 or half < 1:
        return values
    padded = np.pad(values.astype(np.float64), half, constant_values=np.nan)
    return np.nanmean(np.lib.stride_tricks.sliding_window_view(padded, 2 * half + 1), axis=1)


def _faint(path: PathView, steps: np.ndarray, values: np.ndarray) -> dict:
    """A noisy run's raw loss, thin and faint behind its trend, in its colour; no hover of its own."""
    colour = colour_of(path.name)
    return line(path.label, steps, values, colour, legendgroup=path.name) | {
        "line": {"color": colour, "width": 1},
        "opacity": 0.3,
        "hoverinfo": "skip",
        "meta": "raw",
    }


def _floor_note(paths: Sequence[PathView], f_min: float, labels: Mapping[str, str]) -> dict:
    """A dotted line at the lowest floor a curve reached (``viz.paths.gap_floor``: f − f* is not drawn
    below it), named on the chart; nothing where no curve reached its floor."""
    reached = [
        path.floor
        for path in paths
        if path.floor is not None and path.curve_values.size and path.curve_values.min() <= f_min + path.floor
    ]
    if not reached:
        return {}
    floor = float(min(reached))  # on a log axis a shape's y is the value, an annotation's its log10 (Plotly 4)
    ink = "#5a6270"
    return {
        "shapes": [
            {
                "type": "line", "xref": "paper", "x0": 0, "x1": 1, "yref": "y", "y0": floor, "y1": floor,
                "line": {"color": ink, "width": 1, "dash": "dot"}, "layer": "below",
            }
        ],
        "annotations": [
            {
                "text": labels["loss_floor"], "xref": "paper", "x": 1, "xanchor": "right", "yref": "y",
                "y": float(np.log10(floor)), "yanchor": "bottom", "showarrow": False,
                "font": {"size": 11, "color": ink},
            }
        ],
    }  # fmt: skip


def _log_range(series: Sequence[np.ndarray]) -> list[float] | None:
    values = np.concatenate([np.asarray(v, dtype=float).ravel() for v in series] or [np.ones(1)])
    values = values[np.isfinite(values) & (values > 0)]
    if values.size == 0:
        return None
    return [float(np.log10(values.min())) - 0.3, float(np.log10(values.max())) + 0.3]


def _theory_lines(
    paths: Sequence[PathView], f_min: float, rates: Mapping[str, float], labels: Mapping[str, str]
) -> list[dict]:
    """Theory's f − f* for each path with a known rate < 1, from the path's start: dashed, thin, its colour."""
    out = []
    for path in paths:
        rate = rates.get(path.name)
        if rate is None or not 0 <= rate < 1 or not path.curve_values.size:
            continue
        start = float(path.curve_values[0] - f_min)
        steps = path.curve_steps.astype(np.float64)
        predicted = start * np.exp(2 * steps * np.log(max(rate, 1e-300)))
        keep = predicted > 1e-300
        name = labels["theory_line"].format(name=path.label, rate=f"{rate:.4f}".replace(".", labels["decimal_mark"]))
        out.append(
            line(
                name,
                steps[keep],
                predicted[keep],
                colour_of(path.name),
                "dash",
                legendgroup=path.name,
                hovertemplate=f"{name}<br>{labels['step']} %{{x}}<br>%{{y:.3g}}<extra></extra>",
            )
            | {"line": {"color": colour_of(path.name), "width": 2, "dash": "dash"}, "meta": "theory"}
        )
    return out


def condition_figure(paths: Sequence[PathView], labels: Mapping[str, str], height: int = 300) -> Spec:
    """κ(∇²f) along each path (thin, dotted) and κ(P·∇²f), the valley as the method's own steps see it
    (its line): 1 is a round bowl, where one step size fits every direction."""
    traces, series = [], [np.ones(1)]
    for path, width in zip(paths, widths(len(paths)), strict=True):
        if path.curvature is None:
            continue
        steps, kappa, scaled = path.curve_steps, path.curvature.kappa, path.curvature.kappa_scaled
        series += [kappa[np.isfinite(kappa)], scaled[np.isfinite(scaled)]]
        hover = f"%{{y:.3g}}<br>{labels['step']} %{{x}}<extra></extra>"
        kappa_name = labels["kappa_h"].format(name=path.label)
        traces.append(
            line(kappa_name, steps, kappa, colour_of(path.name), "dot", legendgroup=path.name)
            | {
                "line": {"color": colour_of(path.name), "width": 2, "dash": "dot"},
                "hovertemplate": f"{kappa_name} {hover}",
            }
        )
        scaled_name = labels["kappa_scaled"].format(name=path.label)
        traces.append(
            optimizer_line(path.name, scaled_name, steps, scaled, width, hovertemplate=f"{scaled_name} {hover}")
        )
    y_axis = axis(labels["kappa_axis"], log=True, dtick=decade_step(series), range=_log_range(series))  # from 1
    layout = base_layout(height) | {"showlegend": False, "hovermode": "x unified"}
    return Spec({"data": traces, "layout": layout | {"xaxis": axis(labels["step"]), "yaxis": y_axis}})


def alpha_figure(
    schedules: Sequence[tuple[str, str, np.ndarray, np.ndarray]], labels: Mapping[str, str], height: int = 260
) -> Spec:
    """α_t over the steps for each (optimizer, label, steps, α_t): the schedules side by side."""
    traces = [
        optimizer_line(
            name, label, steps, alphas, width, hovertemplate=f"<b>{label}</b><br>%{{x}}: α = %{{y:.3g}}<extra></extra>"
        )
        for (name, label, steps, alphas), width in zip(schedules, widths(len(schedules)), strict=True)
    ]
    layout = base_layout(height) | {"showlegend": False, "hovermode": "x unified"}
    return Spec(
        {
            "data": traces,
            "layout": layout | {"xaxis": axis(labels["step"]), "yaxis": axis(labels["alpha_t_axis"], log=True)},
        }
    )


def step_size_figure(paths: Sequence[PathView], labels: Mapping[str, str], height: int = 360) -> Spec:
    """Each coordinate's step size over the steps: the lecture's per-weight learning rate."""
    traces, series = [], []
    for path, width in zip(paths, widths(len(paths)), strict=True):
        if path.lr is None:
            continue
        steps = path.curve_steps + 1  # the step that leaves point k is step k + 1
        for i, (coordinate, dash) in enumerate((("x", "solid"), ("y", "dash"))[: path.lr.shape[1]]):
            series.append(path.lr[:, i])
            trace = optimizer_line(
                path.name,
                f"{path.label} ({coordinate})",
                steps,
                path.lr[:, i],
                width,
                hovertemplate=f"<b>{path.label}</b> {coordinate}<br>{labels['step']} %{{x}}<br>"
                "%{y:.3g}<extra></extra>",
            )
            trace["line"]["dash"] = dash  # x solid, y dashed
            traces.append(trace)
    y_axis = axis(labels["lr_axis"], log=True, dtick=decade_step(series))
    return Spec({"data": traces, "layout": base_layout(height) | {"xaxis": axis(labels["step"]), "yaxis": y_axis}})


def early_steps_figure(
    with_bc: np.ndarray, without_bc: np.ndarray, labels: Mapping[str, str], height: int = 320
) -> Spec:
    """Step lengths ‖W_{t+1} − W_t‖ of Adam's first steps with and without bias correction."""
    traces = [
        line(name, np.arange(1, values.size + 1), values, colour_of("adam"), dash, mode="lines+markers")
        for values, name, dash in ((with_bc, labels["with_bc"], "solid"), (without_bc, labels["without_bc"], "dash"))
    ]
    layout = base_layout(height) | {"xaxis": axis(labels["step"]), "yaxis": axis(labels["step_length"])}
    return Spec({"data": traces, "layout": layout})


def rotation_figure(
    thetas: np.ndarray,
    reached: Mapping[str, np.ndarray],
    label_of: Callable[[str], str],
    labels: Mapping[str, str],
    height: int = 320,
) -> Spec:
    """Steps to reach the minimum against the rotation θ, per optimizer (NaN = not within the run)."""
    traces = [
        optimizer_line(name, label_of(name), thetas, steps, width)
        for (name, steps), width in zip(reached.items(), widths(len(reached)), strict=True)
    ]
    layout = base_layout(height) | {"xaxis": axis(labels["rotation_axis"]), "yaxis": axis(labels["steps_to_reach"])}
    return Spec({"data": traces, "layout": layout})


def _evenly(n: int) -> np.ndarray:
    """At most CURVE_POINTS evenly spaced indices of n, the last one always among them."""
    return np.unique(np.r_[np.linspace(0, n - 1, min(n, CURVE_POINTS)).astype(int), n - 1])


def reddi_figure(
    iterates: Mapping[str, np.ndarray],
    regret: Mapping[str, np.ndarray],
    label_of: Callable[[str], str],
    labels: Mapping[str, str],
) -> Spec:
    """Reddi et al.'s online problem: x_t over t, and the average regret R_t / t."""
    traces = []
    for name, width in zip(iterates, widths(len(iterates)), strict=True):
        idx, jdx = _evenly(iterates[name].size), _evenly(regret[name].size)
        traces.append(optimizer_line(name, label_of(name), idx, iterates[name][idx], width))
        traces.append(
            optimizer_line(name, label_of(name), jdx + 1, regret[name][jdx], width, showlegend=False)
            | {"xaxis": "x2", "yaxis": "y2"}
        )
    layout = base_layout(380) | {
        "xaxis": axis("t", domain=[0, 0.44]),
        "yaxis": axis(labels["reddi_iterate"], range=[-1.1, 1.1]),
        "xaxis2": axis("t", domain=[0.56, 1], anchor="y2"),
        "yaxis2": axis(labels["reddi_regret"], anchor="x2"),
    }
    return Spec({"data": traces, "layout": layout})


def curve_figure(
    xs: np.ndarray, fx: np.ndarray, paths: Sequence[PathView], labels: Mapping[str, str], height: int = 620
) -> Spec:
    """A 1D function with each optimizer's iterates on it (top) and x_k over k (bottom)."""
    traces = [line("f", xs, fx, "#5c86ad", showlegend=False)]
    for path, width in zip(paths, widths(len(paths)), strict=True):
        x = path.points[:, 0]
        colour = colour_of(path.name)
        traces.append(
            {
                "type": "scatter",
                "x": typed(x),
                "y": typed(path.values),
                "mode": "lines+markers",
                "name": path.label,
                "legendgroup": path.name,
                "marker": markers(path.name, every=0, size=8),
                "line": {"color": colour, "width": 1.5, "dash": "dot"},
                "customdata": typed(path.steps, "i4"),
                "hovertemplate": f"<b>{path.label}</b><br>{labels['step']} %{{customdata}}<br>x = %{{x:.5g}}"
                "<br>f = %{y:.5g}<extra></extra>",
            }
        )
        traces.append(
            optimizer_line(path.name, path.label, path.steps, x, width, showlegend=False)
            | {"xaxis": "x2", "yaxis": "y2"}
        )
    window = [float(xs[0]), float(xs[-1])]
    layout = base_layout(height) | {
        "xaxis": axis(labels["x_axis"], range=window, anchor="y"),
        "yaxis": axis(labels["f"], domain=[0.48, 1]),
        "xaxis2": axis(labels["step"], anchor="y2"),
        "yaxis2": axis(labels["x_axis"], range=window, domain=[0, 0.36], anchor="x2"),
    }
    return Spec({"data": traces, "layout": layout})
