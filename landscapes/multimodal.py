"""Functions with several minima or many local ones: where you start matters."""

from __future__ import annotations

import math

import numpy as np

from landscapes.base import Array, Hessian, LandscapeSpec

VLSE = "Surjanovic & Bingham, Virtual Library of Simulation Experiments (VLSE)"


def himmelblau(x: Array, y: Array) -> Array:
    return (x**2 + y - 11) ** 2 + (x + y**2 - 7) ** 2


def himmelblau_grad(x: Array, y: Array) -> tuple[Array, Array]:
    a, b = x**2 + y - 11, x + y**2 - 7
    return 4 * x * a + 2 * b, 2 * a + 4 * y * b


def himmelblau_hess(x: Array, y: Array) -> Hessian:
    a, b = x**2 + y - 11, x + y**2 - 7
    return 4 * a + 8 * x**2 + 2, 4 * x + 4 * y, 4 * b + 8 * y**2 + 2


HIMMELBLAU = LandscapeSpec(
    name="himmelblau",
    title="Himmelblau",
    latex=r"\begin{aligned} f(x, y) &= (x^2 + y - 11)^2 \\ &\quad + (x + y^2 - 7)^2 \end{aligned}",
    grad_latex=r"\nabla f = \bigl(4x(x^2+y-11) + 2(x+y^2-7),\ 2(x^2+y-11) + 4y(x+y^2-7)\bigr)",
    description="Four equal minima: which one you reach depends on where you start.",
    reference="Himmelblau, Applied Nonlinear Programming, 1972",
    bounds=((-5.0, 5.0), (-5.0, 5.0)),
    start=(0.0, 0.0),
    value=himmelblau,
    grad=himmelblau_grad,
    hess=himmelblau_hess,
    minima=(
        (3.0, 2.0),
        (-2.805118086952745, 3.131312518250573),
        (-3.779310253377747, -3.283185991286170),
        (3.584428340330492, -1.848126526964404),
    ),
    f_min=0.0,
)


def rastrigin(x: Array, y: Array) -> Array:
    return 20 + x**2 - 10 * np.cos(2 * np.pi * x) + y**2 - 10 * np.cos(2 * np.pi * y)


def rastrigin_grad(x: Array, y: Array) -> tuple[Array, Array]:
    return 2 * x + 20 * np.pi * np.sin(2 * np.pi * x), 2 * y + 20 * np.pi * np.sin(2 * np.pi * y)


def rastrigin_hess(x: Array, y: Array) -> Hessian:
    return 2 + 40 * np.pi**2 * np.cos(2 * np.pi * x), 0.0, 2 + 40 * np.pi**2 * np.cos(2 * np.pi * y)


RASTRIGIN = LandscapeSpec(
    name="rastrigin",
    title="Rastrigin",
    latex=r"f(x, y) = 20 + \sum_{z \in \{x, y\}} \bigl(z^2 - 10\cos 2\pi z\bigr)",
    grad_latex=r"\partial f / \partial z = 2z + 20\pi \sin 2\pi z",
    description="A bowl covered in a regular grid of local minima: easy to get stuck.",
    reference=VLSE,
    bounds=((-5.12, 5.12), (-5.12, 5.12)),
    start=(3.2, -2.8),
    value=rastrigin,
    grad=rastrigin_grad,
    hess=rastrigin_hess,
    minima=((0.0, 0.0),),
    f_min=0.0,
)


def ackley(x: Array, y: Array) -> Array:
    r = np.sqrt(0.5 * (x**2 + y**2))
    return -20 * np.exp(-0.2 * r) - np.exp(0.5 * (np.cos(2 * np.pi * x) + np.cos(2 * np.pi * y))) + math.e + 20


def ackley_grad(x: Array, y: Array) -> tuple[Array, Array]:
    r = np.sqrt(0.5 * (x**2 + y**2))
    # The cone's tip has no gradient; 0 is its smallest subgradient, and it keeps the origin a fixed point.
    safe_r = np.where(r > 0, r, 1.0)
    cone = np.where(r > 0, 2 * np.exp(-0.2 * r) / safe_r, 0.0)
    waves = np.pi * np.exp(0.5 * (np.cos(2 * np.pi * x) + np.cos(2 * np.pi * y)))
    return cone * x + waves * np.sin(2 * np.pi * x), cone * y + waves * np.sin(2 * np.pi * y)


