r"""LaTeX for the expressions a typed function becomes, in time linear in their size.

SymPy's own LaTeX printer asks SymPy's assumption system questions (is this factor negative? is it a
constant?) that can take seconds on a nested formula, so the page uses this small printer for the
few kinds of node a formula can hold: numbers, x, y, π, e, sums, products, powers and the functions
of ``landscapes.expression``.

>>> import sympy
>>> x, y = sympy.symbols("x y", real=True)
>>> latex(x**4 - 3 * x**2 + y**2)
'x^{4} - 3 x^{2} + y^{2}'
>>> latex(sympy.exp(-x / 2) / (1 + y**2))
'\\frac{e^{- \\frac{x}{2}}}{y^{2} + 1}'
"""

from __future__ import annotations

FUNCTIONS = {
    "sin": r"\sin", "cos": r"\cos", "tan": r"\tan", "log": r"\log", "tanh": r"\tanh", "sinh": r"\sinh",
    "cosh": r"\cosh", "atan": r"\arctan", "asin": r"\arcsin", "acos": r"\arccos", "RealSign": r"\operatorname{sign}",
    "sign": r"\operatorname{sign}",
}  # fmt: skip


def latex(expr) -> str:
    """LaTeX of ``expr``; every node is printed once per place it appears."""
    if expr.is_Add:
        return _sum(expr)
    if expr.is_Mul:
        return _product(expr)
    if expr.is_Pow:
        return _power(expr.args[0], expr.args[1])
    if expr.is_Number:
        return _number(expr)
    if expr.is_Symbol:
        return expr.name
    name = type(expr).__name__
    if name == "Pi":
        return r"\pi"
    if name == "Exp1":
        return "e"
    if name == "exp":
        return f"e^{{{latex(expr.args[0])}}}"
    if name in ("RealAbs", "Abs"):
        return rf"\left|{latex(expr.args[0])}\right|"
    if name in FUNCTIONS:
        return rf"{FUNCTIONS[name]}{{\left({latex(expr.args[0])} \right)}}"
    return rf"\operatorname{{{name}}}\left({', '.join(latex(a) for a in expr.args)}\right)"


def _terms(expr) -> list:
    """A sum's terms, highest powers first, as a polynomial is written (constants last)."""

    def degree(term) -> float:
        powers = term.as_powers_dict() if term.is_Mul or term.is_Pow or term.is_Symbol else {}
        total = sum(float(e) for b, e in powers.items() if b.is_Symbol and e.is_Number)
        return -total if total else (1.0 if term.is_Number else 0.0)

    return sorted(expr.args, key=lambda t: (degree(t), str(sorted(t.free_symbols, key=str))))


def _sum(expr) -> str:
    out = ""
    for i, term in enumerate(_terms(expr)):
        negative = _is_negative(term)
        body = latex(-term) if negative else latex(term)
        if i == 0:
            out = f"- {body}" if negative else body
        else:
            out += f" - {body}" if negative else f" + {body}"
    return out


def _is_negative(term) -> bool:
    if term.is_Number:
        return term < 0
    if term.is_Mul:
        coefficient = term.args[0]
        return coefficient.is_Number and coefficient < 0
    return False


def _product(expr) -> str:
    coefficient, factors = expr.as_coeff_mul()
    if coefficient < 0:
        return "- " + _product_of(-coefficient, factors)
    return _product_of(coefficient, factors)


def _product_of(coefficient, factors) -> str:
    numerator, denominator = [], []
    for factor in factors:
        if factor.is_Pow and factor.args[1].is_Number and factor.args[1] < 0:
            denominator.append(factor.args[0] if factor.args[1] == -1 else factor.func(factor.args[0], -factor.args[1]))
        else:
            numerator.append(factor)
    if coefficient.is_Rational and coefficient.q != 1:
        from sympy import Integer  # SymPy is loaded already: the expression is one of its objects

        denominator.insert(0, Integer(coefficient.q))
        coefficient = Integer(coefficient.p)
    top = [] if coefficient == 1 and numerator else [_number(coefficient)]
    top += [_factor(f, several=len(numerator) > 1 or coefficient != 1) for f in numerator]
    top_text = " ".join(top)
    if not denominator:
        return top_text
    bottom = " ".join(_factor(f, several=len(denominator) > 1) for f in denominator)
    return rf"\frac{{{top_text}}}{{{bottom}}}"


def _factor(expr, several: bool) -> str:
    text = latex(expr)
    return rf"\left({text}\right)" if expr.is_Add and several else text


def _power(base, exponent) -> str:
    if exponent.is_Number and exponent < 0:
        return rf"\frac{{1}}{{{_power(base, -exponent) if exponent != -1 else latex(base)}}}"
    if exponent.is_Rational and exponent.p == 1 and exponent.q == 2:
        return rf"\sqrt{{{latex(base)}}}"
    inner = latex(base)
    compound = base.is_Add or base.is_Mul or base.is_Pow or type(base).__name__ in (*FUNCTIONS, "exp")
    if compound or (base.is_Number and (base < 0 or not base.is_Integer)):
        inner = rf"\left({inner}\right)"
    return f"{inner}^{{{latex(exponent)}}}"


def _number(value) -> str:
    if value.is_Integer:
        return str(int(value))
    if value.is_Rational:
        sign = "- " if value < 0 else ""
        return rf"{sign}\frac{{{abs(int(value.p))}}}{{{int(value.q)}}}"
    if value.is_Float:
        text = f"{float(value):.6g}"
        if "e" in text:
            mantissa, power = text.split("e")
            return rf"{mantissa} \cdot 10^{{{int(power)}}}"
        return text
    return str(value)
