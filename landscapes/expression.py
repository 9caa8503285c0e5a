r"""Custom landscapes from a formula typed by a user, parsed safely and differentiated exactly.

The text never reaches ``eval``, ``exec``, ``sympify`` or ``parse_expr``: ``landscapes.reading`` reads it
with Python's own parser, checks every node against a whitelist and translates the tree node by node
into SymPy objects. SymPy differentiates it exactly, and
``landscapes.program`` evaluates f and ∇f as straight-line NumPy steps, so no generated code is
executed either.

The server is shared by a whole lecture hall, so no formula may hold it for long, accepted or not: the
text is read and checked by ``landscapes.reading`` (its length, nesting and parts limited, every number
sized in float64 before SymPy sees it); the gradient's cost per evaluation and the length of what is
typeset are limited; and a rejected formula is remembered, so a link repeated by a whole hall is checked
once.

Accepted: numbers, ``x``, ``y``, ``pi``, ``e``, ``+ - * / **`` (``^`` means power), and the
functions in FUNCTIONS. Everything else is a FormulaError (a ValueError) that says what and where.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType
from typing import TypeVar

import numpy as np

from landscapes.base import Landscape, LandscapeSpec
from landscapes.program import NotComputableError, Program, compile_program, tree_size
from landscapes.reading import INTERNAL, TOO_LARGE, FormulaError, checked_text, parse_tree, sympy_tools, to_sympy
from landscapes.typeset import latex

log = logging.getLogger(__name__)
T = TypeVar("T")

MAX_WINDOW = 1e4
MAX_OPERATIONS = 400  # NumPy calls to evaluate ∇f once: the formula's cost per step
MAX_HESSIAN_OPERATIONS = 1200  # for the Hessian, evaluated only where curvature is shown and by Newton
MAX_TYPESET = 400  # nodes of f or ∇f written out; longer is unreadable on a slide (and slow to typeset)
MAX_LATEX = 2000  # characters of LaTeX, for the same reason


@dataclass(frozen=True)
class Formula:
    """A checked formula: its programs for f and ∇f, its LaTeX, and what one evaluation costs."""

    source: str
    value: Program
    grad: Program
    latex: str
    grad_latex: str  # "" where ∇f is too long to typeset


def _typeset(exprs, memo: dict) -> str | None:
    """LaTeX of the expressions, or None where written out they would be too long to read."""
    if sum(tree_size(e, memo, MAX_TYPESET) for e in exprs) > MAX_TYPESET:
        return None
    text = ",\\ ".join(latex(e) for e in exprs)
    return text if len(text) <= MAX_LATEX else None


def formula(text: object) -> Formula:
    r"""Check, translate and differentiate a typed function; a FormulaError in the page's words if it fails.

    >>> f = formula("x^2 + 10*sin(y)")
    >>> print(f.latex, "|", f.grad_latex)
    x^{2} + 10 \sin{\left(y \right)} | 2 x,\ 10 \cos{\left(y \right)}
    >>> len(f.grad.steps)  # NumPy calls per evaluation of ∇f: its cost
    3
    """
    return _raised(_formula(checked_text(text)))


def _remembered(compute: Callable[[str], T]) -> Callable[[str], T | FormulaError]:
    """``compute`` cached with its failures too (a link repeated by a whole hall costs its work once),
    and every failure in the page's words: SymPy's and Python's own messages (such as Python's limit
    on integer digits) never reach the page."""

    @lru_cache(maxsize=128)
    def outcome(source: str) -> T | FormulaError:
        try:
            return compute(source)
        except FormulaError as error:
            return error
        except Exception:  # SymPy's own failures have many types (an AttributeError for sin(64**64)): none is ours
            log.warning("%s failed after an internal error: %r", compute.__name__, source, exc_info=True)
            return FormulaError(INTERNAL)

    return outcome


def _raised(outcome: T | FormulaError) -> T:
    if isinstance(outcome, FormulaError):
        raise outcome.with_traceback(None)  # a cached error: not a traceback that grows with every raise
    return outcome


@_remembered
def _formula(source: str) -> Formula:
    return _differentiate(source)


@lru_cache(maxsize=128)
def _function(source: str):
    """The checked text as a real SymPy expression in x and y."""
    sympy, _, _, _, realify = sympy_tools()
    f = to_sympy(parse_tree(source))
    if f.has(sympy.zoo, sympy.oo, -sympy.oo, sympy.nan):
        raise FormulaError("the function is infinite or undefined everywhere (a division by zero?)")
    if f.has(sympy.I):
        raise FormulaError("the function takes complex values (such as sqrt(-1) or log(-1)): use real ones")
    return f.replace(lambda e: type(e) in realify, lambda e: realify[type(e)](*e.args))


@lru_cache(maxsize=128)
def _gradient(source: str):
    """(∂f/∂x, ∂f/∂y) of the checked text, as SymPy expressions."""
    sympy, x, y, _, _ = sympy_tools()
    f = _function(source)
    return sympy.diff(f, x), sympy.diff(f, y)


def _differentiate(source: str) -> Formula:
    _, x, y, _, _ = sympy_tools()
    f = _function(source)
    gx, gy = _gradient(source)
    try:
        value, grad = compile_program([f], x, y), compile_program([gx, gy], x, y)
    except NotComputableError:
        raise FormulaError("the function has a part that cannot be computed (a division by zero?)") from None
    if not all(math.isfinite(c) for c in (*value.constants, *grad.constants)):  # (999999·x)^64: 999999^64·x^64
        raise FormulaError(TOO_LARGE)
    if len(grad.steps) > MAX_OPERATIONS:
        raise FormulaError(
            "the function is too expensive to compute: its gradient takes {count} operations "
            "(at most {most}); try a shorter one",
            count=len(grad.steps),
            most=MAX_OPERATIONS,
        )
    memo: dict = {}
    typeset = _typeset([f], memo)
    if typeset is None:
        raise FormulaError("the function is too long to show: try a shorter one")
    return Formula(source, value, grad, typeset, _typeset([gx, gy], memo) or "")


def hessian(source: str) -> Program:
    """The exact Hessian (f_xx, f_xy, f_yy) of a checked formula, differentiated by SymPy on first use.

    >>> [float(v[0]) for v in hessian("x^3 + x*y")(np.array([2.0]), np.array([0.0]))]
    [12.0, 1.0, 0.0]
    """
    return _raised(_hessian(source))


@_remembered
def _hessian(source: str) -> Program:
    sympy, x, y, _, _ = sympy_tools()
    gx, gy = _gradient(source)
    # from the gradient, not diff(f, x, 2): SymPy redoes the first derivative inside, 5× slower
    program = compile_program([sympy.diff(gx, x), sympy.diff(gx, y), sympy.diff(gy, y)], x, y)
    if len(program.steps) > MAX_HESSIAN_OPERATIONS:
        raise FormulaError(
            "the function's curvature is too expensive to compute: its Hessian takes {count} operations "
            "(at most {most})",
            count=len(program.steps),
            most=MAX_HESSIAN_OPERATIONS,
        )
    return program


def _window(bounds: object) -> tuple[tuple[float, float], tuple[float, float]]:
    try:
        (x0, x1), (y0, y1) = bounds  # type: ignore[misc]
        values = [float(v) for v in (x0, x1, y0, y1)]
    except (TypeError, ValueError):
        raise FormulaError("the window must be ((xmin, xmax), (ymin, ymax))") from None
    if not all(math.isfinite(v) and abs(v) <= MAX_WINDOW for v in values):
        raise FormulaError("the window's ends must be numbers between −{most} and {most}", most=MAX_WINDOW)
    if not (values[0] < values[1] and values[2] < values[3]):
        raise FormulaError("the window needs xmin < xmax and ymin < ymax")
    return (values[0], values[1]), (values[2], values[3])


def _defined_start(value: Callable, grad: Callable, window) -> tuple[float, float]:
    """A start in the upper left of the window, moved to where f and ∇f are defined if need be."""
    (x0, x1), (y0, y1) = window
    for u, v in ((0.25, 0.75), (0.75, 0.75), (0.75, 0.25), (0.25, 0.25), (0.6, 0.6), (0.9, 0.9), (0.5, 0.5)):
        px, py = np.array([x0 + u * (x1 - x0)]), np.array([y0 + v * (y1 - y0)])
        gx, gy = grad(px, py)
        if np.isfinite(value(px, py)).all() and np.isfinite(gx).all() and np.isfinite(gy).all():
            return float(px[0]), float(py[0])
    return x0 + 0.25 * (x1 - x0), y0 + 0.75 * (y1 - y0)


def from_expression(text: str, bounds: object = ((-3.0, 3.0), (-3.0, 3.0))) -> Landscape:
    """A Landscape for f(x, y) typed as text, with an exact (symbolic) gradient.

    >>> ls = from_expression("x^2 + 10*sin(y)")
    >>> ls.grad((1.0, 0.0)).tolist()
    [2.0, 10.0]
    """
    window = _window(bounds)
    return _build(formula(text), window)


@lru_cache(maxsize=64)
def _build(checked: Formula, window: tuple[tuple[float, float], tuple[float, float]]) -> Landscape:
    def value(px: np.ndarray, py: np.ndarray) -> np.ndarray:
        return checked.value(np.asarray(px, dtype=float), np.asarray(py, dtype=float))[0]

    def grad(px: np.ndarray, py: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        gx, gy = checked.grad(np.asarray(px, dtype=float), np.asarray(py, dtype=float))
        return gx, gy

    def hess(px: np.ndarray, py: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        fxx, fxy, fyy = hessian(checked.source)(np.asarray(px, dtype=float), np.asarray(py, dtype=float))
        return fxx, fxy, fyy

    spec = LandscapeSpec(
        name="custom",
        title=f"f(x, y) = {checked.source}",
        latex=f"f(x, y) = {checked.latex}",
        grad_latex=rf"\nabla f = \left({checked.grad_latex}\right)" if checked.grad_latex else "",
        description="Your own function.",
        reference="typed by the user",
        bounds=window,
        start=_defined_start(value, grad, window),
        value=value,
        grad=grad,
        hess=hess,
        log_scale=False,
        extra={"expression": checked.source, "operations": len(checked.grad.steps)},
    )
    return Landscape(spec, MappingProxyType({}))
