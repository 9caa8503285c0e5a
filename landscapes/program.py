"""Straight-line NumPy code for SymPy expressions in x and y: how a typed function is evaluated.

A formula and its derivatives share most of their subexpressions (the derivative of tanh(u) reuses
tanh(u)), so they are compiled together into one list of steps, each a single NumPy call on the
results of earlier steps, with every distinct subexpression computed once. Nothing is generated or
executed as code: the steps are (function, argument slots) pairs read by a short loop. The number of
steps is the formula's cost per evaluation, which the page's cost model counts. Each intermediate
result is dropped right after the last step that reads it (decided once, when the program is compiled),
so an evaluation holds only the results still needed (``live``), not every one it made: on the
many-starts map, where one evaluation covers 625 × 1001 points, every held result is 5 MB.

>>> import sympy
>>> x, y = sympy.symbols("x y", real=True)
>>> program = compile_program([x**2 * sympy.sin(y), 2 * x * sympy.sin(y)], x, y)
>>> [v.tolist() for v in program(np.array([3.0]), np.array([np.pi / 2]))]
[[9.0], [6.0]]
>>> len(program.steps)  # sin(y), x**2, x**2*sin(y), 2*x, 2*x*sin(y): sin(y) is computed once
5
>>> program.live  # held at once, at most: x**2 goes once x**2*sin(y) is made, so 4 of the 5 results
4
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

Array = np.ndarray

# SymPy's node types (by class name) and the NumPy function that computes each, elementwise.
UNARY: dict[str, Callable[[Array], Array]] = {
    "sin": np.sin, "cos": np.cos, "tan": np.tan, "exp": np.exp, "log": np.log, "tanh": np.tanh,
    "sinh": np.sinh, "cosh": np.cosh, "atan": np.arctan, "asin": np.arcsin, "acos": np.arccos,
    "RealAbs": np.abs, "RealSign": np.sign, "Abs": np.abs, "sign": np.sign,
}  # fmt: skip
BINARY: dict[str, Callable[[Array, Array], Array]] = {"Add": np.add, "Mul": np.multiply, "Pow": np.power}


class NotComputableError(ValueError):
    """The expression holds a part that has no NumPy counterpart here."""


@dataclass(frozen=True)
class Program:
    """Outputs of some expressions in (x, y), as steps over numbered slots.

    Slots 0 and 1 hold x and y, then the constants, then one slot per step in order. ``frees[i]``
    are the results that step i reads for the last time (never an output): dropped right after it.
    """

    constants: tuple[float, ...]
    steps: tuple[tuple[Callable, tuple[int, ...]], ...]
    outputs: tuple[int, ...]
    frees: tuple[tuple[int, ...], ...] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "frees", last_reads(self.steps, self.outputs, 2 + len(self.constants)))

    @property
    def live(self) -> int:
        """The most intermediate results an evaluation holds at once: its memory, in arrays of the input's size."""
        held = most = 0
        for done in self.frees:
            held += 1
            most = max(most, held)
            held -= len(done)
        return most

    def __call__(self, x: Array, y: Array) -> list[Array]:
        slots: list = [x, y, *self.constants]
        with np.errstate(all="ignore"):  # undefined points (log of a negative number, 1/0) become NaN or ±inf
            for (function, arguments), done in zip(self.steps, self.frees, strict=True):
                slots.append(function(*[slots[i] for i in arguments]))
                for i in done:
                    slots[i] = None
        shape = np.broadcast(x, y).shape
        return [np.broadcast_to(np.asarray(slots[i], dtype=float), shape) for i in self.outputs]


def last_reads(steps: Sequence[tuple[Callable, tuple[int, ...]]], outputs: Sequence[int], first: int):
    """For each step, the results (slots from ``first`` on, none of the outputs) it is the last to read;
    a result nothing reads goes right after the step that made it."""
    last = {first + i: first + i for i in range(len(steps))}
    for i, (_, arguments) in enumerate(steps):
        for slot in arguments:
            if slot >= first:
                last[slot] = first + i
    frees: list[list[int]] = [[] for _ in steps]
    for slot, reader in last.items():
        if slot not in outputs:
            frees[reader - first].append(slot)
    return tuple(tuple(sorted(done)) for done in frees)


