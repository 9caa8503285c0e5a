"""A class in Chromium: the lecturer's projector and two students' phones, each in its own browser context.

The projected QR code is read back from a screenshot (zxing-cpp) and must hold the join link; the
students follow, one steps out and comes back, both answer, one changes their answer, the lecturer
reveals, and the hall's answers show on every page.
"""

from __future__ import annotations

import io
import os
import re

import pytest
import segno

from tests.browser import ARTIFACTS, IDLE, PHONE, boxes

pytestmark = [pytest.mark.browser, pytest.mark.timeout(300)]


def view_of(page) -> str | None:
    return page.evaluate("() => new URLSearchParams(location.search).get('view')")


def wait_view(page, view: str, timeout: float = 10_000) -> None:
    page.wait_for_function(f"() => new URLSearchParams(location.search).get('view') === '{view}'", timeout=timeout)


def chosen_view(page) -> str:
    """The view the page's view switch shows as chosen."""
    return page.locator(".st-key-view button[aria-checked=true]").inner_text().strip()


def reruns(frame: bytes | str) -> bool:
    """Whether a message a page sent its server asks for a script run."""
    from streamlit.proto.BackMsg_pb2 import BackMsg

    message = BackMsg()
    message.ParseFromString(frame if isinstance(frame, bytes) else frame.encode())
    return message.HasField("rerun_script")


def read_qr(page) -> tuple[str, float]:
    """The text of the QR code on the screen, and its size in screen pixels per module."""
    import zxingcpp
    from PIL import Image

    image = Image.open(io.BytesIO(page.screenshot()))
    found = zxingcpp.read_barcodes(image)
    assert found, "no QR code on the lecturer's first screen"
    code = found[0]
    corners = code.position
    width = abs(corners.top_right.x - corners.top_left.x) + 1  # corner to corner: one module short of the side
    modules = segno.make(code.text, error="m").symbol_size(scale=1, border=0)[0]  # as ui/hall.py draws it
    return code.text, width / modules


def start_a_class(browser, server: str, query: str, size: tuple[int, int] = (1366, 768)):
    """A lecturer's page at ``size`` that started a class with the settings ``query``: the page, and the
    join link its card shows."""
    lecturer = browser.new_context(viewport={"width": size[0], "height": size[1]}).new_page()
    lecturer.goto(f"{server}/?class=new&{query}")
    lecturer.wait_for_selector(".st-key-class-qr img", timeout=60_000)
    return lecturer, lecturer.locator(".st-key-class-qr code").first.inner_text().strip()


def require_zxing() -> None:
    """Skip without zxing-cpp (test-only: .ci/run installs it), except in CI, where it is a failure."""
    try:
        import zxingcpp  # noqa: F401
    except ImportError:
        if os.environ.get("CI"):
            pytest.fail("CI must decode the projected QR code: pip install zxing-cpp (.ci/run does)")
        pytest.skip("decoding the QR code needs zxing-cpp (pip install zxing-cpp)")


# the hall's chart's counts, a bar per choice (its first round's)
HALL_BARS = "() => Array.from(document.querySelector('.st-key-class-hall .js-plotly-plot')._fullData[0].y)"
# each of the class's row's texts (its code, its counts) on one line, and each of its parts whole
WHOLE_ROW = """() => Array.from(document.querySelectorAll('.st-key-class-row :is(p, .lab-class)'))
    .every(e => e.getBoundingClientRect().height < 2.2 * parseFloat(getComputedStyle(e).fontSize))
    && Array.from(document.querySelector('.st-key-class-row').children)
    .every(e => e.scrollWidth <= e.getBoundingClientRect().width + 1)"""
# the widest code a class can have, and a hall of 188, in the row's texts
WIDEST = """() => { document.querySelector('.st-key-class-row p').textContent = 'WMWMWM';
    document.querySelectorAll('.st-key-class-row .lab-class')
        .forEach(e => e.textContent = e.textContent.replace(/1/g, '188')); }"""
