r"""Custom landscapes from a formula typed by a user, parsed safely and differentiated exactly.

The text never reaches ``eval``, ``exec``, ``sympify`` or ``parse_expr``. It is read by Python's own
parser (``ast.parse`` builds a tree and runs nothing), every node is checked against a whitelist,
and the tree is translated node by node into SymPy objects. SymPy differentiates it exactly, and
``landscapes.program`` evaluates f and ∇f as straight-line NumPy steps, so no generated code is
executed either.

The server is shared by a whole lecture hall, so no formula may hold it for long, accepted or not:
the text's length, nesting and number of parts are limited; every part that works out to a number is
sized in float64 before SymPy sees it (SymPy would compute 999999**999999 exactly); ``abs`` is
differentiated as sign(u)·u′ for real u (SymPy's own Abs allows complex u, and its derivative swells
exponentially with nesting); the gradient's cost per evaluation and the length of what is typeset are
limited; and a rejected formula is remembered, so a link repeated by a whole hall is checked once.

Accepted: numbers, ``x``, ``y``, ``pi``, ``e``, ``+ - * / **`` (``^`` means power), and the
functions in FUNCTIONS. Everything else is a FormulaError (a ValueError) that says what and where.
"""

from __future__ import annotations

import ast
import logging
import math
import operator
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType
from typing import TypeVar

import numpy as np

from landscapes.base import Landscape, LandscapeSpec
from landscapes.program import NotComputableError, Program, compile_program, float64, tree_size
from landscapes.typeset import latex
from parameters import CoreError, Text

log = logging.getLogger(__name__)
T = TypeVar("T")

MAX_LENGTH = 300
MAX_DEPTH = 24  # nested brackets and operators
MAX_NODES = 120
MAX_CONSTANT = 1e6
MAX_EXPONENT = 64
MAX_WINDOW = 1e4
MAX_MAGNITUDE = 1e300  # any number a part of the formula works out to
MAX_OPERATIONS = 400  # NumPy calls to evaluate ∇f once: the formula's cost per step
MAX_HESSIAN_OPERATIONS = 1200  # for the Hessian, evaluated only where curvature is shown and by Newton
MAX_TYPESET = 400  # nodes of f or ∇f written out; longer is unreadable on a slide (and slow to typeset)
MAX_LATEX = 2000  # characters of LaTeX, for the same reason

FUNCTIONS = (
    "sin", "cos", "tan", "exp", "log", "sqrt", "abs", "tanh", "sinh", "cosh",
    "arctan", "arcsin", "arccos", "atan", "asin", "acos",
)  # fmt: skip
NAMES = ("x", "y", "pi", "e")
_OPERATORS = (ast.Add, ast.Sub, ast.Mult, ast.Div, ast.Pow)
_OPERATOR_WORDS = {ast.FloorDiv: "//", ast.Mod: "%", ast.MatMult: "@", ast.BitXor: "^", ast.BitAnd: "&"}
_OPERATOR_WORDS |= {ast.BitOr: "|", ast.LShift: "<<", ast.RShift: ">>"}


class FormulaError(CoreError):
    """Why a typed function cannot be used, in the page's words (never Python's or SymPy's own)."""


def _fail(template: str, node: ast.AST | None = None, **values: object) -> FormulaError:
    if node is not None and hasattr(node, "col_offset"):
        return FormulaError(AT_COLUMN, reason=Text(template, values), column=node.col_offset + 1)
    return FormulaError(template, **values)


