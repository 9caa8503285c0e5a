"""The landscape as a 3D surface, with the paths lifted onto it."""

from __future__ import annotations

import streamlit as st

from ui import runs
from ui.config import Config
from ui.i18n import tr
from ui.page import chart, chart_labels, guarded, label_function
from viz.surface import surface_figure


@guarded
def show(config: Config) -> None:
    lang = config.lang
    view = runs.landscape_picture(landscape=config.landscape, params=config.landscape_params)
    paths = runs.paths(config, label_function(lang))
    chart(surface_figure(view, paths, chart_labels(lang)), vector=False)
    st.caption(tr("surface_note", lang))
