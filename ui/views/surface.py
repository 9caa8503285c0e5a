"""The landscape as a 3D surface, with the paths lifted onto it."""

from __future__ import annotations

import streamlit as st

from ui import quiz, runs
from ui.answers import Evidence
from ui.chart import chart
from ui.config import Config
from ui.i18n import tr
from ui.page import chart_labels, guarded, label_function, scenario_card
from viz.surface import surface_figure


@guarded
def show(config: Config) -> None:
    lang = config.lang
    scenario_card(config)
    view = runs.landscape_picture(landscape=config.f, params=config.landscape_params)
    paths = runs.paths(config, label_function(lang))
    shown = quiz.shows_answers(config, Evidence(paths=paths))
    chart(surface_figure(view, paths if shown else [], chart_labels(lang)), key="surface", vector=False)
    st.caption(tr("surface_note", lang))