# the question's box offers the second vote: one "Vote again" shown, enabled (a button with help has a twin
# Streamlit keeps out of sight)
VOTE_AGAIN = """() => {
    const found = Array.from(document.querySelectorAll('.st-key-quizbox .st-key-class-again button'))
        .filter(b => b.getClientRects().length);
    return found.length === 1 && !found[0].disabled; }"""
# the bars' total in the chart of the question's box beside the plot (bars across: the counts are x)
BOX_BARS = "() => document.querySelector('.st-key-quizbox .js-plotly-plot')._fullData[0].x.reduce((a, b) => a + b)"


def test_a_lecturer_and_two_students(server, browser):
    require_zxing()
    lecturer = browser.new_context(viewport={"width": 1024, "height": 768}).new_page()
    errors: list[str] = []  # what the pages threw and nobody caught (a chart resized while hidden did)
    lecturer.on("pageerror", lambda error: errors.append(str(error)))
    lecturer.goto(f"{server}/?class=new&preset=one_lr&present=1")
    lecturer.wait_for_selector(".st-key-class-qr img", timeout=60_000)
    lecturer.wait_for_selector(IDLE, timeout=60_000)
    lecturer.screenshot(path=str(ARTIFACTS / "class-lecturer-1024.png"))
    link, per_module = read_qr(lecturer)
    assert re.fullmatch(re.escape(server) + r"/\?class=[A-Z2-9]{6}", link), link
    assert per_module >= 5
    assert "?class=" not in lecturer.url  # the lecturer's own link starts no second class

    students = [browser.new_context(**PHONE).new_page() for _ in range(2)]
    runs: list[bytes] = []  # the first student's requests for a run
    students[0].on("websocket", lambda ws: ws.on("framesent", lambda frame: runs.append(frame)))
    for student in students:
        student.on("pageerror", lambda error: errors.append(str(error)))
        student.goto(link)
        student.wait_for_selector(".st-key-class-explore", timeout=60_000)
        student.wait_for_selector(".st-key-view", timeout=60_000)
        student.wait_for_selector(IDLE, timeout=60_000)  # what a run still drawing has not yet taken away
        explore, switch = (boxes(student, key)[0] for key in (".st-key-class-explore", ".st-key-view"))
        assert switch["top"] - explore["bottom"] < 25  # one gap (17 px): the long poll between them takes none
    count = lecturer.locator(".st-key-class-count")
    count.filter(has_text="2 of 2 follow").wait_for(timeout=10_000)  # live, without a run of the lecturer's

    lecturer.get_by_text("Memory", exact=True).first.click()
    for student in students:
        wait_view(student, "memory")
        student.wait_for_selector(IDLE, timeout=10_000)
        assert chosen_view(student) == "Memory"  # the view switch too, not only the link and the charts

    first, second = students
    first.locator(".st-key-class-explore button").click()
    first.wait_for_selector(".st-key-class-follow", timeout=10_000)
    count.filter(has_text="1 of 2 follow").wait_for(timeout=10_000)
    first.wait_for_selector(IDLE, timeout=10_000)
    runs.clear()
    lecturer.get_by_text("Paths", exact=True).first.click()
    wait_view(second, "paths")
    second.wait_for_timeout(1500)
    assert view_of(first) == "memory"  # stepped out: the lecturer's change is not theirs
    assert not [frame for frame in runs if reruns(frame)]  # nor a run of theirs: their poll ended
    first.locator(".st-key-class-follow button").click()
    wait_view(first, "paths")
    count.filter(has_text="2 of 2 follow").wait_for(timeout=10_000)

    lecturer.locator(".st-key-quiz label").first.click()  # Predict first
    lecturer.wait_for_function("() => location.search.includes('quiz=1')", timeout=10_000)
    lecturer.screenshot(path=str(ARTIFACTS / "class-lecturer-quiz.png"))
    try:
        for student in students:
            student.wait_for_selector(".st-key-quiz-choice button", timeout=20_000)
    finally:
        print("STUDENT", students[0].url)
        students[0].wait_for_selector(IDLE, timeout=20_000)
        students[0].wait_for_timeout(500)  # the plot's redraw under way (it looked stretched in the picture)
        students[0].screenshot(path=str(ARTIFACTS / "class-student-quiz.png"), full_page=True)
    lecturer.wait_for_selector(IDLE, timeout=30_000)
    lecturer.locator(".st-key-class-show_hall label").first.click()  # the hall's answers before Reveal
    lecturer.wait_for_selector(".st-key-class-hall .js-plotly-plot", timeout=20_000)
    first.locator(".st-key-quiz-choice button").first.click()
    first.wait_for_selector(IDLE)
    first.locator(".st-key-quiz-choice button").last.click()  # changed their mind: still one answer
    second.locator(".st-key-quiz-choice button").last.click()
    lecturer.locator(".st-key-class-answers").filter(has_text="2 of 2 answered").wait_for(timeout=10_000)
    # the chart follows the answers as they come, each counted once, without a click of the lecturer's
    both = f"() => {{ const bars = ({HALL_BARS})(); return Math.max(...bars) + bars.reduce((a, b) => a + b) === 4; }}"
    lecturer.wait_for_function(both, timeout=10_000)

    lecturer.locator(".st-key-quiz-reveal button").click()
    lecturer.wait_for_selector(".st-key-class-hall .js-plotly-plot", timeout=20_000)
    for student in students:
        student.wait_for_selector(".st-key-class-hall .js-plotly-plot", timeout=20_000)
        student.wait_for_selector(".st-key-loss .js-plotly-plot", timeout=20_000)  # the loss curves: revealed there too
        assert not student.locator(".st-key-quiz-again, .st-key-quiz-reveal").count()  # the lecturer's to press
    assert sum(lecturer.evaluate(HALL_BARS)) == 2
    lecturer.screenshot(path=str(ARTIFACTS / "class-lecturer-revealed.png"), full_page=True)
    first.screenshot(path=str(ARTIFACTS / "class-student-phone.png"), full_page=True)
    assert errors == []