def _check_text(text: object) -> str:
    if not isinstance(text, str):
        raise FormulaError("the function must be text, such as x**2 + 10*sin(y)")
    if len(text) > MAX_LENGTH:
        raise FormulaError(
            "the function is too long: {length} characters (at most {most})", length=len(text), most=MAX_LENGTH
        )
    stripped = text.strip()
    if not stripped:
        raise FormulaError("the function is empty: type one, such as x**2 + 10*sin(y)")
    for i, ch in enumerate(stripped):
        if not (ch.isascii() and (ch.isprintable() or ch in " \t")):
            raise FormulaError(
                "character {character} ({code}) at column {column} is not allowed: "
                "use plain Latin letters, digits and + - * / ^ ( ) . ,",
                character=repr(ch),
                code=f"U+{ord(ch):04X}",
                column=i + 1,
            )
    depth = deepest = 0
    for ch in stripped:
        depth += ch in "([{"
        depth -= ch in ")]}"
        deepest = max(deepest, depth)
    if deepest > MAX_DEPTH:
        raise FormulaError(
            "the function is nested too deeply ({deepest} brackets; at most {most})", deepest=deepest, most=MAX_DEPTH
        )
    return stripped.replace("^", "**")


def _unreadable(source: str, column: int | None) -> FormulaError:
    """Why Python's parser could not read the text, in our words (its own messages are Python's)."""
    depth, reason = 0, Text(UNREADABLE, {})
    for ch in source:
        depth += (ch == "(") - (ch == ")")
        if depth < 0:
            reason = Text(UNOPENED, {})
            break
    else:
        if depth > 0:
            reason = Text(UNCLOSED, {})
    if column:
        return FormulaError(AT_COLUMN, reason=reason, column=column)
    return FormulaError(reason.template)


def parse_tree(text: object) -> ast.Expression:
    """The checked syntax tree of ``text``, or ValueError. Nothing is evaluated."""
    source = _check_text(text)
    try:
        tree = ast.parse(source, mode="eval")
    except SyntaxError as error:
        raise _unreadable(source, error.offset) from None
    except (RecursionError, MemoryError, ValueError):
        raise FormulaError("the function is too complicated to read") from None
    nodes = list(ast.walk(tree))
    if len(nodes) > MAX_NODES:
        raise FormulaError(
            "the function has too many parts ({count}; at most {most})", count=len(nodes), most=MAX_NODES
        )
    _check(tree.body, 0)
    return tree


REJECTED = {  # kinds of node a formula never holds, and why
    ast.Attribute: "attributes (a.b) are not allowed",
    ast.Subscript: "indexing (a[b]) is not allowed",
    ast.Compare: "comparisons and logic (<, ==, and, or) are not allowed",
    ast.BoolOp: "comparisons and logic (<, ==, and, or) are not allowed",
    ast.Call: "only the listed functions can be called, by name, as in sin(x)",
}


def _check(node: ast.AST, depth: int) -> None:
    """Every node of the tree against the whitelist: numbers, x, y, pi, e, + - * / **, the functions."""
    if depth > MAX_DEPTH:
        raise _fail("the function is nested too deeply (at most {most} levels)", node, most=MAX_DEPTH)
    match node:
        case ast.Constant(value=value):
            _check_number(value, node)
        case ast.Name(id=name) if name not in NAMES:
            raise _fail(UNKNOWN_FUNCTION_NAME if name in FUNCTIONS else UNKNOWN_NAME, node, name=repr(name), call=name)
        case ast.Name():
            pass
        case ast.UnaryOp(op=ast.USub() | ast.UAdd(), operand=operand):
            _check(operand, depth + 1)
        case ast.BinOp(op=op, left=left, right=right):
            _check_operator(op, right, node)
            _check(left, depth + 1)
            _check(right, depth + 1)
        case ast.Call(func=ast.Name(id=name), args=args, keywords=keywords):
            _check_call(name, args, keywords, node)
            _check(args[0], depth + 1)
        case _ if type(node) in REJECTED:
            raise _fail(REJECTED[type(node)], node)
        case _:
            raise _fail(
                "{what} is not allowed in a formula: use numbers, x, y and functions", node, what=type(node).__name__
            )


def _check_number(value: object, node: ast.AST) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise _fail("only numbers are allowed as constants, not {given}", node, given=repr(value))
    if not math.isfinite(value) or abs(value) > MAX_CONSTANT:
        raise _fail(
            "the number {given} is too large (at most {most} in size)", node, given=repr(value), most=MAX_CONSTANT
        )


