"""The Landscape type: a 2D function with its exact gradient, window, minima and metadata."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

import numpy as np

from parameters import CoreError, Parameter, validate_all

Array = np.ndarray
Bounds = tuple[tuple[float, float], tuple[float, float]]
Point = tuple[float, float]
Hessian = tuple[Array | float, Array | float, Array | float]  # (∂²f/∂x², ∂²f/∂x∂y, ∂²f/∂y²)


@dataclass(frozen=True)
class LandscapeSpec:
    """One test function, as SciPy's global-optimization benchmarks describe theirs.

    ``value(x, y, **params)``, ``grad(x, y, **params) -> (df/dx, df/dy)`` and ``hess(x, y, **params)
    -> (f_xx, f_xy, f_yy)`` work elementwise on arrays (a constant second derivative may be a float).
    ``minima`` are the global minima for the default parameters (a callable of the parameters where
    they move), ``f_min`` the value there (None when f is unbounded below).
    ``log_scale`` says whether contours of f − f_min read best on log-spaced levels.
    ``value_and_grad(x, y, f, g, **params)``, where given, computes f and ∇f from the terms they share,
    with the very operations of ``value`` and ``grad`` (so the same numbers), each made in the array given
    for it (f of shape (...), g of shape (..., 2): df/dx then df/dy): a run that evaluates ∇f at every
    point it makes gets f there for a few more operations, and neither is copied to where the run keeps it.
    """

    name: str
    title: str
    latex: str
    description: str
    reference: str
    bounds: Bounds
    start: Point
    value: Callable[..., Array]
    grad: Callable[..., tuple[Array, Array]]
    hess: Callable[..., Hessian]
    minima: tuple[Point, ...] | Callable[..., tuple[Point, ...]] = ()
    f_min: float | None = None
    parameters: tuple[Parameter, ...] = ()
    log_scale: bool = True
    grad_latex: str = ""
    extra: dict[str, Any] = field(default_factory=dict)
    batch_grad: Callable[..., tuple[Array, Array]] | None = None  # a model's loss: ∇ over some data points
    data_size: int = 0  # how many data points such a loss sums over
    axes: tuple[str, str] = ("x", "y")  # what the two coordinates are called (a model's weights: w, b)
    value_and_grad: Callable[..., None] | None = None


TOLERANCE_SHARE = 0.01  # "reached the minimum" = within 1% of the window's size of a global minimum


@dataclass(frozen=True)
class Landscape:
    """A landscape with its parameters bound; build it with ``landscapes.get``."""

    spec: LandscapeSpec
    parameters: Mapping[str, float] = field(default_factory=dict)

    name = property(lambda self: self.spec.name)
    title = property(lambda self: self.spec.title)
    latex = property(lambda self: self.spec.latex)
    bounds = property(lambda self: self.spec.bounds)
    start = property(lambda self: self.spec.start)
    f_min = property(lambda self: self.spec.f_min)

    @property
    def minima(self) -> tuple[Point, ...]:
        minima = self.spec.minima
        return minima(**self.parameters) if callable(minima) else minima

    def value(self, p: Array) -> Array:
        """f at points ``p`` of shape (..., 2) -> shape (...)."""
        p = np.asarray(p, dtype=float)
        v = np.asarray(self.spec.value(p[..., 0], p[..., 1], **self.parameters), dtype=float)
        return v if v.shape == p.shape[:-1] else np.broadcast_to(v, p.shape[:-1]).copy()  # constant f

    def grad(self, p: Array) -> Array:
        """∇f at points ``p`` of shape (..., 2) -> shape (..., 2), exact."""
        p = np.asarray(p, dtype=float)
        gx, gy = self.spec.grad(p[..., 0], p[..., 1], **self.parameters)
        out = np.empty(p.shape)
        out[..., 0] = gx
        out[..., 1] = gy
        return out

    @property
    def shares_terms(self) -> bool:
        """Whether ``value_and_grad`` computes f and ∇f from the terms they share (else it calls the two)."""
        return self.spec.value_and_grad is not None

    def value_and_grad(self, p: Array, out: Array | None = None) -> tuple[Array, Array]:
        """f and ∇f at points ``p`` of shape (..., 2), the same numbers as ``value`` and ``grad`` give; f
        is written into ``out`` if given (``run`` gives the row where it keeps f along the paths).

        >>> import landscapes
        >>> f, g = landscapes.get("rosenbrock").value_and_grad(np.array([[0.0, 0.0]]))
        >>> f.tolist(), g.tolist()
        ([1.0], [[-2.0, 0.0]])
        """
        if self.spec.value_and_grad is None:
            f = self.value(p)
            if out is not None:
                out[...] = f
                f = out
            return f, self.grad(p)
        p = np.asarray(p, dtype=float)
        f, g = np.empty(p.shape[:-1]) if out is None else out, np.empty(p.shape)
        self.spec.value_and_grad(p[..., 0], p[..., 1], f, g, **self.parameters)
        return f, g

    def batch_grad(self, p: Array, batch: Array) -> Array:
        """∇f over the data points ``batch`` only, at points ``p`` of shape (..., 2): a mini-batch gradient."""
        if self.spec.batch_grad is None:
            raise CoreError("{title} is not a model fitted to data: it has no mini-batches", title=self.title)
        p = np.asarray(p, dtype=float)
        gx, gy = self.spec.batch_grad(p[..., 0], p[..., 1], np.asarray(batch), **self.parameters)
        out = np.empty(p.shape)
        out[..., 0] = gx
        out[..., 1] = gy
        return out

    @property
    def data_size(self) -> int:
        return self.spec.data_size

    def hess(self, p: Array) -> Array:
        """The Hessian ∇²f at points ``p`` of shape (..., 2) -> shape (..., 2, 2), exact and symmetric.

        >>> import landscapes
        >>> landscapes.get("rosenbrock").hess((1.0, 1.0)).tolist()  # at the minimum: κ ≈ 2508
        [[802.0, -400.0], [-400.0, 200.0]]
        """
        p = np.asarray(p, dtype=float)
        fxx, fxy, fyy = self.spec.hess(p[..., 0], p[..., 1], **self.parameters)
        out = np.empty((*p.shape[:-1], 2, 2))
        out[..., 0, 0] = fxx
        out[..., 0, 1] = out[..., 1, 0] = fxy
        out[..., 1, 1] = fyy
        return out

    @property
    def tolerance(self) -> float:
        """How close to a global minimum counts as having reached it: 1% of the window's larger side."""
        (x0, x1), (y0, y1) = self.bounds
        return TOLERANCE_SHARE * max(x1 - x0, y1 - y0)

    def distance_to_minimum(self, p: Array) -> Array:
        """Distance from points ``p`` of shape (..., 2) to the nearest global minimum (NaN where none is known)."""
        p = np.asarray(p, dtype=float)
        if not self.minima:
            return np.full(p.shape[:-1], np.nan)
        gaps = np.linalg.norm(p[..., None, :] - np.asarray(self.minima), axis=-1)
        return gaps.min(axis=-1)

    def nearest_minimum(self, p: Array) -> Array:
        """For each point, the index of the global minimum within ``tolerance`` of it, or -1."""
        p = np.asarray(p, dtype=float)
        if not self.minima:
            return np.full(p.shape[:-1], -1)
        gaps = np.linalg.norm(p[..., None, :] - np.asarray(self.minima), axis=-1)
        nearest = np.argmin(np.nan_to_num(gaps, nan=np.inf), axis=-1)
        close = np.take_along_axis(gaps, nearest[..., None], axis=-1)[..., 0] <= self.tolerance
        return np.where(close, nearest, -1)

    def __repr__(self) -> str:
        params = "".join(f", {k}={v!r}" for k, v in self.parameters.items())
        return f"landscapes.get({self.name!r}{params})"


