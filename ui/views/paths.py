"""The main view: the landscape with every path, the loss over the steps, the results and the
scenario's own chart. Clicking the plot moves the start; ▶ plays the step inspector in the browser."""

from __future__ import annotations

import contextlib
import functools
import logging

import numpy as np
import streamlit as st

from landscapes.base import Bounds
from ui import downloads as files
from ui import hall, maps, quiz, runs, stage, theory
from ui.answers import Evidence
from ui.chart import chart, clicked, figure_json
from ui.config import Config
from ui.controls import setting_widget
from ui.figures import shared_figure
from ui.hall_chart import clouds, followed_clouds, names_the_paths
from ui.i18n import tr
from ui.page import (
    chart_labels,
    divergence_notes,
    guarded,
    label_function,
    large_type,
    question_beside,
    scenario_card,
)
from ui.rows import result_cells, unbounded_below
from ui.scenarios import opened
from ui.settings import SETTINGS
from ui.state import PERSIST, redraw_page, touch_words
from ui.turns import for_this_tab
from viz import contour_figure, loss_figure
from viz.curves import alpha_figure, condition_figure, early_steps_figure, rotation_figure, step_size_figure
from viz.marks import Mark
from viz.paths import PathView, tolerance

PICKER_TRACE = 1  # the invisible click grid is the second trace of the main plot
log = logging.getLogger("landscape_lab")


def _on_pick(bounds: Bounds, guessing: bool = False) -> None:
    """A click on the plot's invisible grid (which spans the window ``bounds``) moves the start there (the
    number inputs follow), or, while a quiz waits for a guess, places the guess."""
    point = clicked("plot")
    if point is None or point[2] != PICKER_TRACE:
        return
    x, y, _ = point
    (x0, x1), (y0, y1) = bounds
    if not (x0 <= x <= x1 and y0 <= y <= y1):  # no click on the grid lands there: a scripted client's
        log.warning("ignored a click outside the plot's window: (%.3g, %.3g)", x, y)
        return
    if guessing:
        quiz.place_guess(x, y)
    else:
        st.session_state["x0"], st.session_state["y0"] = round(x, 3), round(y, 3)
        redraw_page()  # the sidebar's start follows


def _marks(config: Config, shown: bool) -> list[Mark]:
    """In quiz mode: the start (while the paths, which begin there, are hidden) and the student's guess."""
    if not config.quiz:
        return []
    marks = [] if shown else [Mark(tr("quiz_start", config.lang), *config.start, symbol="circle-open")]
    if (placed := quiz.guess()) is not None:
        marks.append(Mark(tr("quiz_guess", config.lang), *placed))
    return marks


def _under_the_box(config: Config, shown: bool, paths: list[PathView]) -> dict:
    """Where the question's box lies over the top of the plot's strip (predict first on the projector), the
    revealed paths keep to the strip's foot (``boxed``), under its verdict. Where the box holds the hall's
    answers (a class; before Reveal too, where the lecturer shows them), the plot draws the hall's taps, and
    no legend if the hall's chart names every revealed path in its colour and marker."""
    found = quiz.hall_beside()  # the lecturer's, before Reveal too, where they chose to show it
    if not shown and found is None:
        return {}
    if found is None:
        boxed = {"boxed": True} if question_beside(config.present, hall.room()) else {}
        taps = followed_clouds(config.lang)  # a follower's: the hall's taps on their own plot too
        return boxed | {"clouds": taps} if taps else boxed
    answers, question, lang = found
    legend = not (shown and names_the_paths(answers, question, [path.name for path in paths]))
    return {"boxed": True, "legend": legend, "clouds": clouds(answers, lang)}


@guarded
def show(config: Config) -> None:
    lang = config.lang
    view = runs.landscape_picture(landscape=config.f, params=config.landscape_params)
    paths = runs.paths(config, label_function(lang))
    if not config.opt:
        st.info(tr("no_optimizer", lang))
    asked = quiz.question(config)
    shown = not quiz.hidden(config)
    # The plot first, as large as the screen allows (its height is set by ui.page.LAYOUT_CSS); the loss
    # beside it in a row that wraps in a narrow main area (a projector beside the sidebar), and under it
    # in presentation mode, where the plot takes the whole width. No columns and no box around the plot:
    # every block of the view is one more message on every slider move.
    large = large_type(config)
    row = contextlib.nullcontext() if config.present else st.container(key="pathcols", horizontal=True, gap="medium")
    with row:
        figure = _landscape_figure(config, view, paths, shown, large)
        with st.container(key="plotstage"):  # the stage right under the plot, in every layout
            chart(
                figure,
                key="plot",
                vector=False,
                height="stretch",
                on_click=functools.partial(_on_pick, view.bounds, guessing=not shown and asked.is_point),
            )
            stage_slot = st.empty()  # filled last, once the page knows what else a staged value changes
        right = st.container(key="side")
    alone = _beside_and_below(config, paths, view, asked, right, large)
    with stage_slot:
        stage.show(config, drawn=shown, alone=shown and alone)


