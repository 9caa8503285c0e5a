"""What vulture must count as used although no code of the app calls it, each with its reason.

vulture (tests/test_checks.py, ``[tool.vulture]`` in pyproject.toml) reports code of the app that nothing
uses; a name read here counts as used, as in vulture's own whitelists. Nothing imports this file. An entry
belongs here only if the code is needed: otherwise delete the code.
"""

import sympy

from optimizers import theory

_ = (
    # SymPy calls these on its Function subclasses (RealAbs and RealSign in landscapes/expression.py):
    # eval when the function is applied to a number, fdiff when it is differentiated.
    sympy.Function.eval,
    sympy.Function.fdiff,
    # ... with SymPy's signatures: eval is a classmethod (cls), fdiff is told which argument to
    # differentiate by (argindex); RealAbs and RealSign have one argument and read neither.
    lambda cls, argindex: (cls, argindex),
    # The core's theory for a notebook (README, "The core, from a notebook"), checked in
    # tests/test_theory.py: κ(diag(s)·H), the valley a per-coordinate step size s walks on (the page
    # computes the general κ(P·H) with theory.scaled_condition, Newton's P included) ...
    theory.preconditioned_condition,
    # ... and the rate a run shows, to set beside theory's.
    theory.measured_rate,
)