def ackley_hess(x: Array, y: Array) -> Hessian:
    """The cone's part is q·(I − (0.2 + 1/r)·p pᵀ/(2r)) with q = 2e^{−0.2r}/r; infinite at its tip."""
    r = np.sqrt(0.5 * (x**2 + y**2))
    with np.errstate(divide="ignore", invalid="ignore"):
        q = 2 * np.exp(-0.2 * r) / r
        bend = q * (0.2 + 1 / r) * 0.5 / r
    waves = np.pi**2 * np.exp(0.5 * (np.cos(2 * np.pi * x) + np.cos(2 * np.pi * y)))
    sx, sy = np.sin(2 * np.pi * x), np.sin(2 * np.pi * y)
    dxx = q - bend * x**2 + waves * (2 * np.cos(2 * np.pi * x) - sx**2)
    dyy = q - bend * y**2 + waves * (2 * np.cos(2 * np.pi * y) - sy**2)
    return dxx, -bend * x * y - waves * sx * sy, dyy


ACKLEY = LandscapeSpec(
    name="ackley",
    title="Ackley",
    latex=(
        r"\begin{aligned} f &= -20\,e^{-0.2\sqrt{(x^2+y^2)/2}} \\ "
        r"&\quad - e^{(\cos 2\pi x + \cos 2\pi y)/2} + e + 20 \end{aligned}"
    ),
    description="A nearly flat plate full of ripples around one deep hole.",
    reference=VLSE + "; shown on [-5, 5]² (its usual domain is [-32.768, 32.768]²)",
    bounds=((-5.0, 5.0), (-5.0, 5.0)),
    start=(3.5, -3.8),
    value=ackley,
    grad=ackley_grad,
    hess=ackley_hess,
    minima=((0.0, 0.0),),
    f_min=0.0,
)


def _goldstein_price_parts(x: Array, y: Array) -> tuple[Array, ...]:
    a = x + y + 1
    b = 19 - 14 * x + 3 * x**2 - 14 * y + 6 * x * y + 3 * y**2
    c = 2 * x - 3 * y
    d = 18 - 32 * x + 12 * x**2 + 48 * y - 36 * x * y + 27 * y**2
    return a, b, c, d


def goldstein_price(x: Array, y: Array) -> Array:
    a, b, c, d = _goldstein_price_parts(x, y)
    return (1 + a**2 * b) * (30 + c**2 * d)


def goldstein_price_grad(x: Array, y: Array) -> tuple[Array, Array]:
    a, b, c, d = _goldstein_price_parts(x, y)
    A, B = 1 + a**2 * b, 30 + c**2 * d
    db = -14 + 6 * x + 6 * y  # ∂b/∂x = ∂b/∂y
    dA = 2 * a * b + a**2 * db  # ∂A/∂x = ∂A/∂y, as a depends on x + y only
    dB_dx = 4 * c * d + c**2 * (-32 + 24 * x - 36 * y)
    dB_dy = -6 * c * d + c**2 * (48 - 36 * x + 54 * y)
    return dA * B + A * dB_dx, dA * B + A * dB_dy


def goldstein_price_hess(x: Array, y: Array) -> Hessian:
    """f = A·B with A = 1 + a²b, B = 30 + c²d: f_ij = A_ij B + A_i B_j + A_j B_i + A B_ij."""
    a, b, c, d = _goldstein_price_parts(x, y)
    A, B = 1 + a**2 * b, 30 + c**2 * d
    db = -14 + 6 * x + 6 * y  # ∂b/∂x = ∂b/∂y, and every second derivative of b is 6
    dA = 2 * a * b + a**2 * db  # the same for x and y
    ddA = 2 * b + 4 * a * db + 6 * a**2  # ∂²A/∂x², ∂²A/∂x∂y and ∂²A/∂y² alike
    cx, cy = 2.0, -3.0
    dx, dy = -32 + 24 * x - 36 * y, 48 - 36 * x + 54 * y
    Bx, By = 2 * c * cx * d + c**2 * dx, 2 * c * cy * d + c**2 * dy
    Bxx = 2 * cx * cx * d + 4 * c * cx * dx + 24 * c**2
    Bxy = 2 * cx * cy * d + 2 * c * (cx * dy + cy * dx) - 36 * c**2
    Byy = 2 * cy * cy * d + 4 * c * cy * dy + 54 * c**2
    return ddA * B + 2 * dA * Bx + A * Bxx, ddA * B + dA * (Bx + By) + A * Bxy, ddA * B + 2 * dA * By + A * Byy


GOLDSTEIN_PRICE = LandscapeSpec(
    name="goldstein_price",
    title="Goldstein–Price",
    latex=(
        r"\begin{aligned} f &= \bigl[1 + (x+y+1)^2 A\bigr] \\ &\quad \cdot \bigl[30 + (2x - 3y)^2 B\bigr], \\ "
        r"A &= 19 - 14x + 3x^2 - 14y + 6xy + 3y^2, \\ "
        r"B &= 18 - 32x + 12x^2 + 48y - 36xy + 27y^2 \end{aligned}"
    ),
    description="Values span six orders of magnitude, with several local minima.",
    reference=VLSE,
    bounds=((-2.0, 2.0), (-2.0, 2.0)),
    start=(-1.5, 1.5),
    value=goldstein_price,
    grad=goldstein_price_grad,
    hess=goldstein_price_hess,
    minima=((0.0, -1.0),),
    f_min=3.0,
)