def _landscape_figure(config: Config, view, paths: list[PathView], shown: bool, large: bool) -> bytes:
    """The landscape with the paths (``viz.contour_figure``), built once for every session with the same
    settings (``ui.figures``), unless the hall's live taps are drawn over it."""
    marks, boxed = _marks(config, shown), _under_the_box(config, shown, paths)
    build = functools.partial(
        contour_figure,
        view,
        paths if shown else [],
        chart_labels(config.lang),
        inspector=shown,
        large=large,
        marks=marks,
        curvature=config.curv,
        **boxed,
    )
    if "clouds" in boxed:
        return figure_json(build())
    made_from = [view, *(path.points for path in paths)]
    return shared_figure(("landscape", config, shown, large, tuple(marks), bool(boxed)), made_from, build)


def _beside_and_below(config: Config, paths: list[PathView], view, asked, right, large: bool) -> bool:
    """The loss, the scenario's card and charts, the notes, the results, the step sizes and the downloads.
    True where none of them shows more of a staged value than the stage redraws itself (its paths, loss
    curves and table cells): the stage may then tell the server its settled values without a run."""
    lang, labels = config.lang, chart_labels(config.lang)
    with right:
        if not quiz.shows_answers(config, Evidence(paths=paths), asked):
            return False
        setting_widget(SETTINGS["curv"], lang, persist_state=PERSIST, on_change=None)
        ref = theory.reference(config.f, config.landscape_params) if config.curv else None
        rates = theory.rates(config, ref) if ref is not None else None
        title = tr("loss_title", lang)
        noisy = config.noise > 0 or config.batch_size is not None  # each run's trend, its noise faint behind
        loss = functools.partial(
            loss_figure,
            paths,
            view.f_min,
            labels,
            f_range=view.value_range,
            large=large,
            rates=rates,
            title=title,
            trend=noisy,
        )
        made_from = [view, *(path.curve_values for path in paths)]
        chart(shared_figure(("loss", config, large), made_from, loss), key="loss")
        if config.schedules:
            schedule_chart(config, paths)
        scenario_card(config)  # the claim beside the plot, above the curvature charts that explain it
        if config.curv:
            curvature_section(config, paths, ref)
    divergence_notes(config, paths, view)
    intro = [
        tr(touch_words(mouse, touch), lang)
        for mouse, touch in (("intro", "intro_phone"), ("inspector_help", "inspector_help_phone"))
    ]
    results_table(config, paths, intro=" ".join(intro))
    sizes_open = step_sizes(config, paths)
    extras = scenario_extras(config)
    downloads_open = downloads(config)
    staged_elsewhere = config.quiz or config.curv or config.schedules or noisy or extras
    return not (staged_elsewhere or sizes_open or downloads_open)


def schedule_chart(config: Config, paths: list[PathView]) -> None:
    """α_t of every chosen optimizer, where at least one follows a schedule."""
    lang = config.lang
    series = []
    for path, (name, pairs) in zip(paths, config.hyperparameters, strict=True):
        steps = np.unique(np.linspace(0, max(config.steps - 1, 0), 300).round().astype(int))
        scheduled = runs.schedule_object(config.schedule_of(name))
        factor = scheduled.factor(steps) if scheduled is not None else np.ones(steps.size)
        series.append((name, path.label, steps, dict(pairs)["alpha"] * factor))
    st.markdown(f"#### {tr('alpha_t_title', lang)}")
    chart(alpha_figure(series, chart_labels(lang)), key="alpha_t")


def curvature_section(config: Config, paths: list[PathView], ref: theory.Reference | None) -> None:
    """κ over the steps, what the ellipses mean, whether theory is exact here, and Newton one click away."""
    lang = config.lang
    st.markdown(f"#### {tr('kappa_title', lang)}")
    chart(condition_figure(paths, chart_labels(lang)), key="kappa")
    note = tr("curvature_note", lang)
    if ref is not None:
        note += " " + tr("theory_exact" if ref.exact else "theory_local", lang)
    st.caption(note)
    if "newton" not in config.opt and runs.hessian_refusal(config) is None:
        st.button(tr("add_newton", lang), key="add_newton", on_click=_add_newton)


