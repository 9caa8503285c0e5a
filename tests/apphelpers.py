"""Reading the app's figures and state in AppTest."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import numpy as np
import streamlit as st
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "app.py")


def open_app(query: dict[str, str] | None = None, timeout: float = 60) -> AppTest:
    st.cache_data.clear()
    at = AppTest.from_file(APP, default_timeout=timeout)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    return at.run()


def whole_page(at: AppTest) -> AppTest:
    """A slider move reruns only the view (app.py's fragment "view"), and AppTest keeps only the elements
    of its last run, where a browser keeps the sidebar as it was: run the page once more to find the
    sidebar's widgets again."""
    return at if at.sidebar.children else at.run()


def decode(array: object) -> np.ndarray:
    if isinstance(array, dict) and "bdata" in array:
        return np.frombuffer(base64.b64decode(array["bdata"]), dtype=np.dtype(array["dtype"]))
    return np.asarray(array, dtype=float)


def components(at: AppTest, name: str) -> dict[str, dict]:
    """What each of the page's components called ``name`` ("chart", "link") was sent, by its key."""
    return {
        element.proto.id.rsplit("-", 1)[1]: json.loads(element.proto.bytes)
        for element in at.get("bidi_component")
        if element.proto.component_name == f"landscape_lab.{name}"
    }


def figures(at: AppTest) -> list[dict]:
    """The figure of every chart on the page, in order (the main plot first)."""
    return [data["figure"] for data in components(at, "chart").values()]


def paths_in_plot(at: AppTest) -> dict[str, np.ndarray]:
    """The drawn path of each optimizer (by its legend name) in the main plot, as (N, 2)."""
    main = figures(at)[0]
    return {
        trace["name"]: np.stack([decode(trace["x"]), decode(trace["y"])], axis=-1)
        for trace in main["data"]
        if trace.get("meta") == "path"
    }


def query(at: AppTest) -> dict[str, str]:
    return {
        key: at.query_params[key][-1] if isinstance(at.query_params[key], list) else at.query_params[key]
        for key in at.query_params
    }


def stage_move(at: AppTest, **values: float) -> AppTest:
    """Settle a gesture on the stage under the plot (``ui/js/stage.js``): ``stage_move(at, **{"adam.alpha":
    0.01})`` sets the component's state as its one ``setStateValue`` does, with a fresh ``seq``, and reruns."""
    seq = at.session_state.get("_stage_settled", "")
    at.session_state["stage"] = {"value": {"seq": f"{seq}+", "values": values}}
    return at.run()