def six_hump_camel(x: Array, y: Array) -> Array:
    return (4 - 2.1 * x**2 + x**4 / 3) * x**2 + x * y + (-4 + 4 * y**2) * y**2


def six_hump_camel_grad(x: Array, y: Array) -> tuple[Array, Array]:
    return 8 * x - 8.4 * x**3 + 2 * x**5 + y, x - 8 * y + 16 * y**3


def six_hump_camel_hess(x: Array, y: Array) -> Hessian:
    return 8 - 25.2 * x**2 + 10 * x**4, 1.0, -8 + 48 * y**2


SIX_HUMP_CAMEL = LandscapeSpec(
    name="six_hump_camel",
    title="Six-hump camel",
    latex=(
        r"\begin{aligned} f(x, y) &= \bigl(4 - 2.1x^2 + \tfrac{x^4}{3}\bigr)x^2 \\ "
        r"&\quad + xy + (-4 + 4y^2)\,y^2 \end{aligned}"
    ),
    grad_latex=r"\nabla f = \bigl(8x - 8.4x^3 + 2x^5 + y,\ x - 8y + 16y^3\bigr)",
    description="Six local minima, two of them global.",
    reference=VLSE,
    bounds=((-3.0, 3.0), (-2.0, 2.0)),
    start=(-2.0, 1.5),
    value=six_hump_camel,
    grad=six_hump_camel_grad,
    hess=six_hump_camel_hess,
    minima=((0.0898420131003, -0.7126564030207), (-0.0898420131003, 0.7126564030207)),
    f_min=-1.0316284534898774,
)


def three_hump_camel(x: Array, y: Array) -> Array:
    return 2 * x**2 - 1.05 * x**4 + x**6 / 6 + x * y + y**2


def three_hump_camel_grad(x: Array, y: Array) -> tuple[Array, Array]:
    return 4 * x - 4.2 * x**3 + x**5 + y, x + 2 * y


def three_hump_camel_hess(x: Array, y: Array) -> Hessian:
    return 4 - 12.6 * x**2 + 5 * x**4, 1.0, 2.0


THREE_HUMP_CAMEL = LandscapeSpec(
    name="three_hump_camel",
    title="Three-hump camel",
    latex=r"f(x, y) = 2x^2 - 1.05x^4 + \tfrac{x^6}{6} + xy + y^2",
    grad_latex=r"\nabla f = \bigl(4x - 4.2x^3 + x^5 + y,\ x + 2y\bigr)",
    description="One global minimum between two local ones.",
    reference=VLSE + "; shown on [-2, 2]² (its usual domain is [-5, 5]²)",
    bounds=((-2.0, 2.0), (-2.0, 2.0)),
    start=(-1.8, 1.6),
    value=three_hump_camel,
    grad=three_hump_camel_grad,
    hess=three_hump_camel_hess,
    minima=((0.0, 0.0),),
    f_min=0.0,
)

_ST_X = -2.903534027771177  # the root of 4x³ − 32x + 5 = 0 in [-5, 5] with the lowest f


def styblinski_tang(x: Array, y: Array) -> Array:
    return 0.5 * (x**4 - 16 * x**2 + 5 * x + y**4 - 16 * y**2 + 5 * y)


def styblinski_tang_grad(x: Array, y: Array) -> tuple[Array, Array]:
    return 0.5 * (4 * x**3 - 32 * x + 5), 0.5 * (4 * y**3 - 32 * y + 5)


def styblinski_tang_hess(x: Array, y: Array) -> Hessian:
    return 6 * x**2 - 16, 0.0, 6 * y**2 - 16


STYBLINSKI_TANG = LandscapeSpec(
    name="styblinski_tang",
    title="Styblinski–Tang",
    latex=r"f(x, y) = \tfrac12 \sum_{z \in \{x, y\}} \bigl(z^4 - 16z^2 + 5z\bigr)",
    grad_latex=r"\partial f / \partial z = \tfrac12 (4z^3 - 32z + 5)",
    description="Four basins of different depths: the nearest is rarely the deepest.",
    reference=VLSE,
    bounds=((-5.0, 5.0), (-5.0, 5.0)),
    start=(4.0, 4.5),
    value=styblinski_tang,
    grad=styblinski_tang_grad,
    hess=styblinski_tang_hess,
    minima=((_ST_X, _ST_X),),
    f_min=-78.33233140754282,
)
