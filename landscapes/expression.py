r"""Custom landscapes from a formula typed by a user, parsed safely and differentiated exactly.

The text never reaches ``eval``, ``exec``, ``sympify`` or ``parse_expr``. It is read by Python's own
parser (``ast.parse`` builds a tree and runs nothing), every node is checked against a whitelist,
and the tree is translated node by node into SymPy objects. SymPy differentiates it exactly, and a
small interpreter evaluates f and ∇f on NumPy arrays, so no generated code is executed either.

Accepted: numbers, ``x``, ``y``, ``pi``, ``e``, ``+ - * / **`` (``^`` means power), and the
functions in FUNCTIONS. Everything else is a ValueError that says what and where.
"""

from __future__ import annotations

import ast
import math
from collections.abc import Callable
from functools import lru_cache
from types import MappingProxyType

import numpy as np

from landscapes.base import Landscape, LandscapeSpec

MAX_LENGTH = 300
MAX_DEPTH = 24  # nested brackets and operators
MAX_NODES = 120
MAX_CONSTANT = 1e6
MAX_EXPONENT = 64
MAX_WINDOW = 1e4

# The functions a formula may call, with their NumPy twins (used to size up parts made of numbers only).
FLOAT_FUNCTIONS: dict[str, Callable] = {
    "sin": np.sin, "cos": np.cos, "tan": np.tan, "exp": np.exp, "log": np.log, "sqrt": np.sqrt,
    "abs": np.abs, "tanh": np.tanh, "sinh": np.sinh, "cosh": np.cosh, "arctan": np.arctan,
    "arcsin": np.arcsin, "arccos": np.arccos, "atan": np.arctan, "asin": np.arcsin, "acos": np.arccos,
}  # fmt: skip
FUNCTIONS = tuple(FLOAT_FUNCTIONS)
NAMES = ("x", "y", "pi", "e")
_OPERATORS = (ast.Add, ast.Sub, ast.Mult, ast.Div, ast.Pow)
_OPERATOR_WORDS = {ast.FloorDiv: "//", ast.Mod: "%", ast.MatMult: "@", ast.BitXor: "^", ast.BitAnd: "&"}
_OPERATOR_WORDS |= {ast.BitOr: "|", ast.LShift: "<<", ast.RShift: ">>"}


def _fail(message: str, node: ast.AST | None = None) -> ValueError:
    where = f" (at column {node.col_offset + 1})" if node is not None and hasattr(node, "col_offset") else ""
    return ValueError(message + where)


def _check_text(text: object) -> str:
    if not isinstance(text, str):
        raise ValueError("the function must be text, such as x**2 + 10*sin(y)")
    if len(text) > MAX_LENGTH:
        raise ValueError(f"the function is too long: {len(text)} characters (at most {MAX_LENGTH})")
    stripped = text.strip()
    if not stripped:
        raise ValueError("the function is empty: type one, such as x**2 + 10*sin(y)")
    for i, ch in enumerate(stripped):
        if not (ch.isascii() and (ch.isprintable() or ch in " \t")):
            raise ValueError(
                f"character {ch!r} (U+{ord(ch):04X}) at column {i + 1} is not allowed: "
                "use plain Latin letters, digits and + - * / ^ ( ) . ,"
            )
    depth = deepest = 0
    for ch in stripped:
        depth += ch in "([{"
        depth -= ch in ")]}"
        deepest = max(deepest, depth)
    if deepest > MAX_DEPTH:
        raise ValueError(f"the function is nested too deeply ({deepest} brackets; at most {MAX_DEPTH})")
    return stripped.replace("^", "**")


def parse_tree(text: object) -> ast.Expression:
    """The checked syntax tree of ``text``, or ValueError. Nothing is evaluated."""
    source = _check_text(text)
    try:
        tree = ast.parse(source, mode="eval")
    except SyntaxError as error:
        column = f" at column {error.offset}" if error.offset else ""
        raise ValueError(f"this is not a formula Python can read{column}: {error.msg}") from None
    except (RecursionError, MemoryError, ValueError):
        raise ValueError("the function is too complicated to read") from None
    nodes = list(ast.walk(tree))
    if len(nodes) > MAX_NODES:
        raise ValueError(f"the function has too many parts ({len(nodes)}; at most {MAX_NODES})")
    _check(tree.body, 0)
    _check_constant_parts(tree.body)
    return tree


