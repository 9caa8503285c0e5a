"""What vulture must count as used although no code of the app calls it, each with its reason.

vulture (tests/test_checks.py, ``[tool.vulture]`` in pyproject.toml) reports code of the app that nothing
uses; a name read here counts as used, as in vulture's own whitelists. Nothing imports this file. An entry
belongs here only if the code is needed: otherwise delete the code.
"""

import sympy
from streamlit.proto.ForwardMsg_pb2 import BackendOperationResponse

from landscapes.program import Program
from optimizers import theory
from ui import budget
from viz import rowdata
from viz.paths import Frames

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
    # How many results a typed function's program holds at once, at most: what bounds an evaluation's
    # memory, for a notebook and tests/test_memory.py (the program itself frees each after its last use).
    Program.live,
    # The cost model's bound on a download (ui/downloads.py): one path per optimizer, never more than its
    # view; tests/test_downloads.py holds every heavy link to it.
    budget.download_cost,
    # A refused backend operation's answer (ui/guard.py): the protobuf fields the browser reads.
    BackendOperationResponse.error_msg,
    BackendOperationResponse.error_reason,
    # The step inspector's −g directions, read by name through viz.paths.ARROWS (Arrow.field).
    Frames.downhill,
    # The decoders of the stage's packed rows: what ui/js/stage.js does in the browser, for the tests that
    # check the drawn path against the core's (tests/test_rowdata.py, tests/test_stage.py).
    rowdata.unpack_path,
    rowdata.unpack_curve,
    rowdata.unpack_inspector,
    # One path's packing (a notebook's, the tests'): the page packs a row's paths at once (pack_paths).
    rowdata.simplify,
    rowdata.pack_path,
)
