"""The parts every view shares: the header and its warnings, the scenario's card, the update rules, the
link to the view, and the charts' common settings. No maths here.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import re
import unicodedata
from collections.abc import Callable, Sequence
from urllib.parse import urlencode, urlsplit, urlunsplit

import orjson
import streamlit as st

import landscapes
import optimizers
from ui import assets, options, quiz
from ui.config import Config
from ui.controls import setting_widget
from ui.i18n import CATALOGS, core, formula, message, name_of, scenario_text, tn, tr
from ui.rows import stop_note
from ui.settings import SETTINGS
from ui.state import on_phone
from ui.views import VIEWS
from viz.paths import PathView
from viz.style import STRIP

# The plot is the hero: it fills the screen's height, and on a phone the screen's width plus room for its
# controls; beside it the loss takes 3/10 of the row, which wraps (the loss under the plot) where the
# plot would be narrower than 440 px. The sidebar's formula is set small enough to fit, and an optimizer's
# chip wraps its name rather than cutting it ("Gradient descent (S…"). Each element of
# the main area is laid out and painted on its own (contain): a slider move redraws the charts without
# the browser laying out and repainting the whole page around them (in Chromium, 20-40 ms less per move).
# A follower's long poll (ui/hall.py) draws nothing, and takes no gap of the column either (its JavaScript runs
# all the same: it waits on the page being looked at, not on being drawn). A class's code stays on one line,
# as large as its column allows (3.5rem at most): beside the open sidebar at 1024 px the column is ~330 px and
# the code wrapped ("JUZUB / Y"); six letters spaced 0.2em take ~5.1em.
LAYOUT_CSS = """
div.stElementContainer.st-key-class-follower{display:none}
.st-key-class-qr [data-testid=stColumn]{container-type:inline-size}
.lab-class-code{font-size:min(3.5rem,17cqi);font-weight:700;letter-spacing:0.2em;white-space:nowrap}
[data-testid=stMainBlockContainer]{padding-top:1.4rem;padding-bottom:3rem}
div.stElementContainer.st-key-plot{flex:0 0 auto!important;height:clamp(430px,calc(100vh - 158px),1500px)!important}
div.st-key-plot [data-testid=stFullScreenFrame],div.st-key-plot .stPlotlyChart,
div.st-key-plot .js-plotly-plot{height:100%!important}
@media (max-width:1200px){div.stElementContainer.st-key-plot{height:clamp(430px,calc(100vh - 222px),1500px)!important}}
@media (max-width:640px){div.stElementContainer.st-key-plot{height:calc(84vw + 185px)!important}
[data-testid=stMainBlockContainer]{padding:3.4rem 0.5rem 3rem}}
[data-testid=stMarkdownContainer] table{display:block;max-width:100%;overflow-x:auto}
.st-key-pathcols>div.st-key-plot{flex:7 1 0!important;min-width:min(440px,100%)!important}
.st-key-pathcols>div:has(>.st-key-plotstage){flex:7 1 0!important;min-width:min(440px,100%)!important}
.st-key-pathcols>div:has(>.st-key-side){flex:3 1 0!important;min-width:min(250px,100%)!important}
.st-key-head{container-type:inline-size}
@container (max-width:760px){.st-key-head div[data-testid=stHorizontalBlock]{flex-wrap:wrap}
.st-key-head div[data-testid=stColumn]{flex:1 1 40%!important;min-width:0!important}
.st-key-head div[data-testid=stColumn]:first-child{flex:1 1 100%!important}}
[data-testid=stMarkdownContainer] pre code{white-space:pre-wrap!important;word-break:break-all}
.st-key-formula .katex-display{margin:0.2rem 0;padding:0 3px;overflow-x:auto;overflow-y:hidden}
.st-key-formula .katex-display>.katex{font-size:1.05em}
[data-testid=stMain] .stElementContainer{contain:layout paint}
.st-key-opt [data-tag]{max-width:100%!important;height:auto!important}
.st-key-opt [data-tag]>span[title]{white-space:normal!important;text-overflow:clip!important}
"""
PRESENT_CSS = """
[data-testid=stHeader]{background:transparent}
[data-testid=stHeader],[data-testid=stHeader] *{pointer-events:none}
[data-testid=stHeader] button,[data-testid=stHeader] a{pointer-events:auto}
[data-testid=stMainBlockContainer]{padding:0.9rem 1.5rem 3rem 3.6rem}
div.stElementContainer.st-key-plot{height:clamp(430px,calc(100vh - 185px),2400px)!important}
@media (max-width:640px){[data-testid=stMainBlockContainer]{padding:3rem 0.5rem}
div.stElementContainer.st-key-plot{height:calc(84vw + 185px)!important}}
@media (min-width:641px){[data-testid=stMain] :is(button,label) p{font-size:1.25rem!important}
:is(.st-key-class-count,.st-key-class-answers){font-size:1.25rem;font-weight:600}
.st-key-head [data-testid=stColumn]{flex:0 0 auto!important;width:auto!important}
.st-key-head [data-testid=stColumn]:first-child{flex:1 1 0!important}
.st-key-head [data-testid=stHorizontalBlock]{gap:0.75rem}}
"""
# Presentation mode on the paths view: the screen's height goes to the landscape's square. The plot box
# is the screen's height less the header's row (HEAD_ROW) and the room for the stage under it (the α / ρ
# controls: STAGE_ROW), and no wider than the square and its strip (viz.style.STRIP: legend, colour bar,
# ▶ and the step slider); the scenario's line and the view's tabs lie over the top of that strip
# (.st-key-aside), reaching for the screen's edge so that they wrap into as few rows as they can, clear
# of the legend; the toolbar at its foot. (No CSS variables: Markdown turns their "--" into a dash.)
HEAD_ROW, STAGE_ROW = 66, 70  # px
CLASS_ROW = 60  # px: a class's row above the view (its code, counts and buttons; ui/hall.py), fixed
SQUARE_ROOM = 16  # px the plot's margins add to its height to make its width: 70 on the left, 54 in height


def beside_css(above: int = 0) -> str:
    """Presentation beside the plot, ``above`` px of a class's row between the header and the plot."""
    top = HEAD_ROW + above
    box, wide = f"100vh - {top + STAGE_ROW}px", f"100vh + {SQUARE_ROOM + STRIP - top - STAGE_ROW}px"
    strip = f"position:absolute!important;z-index:2;top:{top}px;width:{STRIP - 40}px;"
    strip += f"left:calc(1rem + min(100% - 2.5rem, {wide}) - {STRIP - 24}px)"
    css = f"""
[data-testid=stMainBlockContainer]{{position:relative;padding:0.5rem 1.5rem 3rem 1rem}}
.st-key-head{{padding-left:2.6rem}}
.st-key-head h5{{font-size:1.15rem}}
[data-testid=stMainBlockContainer] [data-testid=stVerticalBlock]{{gap:0.5rem}}
div.stElementContainer.st-key-plot{{height:calc({box})!important;width:min(100%,calc({wide}))!important}}
.st-key-aside{{{strip};width:auto;right:1.5rem;max-width:36rem}}
.st-key-plot .modebar-container{{top:auto!important;bottom:0}}
"""
    # The strip starts under the header's row (HEAD_ROW): in a narrow window (an 800×600 projector) the
    # header keeps to that row, its title cut short, and the line and the tabs, in smaller type, take less
    # of the strip's height, leaving the legend room above ▶.
    css += """
@container (max-width:760px){.st-key-head div[data-testid=stHorizontalBlock]{flex-wrap:nowrap!important}
.st-key-head div[data-testid=stColumn]{flex:0 0 auto!important;min-width:0!important}
.st-key-head div[data-testid=stColumn]:first-child{flex:1 1 0!important}
.st-key-head :is(button,label) p{font-size:1rem!important}
.st-key-head h5{white-space:nowrap;overflow:hidden;text-overflow:ellipsis}}
@media (max-width:860px){.st-key-aside [data-testid=stMarkdownContainer] p{font-size:0.9rem}
[data-testid=stMain] .st-key-aside :is(button,label) p{font-size:0.95rem!important}}
"""
    # Predict first on the projector: the question, its choices, Reveal and the verdict take the strip's
    # top (the choices, fixed once revealed, give way to the verdict); the tabs follow the view's charts.
    # Once revealed (the verdict, and a class's answers under it) the box reaches for the screen's edge:
    # wider, it is shorter, clear of ▶ and the step slider, to which the plot then keeps (viz.contour's
    # ``boxed``).
    quiz = f"""
.st-key-quizbox{{{strip};background:#fff;padding-bottom:0.3rem}}
.st-key-quizbox:is(:has(.st-key-class-hall),:has(.st-key-quiz-again)){{width:auto;right:1.5rem;max-width:36rem}}
.st-key-quizbox [data-testid=stButtonGroup]:has(button:disabled){{display:none}}
.st-key-quizbox p{{font-size:1.25rem;line-height:1.4}}
.stElementContainer.st-key-view{{order:1}}
"""
    # a class's row or offer keeps its height (the strip starts with the plot); its words whole, in narrow gaps
    rows = ":is(.st-key-class-row,.st-key-class-offer)"
    row = f"{rows}{{height:{CLASS_ROW}px;overflow:hidden;align-items:center;font-size:1.3rem;gap:1.25rem}}"
    row += f"{rows} :is(p,.lab-class){{white-space:nowrap;font-size:1.3rem}}"
    return css + (row if above else ""), quiz


