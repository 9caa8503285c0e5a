"""The page's views, each declared once: the parser offers its name, the router draws it, the cost model
prices a step of it and the quiz asks its question. Each is drawn by ``show(config)`` in its own module
(``ui/views/<name>.py``), as Streamlit's ``hello`` has one function per demo.

Adding a view is one ``View`` here, its module, and its label (``view_<name>``) in the catalogs.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ui.config import Config

ROW = 25  # paths of an α row: every stop of an α slider (ui.options), computed in one batched run
MAP_SIDE = 25  # the many-starts map: 25 x 25 starts in one batched run
MAP_STEPS = 1000  # a map takes at most this many steps, so it stays interactive and its memory bounded
SWEEP_ALPHAS = 24
SWEEP_DECAYS = (0.0, 0.5, 0.7, 0.8, 0.9, 0.95, 0.98, 0.99, 0.995, 0.999)
ROTATIONS = tuple(range(0, 91, 5))  # the rotation scenario's chart: one bowl per θ, in one batched run
CHART_PATHS = {"rotation": len(ROTATIONS)}  # what a chart a scenario opens runs per optimizer, beside the view


@dataclass(frozen=True)
class View:
    """One view of the page.

    ``question`` is the kind of question it asks in quiz mode where no scenario asks its own
    (``ui.quiz.KINDS``). A step of it runs, per chosen optimizer, a batch of ``paths`` paths (one
    optimizer, the swept one, where not ``per_optimizer``), plus ``fixed`` single paths; ``steps_cap``
    bounds its steps whatever the page asks; ``batches`` says whether its runs take the mini-batches.
    """

    name: str
    question: str
    paths: int = 0
    per_optimizer: bool = True
    fixed: float = 0.0
    steps_cap: int | None = None
    batches: bool = False

    @property
    def label(self) -> str:
        """Its name's catalog key (ui/locales)."""
        return f"view_{self.name}"


VIEWS: dict[str, View] = {
    view.name: view
    for view in (
        View("paths", question="end", paths=ROW, batches=True),
        View("surface", question="first", paths=ROW, batches=True),
        View("starts", question="predict", paths=MAP_SIDE**2, steps_cap=MAP_STEPS),
        View(
            "sweep",
            question="interact",
            paths=SWEEP_ALPHAS * len(SWEEP_DECAYS),
            per_optimizer=False,
            steps_cap=MAP_STEPS,
        ),
        View("reddi", question="reddi", fixed=2.0),  # Adam's and AMSGrad's online runs
        View("pr3", question="overshoot", paths=ROW, batches=True),
        View("memory", question="memory"),
    )
}


def show(config: Config) -> None:
    """Draw the config's view (its module's ``show``)."""
    import_module(f"ui.views.{config.view}").show(config)
