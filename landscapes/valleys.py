"""Convex-ish valleys and bowls: where one learning rate for all weights struggles."""

from __future__ import annotations

import numpy as np

from landscapes.base import Array, Hessian, LandscapeSpec
from parameters import Parameter


def rosenbrock(x: Array, y: Array) -> Array:
    return (1 - x) ** 2 + 100 * (y - x**2) ** 2


def rosenbrock_grad(x: Array, y: Array) -> tuple[Array, Array]:
    valley = y - x**2  # how far above the valley's floor y = x²
    return -2 * (1 - x) - 400 * x * valley, 200 * valley


def rosenbrock_value_and_grad(x: Array, y: Array, f: Array, g: Array) -> None:
    """f and ∇f from the terms they share, 1 − x and the valley y − x², by the operations above (so the same
    numbers), each one's last operation made in its array (f, and g's two columns): where a run keeps them."""
    rise, valley = 1 - x, y - x**2
    np.add(rise**2, 100 * valley**2, out=f)  # (1 − x)² + 100(y − x²)²
    np.subtract(-2 * rise, 400 * x * valley, out=g[..., 0])  # −2(1 − x) − 400x(y − x²)
    np.multiply(200, valley, out=g[..., 1])  # 200(y − x²)


def rosenbrock_hess(x: Array, y: Array) -> Hessian:
    return 2 - 400 * y + 1200 * x**2, -400 * x, 200.0


ROSENBROCK = LandscapeSpec(
    name="rosenbrock",
    title="Rosenbrock (homework PR4)",
    latex=r"f(x, y) = (1 - x)^2 + 100\,(y - x^2)^2",
    grad_latex=r"\nabla f = \bigl(-2(1-x) - 400x(y - x^2),\ 200(y - x^2)\bigr)",
    description="A long, curved, flat-bottomed valley: easy to find, hard to follow to the minimum.",
    reference="Rosenbrock, The Computer Journal 3(3), 1960; homework PR4",
    bounds=((-2.0, 3.0), (-2.0, 3.0)),
    start=(-1.5, 2.5),
    value=rosenbrock,
    grad=rosenbrock_grad,
    hess=rosenbrock_hess,
    value_and_grad=rosenbrock_value_and_grad,
    minima=((1.0, 1.0),),
    f_min=0.0,
)


def _rotated(x: Array, y: Array, theta: float | Array) -> tuple[Array, Array, Array, Array]:
    c, s = np.cos(np.radians(theta)), np.sin(np.radians(theta))
    return c * x + s * y, -s * x + c * y, c, s


def quadratic(x: Array, y: Array, kappa: float, theta: float) -> Array:
    u, v, _, _ = _rotated(x, y, theta)
    return 0.5 * (u**2 + kappa * v**2)


def quadratic_grad(x: Array, y: Array, kappa: float, theta: float) -> tuple[Array, Array]:
    u, v, c, s = _rotated(x, y, theta)
    return c * u - s * kappa * v, s * u + c * kappa * v


def quadratic_hess(x: Array, y: Array, kappa: float, theta: float) -> Hessian:
    """R_θᵀ diag(1, κ) R_θ: constant, with eigenvalues 1 and κ."""
    _, _, c, s = _rotated(x, y, theta)
    return c**2 + kappa * s**2, c * s * (1 - kappa), s**2 + kappa * c**2


QUADRATIC = LandscapeSpec(
    name="quadratic",
    title="Ill-conditioned quadratic",
    latex=(
        r"\begin{aligned} f &= \tfrac12\,(u^2 + \kappa\, v^2), \\ "
        r"\begin{pmatrix}u\\v\end{pmatrix} &= "
        r"\begin{pmatrix}\cos\theta & \sin\theta\\ -\sin\theta & \cos\theta\end{pmatrix}"
        r"\begin{pmatrix}x\\y\end{pmatrix} \end{aligned}"
    ),
    grad_latex=r"\nabla f = R_\theta^\top \begin{pmatrix}u\\ \kappa v\end{pmatrix}",
    description="A bowl κ times steeper across than along: gradient scales differ by κ.",
    reference="Goh, Why Momentum Really Works, Distill 2017",
    bounds=((-3.0, 3.0), (-3.0, 3.0)),
    start=(-2.5, 1.5),
    value=quadratic,
    grad=quadratic_grad,
    hess=quadratic_hess,
    minima=((0.0, 0.0),),
    f_min=0.0,
    parameters=(
        Parameter(
            "kappa",
            "κ",
            r"\kappa",
            20.0,
            low=1.0,
            high=1e4,
            slider=(1.0, 1000.0),
            log=True,
            help="Condition number: the ratio of the steepest to the flattest curvature.",
        ),
        Parameter(
            "theta",
            "θ",
            r"\theta",
            0.0,
            low=-180.0,
            high=180.0,
            slider=(-90.0, 90.0),
            unit="°",
            help="Rotation of the bowl's axes, in degrees.",
        ),
    ),
)


