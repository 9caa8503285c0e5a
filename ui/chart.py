"""Plotly charts that stay on the page and are updated in place when a slider moves.

``st.plotly_chart`` names every chart by a hash of its figure (Streamlit 1.67; streamlit/streamlit#16052),
so a figure that changes is a new element to the browser: it throws the chart away and builds a new
Plotly figure, and Plotly draws a new figure twice where its legend or slider pushes the margins. Both
charts of the paths view changed on every slider move: 140 ms of the browser's work per move against
25 ms for a bare one-chart app (``bench/bench_app.py``). This component keeps one Plotly figure per key,
as Dash does: a figure whose layout is unchanged has only its changed traces moved in place
(``Plotly.animate`` without a redraw), any other goes through ``Plotly.react`` (``ui/js/chart.js``).

Plotly.js comes from the installed ``plotly`` package, so it is the very version that wrote the figure's
JSON, with its Ukrainian locale (``ui/js/vendor``: the toolbar's tooltips, its notices and the decimal
comma on the Ukrainian page); it is served from the app's static folder gzipped once here: 1.5 MB instead
of 4.8 MB for each new visitor, and no compression on the server per visitor (Streamlit gzips its static
files on every request: 0.24 s of CPU for this one). Where the folder cannot be written, the charts fall
back to ``st.plotly_chart``.
"""

from __future__ import annotations

import functools
import gzip
import logging
import math
from collections.abc import Callable, Mapping
from pathlib import Path

import orjson
import plotly
import plotly.io
import streamlit as st

from ui import assets
from ui.i18n import tr
from viz.spec import Spec

# The toolbar's camera saves the contour and surface as PNG (twice the screen's resolution) and the
# line charts as SVG, which stays sharp on a slide. Plotly.js 4 adds a "Share chart..." button by default,
# which uploads the chart to Plotly Cloud: not on a lecture's page (and no locale translates it).
PLOTLY_CONFIG = {"displaylogo": False, "showSendToCloud": False, "toImageButtonOptions": {"format": "png", "scale": 2}}
SVG_CONFIG = PLOTLY_CONFIG | {"toImageButtonOptions": {"format": "svg"}}
CSS = """
:fullscreen > .lab-chart { height: 100vh !important; background: white; }
.lab-chart-note { margin: 0.25rem 0; color: #8a2a0a; }
.lab-chart-note:empty { display: none; }
"""
# Plotly.js's own translations (ui/js/vendor/README.md says where they come from), by the page's language
LOCALES = {"uk": assets.SCRIPTS / "vendor" / "plotly-locale-uk.js"}
MAX_TRACES = 10_000  # far more than any figure of the page has
log = logging.getLogger("landscape_lab")


@functools.cache
def plotly_urls() -> dict[str, str] | None:
    """Where the browser finds Plotly.js, as it is (``js``) and gzipped (``gz``), and its locales
    (``locales``, loaded after it: 11 KB), published once per process (``ui.assets``); None where the
    static folder cannot be written."""
    script = (Path(plotly.__file__).parent / "package_data" / "plotly.min.js").read_bytes()
    try:
        return {
            "js": assets.publish(script, "scripts", ".js"),
            "gz": assets.publish(script, "scripts", ".js.gz", encode=functools.partial(gzip.compress, mtime=0)),
            "locales": [assets.publish(path.read_bytes(), "scripts", ".js") for path in LOCALES.values()],
        }
    except OSError:
        log.warning("the static folder cannot be written: the charts use st.plotly_chart", exc_info=True)
        return None


def chart(
    figure,
    key: str,
    *,
    vector: bool = True,
    height: str = "content",
    on_click: Callable[[], None] | None = None,
    toolbar: bool = True,
) -> None:
    """Draw ``figure`` (a ``viz`` Spec, a ``go.Figure`` or its JSON) under ``key``, in place of what that key drew.

    ``vector`` picks the toolbar camera's format (SVG for line charts, PNG for pictures); ``height`` is
    ``"content"`` (the figure's own) or ``"stretch"`` (its container's, as the main plot's);
    ``on_click`` is called when a point is clicked, which then is ``clicked(key)``; ``toolbar=False``
    draws no toolbar (a small chart in a narrow box, where it would cover the title).
    """
    config = (SVG_CONFIG if vector else PLOTLY_CONFIG) | ({} if toolbar else {"displayModeBar": False})
    urls = plotly_urls()
    if urls is None:
        figure = orjson.loads(figure) if isinstance(figure, bytes) else figure
        st.plotly_chart(figure, key=key, config=config, theme=None, height=height)
        return
    lang = st.session_state.get("lang", "en")
    if lang in LOCALES:
        config = config | {"locale": lang}
    labels = {name: tr(name, lang) for name in ("fullscreen", "chart_failed")}
    parts = {"config": config, "plotly": urls, "click": on_click is not None, "labels": labels, "key": key}
    payload = orjson.dumps(parts)[:-1] + b',"figure":' + figure_json(figure) + b"}"
    callbacks = {"on_click_change": on_click} if on_click is not None else {}
    assets.component("chart", CSS)(key=key, data=payload, height=height, **callbacks)


def figure_json(figure) -> bytes:
    """A figure's JSON: a ``viz`` Spec is JSON already (its arrays packed), so orjson writes it as it is, 8×
    faster than ``plotly.io.to_json``, which walks the whole figure first (1.1 ms of every slider move),
    and in UTF-8 rather than escapes (8 KB less per move); other figures go through Plotly; JSON (bytes,
    ``ui.figures``) is sent as it is."""
    if isinstance(figure, bytes):
        return figure
    if isinstance(figure, Spec):
        return orjson.dumps(figure.to_dict(), option=orjson.OPT_SERIALIZE_NUMPY)
    return plotly.io.to_json(figure, validate=False).encode()


def clicked(key: str) -> tuple[float, float, int] | None:
    """The point last clicked in the chart ``key`` (x, y, its trace's index), inside its ``on_click``.

    ``ui/js/chart.js`` sends Plotly's numbers; a scripted client can send anything as the click (a
    string, NaN, 1e999, a list): that is ignored, with a log line, instead of failing the callback."""
    state = st.session_state.get(key) or {}
    point = state.get("click") if hasattr(state, "get") else None
    if not point:
        return None
    read = _point(point)
    if read is None:
        log.warning("ignored a malformed click on %s: %.80r", key, point)
    return read


def _point(point: object) -> tuple[float, float, int] | None:
    """``{"x": x, "y": y, "curve": k}`` with finite real x, y and a trace index k; else None."""
    if not isinstance(point, Mapping):
        return None
    x, y, curve = (_finite(point.get(name)) for name in ("x", "y", "curve"))
    if x is None or y is None or curve is None or not curve.is_integer() or not 0 <= curve < MAX_TRACES:
        return None
    return x, y, int(curve)


def _finite(value: object) -> float | None:
    """A JSON number as a finite float (not a bool, which JSON keeps apart); else None."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    try:
        number = float(value)  # an int of 400 digits overflows
    except OverflowError:
        return None
    return number if math.isfinite(number) else None
