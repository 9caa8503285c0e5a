"""Sensitivity: the final loss over a grid of α and a decay rate, all settings in one vectorized pass."""

from __future__ import annotations

import streamlit as st

import optimizers
from ui import budget, maps, quiz, theory
from ui.answers import Evidence
from ui.chart import chart
from ui.config import Config
from ui.i18n import number, tr
from ui.page import guarded, label_function, scenario_card
from ui.scenarios import Question
from ui.state import set_values
from viz.maps import SweepTheory, sweep_figure


@guarded
def show(config: Config) -> None:
    lang = config.lang
    scenario_card(config)
    if not config.opt:
        st.info(tr("no_optimizer", lang))
        return
    if st.session_state.get("sweep.opt") not in config.opt:
        st.session_state["sweep.opt"] = config.sweep_opt or config.opt[0]
    name = st.selectbox(
        tr("sweep_optimizer", lang),
        config.opt,
        format_func=label_function(lang),
        key="sweep.opt",
        persist_state="session",
    )
    hp = dict(config.hyperparameters)[name]
    steps = budget.map_steps(config)
    alphas, decays, z, count = maps.sweep_map(config.f, config.landscape_params, name, hp, config.start, steps)
    x_name, y_name = maps.sweep_axes(name)
    symbols = {p.name: p.symbol for p in optimizers.spec(name).hyperparameters}
    current = (dict(hp)["alpha"], dict(hp)[y_name] if y_name else None)
    st.markdown(f"#### {tr('sweep_title', lang)}")
    asked = quiz.question(config) if y_name else Question("predict")
    evidence = Evidence(sweep=(alphas, z, symbols[y_name])) if y_name else Evidence()
    if not quiz.shows_answers(config, evidence, asked):
        return
    z_title = tr("sweep_axis_loss", lang) if config.landscape_object().f_min is not None else "f"
    found = _theory(config, name, hp, decays)
    marks = None
    if found is not None:
        (edge, best), exact = found
        marks = SweepTheory(edge, best, tr("theory_edge", lang), tr("theory_best", lang))
    chart(
        sweep_figure(alphas, decays, z, current, symbols[x_name], symbols.get(y_name, ""), z_title, theory=marks),
        key="sweep",
    )
    st.caption(tr("sweep_note", lang, steps=steps, count=count))
    if found is not None:
        _best_button(config, name, best, exact)


def _theory(config: Config, name: str, hp, decays):
    """The stable edge and the best setting for gradient descent or momentum, and whether it is exact."""
    ref = theory.reference(config.f, config.landscape_params)
    if ref is None:
        return None
    found = theory.sweep(name, dict(hp), ref, decays if decays is not None else ())
    return None if found is None else (found, ref.exact)


def _best_button(config: Config, name: str, best: tuple[float, float | None], exact: bool) -> None:
    lang = config.lang
    alpha, beta = best
    st.caption(tr("theory_sweep_note", lang) + " " + tr("theory_exact" if exact else "theory_local", lang))
    label = (
        tr("theory_set_alpha", lang, alpha=number(alpha, lang, 3))
        if beta is None
        else tr("theory_set_both", lang, alpha=number(alpha, lang, 3), beta=number(beta, lang, 3))
    )
    values = {f"{name}.alpha": float(f"{alpha:.3g}")} | ({} if beta is None else {f"{name}.beta": float(f"{beta:.3g}")})
    st.button(label, key="sweep.best", on_click=set_values, args=(values,))