def bind(spec: LandscapeSpec, **given: Any) -> Landscape:
    values = validate_all(spec.parameters, given, spec.title)
    return Landscape(spec, MappingProxyType(values))


def family(spec: LandscapeSpec, **given: Any) -> Landscape:
    """One landscape per path of a batched run: a parameter given as a list varies along the paths.

    >>> import landscapes
    >>> bowls = landscapes.family("quadratic", kappa=50, theta=[0, 45])
    >>> bowls.grad(np.array([[1.0, 0.0], [1.0, 0.0]])).round(3).tolist()  # path 2's bowl is turned by 45°
    [[1.0, 0.0], [25.5, -24.5]]
    """
    columns = {k: v for k, v in given.items() if isinstance(v, (list, tuple, np.ndarray))}
    sizes = {len(v) for v in columns.values()}
    if len(sizes) > 1:
        raise CoreError("every varying parameter needs one value per path, got lengths {sizes}", sizes=sorted(sizes))
    fixed = validate_all(spec.parameters, {k: v for k, v in given.items() if k not in columns}, spec.title)
    for name, values in columns.items():
        checked = [validate_all(spec.parameters, {name: v}, spec.title)[name] for v in values]
        fixed[name] = np.asarray(checked, dtype=float)
    return Landscape(spec, MappingProxyType(fixed))
