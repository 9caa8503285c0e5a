"""The stage: each shown optimizer's α, β, ρ, ρ₁, ρ₂ as controls right under the paths plot, answered in the
browser.

A row (``ui.rows``) holds every stop of the slider, computed in one batched run of the core and packed
to half a pixel; ``ui/js/stage.js`` draws the stop under the thumb from it at every step of a drag
(the path, its end, its loss curve and its row of the results table), moves the URL and the copy-link
box with it, and tells the server the settled value once, ≈ 0.7 s after the gesture ends
(``SETTLE_MS``). The server then writes that value where the sidebar's slider kept it
(``settle``): the page's other settings stay where they are, and the view it draws again is the one
the browser already shows. The sidebar hides the sliders the stage has (``staged``).

Where a stop cannot be answered from a row, the server answers: before Reveal in a quiz nothing is
drawn, so each settled move is drawn by the server; a curvature view's charts follow at the settle.
"""

from __future__ import annotations

import functools
from urllib.parse import urlencode

import orjson
import streamlit as st

import optimizers
from ui import assets, hall, rows, settles
from ui.config import Config, _text
from ui.i18n import name_of, number, tr
from ui.runs import stops_of
from ui.settings import hyperparameter_key
from viz.palette import colour_of

SETTLE_MS = 700  # quiet time after a gesture before the server is told: > 0.3 s between arrow presses
KEY = "stage"
ROW_PATH = "/lab/stage/row"  # where the page asks for a slider's row without a run (ui/row_route.py)
SETTLED = "_stage_settled"  # session key: the last gesture whose values were taken
COMPONENT_SEQ = "_stage_component_seq"  # session key: the last gesture the component's state told
TOKEN = "_stage_token"  # session key: the token this session's page posts its settled values with
WANTED = "_stage_wanted"  # session key: the stage's sliders beyond α whose rows the page now ships
CSS = """
.lab-stage { display: flex; flex-direction: column; gap: 0.35rem; margin: 0.2rem 0 0.4rem; }
.lab-stage-rows { display: grid; grid-template-columns: fit-content(38%) 1fr 3.8rem; gap: 0.1rem 0.5rem;
  align-items: center; }
.lab-stage-row { display: contents; }
.lab-stage-row label { font-weight: 600; line-height: 1.15; }
.lab-stage-track { position: relative; }
.lab-stage-track input { width: 100%; margin: 0; height: 1.9rem; touch-action: none; }
.lab-stage-strip { display: flex; height: 0.45rem; margin-bottom: 0.8rem; }
.lab-stage-strip span { flex: 1 1 0; position: relative; }
.lab-stage-strip span.lab-crossed { background: repeating-linear-gradient(45deg, #bbb 0 2px, #fff 2px 4px); }
.lab-stage-strip span.lab-best::after { content: "▲"; position: absolute; top: 0.3rem; left: 50%;
  transform: translateX(-50%); font-size: 0.7rem; }
.lab-stage-value { font-variant-numeric: tabular-nums; text-align: right; }
.lab-stage-foot { display: flex; flex-wrap: wrap; gap: 0.6rem; align-items: center; font-size: 0.85rem;
  color: #555; }
.lab-stage-foot button { font-size: 0.9rem; padding: 0.2rem 0.7rem; border-radius: 0.4rem;
  border: 1px solid #999; background: #fff; cursor: pointer; }
.lab-stage-note:empty { display: none; }
.lab-stage-row.lab-stale .lab-stage-strip { opacity: 0.3; }
.lab-stage.lab-asking .lab-stage-strip { visibility: hidden; }
.lab-stage.lab-asking .lab-stage-foot button, .lab-stage.lab-asking .lab-stage-criterion { display: none; }
"""


def staged(config: Config) -> frozenset[str]:
    """The parameters the stage shows on this view (what a student moves: α, β, ρ, ρ₁, ρ₂): the sidebar
    leaves them out."""
    if config.view != "paths" or not config.opt:
        return frozenset()
    return frozenset(p.name for name in config.opt for p in moved(name))


def moved(name: str) -> list:
    """The hyperparameters of optimizer ``name`` a student moves on the stage: its main float ones."""
    return [p for p in optimizers.spec(name).hyperparameters if p.main and p.kind == "float"]


