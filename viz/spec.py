"""A figure written directly as Plotly's JSON (a plain dict), for the charts redrawn on every slider move.

Building a ``go.Figure`` validates every property of every trace, and packing its arrays walks the
whole figure again: for the main plot that was most of a redraw's server time, on every move of a
slider, for a figure whose structure never changes. The builders here write the dict themselves, with
arrays already packed as Plotly's typed arrays (``typed``); the tests validate each one with
``go.Figure(spec)``. ``Spec`` is still a Plotly figure to its callers: ``st.plotly_chart``,
``fig.show()``, ``fig.to_json()`` and ``fig.write_image()`` all read it through ``to_dict``.

>>> fig = Spec({"data": [{"type": "scatter", "y": typed(np.array([1.0, 3.0, 2.0]))}], "layout": {"height": 300}})
>>> fig.to_dict()["data"][0]["y"]
{'dtype': 'f4', 'bdata': 'AACAPwAAQEAAAABA'}
"""

from __future__ import annotations

import base64

import numpy as np
from plotly.basedatatypes import BaseFigure


def typed(values: np.ndarray, dtype: str = "f4") -> dict:
    """An array as Plotly.js's typed array (base64 of its bytes): what Plotly itself sends, packed once.

    Float32 is finer than any screen; ``dtype="i4"`` for whole numbers such as step counts.
    """
    array = np.ascontiguousarray(values, dtype=np.dtype(dtype))
    spec = {"dtype": dtype, "bdata": base64.b64encode(array.tobytes()).decode()}
    if array.ndim > 1:
        spec["shape"] = ", ".join(str(n) for n in array.shape)
    return spec


class Spec(BaseFigure):
    """A figure that is its JSON spec: ``{"data": [...], "layout": {...}, "frames": [...]}``."""

    def __init__(self, spec: dict) -> None:  # deliberately not BaseFigure.__init__, which validates
        self._spec = spec

    @property
    def spec(self) -> dict:
        return self._spec

    def to_dict(self) -> dict:
        """The spec as it is: its arrays are packed already."""
        return self._spec

    def __repr__(self) -> str:
        traces = ", ".join(str(t.get("type", "scatter")) for t in self._spec.get("data", []))
        return f"Spec(data=[{traces}])"