def folded_projector(server, browser, size=(1024, 768), lang="en", preset="one_lr"):
    """The lecturer's projector at ``size`` asking the scenario's question, the QR code folded away, and one
    student following on a phone: the lecturer's page, the student's, and the plot's square before Reveal."""
    lecturer, link = start_a_class(browser, server, f"preset={preset}&present=1&quiz=1&lang={lang}", size)
    student = browser.new_context(**PHONE).new_page()
    student.goto(link)
    student.wait_for_selector(".st-key-quizbox", timeout=60_000)
    student.wait_for_selector(IDLE, timeout=60_000)
    lecturer.locator(".st-key-class-qr_toggle button").click()
    lecturer.wait_for_selector(".st-key-class-qr", state="detached", timeout=20_000)
    lecturer.wait_for_selector(IDLE, timeout=60_000)
    return lecturer, student, boxes(lecturer, ".st-key-plot .nsewdrag")[0]


def answer_once(student) -> None:
    """The student's answer: Adam; or, where the question asks for a tap, a tap on the plot."""
    if student.locator(".st-key-quiz-choice button").count():
        student.locator(".st-key-quiz-choice button").nth(2).click()
    else:
        plot = student.locator(".st-key-plot .nsewdrag").bounding_box()
        student.mouse.click(plot["x"] + 0.6 * plot["width"], plot["y"] + 0.3 * plot["height"])


def wait_answered_once(lecturer) -> None:
    answered = re.compile(r"\b1\D+1\b")  # "1 of 1 answered", "Відповіли: 1 з 1"
    lecturer.locator(".st-key-class-answers").filter(has_text=answered).wait_for(timeout=10_000)


