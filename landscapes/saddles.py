"""Saddle points: the gradient vanishes but it is not a minimum."""

from __future__ import annotations

from landscapes.base import Array, Hessian, LandscapeSpec


def saddle(x: Array, y: Array) -> Array:
    return x**2 - y**2


def saddle_grad(x: Array, y: Array) -> tuple[Array, Array]:
    return 2 * x, -2 * y


def saddle_hess(x: Array, y: Array) -> Hessian:
    return 2.0, 0.0, -2.0


SADDLE = LandscapeSpec(
    name="saddle",
    title="Saddle x² − y²",
    latex=r"f(x, y) = x^2 - y^2",
    grad_latex=r"\nabla f = (2x,\ -2y)",
    description="A saddle at the origin: started on the ridge, a method must find the way down.",
    reference="Dauphin et al., Identifying and attacking the saddle point problem, NeurIPS 2014",
    bounds=((-2.0, 2.0), (-2.0, 2.0)),
    start=(-1.8, 0.05),
    value=saddle,
    grad=saddle_grad,
    hess=saddle_hess,
    log_scale=False,
)


def monkey_saddle(x: Array, y: Array) -> Array:
    return x**3 - 3 * x * y**2


def monkey_saddle_grad(x: Array, y: Array) -> tuple[Array, Array]:
    return 3 * x**2 - 3 * y**2, -6 * x * y


def monkey_saddle_hess(x: Array, y: Array) -> Hessian:
    return 6 * x, -6 * y, -6 * x


MONKEY_SADDLE = LandscapeSpec(
    name="monkey_saddle",
    title="Monkey saddle",
    latex=r"f(x, y) = x^3 - 3xy^2",
    grad_latex=r"\nabla f = (3x^2 - 3y^2,\ -6xy)",
    description="Three ways down (room for a monkey's tail): the gradient is tiny near the origin.",
    reference="Surface named in Hilbert & Cohn-Vossen, Geometry and the Imagination, 1932",
    bounds=((-2.0, 2.0), (-2.0, 2.0)),
    start=(1.5, 0.3),
    value=monkey_saddle,
    grad=monkey_saddle_grad,
    hess=monkey_saddle_hess,
    log_scale=False,
)