QUOTED_LENGTH = 40  # characters of a visitor's text quoted back on the page
# printable by Unicode's reckoning, yet drawn as nothing: the Hangul fillers, the blank Braille pattern
BLANK = frozenset("\u115f\u1160\u3164\uffa0\u2800")
log = logging.getLogger("landscape_lab")


def quoted(text: object, limit: int = QUOTED_LENGTH) -> str:
    r"""A visitor's text, safe to put into a sentence of Markdown: shortened, on one line, as a code span.

    Inside a code span Markdown reads nothing: no image, link, autolink, heading, HTML, maths or
    Streamlit directive (``:red[...]``) comes from a URL, and the text shows as typed. The span's
    fence is one backtick longer than any run of backticks in the text, so the text cannot close it.

    >>> print(quoted("![b](https://host/t.png)"), quoted("a`b"), quoted("x" * 50))
    `![b](https://host/t.png)` ``a`b`` `xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…`
    """
    shown = re.sub(r"\s+", " ", "".join(c if c.isprintable() else " " for c in str(text))).strip()
    if len(shown) > limit:
        shown = shown[: limit - 1] + "…"
    fence = "`" * (max((len(run) for run in re.findall(r"`+", shown)), default=0) + 1)
    pad = " " if shown.startswith("`") or shown.endswith("`") else ""
    return f"{fence}{pad}{shown}{pad}{fence}"