def _check_constant_parts(node: ast.AST) -> float | None:
    """Each part made of numbers only is worked out in float64 first: SymPy computes such parts
    exactly, and an exact (10**6)**64**... would take forever, while its float is just inf."""
    match node:
        case ast.Constant(value=v):
            return float(v)
        case ast.Name(id="pi"):
            return math.pi
        case ast.Name(id="e"):
            return math.e
        case ast.Name():
            return None
        case ast.UnaryOp(op=op, operand=operand):
            inner = _check_constant_parts(operand)
            value = None if inner is None else (-inner if isinstance(op, ast.USub) else inner)
        case ast.BinOp(op=op, left=left, right=right):
            a, b = _check_constant_parts(left), _check_constant_parts(right)
            value = None if a is None or b is None else _float_op(op, a, b)
        case ast.Call(func=ast.Name(id=name), args=[arg]):
            inner = _check_constant_parts(arg)
            with np.errstate(all="ignore"):
                value = None if inner is None else float(FLOAT_FUNCTIONS[name](np.float64(inner)))
        case _:
            return None
    if value is not None and not (math.isfinite(value) and abs(value) <= 1e300):
        raise _fail("a part made of numbers only is too large or undefined (such as 10**400 or log(0))", node)
    return value


def _float_op(op: ast.operator, a: float, b: float) -> float:
    with np.errstate(all="ignore"):
        x, y = np.float64(a), np.float64(b)
        match op:
            case ast.Add():
                return float(x + y)
            case ast.Sub():
                return float(x - y)
            case ast.Mult():
                return float(x * y)
            case ast.Div():
                return float(x / y) if y != 0 else math.inf
            case _:
                return float(np.power(x, y))


def _check(node: ast.AST, depth: int) -> None:
    if depth > MAX_DEPTH:
        raise _fail(f"the function is nested too deeply (at most {MAX_DEPTH} levels)", node)
    match node:
        case ast.Constant(value=value):
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise _fail(f"only numbers are allowed as constants, not {type(value).__name__} {value!r}", node)
            if not math.isfinite(value) or abs(value) > MAX_CONSTANT:
                raise _fail(f"the number {value!r} is too large (at most {MAX_CONSTANT:g} in size)", node)
        case ast.Name(id=name):
            if name not in NAMES:
                hint = f"; did you mean {name}(...)?" if name in FUNCTIONS else ""
                raise _fail(f"unknown name {name!r}: use x, y, pi, e{hint}", node)
        case ast.UnaryOp(op=ast.USub() | ast.UAdd(), operand=operand):
            _check(operand, depth + 1)
        case ast.BinOp(op=op, left=left, right=right):
            if not isinstance(op, _OPERATORS):
                word = _OPERATOR_WORDS.get(type(op), type(op).__name__)
                raise _fail(f"the operator {word} is not allowed: use + - * / ** (or ^)", node)
            if isinstance(op, ast.Pow):
                _check_exponent(right)
            _check(left, depth + 1)
            _check(right, depth + 1)
        case ast.Call(func=ast.Name(id=name), args=args, keywords=keywords):
            if name not in FUNCTIONS:
                raise _fail(f"unknown function {name!r}: use one of {', '.join(FUNCTIONS)}", node)
            if keywords or len(args) != 1 or isinstance(args[0], ast.Starred):
                raise _fail(f"{name} takes exactly one argument, as in {name}(x)", node)
            _check(args[0], depth + 1)
        case ast.Call():
            raise _fail("only the listed functions can be called, by name, as in sin(x)", node)
        case ast.Attribute():
            raise _fail("attributes (a.b) are not allowed", node)
        case ast.Subscript():
            raise _fail("indexing (a[b]) is not allowed", node)
        case ast.Compare() | ast.BoolOp():
            raise _fail("comparisons and logic (<, ==, and, or) are not allowed", node)
        case _:
            raise _fail(f"{type(node).__name__} is not allowed in a formula: use numbers, x, y and functions", node)


def _check_exponent(node: ast.AST) -> None:
    """x**2.5 and x**y are fine; 9**9**9 and x**1000 are not."""
    value = _constant(node)
    if value is not None:
        if abs(value) > MAX_EXPONENT:
            raise _fail(f"the exponent {value:g} is too large (at most {MAX_EXPONENT})", node)
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
    import sympy  # loaded on first use: most visitors never type a function

    x, y = sympy.symbols("x y", real=True)
    functions = {
        "sin": sympy.sin, "cos": sympy.cos, "tan": sympy.tan, "exp": sympy.exp, "log": sympy.log,
        "sqrt": sympy.sqrt, "abs": sympy.Abs, "tanh": sympy.tanh, "sinh": sympy.sinh, "cosh": sympy.cosh,
        "arctan": sympy.atan, "atan": sympy.atan, "arcsin": sympy.asin, "asin": sympy.asin,
        "arccos": sympy.acos, "acos": sympy.acos,
    }  # fmt: skip
    return sympy, x, y, functions


