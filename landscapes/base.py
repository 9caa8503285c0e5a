"""The Landscape type: a 2D function with its exact gradient, window, minima and metadata."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

import numpy as np

from optimizers.parameter import Parameter, validate_all

Array = np.ndarray
Bounds = tuple[tuple[float, float], tuple[float, float]]
Point = tuple[float, float]


@dataclass(frozen=True)
class LandscapeSpec:
    """One test function, as SciPy's global-optimization benchmarks describe theirs.

    ``value(x, y, **params)`` and ``grad(x, y, **params) -> (df/dx, df/dy)`` work elementwise on
    arrays. ``minima`` are the global minima for the default parameters (a callable of the
    parameters where they move), ``f_min`` the value there (None when f is unbounded below).
    ``log_scale`` says whether contours of f − f_min read best on log-spaced levels.
    """

    name: str
    title: str
    latex: str
    description: dict[str, str]
    reference: str
    bounds: Bounds
    start: Point
    value: Callable[..., Array]
    grad: Callable[..., tuple[Array, Array]]
    minima: tuple[Point, ...] | Callable[..., tuple[Point, ...]] = ()
    f_min: float | None = None
    parameters: tuple[Parameter, ...] = ()
    log_scale: bool = True
    grad_latex: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


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

    def __repr__(self) -> str:
        params = "".join(f", {k}={v!r}" for k, v in self.parameters.items())
        return f"landscapes.get({self.name!r}{params})"


def bind(spec: LandscapeSpec, **given: Any) -> Landscape:
    values = validate_all(spec.parameters, given, spec.title)
    return Landscape(spec, MappingProxyType(values))
