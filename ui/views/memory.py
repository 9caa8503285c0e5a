"""Memory: the state each optimizer keeps per weight, and what it means for a large model."""

from __future__ import annotations

import streamlit as st

import optimizers
from ui.config import Config
from ui.i18n import name_of, number, tr
from ui.page import guarded
from ui.views.paths import markdown_table

MODEL_MB = 400  # 100 M float32 weights


@guarded
def show(config: Config) -> None:
    lang = config.lang
    st.markdown(f"#### {tr('memory_title', lang)}")
    rows = []
    for name in optimizers.names():
        spec = optimizers.spec(name)
        kept = ", ".join(spec.state_names) or "—"
        size = tr("megabytes", lang, size=number(spec.state_vectors * MODEL_MB, lang))
        rows.append([name_of(name, lang), str(spec.state_vectors), kept, size])
    columns = [tr(c, lang) for c in ("col_optimizer", "col_state", "col_keeps", "col_memory")]
    markdown_table(columns, rows)
    st.caption(tr("memory_note", lang))
