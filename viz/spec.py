"""A figure written directly as Plotly's JSON (a plain dict), for the charts redrawn on every slider move.

Building a ``go.Figure`` validates every property of every trace: for the main plot that is most of
a redraw's server time, on every move of a slider, for a figure whose structure never changes. The
builders here write the dict themselves; the tests validate each one with ``go.Figure(spec)`` once.
``Spec`` is still a Plotly figure to its callers: ``st.plotly_chart``, ``fig.show()``,
``fig.to_json()`` and ``fig.write_image()`` all read it through ``to_dict``.

>>> fig = Spec({"data": [{"type": "scatter", "y": [1, 3, 2]}], "layout": {"height": 300}})
>>> fig.to_dict()["layout"]
{'height': 300}
"""

from __future__ import annotations

from _plotly_utils.utils import convert_to_base64
from plotly.basedatatypes import BaseFigure


class Spec(BaseFigure):
    """A figure that is its JSON spec: ``{"data": [...], "layout": {...}, "frames": [...]}``."""

    def __init__(self, spec: dict) -> None:  # deliberately not BaseFigure.__init__, which validates
        self._spec = spec

    @property
    def spec(self) -> dict:
        return self._spec

    def to_dict(self) -> dict:
        """The spec, with NumPy arrays packed as base64 typed arrays, as Plotly's own figures do.

        The packing happens in place and only once (a packed array is a dict, not an array any more).
        """
        convert_to_base64(self._spec)
        return self._spec

    def to_plotly_json(self) -> dict:
        return self.to_dict()

    def __repr__(self) -> str:
        traces = ", ".join(str(t.get("type", "scatter")) for t in self._spec.get("data", []))
        return f"Spec(data=[{traces}])"
