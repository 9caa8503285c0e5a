"""The homework PR3: gradient descent and momentum on a 1D function, from a start of your choice."""

from __future__ import annotations

import numpy as np
import streamlit as st

import landscapes
from ui import quiz, runs
from ui.answers import Evidence
from ui.chart import chart
from ui.config import Config
from ui.controls import setting_widget
from ui.i18n import tr
from ui.page import chart_labels, divergence_notes, guarded, label_function, scenario_card
from ui.settings import SETTINGS
from ui.state import PERSIST
from ui.views.paths import downloads
from viz.curves import curve_figure


@guarded
def show(config: Config) -> None:
    lang = config.lang
    curve = landscapes.curve("pr3")
    if not scenario_card(config):  # the card names the problem and its f already: the chart on the first screen
        st.markdown(f"#### {tr('pr3_title', lang)}")
        st.latex(curve.latex)
    paths = runs.paths(config, label_function(lang), landscape="pr3", start=(config.pr3_x0,))
    xs = np.linspace(*curve.bounds[0], 400)
    shown = quiz.shows_answers(config, Evidence(paths=paths, minimum=curve.minima[0][0]))
    chart(curve_figure(xs, curve.value(xs[:, None]), paths if shown else [], chart_labels(lang)), key="pr3")
    # the start under the chart it moves, so the chart's claim is on the first screen
    setting_widget(SETTINGS["pr3.x0"], lang, persist_state=PERSIST, on_change=None)  # in the view: reruns it
    if not shown:
        return
    st.caption(tr("pr3_note", lang))
    divergence_notes(config, paths)
    downloads(config, landscape="pr3", start=(config.pr3_x0,))