def _add_newton() -> None:
    st.session_state["opt"] = [*st.session_state.get("opt", []), "newton"]
    redraw_page()


def results_table(config: Config, paths: list[PathView], intro: str = "") -> None:
    """Each path's outcome, under ``intro`` (what the plot shows), in one element: the view is sent
    again on every slider move, and each element is one more message of it."""
    lang = config.lang
    tol = tolerance(config.landscape_object().bounds)
    unbounded = unbounded_below(config)
    columns = [tr(c, lang) for c in ("col_optimizer", "col_final_f", "col_distance", "col_reached", "col_status")]
    rows = [result_cells(path, lang, unbounded) for path in paths]
    markdown_table(columns, rows, title=tr("results", lang), help=tr("reached_help", lang, tol=tol), intro=intro)


def markdown_table(
    columns: list[str], rows: list[list[str]], title: str = "", help: str | None = None, intro: str = ""
) -> None:
    """A Markdown table under its title, as one element: no pandas round trip, and it reads well
    projected; ``intro`` above it in a caption's small grey type."""
    lines = [f":gray[:small[{intro}]]", ""] if intro else []
    lines += [f"#### {title}", ""] if title else []
    if rows:
        lines += ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
        lines += ["| " + " | ".join(row) + " |" for row in rows]
    if lines:
        st.markdown("\n".join(lines), help=help)


def step_sizes(config: Config, paths: list[PathView]) -> bool:
    """Each weight's step size over the steps: drawn only while its section is open (it changes with
    every slider move, so a closed section saves the hall its bytes). Whether it is open."""
    lang = config.lang
    section = st.expander(
        tr("step_sizes", lang), expanded=opened(config.preset, "step_sizes"), key="step_sizes", on_change="rerun"
    )
    if section.open:
        with section:
            st.caption(tr("step_sizes_help", lang))
            chart(step_size_figure(paths, chart_labels(lang)), key="step_sizes_chart")
    return section.open


def scenario_extras(config: Config) -> bool:
    """The extra chart a scenario's claim needs beside the paths; whether there is one."""
    labels = chart_labels(config.lang)
    early = opened(config.preset, "early_steps") and "adam" in config.opt
    rotation = opened(config.preset, "rotation") and config.f == "quadratic"
    if early:
        st.markdown(f"#### {tr('early_steps', config.lang)}")
        with_bc, without_bc = maps.early_adam_steps(
            config.hyperparameters[config.opt.index("adam")][1],
            config.f,
            config.landscape_params,
            config.start,
        )
        chart(early_steps_figure(with_bc, without_bc, labels), key="early_steps")
    if rotation:
        st.markdown(f"#### {tr('rotation_title', config.lang)}")
        kappa = dict(config.landscape_params)["kappa"]
        thetas, reached = maps.rotation_reach(kappa, config.hyperparameters, config.start, config.steps)
        chart(rotation_figure(thetas, reached, label_function(config.lang), labels), key="rotation")
    return early or rotation


def downloads(config: Config, landscape: str | None = None, start: tuple[float, ...] | None = None) -> bool:
    """The paths as a CSV, and (for a 2D landscape) their animation as a GIF for a slide; each is made
    when its button is first clicked, and kept (``ui.downloads``). The buttons exist only while their
    section is open: a download button registers its file with Streamlit's media manager on every run,
    under one lock that every session's run then waits for (with 200 students, half of the script
    threads' time). Whether the section is open (its files are made from this run's settings)."""
    lang = config.lang
    section = st.expander(tr("downloads", lang), key="downloads", on_change="rerun")
    if not section.open:
        return False
    row = section.container(horizontal=True)
    row.download_button(
        tr("download_csv", lang),
        data=for_this_tab(lambda: files.csv(config, landscape, start)),
        file_name=f"landscape-lab-{landscape or config.f}.csv",
        mime="text/csv",
        key="download_csv",
        icon="⬇️",
    )
    if landscape is None:
        row.download_button(
            tr("download_gif", lang),
            data=for_this_tab(lambda: files.gif(config)),
            file_name=f"landscape-lab-{config.f}.gif",
            mime="image/gif",
            key="download_gif",
            icon="🎞️",
            help=tr("download_gif_help", lang),
        )
    return True
