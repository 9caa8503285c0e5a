r"""Reading a typed function safely: its text checked, read by Python's own parser, every node checked
against a whitelist, and the tree translated node by node into SymPy (``landscapes.expression`` then
differentiates it and compiles it into NumPy steps).

The text never reaches ``eval``, ``exec``, ``sympify`` or ``parse_expr``: ``ast.parse`` builds a tree and
runs nothing. The text's length, nesting and number of parts are limited; every part that works out to a
number is sized in float64 before SymPy sees it (SymPy would compute 999999**999999 exactly); ``abs`` is
differentiated as sign(u)·u′ for real u (SymPy's own Abs allows complex u, and its derivative swells
exponentially with nesting).

>>> to_sympy(parse_tree("x^2 + 10*sin(y)"))
x**2 + 10*sin(y)
>>> parse_tree("__import__('os')")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
landscapes.reading.FormulaError: unknown function '__import__': use one of sin, cos, ..., acos (at column 1)
"""

from __future__ import annotations

import ast
import math
import operator
from functools import lru_cache

import numpy as np

from landscapes.program import float64
from parameters import CoreError, Text

MAX_LENGTH = 300
MAX_DEPTH = 24  # nested brackets and operators
MAX_NODES = 120
MAX_CONSTANT = 1e6
MAX_EXPONENT = 64
MAX_MAGNITUDE = 1e300  # any number a part of the formula works out to

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


def checked_text(text: object) -> str:
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
    source = checked_text(text)
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
def sympy_tools():
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
        self.sympy, x, y, self.functions, _ = sympy_tools()
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