def projector_reveals_with_the_hall_beside(server, browser, size=(1024, 768), lang="en", preset="one_lr"):
    """The folded projector (``folded_projector``) with one student's answer revealed: the question's box
    beside the plot holds the hall's answers. The lecturer's page, and the square before Reveal."""
    lecturer, student, square = folded_projector(server, browser, size, lang, preset)
    answer_once(student)
    wait_answered_once(lecturer)
    lecturer.locator(".st-key-quiz-reveal button").click()
    lecturer.wait_for_selector(".st-key-quizbox .st-key-class-hall", timeout=20_000)
    lecturer.wait_for_selector(IDLE, timeout=60_000)
    return lecturer, square


def test_the_projector_folds_the_qr_code_into_one_row_and_shows_the_hall_beside_the_plot(server, browser):
    """With the QR code folded away, the class is one row above the plot: the question's box stands beside
    the plot (not over the row) and, after Reveal, holds the hall's answers under the verdict."""
    lecturer, _ = projector_reveals_with_the_hall_beside(server, browser)
    lecturer.wait_for_selector(".st-key-quizbox .st-key-class-hall .js-plotly-plot", timeout=20_000)
    row, box, plot = (boxes(lecturer, s)[0] for s in (".st-key-class-row", ".st-key-quizbox", ".st-key-plot"))
    bars = lecturer.evaluate(BOX_BARS)
    lecturer.screenshot(path=str(ARTIFACTS / "class-lecturer-folded-revealed.png"))
    assert row["bottom"] <= box["top"] and row["bottom"] <= plot["top"] + 1
    assert abs(box["top"] - plot["top"]) < 30 and box["left"] > plot["left"] + 400  # beside the square
    assert box["bottom"] <= 768 and plot["bottom"] <= 768  # on the projector's first screen
    assert bars == 1
    hall = lecturer.locator(".st-key-quizbox .st-key-class-hall")
    assert hall.locator(".gtitle").text_content() == "The hall's answers"
    assert hall.locator(".modebar").count() == 0  # a toolbar over the narrow box's title: none
    lecturer.locator(".st-key-class-qr_toggle button").click()  # and back with one click
    lecturer.wait_for_selector(".st-key-class-qr img", timeout=20_000)


STRIP_JS = """() => {
    const box = (el) => { const r = el.getBoundingClientRect();
        return {top: r.top, bottom: r.bottom, left: r.left, right: r.right}; };
    const plot = document.querySelector('.st-key-plot .js-plotly-plot');
    const drawn = (selector) => Array.from(plot.querySelectorAll(selector), box);
    const paths = plot._fullData.filter(t => t.meta === 'path')
        .map(t => ({name: t.name, colour: t.marker.color, symbol: t.marker.symbol}));
    const hall = document.querySelector('.st-key-quizbox .st-key-class-hall .js-plotly-plot');
    const marks = (hall ? hall._fullData : []).filter(t => t.meta === 'names')
        .flatMap(t => Array.from(t.y, (y, k) => ({name: y, colour: t.marker.color[k], symbol: t.marker.symbol[k]})));
    return {
        box: box(document.querySelector('.st-key-quizbox')),
        square: box(plot.querySelector('.nsewdrag')),
        parts: {legend: drawn('.legend'), colorbar: drawn('.colorbar'), buttons: drawn('.updatemenu-button'),
                rail: drawn('.slider-rail-rect'), step: drawn('.slider-group > text.slider-label')},
        legend: Array.from(plot.querySelectorAll('.legendtext'), e => e.textContent),
        paths, marks,
        taps: plot._fullData.filter(t => t.meta === 'cloud').map(t => t.x.length),
    };
}"""


def apart(a: dict, b: dict) -> bool:
    return a["right"] <= b["left"] or b["right"] <= a["left"] or a["bottom"] <= b["top"] or b["bottom"] <= a["top"]