def _check_operator(op: ast.operator, right: ast.AST, node: ast.AST) -> None:
    if not isinstance(op, _OPERATORS):
        word = _OPERATOR_WORDS.get(type(op), type(op).__name__)
        raise _fail("the operator {operator} is not allowed: use + - * / ** (or ^)", node, operator=word)
    if isinstance(op, ast.Pow):
        _check_exponent(right)


def _check_call(name: str, args: list[ast.expr], keywords: list[ast.keyword], node: ast.AST) -> None:
    if name not in FUNCTIONS:
        raise _fail(
            "unknown function {name}: use one of {choices}", node, name=repr(name), choices=", ".join(FUNCTIONS)
        )
    if keywords or len(args) != 1 or isinstance(args[0], ast.Starred):
        raise _fail("{name} takes exactly one argument, as in {name}(x)", node, name=name)


def _check_exponent(node: ast.AST) -> None:
    """x**2.5 and x**y are fine; 9**9**9 and x**1000 are not."""
    value = _constant(node)
    if value is not None:
        if abs(value) > MAX_EXPONENT:
            raise _fail(TOO_LARGE_EXPONENT, node, exponent=value, most=MAX_EXPONENT)
    elif any(isinstance(n, ast.BinOp) and isinstance(n.op, ast.Pow) for n in ast.walk(node)):
        raise _fail("towers of powers (a**b**c) are not allowed", node)


def _constant(node: ast.AST) -> float | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)) and not isinstance(node.value, bool):
        return float(node.value)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        inner = _constant(node.operand)
        return None if inner is None else (-inner if isinstance(node.op, ast.USub) else inner)
    return None


@lru_cache(maxsize=1)
def _sympy():
    """SymPy, loaded on first use (most visitors never type a function), with x, y and the functions."""
    import sympy

    class RealAbs(sympy.Function):
        """|u| of a real u. SymPy's own Abs must allow a complex u, and its derivative of a nested one
        grows exponentially with the depth; for real u, d|u|/du = sign(u)."""

        @classmethod
        def eval(cls, u):
            return abs(u) if u.is_Number else None

        def fdiff(self, argindex=1):
            return RealSign(self.args[0])

    class RealSign(sympy.Function):
        """sign(u), the derivative of |u|; its own derivative is 0 wherever it is defined."""

        @classmethod
        def eval(cls, u):
            return sympy.sign(u) if u.is_Number else None

        def fdiff(self, argindex=1):
            return sympy.S.Zero

    x, y = sympy.symbols("x y", real=True)
    functions = {
        "sin": sympy.sin, "cos": sympy.cos, "tan": sympy.tan, "exp": sympy.exp, "log": sympy.log,
        "sqrt": sympy.sqrt, "abs": RealAbs, "tanh": sympy.tanh, "sinh": sympy.sinh, "cosh": sympy.cosh,
        "arctan": sympy.atan, "atan": sympy.atan, "arcsin": sympy.asin, "asin": sympy.asin,
        "arccos": sympy.acos, "acos": sympy.acos,
    }  # fmt: skip
    return sympy, x, y, functions, {sympy.Abs: RealAbs, sympy.sign: RealSign}


AT_COLUMN = "{reason} (at column {column})"
UNREADABLE = "this is not a formula Python can read"
UNCLOSED = "this is not a formula Python can read: a bracket is not closed"
UNOPENED = "this is not a formula Python can read: a closing bracket has no opening one"
INTERNAL = "the function is too complicated to work with: try a simpler one"
TOO_LARGE = "a part that works out to a number is too large or undefined (such as 10**400 or log(0))"
TOO_LARGE_EXPONENT = "the exponent {exponent} is too large (at most {most})"
UNKNOWN_NAME = "unknown name {name}: use x, y, pi, e"
UNKNOWN_FUNCTION_NAME = "unknown name {name}: use x, y, pi, e; did you mean {call}(...)?"