def booth(x: Array, y: Array) -> Array:
    return (x + 2 * y - 7) ** 2 + (2 * x + y - 5) ** 2


def booth_grad(x: Array, y: Array) -> tuple[Array, Array]:
    a, b = x + 2 * y - 7, 2 * x + y - 5
    return 2 * a + 4 * b, 4 * a + 2 * b


def booth_hess(x: Array, y: Array) -> Hessian:
    return 10.0, 8.0, 10.0


BOOTH = LandscapeSpec(
    name="booth",
    title="Booth",
    latex=r"\begin{aligned} f(x, y) &= (x + 2y - 7)^2 \\ &\quad + (2x + y - 5)^2 \end{aligned}",
    grad_latex=r"\nabla f = \bigl(10x + 8y - 34,\ 8x + 10y - 38\bigr)",
    description="A simple convex bowl, slightly tilted: every method should get there.",
    reference="Surjanovic & Bingham, Virtual Library of Simulation Experiments (VLSE)",
    bounds=((-10.0, 10.0), (-10.0, 10.0)),
    start=(-7.0, -7.0),
    value=booth,
    grad=booth_grad,
    hess=booth_hess,
    minima=((1.0, 3.0),),
    f_min=0.0,
)


def matyas(x: Array, y: Array) -> Array:
    return 0.26 * (x**2 + y**2) - 0.48 * x * y


def matyas_grad(x: Array, y: Array) -> tuple[Array, Array]:
    return 0.52 * x - 0.48 * y, 0.52 * y - 0.48 * x


def matyas_hess(x: Array, y: Array) -> Hessian:
    return 0.52, -0.48, 0.52


MATYAS = LandscapeSpec(
    name="matyas",
    title="Matyas",
    latex=r"f(x, y) = 0.26\,(x^2 + y^2) - 0.48\,xy",
    grad_latex=r"\nabla f = \bigl(0.52x - 0.48y,\ 0.52y - 0.48x\bigr)",
    description="A convex bowl with a flat diagonal trough (condition number 25, rotated 45°).",
    reference="Surjanovic & Bingham, VLSE",
    bounds=((-10.0, 10.0), (-10.0, 10.0)),
    start=(-8.0, 6.0),
    value=matyas,
    grad=matyas_grad,
    hess=matyas_hess,
    minima=((0.0, 0.0),),
    f_min=0.0,
)


def beale(x: Array, y: Array) -> Array:
    return (1.5 - x + x * y) ** 2 + (2.25 - x + x * y**2) ** 2 + (2.625 - x + x * y**3) ** 2


def beale_grad(x: Array, y: Array) -> tuple[Array, Array]:
    a, b, c = 1.5 - x + x * y, 2.25 - x + x * y**2, 2.625 - x + x * y**3
    dx = 2 * a * (y - 1) + 2 * b * (y**2 - 1) + 2 * c * (y**3 - 1)
    dy = 2 * a * x + 4 * b * x * y + 6 * c * x * y**2
    return dx, dy


def beale_hess(x: Array, y: Array) -> Hessian:
    a, b, c = 1.5 - x + x * y, 2.25 - x + x * y**2, 2.625 - x + x * y**3
    dxx = 2 * (y - 1) ** 2 + 2 * (y**2 - 1) ** 2 + 2 * (y**3 - 1) ** 2
    dxy = 2 * (x * (y - 1) + a) + 4 * (x * y * (y**2 - 1) + y * b) + 6 * (x * y**2 * (y**3 - 1) + y**2 * c)
    dyy = 2 * x**2 + 4 * x * b + 8 * x**2 * y**2 + 12 * x * y * c + 18 * x**2 * y**4
    return dxx, dxy, dyy


BEALE = LandscapeSpec(
    name="beale",
    title="Beale",
    latex=(
        r"\begin{aligned} f &= (1.5 - x + xy)^2 \\ &\quad + (2.25 - x + xy^2)^2 \\ "
        r"&\quad + (2.625 - x + xy^3)^2 \end{aligned}"
    ),
    description="Flat in the middle, very steep at the corners: gradient scales differ enormously.",
    reference="Surjanovic & Bingham, VLSE",
    bounds=((-4.5, 4.5), (-4.5, 4.5)),
    start=(1.0, 1.5),
    value=beale,
    grad=beale_grad,
    hess=beale_hess,
    minima=((3.0, 0.5),),
    f_min=0.0,
)