@pytest.mark.parametrize(
    ("size", "lang", "preset"),
    [
        ((1024, 768), "en", "one_lr"),
        ((1024, 768), "uk", "one_lr"),
        ((1280, 720), "en", "one_lr"),
        ((1920, 1080), "uk", "one_lr"),
        ((1024, 768), "uk", "adagrad_vanishes"),  # "where will AdaGrad be?": a tap
        ((1280, 720), "en", "adagrad_vanishes"),
    ],
    ids=["projector", "projector-uk", "hd", "full-hd-uk", "taps-projector-uk", "taps-hd"],
)
def test_the_hall_beside_the_plot_covers_nothing_the_plot_draws_in_its_strip(server, browser, size, lang, preset):
    """The hall's answers in the question's box beside the plot once covered the legend, the colour bar and
    the step's label (the box down to y = 565 at 1024×768): now nothing the plot draws beside its square is
    under the box, every path is named there (by the legend or by the hall's chart, each optimizer's bar
    and marker in its path's colour and shape), the hall's taps are on the plot itself, and the square
    keeps its size at Reveal."""
    lecturer, square = projector_reveals_with_the_hall_beside(server, browser, size, lang, preset)
    lecturer.wait_for_timeout(500)  # the plot settles into its box after the redraw
    strip = lecturer.evaluate(STRIP_JS)
    name = f"class-lecturer-hall-beside-{preset}-{size[0]}x{size[1]}-{lang}.png"
    lecturer.screenshot(path=str(ARTIFACTS / name))
    box = strip["box"]
    covered = {name: part for name, parts in strip["parts"].items() for part in parts if not apart(box, part)}
    assert not covered, f"the box {box} covers {covered}"
    assert strip["parts"]["step"] and strip["parts"]["buttons"], "no step slider beside the square"
    assert box["left"] >= strip["square"]["right"] and box["bottom"] <= size[1]
    assert abs(strip["square"]["right"] - square["right"]) < 1 and abs(strip["square"]["bottom"] - square["bottom"]) < 1
    marks = {mark["name"]: mark for mark in strip["marks"]}
    for path in strip["paths"]:
        in_the_legend = path["name"] in strip["legend"] and strip["parts"]["legend"]
        mark = marks.get(path["name"], {})
        in_the_hall = (mark.get("colour"), mark.get("symbol")) == (path["colour"], path["symbol"])
        assert in_the_legend or in_the_hall, f"{path['name']} is named nowhere beside the plot"
    assert strip["taps"] == ([1] if preset == "adagrad_vanishes" else [])


@pytest.mark.parametrize(("lang", "preset"), [("en", "one_lr"), ("uk", "adagrad_vanishes")], ids=["choice", "taps-uk"])
def test_the_folded_row_shows_the_halls_answers_before_reveal(server, browser, lang, preset):
    """With the QR code folded away, the lecturer can still show the hall's answers before Reveal: the
    switch is in the class's row, the answers in the question's box beside the plot (a tap question's taps
    on the plot), following the answers as they come, and "Vote again" beside Reveal. The paths stay
    hidden, and the box covers nothing the plot draws beside its square."""
    lecturer, student, square = folded_projector(server, browser, (1024, 768), lang, preset)
    row = lecturer.locator(".st-key-class-row")
    quizbox = lecturer.locator(".st-key-quizbox")
    assert row.locator(".st-key-class-again").count() == 0  # the second vote is the question's, in its box
    lecturer.wait_for_function(VOTE_AGAIN, timeout=10_000)  # before Reveal too (vote, discuss, vote again)
    row.locator(".st-key-class-show_hall label").click()
    lecturer.wait_for_selector(".st-key-quizbox .st-key-class-hall", timeout=20_000)
    answer_once(student)
    wait_answered_once(lecturer)
    if preset == "one_lr":  # the chart follows the answer without a click of the lecturer's
        lecturer.wait_for_function(f"() => ({BOX_BARS})() === 1", timeout=10_000)
    else:
        plot = "document.querySelector('.st-key-plot .js-plotly-plot')"
        taps = f"() => {plot}._fullData.some(t => t.meta === 'cloud' && t.x.length === 1)"
        lecturer.wait_for_function(taps, timeout=10_000)
    lecturer.wait_for_selector(IDLE, timeout=30_000)
    lecturer.wait_for_timeout(500)  # the plot settles into its box after the redraw
    strip = lecturer.evaluate(STRIP_JS)
    lecturer.screenshot(path=str(ARTIFACTS / f"class-lecturer-hall-before-reveal-{preset}-{lang}.png"))
    box = strip["box"]
    covered = {name: part for name, parts in strip["parts"].items() for part in parts if not apart(box, part)}
    assert not covered, f"the box {box} covers {covered}"
    assert strip["paths"] == []  # not revealed yet
    assert strip["taps"] == ([1] if preset == "adagrad_vanishes" else [])
    assert box["left"] >= square["right"] and box["bottom"] <= 768
    assert boxes(lecturer, ".st-key-class-row")[0]["bottom"] <= box["top"]
    lecturer.evaluate(WIDEST)
    assert lecturer.evaluate(WHOLE_ROW), "the class's row cut or broke its code, its counts or a button"
    lecturer.locator(".st-key-quiz-reveal button").click()
    revealed = "() => document.querySelector('.st-key-plot .js-plotly-plot')._fullData.some(t => t.meta === 'path')"
    lecturer.wait_for_function(revealed, timeout=20_000)
    lecturer.wait_for_selector(IDLE, timeout=30_000)
    lecturer.wait_for_function(VOTE_AGAIN, timeout=10_000)  # and after it, in place of asking again
    assert quizbox.locator(".st-key-quiz-again").count() == 0
    assert row.locator(".st-key-class-show_hall").count() == 0  # the answers are shown now
    lecturer.wait_for_selector(".st-key-quizbox .st-key-class-hall", timeout=20_000)


