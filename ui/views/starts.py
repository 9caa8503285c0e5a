"""Many starts: where each of a grid of starts ends, per optimizer, in one batched run each."""

from __future__ import annotations

import streamlit as st

from ui import budget, maps, quiz
from ui.answers import Evidence
from ui.chart import chart
from ui.config import Config
from ui.i18n import tr
from ui.page import guarded, label_function, scenario_card
from viz.maps import basin_figure
from viz.paths import tolerance


@guarded
def show(config: Config) -> None:
    lang = config.lang
    scenario_card(config)
    ls = config.landscape_object()
    steps = budget.map_steps(config)
    outcomes, xs, ys = {}, None, None
    for name, hp in config.hyperparameters:
        xs, ys, outcomes[name] = maps.basin_map(
            config.f, config.landscape_params, name, hp, steps, config.noise, config.seed
        )
    st.markdown(f"#### {tr('starts_title', lang)}")
    if not outcomes:
        st.info(tr("no_optimizer", lang))
        return
    if not quiz.shows_answers(config, Evidence()):
        return
    categories = [tr("outcome_min", lang, k=i + 1) for i in range(len(ls.minima))]
    categories += [tr("outcome_other", lang), tr("outcome_diverged", lang)]
    chart(basin_figure(xs, ys, outcomes, categories, label_function(lang)), key="basins")
    st.caption(tr("starts_note", lang, steps=steps, tol=tolerance(ls.bounds)))