ARITHMETIC = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv}


def to_sympy(tree: ast.Expression):
    """Translate a checked tree into a SymPy expression, node by node.

    SymPy folds parts without x and y into exact numbers as it builds them (999999 + x − x is
    999999), and an exact 999999**999999 would hold the interpreter for minutes. So every part that
    folds to a number is worked out in float64 first, and a power is built only once its float64
    value is known to be finite and reasonable.
    """
    return _Translation().build(tree.body)


class _Translation:
    def __init__(self) -> None:
        self.sympy, x, y, self.functions, _ = _sympy()
        self.names = {"x": x, "y": y, "pi": self.sympy.pi, "e": self.sympy.E}
        self.memo: dict = {}  # float64 values of the parts that are numbers

    def build(self, node: ast.AST):
        match node:
            case ast.Constant(value=int() as v):
                return self.sympy.Integer(v)
            case ast.Constant(value=v):
                return self.sympy.nsimplify(v, rational=True) if float(v).is_integer() else self.sympy.Float(v)
            case ast.Name(id=name):
                return self.names[name]
            case ast.UnaryOp(op=ast.USub(), operand=operand):
                return -self.build(operand)
            case ast.UnaryOp(operand=operand):
                return self.build(operand)
            case ast.BinOp(op=ast.Pow(), left=a, right=b):
                return self.sized(self.power(self.build(a), self.build(b), node), node)
            case ast.BinOp(op=op, left=a, right=b):
                return self.sized(ARITHMETIC[type(op)](self.build(a), self.build(b)), node)
            case ast.Call(func=ast.Name(id=name), args=[arg]):
                return self.sized(self.functions[name](self.build(arg)), node)
        raise ValueError(f"cannot translate {type(node).__name__}")  # unreachable after _check

    def sized(self, expr, node: ast.AST):
        if not expr.free_symbols:
            value = float64(expr, self.memo)
            if not (math.isfinite(value) and abs(value) <= MAX_MAGNITUDE):
                raise _fail(TOO_LARGE, node)
        return expr

    def power(self, base, exponent, node: ast.AST):
        if not exponent.free_symbols:
            e = float64(exponent, self.memo)
            if abs(e) > MAX_EXPONENT:
                raise _fail(TOO_LARGE_EXPONENT, node, exponent=e, most=MAX_EXPONENT)
            if not base.free_symbols:
                with np.errstate(all="ignore"):
                    value = float(np.power(np.float64(float64(base, self.memo)), np.float64(e)))
                if not (math.isfinite(value) and abs(value) <= MAX_MAGNITUDE):
                    raise _fail("a power of numbers is too large or undefined (such as 10**400)", node)
        return base**exponent


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
    return _raised(_formula(_check_text(text)))


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
        except (ValueError, TypeError, ArithmeticError, RecursionError, MemoryError, NotComputableError):
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
    sympy, _, _, _, realify = _sympy()
    f = to_sympy(parse_tree(source))
    if f.has(sympy.zoo, sympy.oo, -sympy.oo, sympy.nan):
        raise FormulaError("the function is infinite or undefined everywhere (a division by zero?)")
    if f.has(sympy.I):
        raise FormulaError("the function takes complex values (such as sqrt(-1) or log(-1)): use real ones")
    return f.replace(lambda e: type(e) in realify, lambda e: realify[type(e)](*e.args))


@lru_cache(maxsize=128)
def _gradient(source: str):
    """(∂f/∂x, ∂f/∂y) of the checked text, as SymPy expressions."""
    sympy, x, y, _, _ = _sympy()
    f = _function(source)
    return sympy.diff(f, x), sympy.diff(f, y)


def _differentiate(source: str) -> Formula:
    _, x, y, _, _ = _sympy()
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
    sympy, x, y, _, _ = _sympy()
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