def number(expr) -> float:
    """A SymPy number as a float64: ±inf where it does not fit, NaN where it is undefined or complex."""
    if expr.is_Integer or expr.is_Rational:
        p, q = int(expr.p), int(expr.q)
        try:
            return float(p) / float(q)
        except OverflowError:
            return (math.inf if p > 0 else -math.inf) if abs(p) > abs(q) else 0.0  # p, q too large for a float
    if expr.is_Float or expr.is_NumberSymbol:
        return float(expr)
    if expr.is_infinite:
        return math.inf
    return math.nan  # zoo, nan, I and other non-real numbers


def float64(expr, memo: dict | None = None) -> float:
    """Work a numbers-only expression out in float64, as the program would: never an exact huge number.

    >>> import sympy
    >>> float64(sympy.Integer(10) ** 6 * sympy.pi)
    3141592.653589793
    """
    memo = {} if memo is None else memo
    if expr in memo:
        return memo[expr]
    if expr.is_Number or expr.is_NumberSymbol or not expr.args:
        value = number(expr) if (expr.is_Number or expr.is_NumberSymbol) else math.nan
    else:
        args = [float64(a, memo) for a in expr.args]
        name = type(expr).__name__
        with np.errstate(all="ignore"):
            if name in BINARY:
                value = args[0]
                for a in args[1:]:
                    value = float(BINARY[name](np.float64(value), np.float64(a)))
            elif name in UNARY and len(args) == 1:
                value = float(UNARY[name](np.float64(args[0])))
            else:
                value = math.nan
    memo[expr] = value
    return value


def compile_program(exprs: Sequence, x, y) -> Program:
    """One program computing every expression in ``exprs``; shared subexpressions are computed once."""
    constants, nodes = _distinct_parts(exprs, x, y)
    constant_slot = {c: 2 + i for i, c in enumerate(constants)}
    node_slot: dict = {x: 0, y: 1}
    base = 2 + len(constants)
    steps: list[tuple[Callable, tuple[int, ...]]] = []

    def slot(part) -> int:
        return node_slot[part] if part in node_slot else constant_slot[part]

    for node in nodes:
        name = type(node).__name__
        if name in UNARY:
            steps.append((UNARY[name], (slot(node.args[0]),)))
        else:  # an n-ary sum or product becomes n − 1 binary steps
            first = slot(node.args[0])
            for a in node.args[1:]:
                steps.append((BINARY[name], (first, slot(a))))
                first = base + len(steps) - 1
        node_slot[node] = base + len(steps) - 1
    return Program(tuple(number(c) for c in constants), tuple(steps), tuple(slot(e) for e in exprs))


def _distinct_parts(exprs: Sequence, x, y) -> tuple[list, list]:
    """The distinct numbers, and the distinct other parts in an order where each follows its own parts."""
    seen: set = {x, y}
    constants: list = []
    nodes: list = []
    for expr in exprs:
        stack = [(expr, False)]
        while stack:
            node, ready = stack.pop()
            if node in seen:
                continue
            if node.is_Number or node.is_NumberSymbol:
                seen.add(node)
                constants.append(node)
            elif ready:
                seen.add(node)
                nodes.append(node)
            else:
                if type(node).__name__ not in BINARY and type(node).__name__ not in UNARY:
                    raise NotComputableError(type(node).__name__)
                stack.append((node, True))
                stack.extend((a, False) for a in reversed(node.args))
    return constants, nodes


def tree_size(expr, memo: dict | None = None, limit: int = 10**9) -> int:
    """The number of nodes of ``expr`` written out as a tree (as LaTeX prints it), capped at ``limit``."""
    memo = {} if memo is None else memo
    if expr in memo:
        return memo[expr]
    size = 1 + sum(tree_size(a, memo, limit) for a in expr.args)
    memo[expr] = min(size, limit)
    return memo[expr]