def test_the_lecturers_alpha_reaches_a_following_phone_with_no_run_of_its_own(server, browser):
    """The lecturer moves Adam's α on the stage; a following phone draws the new path from the row it has
    (the core's path to half a pixel, the value in its URL), within 2 s of the lecturer's settle, and sends
    its server nothing: no script run per follower for a change the stage can draw."""
    from tests.test_stage import ADAM, READY, assert_draws_the_core_path

    lecturer, link = start_a_class(browser, server, "opt=sgd,adam&steps=300")
    code = link.rsplit("=", 1)[1]
    student = browser.new_context(**PHONE).new_page()
    sent: list = []
    student.on("websocket", lambda ws: ws.on("framesent", lambda frame: sent.append(frame)))
    student.goto(f"{server}/?class={code}")
    student.wait_for_selector(".st-key-class-explore", timeout=60_000)
    student.wait_for_selector(IDLE, timeout=60_000)
    student.wait_for_selector(READY, timeout=60_000)
    lecturer.wait_for_selector(READY, timeout=60_000)
    student.wait_for_timeout(1000)
    sent.clear()
    lecturer.locator(ADAM).focus()
    for _ in range(2):
        lecturer.keyboard.press("ArrowLeft")
        lecturer.wait_for_timeout(150)
    moved = lecturer.locator(ADAM).get_attribute("aria-valuetext")
    lecturer.wait_for_selector(IDLE, timeout=30_000)
    student.wait_for_function(
        "(v) => document.querySelector('#lab-stage-adam\\\\.alpha').getAttribute('aria-valuetext') === v",
        arg=moved,
        timeout=2_000 + 1_000,  # the lecturer's settle (0.7 s after the presses) and its run, then 2 s
    )
    student.wait_for_function("() => window.__lab.quiet()")
    assert_draws_the_core_path(student)
    assert student.evaluate("() => window.__lab.followed") == 1
    student.wait_for_timeout(1000)
    assert sent == []  # the phone asked its server for nothing
    student.screenshot(path=str(ARTIFACTS / "class-student-follows-alpha.png"))


HIDE = """(hidden) => {
    if (!window.__labVisibility) {  // the page's visibility as a phone's lock or another tab sets it
        window.__labVisibility = true;
        Object.defineProperty(Document.prototype, "visibilityState", {
            configurable: true, get: () => (window.__labHidden ? "hidden" : "visible"),
        });
    }
    window.__labHidden = hidden;
    document.dispatchEvent(new Event("visibilitychange"));
}"""