def to_sympy(tree: ast.Expression):
    """Translate a checked tree into a SymPy expression, node by node."""
    sympy, x, y, functions = _sympy()
    names = {"x": x, "y": y, "pi": sympy.pi, "e": sympy.E}

    def build(node: ast.AST):
        match node:
            case ast.Constant(value=int() as v):
                return sympy.Integer(v)
            case ast.Constant(value=v):
                return sympy.nsimplify(v, rational=True) if float(v).is_integer() else sympy.Float(v)
            case ast.Name(id=name):
                return names[name]
            case ast.UnaryOp(op=ast.USub(), operand=operand):
                return -build(operand)
            case ast.UnaryOp(operand=operand):
                return build(operand)
            case ast.BinOp(op=ast.Add(), left=a, right=b):
                return build(a) + build(b)
            case ast.BinOp(op=ast.Sub(), left=a, right=b):
                return build(a) - build(b)
            case ast.BinOp(op=ast.Mult(), left=a, right=b):
                return build(a) * build(b)
            case ast.BinOp(op=ast.Div(), left=a, right=b):
                return build(a) / build(b)
            case ast.BinOp(op=ast.Pow(), left=a, right=b):
                return build(a) ** build(b)
            case ast.Call(func=ast.Name(id=name), args=[arg]):
                return functions[name](build(arg))
        raise ValueError(f"cannot translate {type(node).__name__}")  # unreachable after _check

    return build(tree.body)


_NUMPY: dict[str, Callable] = {
    "sin": np.sin, "cos": np.cos, "tan": np.tan, "exp": np.exp, "log": np.log, "Abs": np.abs,
    "tanh": np.tanh, "sinh": np.sinh, "cosh": np.cosh, "atan": np.arctan, "asin": np.arcsin,
    "acos": np.arccos, "sign": np.sign,
}  # fmt: skip


def evaluate(expr, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """A small interpreter for the SymPy trees built here: no code is generated or executed."""
    _, sx, sy, _ = _sympy()
    if expr == sx:
        return x
    if expr == sy:
        return y
    if expr.is_Number or expr.is_NumberSymbol:
        try:
            number = float(expr)
        except (OverflowError, TypeError):
            number = math.nan
        return np.full(np.broadcast(x, y).shape, number)
    args = [evaluate(a, x, y) for a in expr.args]
    if expr.is_Add:
        return sum(args[1:], args[0])
    if expr.is_Mul:
        out = args[0]
        for a in args[1:]:
            out = out * a
        return out
    if expr.is_Pow:
        return np.power(args[0], args[1])
    name = type(expr).__name__
    if name in _NUMPY:
        return _NUMPY[name](args[0])
    raise ValueError(f"cannot evaluate {name}")


def _window(bounds: object) -> tuple[tuple[float, float], tuple[float, float]]:
    try:
        (x0, x1), (y0, y1) = bounds  # type: ignore[misc]
        values = [float(v) for v in (x0, x1, y0, y1)]
    except (TypeError, ValueError):
        raise ValueError("the window must be ((xmin, xmax), (ymin, ymax))") from None
    if not all(math.isfinite(v) and abs(v) <= MAX_WINDOW for v in values):
        raise ValueError(f"the window's ends must be numbers between −{MAX_WINDOW:g} and {MAX_WINDOW:g}")
    if not (values[0] < values[1] and values[2] < values[3]):
        raise ValueError("the window needs xmin < xmax and ymin < ymax")
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
    return _build(_check_text(text), window)


@lru_cache(maxsize=64)
def _build(source: str, window: tuple[tuple[float, float], tuple[float, float]]) -> Landscape:
    sympy, x, y, _ = _sympy()
    f = to_sympy(parse_tree(source))
    if not f.free_symbols <= {x, y}:
        raise ValueError("the function may only use x and y")
    if f.has(sympy.zoo, sympy.oo, -sympy.oo, sympy.nan):
        raise ValueError("the function is infinite or undefined everywhere (a division by zero?)")
    gx, gy = sympy.diff(f, x), sympy.diff(f, y)
    probe = np.linspace(-1.0, 1.0, 3)
    for part in (f, gx, gy):
        try:
            with np.errstate(all="ignore"):
                evaluate(part, probe, probe)
        except ValueError:
            raise ValueError("the function has a part that cannot be computed (a division by zero?)") from None

    def value(px: np.ndarray, py: np.ndarray) -> np.ndarray:
        with np.errstate(all="ignore"):
            return evaluate(f, np.asarray(px, dtype=float), np.asarray(py, dtype=float))

    def grad(px: np.ndarray, py: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        px, py = np.asarray(px, dtype=float), np.asarray(py, dtype=float)
        with np.errstate(all="ignore"):
            return evaluate(gx, px, py), evaluate(gy, px, py)

    start = _defined_start(value, grad, window)
    spec = LandscapeSpec(
        name="custom",
        title=f"f(x, y) = {source}",
        latex=f"f(x, y) = {sympy.latex(f)}",
        grad_latex=rf"\nabla f = \left({sympy.latex(gx)},\ {sympy.latex(gy)}\right)",
        description={"en": "Your own function.", "uk": "Ваша власна функція."},
        reference="typed by the user",
        bounds=window,
        start=start,
        value=value,
        grad=grad,
        log_scale=False,
        extra={"expression": source},
    )
    return Landscape(spec, MappingProxyType({}))
