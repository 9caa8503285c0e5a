"""Adam fails: Reddi, Kale & Kumar's online problem, where Adam provably does not converge."""

from __future__ import annotations

import streamlit as st

from ui import maps, quiz
from ui.answers import Evidence
from ui.chart import chart
from ui.config import Config
from ui.i18n import formula, tr
from ui.page import chart_labels, guarded, label_function, scenario_card
from viz.curves import reddi_figure


@guarded
def show(config: Config) -> None:
    lang = config.lang
    scenario_card(config)
    chosen = [(n, dict(hp)["alpha"]) for n, hp in config.hyperparameters if n in ("adam", "amsgrad")]
    alphas = tuple(chosen) or (("adam", 0.5), ("amsgrad", 0.5))
    problem, iterates, regret = maps.reddi(alphas, config.steps)
    st.markdown(f"#### {tr('reddi_title', lang)}")
    st.latex(formula(problem.latex, lang))
    if not quiz.shows_answers(config, Evidence(iterates=iterates)):
        return
    chart(reddi_figure(iterates, regret, label_function(lang), chart_labels(lang)), key="reddi")
    st.caption(tr("reddi_note", lang, C=problem.C, rho2=problem.rho2))
    st.caption(problem.reference)