def visible(text: str) -> str:
    r"""A visitor's key or value with every character that does not show as itself escaped, so a key with
    a zero-width, bidi or other invisible character reads as what it is, not as the key it looks like.

    >>> print(visible("o\u200bpt=adam"), visible("opt\u202e"), visible("opt\u00a0"), visible("α=0.1 x"))
    o\u200bpt=adam opt\u202e opt\u00a0 α=0.1 x
    """
    return "".join(c if _shows(c) else _escaped(c) for c in text)


def _shows(c: str) -> bool:
    """Whether ``c`` is drawn as a mark of its own: not a control, format (zero-width, bidi), unassigned
    or private character, not a space other than the plain one, not a combining mark, not a blank filler."""
    return c == " " or (c.isprintable() and c not in BLANK and unicodedata.category(c) not in ("Mn", "Me"))


def _escaped(c: str) -> str:
    code = ord(c)
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def guarded(section: Callable) -> Callable:
    """A failing section shows a friendly note instead of a traceback; the rest of the page goes on."""

    @functools.wraps(section)
    def run(config: Config, *args, **kwargs):
        try:
            return section(config, *args, **kwargs)
        except Exception as error:  # the page must never show a traceback
            if type(error).__name__ in ("RerunException", "StopException"):
                raise  # Streamlit's own control flow: a newer run or a closed tab
            log.exception("section %s failed", section.__name__)
            st.error(tr("error", config.lang, detail=type(error).__name__))
            return None

    return run


def chart_labels(lang: str) -> dict[str, str]:
    """Every translated word a figure builder may ask for."""
    return {key: value for key, value in CATALOGS[lang].MESSAGES.items() if isinstance(value, str)}


def label_function(lang: str) -> Callable[[str], str]:
    return lambda name: name_of(name, lang)


def large_type(config: Config) -> bool:
    """Presentation mode's type and lines for the back row; a phone keeps the normal layout."""
    return config.present and not on_phone()


def beside_plot(present: bool) -> bool:
    """Whether presentation puts the views, the question and the legend in a strip beside the plot."""
    return present and st.session_state.get("view") == "paths" and not on_phone()