def test_a_hidden_followers_page_asks_for_its_run_when_it_is_seen_again(server, browser):
    """The lecturer switches the view while a follower's page is hidden (a locked phone): that page sends the
    server nothing until it is seen again, and then its one run shows the lecturer's latest view."""
    lecturer, link = start_a_class(browser, server, "opt=sgd,adam&steps=300")
    student = browser.new_context(**PHONE).new_page()
    sent: list = []
    student.on("websocket", lambda ws: ws.on("framesent", lambda frame: sent.append(frame)))
    student.goto(link)
    student.wait_for_selector(".st-key-class-explore", timeout=60_000)
    student.wait_for_selector(IDLE, timeout=60_000)
    student.wait_for_timeout(1000)
    student.evaluate(HIDE, True)
    sent.clear()
    lecturer.get_by_text("Memory", exact=True).first.click()
    wait_view(lecturer, "memory")
    lecturer.get_by_text("3D surface", exact=True).first.click()
    wait_view(lecturer, "surface")
    student.wait_for_timeout(2500)  # the poll has seen both changes by now
    assert (view_of(student), sent) == ("paths", [])
    student.evaluate(HIDE, False)
    wait_view(student, "surface")  # the latest view, not the one in between
    student.wait_for_selector(IDLE, timeout=60_000)
    assert len(sent) == 1


RANGES = """() => {
    const plot = document.querySelector('.st-key-plot .js-plotly-plot');
    return plot && plot._fullLayout ? [plot._fullLayout.xaxis.range, plot._fullLayout.yaxis.range] : null;
}"""


def test_a_following_phone_shows_the_new_functions_whole_window(server, browser):
    """The lecturer goes to the next scenario (another function): a following phone's square plot spans the
    new window, as the lecturer's does (Plotly.react had kept the old function's y range on a phone)."""
    lecturer, link = start_a_class(browser, server, "preset=one_lr")
    student = browser.new_context(**PHONE).new_page()
    student.goto(link)
    student.wait_for_selector(".st-key-plot .js-plotly-plot", timeout=60_000)
    student.wait_for_selector(IDLE, timeout=60_000)
    before = student.evaluate(RANGES)
    lecturer.locator(".st-key-preset").get_by_role("combobox").click(timeout=60_000)
    lecturer.keyboard.type("AdaGrad's step size")
    lecturer.keyboard.press("Enter")
    lecturer.wait_for_function(f"(before) => JSON.stringify(({RANGES})()) !== JSON.stringify(before)", arg=before)
    lecturer.wait_for_selector(IDLE, timeout=60_000)
    window = lecturer.evaluate("() => document.querySelector('.st-key-plot .js-plotly-plot').layout.yaxis.range")
    student.wait_for_function(f"(before) => JSON.stringify(({RANGES})()) !== JSON.stringify(before)", arg=before)
    student.wait_for_selector(IDLE, timeout=30_000)
    student.wait_for_timeout(1000)
    assert student.evaluate(RANGES)[1] == pytest.approx(window) and window != pytest.approx(before[1])


@pytest.mark.parametrize("present", [0, 1])
def test_the_class_code_and_link_stay_whole_on_the_projector(server, browser, present):
    """At 1024×768, beside the open sidebar or in presentation mode: the code on one line, the join link whole."""
    lecturer, _ = start_a_class(browser, server, f"present={present}", (1024, 768))
    lecturer.wait_for_selector(IDLE, timeout=60_000)
    code = lecturer.locator(".lab-class-code")
    lines = code.evaluate(
        "(e) => Math.round(e.getBoundingClientRect().height / parseFloat(getComputedStyle(e).lineHeight))"
    )
    fits = code.evaluate("(e) => e.scrollWidth <= e.clientWidth")
    link = lecturer.locator(".st-key-class-qr code").first
    whole = link.evaluate("(e) => e.scrollWidth <= e.clientWidth")
    size = code.evaluate("(e) => parseFloat(getComputedStyle(e).fontSize)")
    lecturer.screenshot(path=str(ARTIFACTS / f"class-code-1024-present{present}.png"))
    assert (lines, fits, whole) == (1, True, True) and size >= 32  # large enough for the back row
    # this server is on 127.0.0.1: the card says no phone can open that link
    assert "127.0.0.1 is this computer's own address" in lecturer.locator(".st-key-class-qr").inner_text()


