"""Memory: the state each optimizer keeps per weight, and what it means for a large model."""

from __future__ import annotations

import streamlit as st

import optimizers
from ui import quiz
from ui.answers import Evidence
from ui.config import Config
from ui.i18n import name_of, number, tr
from ui.page import guarded, scenario_card
from ui.views.paths import markdown_table

MODEL_MB = 400  # 100 M float32 weights
HESSIAN_TB = 4e16 / 1e12  # its Hessian: (10⁸)² float32 numbers


@guarded
def show(config: Config) -> None:
    lang = config.lang
    scenario_card(config)
    st.markdown(f"#### {tr('memory_title', lang)}")
    if not quiz.shows_answers(config, Evidence()):
        return
    rows = []
    for name in optimizers.names():
        spec = optimizers.spec(name)
        kept = ", ".join(spec.state_names) or "—"
        size = tr("megabytes", lang, size=number(spec.state_vectors * MODEL_MB, lang))
        if spec.uses_hessian:  # nothing kept between steps, but a d x d matrix at every step
            kept, size = "∇²f (d × d)", tr("terabytes", lang, size=number(HESSIAN_TB, lang))
        rows.append([name_of(name, lang), str(spec.state_vectors), kept, size])
    columns = [tr(c, lang) for c in ("col_optimizer", "col_state", "col_keeps", "col_memory")]
    markdown_table(columns, rows)
    st.caption(tr("memory_note", lang))