def header(lang: str, present: bool, title: str, line: str, class_room: str = "", views: bool = True) -> None:
    """The page's top, kept short so the plot fits the screen: the title (in presentation mode the
    scenario's, with its one line) beside the two switches, then the views (``views``; else the view's
    fragment draws them, ``view_switch``). A class above the view (``class_room``: "row", its one row of
    fixed height, or "panel", its QR code or a member's row) moves the strip beside the plot down by that
    row; under a panel presentation keeps the views above the plot."""
    beside, asking = _strip(present, class_room)
    strip, quiz_strip = beside_css(CLASS_ROW if class_room == "row" else 0)
    # one style element: Markdown puts consecutive ones into one, where a "</style><style>" between two sheets
    # would spoil the next sheet's first rule
    sheets = LAYOUT_CSS + (PRESENT_CSS if present else "") + (strip if beside else "")
    sheets += quiz_strip if asking else ""
    st.markdown(f"<style>{sheets}</style>", unsafe_allow_html=True)
    # switching a view or a mode reruns the whole page; a slider move does not redraw any of this
    head = st.container(key="head")  # a narrow main area puts the switches under the title (LAYOUT_CSS)
    heading, present_switch, quiz_switch = head.columns([7, 2, 2], vertical_alignment="center")
    heading.markdown(f"##### {title if present else tr('heading', lang)}")
    for column, key in ((present_switch, "present"), (quiz_switch, "quiz")):
        with column:
            setting_widget(SETTINGS[key], lang)
    if views:
        view_switch(lang, present, line, class_room)


def question_beside(present: bool, class_room: str) -> bool:
    """Whether the question's box lies over the top of the plot's strip (predict first on the projector)."""
    return _strip(present, class_room)[1]


def _strip(present: bool, class_room: str) -> tuple[bool, bool]:
    """Whether the views go in the strip beside the plot, and whether the question panel takes that strip."""
    beside = beside_plot(present) and class_room != "panel"
    return beside, beside and bool(st.session_state.get("quiz"))


def view_switch(lang: str, present: bool, line: str, class_room: str = "") -> None:
    """The views (and in presentation mode the scenario's line): under the header, or beside the plot."""
    beside, asking = _strip(present, class_room)
    with st.container(key="aside") if beside and not asking else contextlib.nullcontext():  # beside_css
        if present and line and not asking:  # the question panel asks it
            st.markdown(line)
        st.segmented_control(
            tr("view", lang),
            VIEWS,
            format_func=lambda v: tr(VIEWS[v].label, lang),
            key="view",
            required=True,
            label_visibility="collapsed",
        )


def presentation_title(lang: str, preset: str | None, landscape: str | None, asking: bool = False) -> tuple[str, str]:
    """The title and one line a presentation shows: the scenario's (its question in quiz mode: its
    claim would give the answer away), or else the function's."""
    if preset:
        return scenario_text(preset, "title", lang), scenario_text(preset, "question" if asking else "line", lang)
    if landscape in landscapes.names():
        return name_of(landscape, lang), core(landscapes.spec(landscape).description, lang)
    return tr("heading", lang), ""


def warnings(
    lang: str, problems: Sequence[str], errors: Sequence[Exception] = (), dropped: tuple[str, int] | None = None
) -> None:
    """What a link asked for that was ignored, and why; ``dropped``: why Streamlit dropped all of it (the
    message's key and the limit the link passed)."""
    if dropped:
        key, limit = dropped
        st.warning(tr(key, lang, limit=limit), icon="⚠️")
    if problems:
        items = ", ".join(quoted(visible(p)) for p in problems)
        reasons = "".join(f"\n\n{quoted(message(e, lang), limit=300)}" for e in errors)
        st.warning(tr("url_problems", lang, items=items) + reasons, icon="⚠️")


def scenario_card(config: Config) -> bool:
    """The scenario's claim, beside (or above) what shows it; whether it is shown."""
    if config.preset and not config.present and not quiz.hidden(config):  # the claim is the answer
        lang, preset = config.lang, config.preset
        title, text = scenario_text(preset, "title", lang), scenario_text(preset, "text", lang)
        st.info(f"**{title}**\n\n{text}", icon="🎓")
        return True
    return False


def divergence_notes(config: Config, paths: Sequence[PathView], view=None) -> None:
    """Why each stopped path stopped: f undefined there, or it diverged. On an f unbounded below (a saddle)
    leaving the window is the escape, not a failure: said once, the table giving each path's step."""
    unbounded = view is not None and view.f_min is None and not view.minima
    if unbounded and any(path.left_at is not None for path in paths):
        st.info(tr("saddle_note", config.lang), icon="🚀")
    for path in paths:
        said = stop_note(path, view.bounds if view is not None else None, unbounded)
        if said:
            note = {"undefined": "undefined_note", "diverged": "diverged_note"}[said]
            st.warning(tr(note, config.lang, name=path.label, step=path.diverged_at), icon="🚀")