def show(config: Config, drawn: bool, alone: bool = False) -> None:
    """The stage under the plot: a control per shown optimizer and staged parameter. α's row comes with
    the page, and so does another slider's once it was moved (``WANTED``); before that, and where a move
    on another slider made a row stale, the page asks for it by its ``link`` (``ui.row_route``). ``drawn``
    is False while a quiz hides the paths (the controls work, the server draws at Reveal). ``alone``:
    nothing else on the page shows more of a staged value than the stage redraws, so its settled values
    may reach the server without a run (``ui.settles``); not in a class, whose lecturer's settled view is
    published by a run and whose followers' moves step them out."""
    lang = config.lang
    wanted = st.session_state.get(WANTED, set())
    entries = []
    for name, pairs in config.hyperparameters:
        for p in moved(name):
            key = hyperparameter_key(name, p.name)
            row = rows.row(config, name, p.name) if p.name == "alpha" or key in wanted else None
            entries.append(_entry(name, p, dict(pairs)[p.name], row, lang))
    texts = {k: tr(k, lang) for k in ("stage_fair", "stage_criterion", "stage_note", "stage_server")}
    data = {"rows": entries, "texts": texts, "drawn": drawn, "settle": SETTLE_MS, "lang": lang,
            "seq": st.session_state.get(SETTLED), "post": _post() if alone and not hall.room() else None,
            "link": urlencode(config.to_query()), "row": ROW_PATH.lstrip("/")}  # fmt: skip
    try:
        stage = assets.component("stage", CSS)
    except OSError:  # no static folder: no stage (the sidebar shows every slider on other views)
        return
    stage(key=KEY, data=orjson.dumps(data), on_value_change=settle)


def _entry(name: str, p, value: float, row: rows.Row | None, lang: str) -> dict:
    stops = row.stops if row is not None else stops_of(name, value, p.name)
    return {
        "name": name,
        "parameter": p.name,
        "key": hyperparameter_key(name, p.name),
        "title": name_of(name, lang),
        "symbol": p.symbol,
        "colour": colour_of(name),
        "url": row.url if row is not None else None,
        "index": stops.index(value),
        **_stop_texts(stops, lang),
        "values": stops,
        "fair": p.name == "alpha",  # the fair comparison: each at its best α of the same grid
    }


@functools.lru_cache(maxsize=1024)
def _stop_texts(stops: tuple[float, ...], lang: str) -> dict[str, tuple[str, ...]]:
    """Each stop as the stage labels it and as the link writes it: the same for every session showing this
    slider's row (a class's followers, a hall on one link), so written once.

    >>> _stop_texts((0.001, 0.25, 1.5), "uk")
    {'labels': ('0,001', '0,25', '1,5'), 'query': ('0.001', '0.25', '1.5')}
    """
    return {"labels": tuple(number(v, lang) for v in stops), "query": tuple(_text(v) for v in stops)}


def _post() -> dict:
    """Where and how this session's page tells the server its settled values without a run."""
    token = settles.SHARED.token_for(st.session_state.get(TOKEN))
    st.session_state[TOKEN] = token
    return {"url": settles.PATH.lstrip("/"), "token": token}


def settle() -> None:
    """The browser's settled values (``{"seq": n, "values": {"adam.alpha": 0.15, …}}``), written where the
    sidebar's sliders keep them, once per gesture (``seq``): those the page posted since the last run
    (``ui.settles``), then the component's, if it sent newer ones. Called before the run reads its Config,
    since Streamlit 1.67 reruns the view with the component's new state without calling its
    ``on_value_change``. Only valid values of staged parameters of chosen optimizers are taken (a scripted
    client could send anything)."""
    state = st.session_state
    if (posted := settles.SHARED.take(state.get(TOKEN))) is not None:
        _take(state, *posted)
    sent = (state.get(KEY) or {}).get("value")
    if isinstance(sent, dict) and sent.get("seq") != state.get(COMPONENT_SEQ):
        state[COMPONENT_SEQ] = sent.get("seq")
        _take(state, sent.get("seq"), sent.get("values"))


def _take(state, seq: object, values: object) -> None:
    state[SETTLED] = seq
    for key, value in (values if isinstance(values, dict) else {}).items():
        name, _, parameter = str(key).partition(".")
        p = next((p for p in moved(name) if p.name == parameter), None) if name in state.get("opt", ()) else None
        if p is not None and isinstance(value, (int, float)) and not isinstance(value, bool) and p.contains(value):
            state[key] = float(value)
            state.setdefault(WANTED, set()).add(key)  # its row comes with the next page