@pytest.mark.parametrize("lang", ["en", "uk"])
def test_a_reloaded_projector_continues_its_class(server, browser, lang):
    """F5 on the projector, or its tab opened again after a crash: the page offers the class this browser led
    (ui/resume.py, from the cookie the lecturer's page kept), whole on the first screen at 1024×768, and
    continuing it leads the same hall, which follows the next change. A student's browser is offered
    nothing on a page of its own."""
    lecturer, link = start_a_class(browser, server, f"preset=one_lr&present=1&lang={lang}", (1024, 768))
    student = browser.new_context(**PHONE).new_page()
    student.goto(link)
    student.wait_for_selector(".st-key-class-explore", timeout=60_000)
    follow = {"en": "1 of 1 follow", "uk": "Стежать: 1 з 1"}[lang]
    lecturer.locator(".st-key-class-count").filter(has_text=follow).wait_for(timeout=10_000)

    lecturer.reload()
    offer = lecturer.locator(".st-key-class-offer")
    lecturer.wait_for_selector(".st-key-class-not_now button", timeout=60_000)
    lecturer.wait_for_selector(IDLE, timeout=60_000)
    code = link.rsplit("=", 1)[1]
    assert code in offer.inner_text() and "1" in offer.inner_text()
    parts = boxes(lecturer, ".st-key-class-offer :is(p, button)")  # its words, and each button and its words
    one_row = max(part["bottom"] for part in parts) - min(part["top"] for part in parts) <= 60
    assert len(parts) == 5 and one_row and all(part["right"] <= 1024 for part in parts), parts
    assert not lecturer.locator(".st-key-class-count").count()  # offered, not taken: a second tab takes nothing
    lecturer.screenshot(path=str(ARTIFACTS / f"class-offer-{lang}.png"))

    lecturer.locator(".st-key-class-resume button").click()
    lecturer.locator(".st-key-class-count").filter(has_text=follow).wait_for(timeout=20_000)
    assert not lecturer.locator(".st-key-class-offer").count()
    lecturer.get_by_text({"en": "Memory", "uk": "Пам'ять"}[lang], exact=True).first.click()
    wait_view(student, "memory", timeout=20_000)

    own = student.context.new_page()
    own.goto(f"{server}/?preset=one_lr")
    own.wait_for_selector(".st-key-class-start", timeout=60_000)
    own.wait_for_selector(IDLE, timeout=60_000)
    assert not own.locator(".st-key-class-offer").count()


def test_a_student_who_opens_the_join_link_again_is_counted_once(server, browser):
    """The tab closed and the QR code scanned again on the same phone: the same member, so the lecturer's counts
    still say one student (the place the student's browser kept, ui/resume.py), and the page follows."""
    lecturer, link = start_a_class(browser, server, "preset=one_lr", (1366, 768))
    phone = browser.new_context(**PHONE)
    first = phone.new_page()
    first.goto(link)
    first.wait_for_selector(".st-key-class-explore", timeout=60_000)
    first.wait_for_function("() => document.cookie.includes('lab_member=')", timeout=20_000)
    first.close()
    again = phone.new_page()
    again.goto(link)
    again.wait_for_selector(".st-key-class-explore", timeout=60_000)
    again.wait_for_selector(IDLE, timeout=60_000)
    code = link.rsplit("=", 1)[1]
    public = lecturer.request.get(f"{server}/lab/class/{code}/wait?since=0").json()
    assert (public["members"], public["following"]) == (1, 1)
    lecturer.locator(".st-key-class-count").filter(has_text="1 of 1 follow").wait_for(timeout=10_000)
    lecturer.get_by_text("Memory", exact=True).first.click()
    wait_view(again, "memory", timeout=20_000)