def absent_notes(absent: Sequence, lang: str) -> None:
    """Where an optimizer's path would be, why it is not there (``ui.runs.runnable``); the rest is drawn."""
    for missing in absent:
        st.warning(tr("absent_note", lang, name=name_of(missing.name, lang), reason=message(missing.reason, lang)))


def budget_note(config: Config, asked: int | None) -> None:
    if asked is not None:
        st.info(tn("budget_note", len(config.opt), config.lang, steps=config.steps, asked=asked), icon="⏱️")


LINK_CSS = """
.lab-link p { margin: 0 0 0.25rem; }
.lab-link small { color: rgba(49, 51, 63, 0.6); }
.lab-link ul { margin: 0 0 0.5rem; padding-left: 1.25rem; }
.lab-link-row { display: flex; gap: 0.5rem; align-items: flex-start; }
.lab-link-row code { flex: 1; min-width: 0; padding: 0.5rem 0.75rem; border-radius: 0.5rem; background: #f2f5f8;
  font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.85rem; word-break: break-all;
  user-select: all; }
.lab-link-row button { padding: 0.45rem 0.9rem; border: 1px solid #d5dae1; border-radius: 0.5rem; background: white;
  color: inherit; font: inherit; cursor: pointer; }
.lab-link-row button:hover { border-color: #0072b2; color: #0072b2; }
"""


def share_link(config: Config) -> None:
    """The current view's link, with a button that copies it, after the settings it holds: every chosen
    optimizer's hyperparameters, as its sliders show them. One element, sent again on every slider
    move; not a Markdown code block, whose syntax highlighter is the page's largest script (1.5 MB, 0.6 s
    of the browser's work before the first chart)."""
    lang = config.lang
    link = f"{page_address(st.context.url or '')}?{urlencode(config.to_query())}"
    texts = {"title": tr("share", lang), "help": tr("share_help", lang), "lines": settings_lines(config), "url": link}
    texts |= {"copy": tr("copy", lang), "copied": tr("copied", lang)}
    try:
        box = assets.component("link", LINK_CSS)
    except OSError:  # no static folder to serve the component from: the link as a Markdown code block
        lines = "".join(f"\n- {line}" for line in texts["lines"])
        st.markdown(f"**{texts['title']}** :gray[:small[{texts['help']}]]\n{lines}\n\n{fenced(link)}")
        return
    box(key="share_link", data=orjson.dumps(texts))


def page_address(url: str) -> str:
    """The page's address without its query, its path at least "/": Streamlit reports the root page as
    ``http://host:port``, and ``http://host:port?f=…`` is not a URL every chat or mail program links whole.

    >>> page_address("http://127.0.0.1:8501"), page_address("https://lab.example/app?f=booth")
    ('http://127.0.0.1:8501/', 'https://lab.example/app')
    """
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, parts.path or "/", "", "")) if parts.netloc else url.split("?")[0]


def fenced(text: str) -> str:
    """``text`` as a Markdown code block, its fence longer than any run of backticks in it."""
    fence = "`" * max(3, 1 + max((len(run) for run in re.findall("`+", text)), default=0))
    return f"{fence}\n{text}\n{fence}"


def settings_lines(config: Config) -> list[str]:
    """Each chosen optimizer's settings (``ui.options.settings_line``)."""
    return [options.settings_line(name, pairs, config.lang) for name, pairs in config.hyperparameters]


@guarded
def update_rules(config: Config) -> None:
    """Each chosen optimizer's rule in LaTeX, as one block of Markdown. It depends on the chosen
    optimizers only, so it is drawn with the page, not on every slider move (typesetting it is the
    browser's costliest Markdown); the values are beside the link (``settings_lines``)."""
    lang = config.lang
    if not config.opt:
        return
    parts = [f"#### {tr('rules', lang)}"]
    for name in config.opt:
        spec = optimizers.spec(name)
        rule = r"\begin{gathered}" + formula(spec.rule_latex, lang).replace(r",\quad ", r" \\ ") + r"\end{gathered}"
        kept = tn("state_vectors", spec.state_vectors, lang)
        parts += [
            f"**{name_of(name, lang)}**: {core(spec.description, lang)}",
            f"$$\n{rule}\n$$",
            f":small[{kept} {tr('reference', lang)}: {spec.reference}]",
        ]
    st.markdown("\n\n".join(parts))
