// A Plotly chart that stays on the page and is updated in place (ui/chart.py says why).
//
// Python sends {figure, config, plotly, click, labels}. The first figure is drawn with Plotly.react;
// a later one whose layout is the same and whose traces differ only in their data arrays moves those
// traces in place (Plotly.animate without a redraw, as the step inspector's frames do), anything else
// goes through Plotly.react again. Plotly itself is loaded once per page from the app's static folder.

const DATA_ARRAYS = ["x", "y", "z", "customdata", "text"];
// One chart is drawn at a time, in the page's order: the main plot shows a slider's move before the
// charts under it start theirs.
let drawing = Promise.resolve();
const IN_PLACE = { transition: { duration: 0 }, frame: { duration: 0, redraw: false } };
const EXPAND_ICON = {
  width: 1000,
  height: 1000,
  path: "M0 0h380v110H110v270H0zM620 0h380v380H890V110H620zM0 620h110v270h270v110H0zM890 620h110v380H620V890h270z",
};

function plotlyScript(urls) {
  // The gzip copy travels as it is: a third of the bytes, and no compression on the server per visitor.
  if (typeof DecompressionStream !== "function") return Promise.resolve(urls.js);
  return fetch(urls.gz)
    .then((answer) => {
      if (!answer.ok) throw new Error(`${urls.gz}: ${answer.status}`);
      return new Response(answer.body.pipeThrough(new DecompressionStream("gzip"))).text();
    })
    .then((source) => URL.createObjectURL(new Blob([source], { type: "text/javascript" })))
    .catch(() => urls.js);
}

function loadScript(src) {
  return new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.src = src;
    script.onload = resolve;
    script.onerror = reject;
    document.head.appendChild(script);
  });
}

// Plotly, then its locales: each registers itself (Plotly.register) and a chart's config.locale picks one;
// a locale that fails to load leaves the charts in English rather than undrawn.
function loadPlotly(urls) {
  if (!window.__labPlotly) {
    const plotly = window.Plotly
      ? Promise.resolve()
      : plotlyScript(urls).then((src) =>
          loadScript(src).catch(() => {
            throw new Error(`Plotly could not be loaded from ${urls.js}`);
          }),
        );
    const locale = (url) => loadScript(url).catch(() => console.warn(`Plotly's locale ${url} could not be loaded`));
    window.__labPlotly = plotly
      .then(() => Promise.all((urls.locales || []).map(locale)))
      .then(() => window.Plotly);
  }
  return window.__labPlotly;
}

// A trace without its data arrays: two traces with the same skeleton differ only in what they plot.
function skeleton(trace) {
  const rest = { ...trace };
  for (const name of DATA_ARRAYS) delete rest[name];
  return JSON.stringify(rest);
}

function shapeOf(figure, config) {
  return {
    layout: JSON.stringify([figure.layout, config]),
    traces: figure.data.map((trace) => JSON.stringify(trace)),
    skeletons: figure.data.map(skeleton),
  };
}

// Axes that rescale to their data must be redrawn; an in-place move keeps the ranges it has.
function fixedAxes(layout) {
  const axes = Object.keys(layout).filter((name) => /^[xy]axis\d*$/.test(name));
  return axes.length > 0 && axes.every((name) => Array.isArray(layout[name].range) && !layout[name].autorange);
}

// Each fixed axis' range, copied: Plotly writes its own into the layout it is given.
function fixedRanges(layout) {
  const axes = Object.keys(layout).filter((name) => /^[xy]axis\d*$/.test(name));
  const fixed = axes.filter((name) => Array.isArray(layout[name].range) && !layout[name].autorange);
  return Object.fromEntries(fixed.map((name) => [name, [...layout[name].range]]));
}

// The traces to move in place, or null where the figure must be drawn again.
function changedTraces(before, after, layout) {
  if (!before || before.layout !== after.layout || before.traces.length !== after.traces.length) return null;
  if (!fixedAxes(layout) || Object.keys(layout).some((name) => /^scene\d*$/.test(name))) return null;
  const changed = [];
  for (let k = 0; k < after.traces.length; k += 1) {
    if (after.traces[k] === before.traces[k]) continue;
    if (after.skeletons[k] !== before.skeletons[k]) return null;
    changed.push(k);
  }
  return changed;
}

async function draw(Plotly, gd) {
  const next = gd.__labNext;
  if (!next || next === gd.__labDrawn) return;
  gd.__labDrawn = next;
  const { figure, config } = next;
  const shape = shapeOf(figure, config);
  const changed = gd._fullLayout ? changedTraces(gd.__labShape, shape, figure.layout) : null;
  gd.__labShape = shape;
  if (changed === null) {
    const ranges = fixedRanges(figure.layout);
    // where the figure puts the strip's parts, kept apart: Plotly restyles the very objects it was given
    gd.__labStrip = { legend: figure.layout.legend && figure.layout.legend.y, bar: colourBarOf(figure.data) };
    await Plotly.react(gd, { data: figure.data, layout: figure.layout, frames: figure.frames || [], config });
    await fitStrip(Plotly, gd);
    // Plotly.react kept an axis' old range where a new window came to a phone's square plot (scaleanchor):
    // the window's ranges, as the server set them
    const kept = Object.entries(ranges).filter(([name, range]) => String(gd.layout[name].range) !== String(range));
    if (kept.length) await Plotly.relayout(gd, Object.fromEntries(kept.map(([name, r]) => [`${name}.range`, r])));
    return;
  }
  if (changed.length) {
    await Plotly.animate(gd, { data: changed.map((k) => figure.data[k]), traces: changed }, IN_PLACE);
  }
  gd._transitionData._frames = [];
  gd._transitionData._frameHash = {};
  if (figure.frames && figure.frames.length) await Plotly.addFrames(gd, figure.frames);
}

// On a projector the strip beside the square holds, from its top: the scenario's line and the views' tabs
// (the page's own, laid over it: .st-key-aside), the legend, the colour bar, and at its foot ▶ with the
// step slider. The figure puts the legend and the bar at shares of its height, right on a full 1024×768
// screen; a shorter one (a projector outside full screen, an old 800×600 one) pushed them into each other
// and under the tabs. Here each goes down, by the sizes measured, under what stands above it; the colour
// bar, the least needed, gives way where it no longer fits above ▶ (and comes back where it does).
const STRIP_GAP = 10; // px between two parts of the strip
const LEADING = 4; // px a line of text's box reaches beyond its letters: two such boxes may share as much

function colourBarOf(data) {
  const k = data.findIndex((t) => (t.type === "contour" && t.showscale !== false) || (t.marker && t.marker.showscale));
  if (k < 0) return null;
  const inMarker = data[k].type !== "contour";
  const bar = inMarker ? data[k].marker.colorbar : data[k].colorbar;
  return { k, y: bar.y, at: inMarker ? "marker.colorbar.y" : "colorbar.y", shown: inMarker ? "marker.showscale" : "showscale" };
}

// What is drawn of a part (its words, bars and marks; not the box Plotly keeps around them): [top, bottom].
function inked(gd, selector) {
  const boxes = [...gd.querySelectorAll(selector)].map((e) => e.getBoundingClientRect()).filter((r) => r.height);
  return boxes.length ? [Math.min(...boxes.map((r) => r.top)), Math.max(...boxes.map((r) => r.bottom))] : null;
}

async function fitStrip(Plotly, gd) {
  const layout = gd._fullLayout;
  const sent = gd.__labStrip;
  if (!layout || !sent || !layout.meta || layout.meta.strip !== "fit" || !gd.getClientRects().length) return;
  const legend = gd.querySelector(".legend");
  const entries = inked(gd, ".legend .traces");
  const foot = inked(gd, "text.slider-label, .slider-rail-rect, .updatemenu-button");
  if (!legend || !entries || !foot) return;
  const { t, h } = layout._size;
  const origin = gd.getBoundingClientRect().top + t; // the square's top: a share y of its height is origin + (1 - y) h
  const share = (px) => 1 - (px - origin) / h;
  const aside = document.querySelector(".st-key-aside");
  const under = aside ? aside.getBoundingClientRect().bottom + STRIP_GAP : -Infinity;
  const legendTop = Math.max(origin + (1 - sent.legend) * h, under);
  const legendBottom = legendTop + entries[1] - legend.getBoundingClientRect().top;
  const update = { "legend.y": share(legendTop) };
  let same = Math.abs(update["legend.y"] - layout.legend.y) * h < 0.5;
  const { bar } = sent;
  const drawn = bar && inked(gd, ".colorbar text, .colorbar .cbfill");
  const now = bar && (gd._fullData[bar.k].marker || gd._fullData[bar.k]);
  if (drawn && now.showscale) {
    // the bar's height and how far what is drawn of it starts above its y (its title), where it is now
    gd.__labBar = { height: drawn[1] - drawn[0], above: origin + (1 - now.colorbar.y) * h - drawn[0] };
  }
  const restyle = {};
  if (bar && gd.__labBar) {
    const wanted = origin + (1 - bar.y) * h - gd.__labBar.above;
    const barTop = Math.max(wanted, legendBottom + STRIP_GAP / 2);
    const fits = barTop + gd.__labBar.height <= foot[0] + LEADING;
    restyle[bar.shown] = [fits];
    if (fits) restyle[bar.at] = [share(barTop + gd.__labBar.above)];
    same = same && Boolean(now.showscale) === fits && (!fits || Math.abs(now.colorbar.y - restyle[bar.at][0]) * h < 0.5);
  }
  if (!same) await Plotly.update(gd, restyle, update, bar ? [bar.k] : undefined);
}

function toggleFullscreen(gd) {
  const box = gd.parentElement;
  if (document.fullscreenElement) document.exitFullscreen();
  else if (box.requestFullscreen) box.requestFullscreen();
}

// One button object per title: Plotly.react redraws a whole chart whose config is not the same as before.
const fullscreenButtons = new Map();
function configFor(config, labels) {
  if (!fullscreenButtons.has(labels.fullscreen)) {
    const button = { name: "fullscreen", title: labels.fullscreen, icon: EXPAND_ICON, click: toggleFullscreen };
    fullscreenButtons.set(labels.fullscreen, button);
  }
  return { ...config, modeBarButtonsToAdd: [fullscreenButtons.get(labels.fullscreen)] };
}

function mount(parentElement) {
  const gd = document.createElement("div");
  gd.className = "lab-chart";
  gd.style.width = "100%";
  const note = document.createElement("p");
  note.className = "lab-chart-note";
  parentElement.append(gd, note);
  let pending = false;
  new ResizeObserver(() => {
    if (pending || !window.Plotly) return;
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      // a chart in a folded part of the page has no size to take (Plotly throws): it takes it when shown
      if (gd._fullLayout && gd.getClientRects().length)
        window.Plotly.Plots.resize(gd)
          .then(() => fitStrip(window.Plotly, gd))
          .catch(() => {});
    });
  }).observe(gd);
  return gd;
}

// A touch screen scrolls and pinches the page, as pages do. Plotly's defaults turn a swipe that starts on
// a chart into a zoom of its axes, a pinch into a zoom of the plot and a double-tap into "zoom back out":
// a student who lands on the plot could not scroll past it. With dragmode off Plotly leaves the touches
// to the browser; zoom and pan stay one explicit choice away, in the toolbar.
const COARSE = window.matchMedia("(pointer: coarse)").matches;
const TAP_SLOP = 10; // px a finger may wander and still tap
const DOUBLE_TAP = 350; // ms: a second tap this soon makes a double-tap, which moves nothing
const TOUCH_CLICK = 1000; // ms after a touch in which Plotly's own click (of that touch) is not ours

function forTouch(figure, config) {
  if (!COARSE) return { figure, config };
  const layout = { ...figure.layout, dragmode: false };
  return { figure: { ...figure, layout }, config: { ...config, scrollZoom: false, doubleClick: false } };
}

// The data point under a touch, on the trace named "start_picker" (the point Python asks for), or null
// outside the axes. Plotly reports a click of a tap unreliably once it leaves the touches to the browser
// (and reports the tap of a swipe as a click), so a tap is read here.
function tappedPoint(gd, touch) {
  const layout = gd._fullLayout;
  const area = gd.querySelector(".nsewdrag");
  const curve = gd._fullData ? gd._fullData.findIndex((trace) => trace.name === "start_picker") : -1;
  if (!layout || !area || curve < 0) return null;
  const box = area.getBoundingClientRect();
  const [px, py] = [touch.clientX - box.left, touch.clientY - box.top];
  if (px < 0 || py < 0 || px > box.width || py > box.height) return null;
  return { x: layout.xaxis.p2d(px), y: layout.yaxis.p2d(py), curve };
}

// One finger that stays put, not followed by another tap within DOUBLE_TAP, is a tap; anything else
// (a swipe, a pinch, a double-tap) is the page's.
function listenToTaps(gd) {
  const touch = { start: null, moved: false, ended: -Infinity, pending: null };
  const options = { passive: true, capture: true };
  gd.addEventListener("touchstart", (event) => {
    const again = performance.now() - touch.ended < DOUBLE_TAP;
    clearTimeout(touch.pending);
    touch.pending = null;
    touch.start = event.touches.length === 1 && !again ? event.touches[0] : null;
    touch.moved = false;
  }, options);
  gd.addEventListener("touchmove", (event) => {
    const [first, start] = [event.touches[0], touch.start];
    if (!start || event.touches.length > 1) touch.moved = true;
    else if (Math.hypot(first.clientX - start.clientX, first.clientY - start.clientY) > TAP_SLOP) touch.moved = true;
  }, options);
  gd.addEventListener("touchend", (event) => {
    touch.ended = performance.now();
    if (!touch.start || touch.moved || event.touches.length) return;
    const point = tappedPoint(gd, event.changedTouches[0]);
    touch.start = null;
    if (point) touch.pending = setTimeout(() => gd.__labClick && gd.__labClick("click", point), DOUBLE_TAP);
  }, options);
  return touch;
}

// The step inspector by the keyboard: ← and → move it by one step of the run, where Plotly's slider
// stops only at the recorded frames (21 on 1000 steps). A recorded step shows its frame; between two,
// each path's marker is put on its drawn path at that step (between two drawn points, which lie less
// than a pixel apart along the path) and the arrows, recorded at the frames only, are hidden.
const PAUSE = { frame: { duration: 0, redraw: false }, transition: { duration: 0 }, mode: "immediate" };

function headAt(trace, step) {
  const steps = trace.customdata; // [step, f] of each drawn point
  let k = 0;
  while (k < steps.length - 1 && steps[k + 1][0] <= step) k += 1;
  if (k === steps.length - 1 || steps[k][0] === step) return [trace.x[k], trace.y[k]];
  const share = (step - steps[k][0]) / (steps[k + 1][0] - steps[k][0]);
  return [trace.x[k] + share * (trace.x[k + 1] - trace.x[k]), trace.y[k] + share * (trace.y[k + 1] - trace.y[k])];
}

function computedFrame(gd, frames, step) {
  const { traces } = frames[0];
  const paths = gd._fullData.filter((trace) => trace.meta === "path");
  const each = traces.length / paths.length; // a path's inspector traces: its marker first
  const data = traces.map((_, k) => {
    if (k % each) return { x: [null, null], y: [null, null] };
    const [x, y] = headAt(paths[k / each], step);
    return { x: [x], y: [y] };
  });
  return { data, traces };
}

async function stepBy(Plotly, gd, delta) {
  const frames = gd._transitionData._frames || [];
  if (!frames.length || !gd._fullLayout.sliders.length) return;
  const stops = frames.map((frame) => Number(frame.name));
  const step = Math.min(stops[stops.length - 1], Math.max(0, (gd.__labStep || 0) + delta));
  gd.__labStep = step;
  const below = stops.filter((stop) => stop <= step).length - 1;
  await Plotly.animate(gd, stops[below] === step ? [String(step)] : computedFrame(gd, frames, step), PAUSE);
  await Plotly.relayout(gd, { "sliders[0].active": below });
  const label = gd.querySelector(".slider-group > text.slider-label");
  if (label) label.textContent = `${gd._fullLayout.sliders[0].currentvalue.prefix}${step}`;
  gd.setAttribute("aria-valuenow", String(step));
}

function listenToKeys(gd) {
  gd.tabIndex = 0;
  gd.addEventListener("keydown", (event) => {
    const delta = { ArrowRight: 1, ArrowUp: 1, ArrowLeft: -1, ArrowDown: -1 }[event.key];
    if (!delta || !window.Plotly || !(gd._transitionData && gd._transitionData._frames.length)) return;
    event.preventDefault();
    stepBy(window.Plotly, gd, event.shiftKey ? 10 * delta : delta);
  });
  gd.on("plotly_sliderchange", (event) => {
    gd.__labStep = Number(event.step.label);
  });
  gd.on("plotly_animatingframe", (event) => {
    if (/^\d+$/.test(event.name)) gd.__labStep = Number(event.name);
  });
}

function listen(gd) {
  if (gd.__labListening) return;
  gd.__labListening = true;
  const touch = listenToTaps(gd);
  listenToKeys(gd);
  gd.on("plotly_click", (event) => {
    const point = event.points && event.points[0];
    if (performance.now() - touch.ended < TOUCH_CLICK) return; // a touch's: listenToTaps answers it
    if (point && gd.__labClick) gd.__labClick("click", { x: point.x, y: point.y, curve: point.curveNumber });
  });
}

// Every chart by its key, and the promise of the drawing under way: the stage (ui/js/stage.js) restyles
// the charts' traces in place once they are drawn.
const lab = (window.__lab = window.__lab || { charts: {} });
lab.headAt = headAt; // the stage's inspector between two frames too (ui/js/stage.js)

export default function ({ data, parentElement, setTriggerValue }) {
  const { figure, config, plotly, click, labels, key } = JSON.parse(new TextDecoder().decode(data));
  const gd = parentElement.querySelector(".lab-chart") || mount(parentElement);
  lab.charts[key] = gd;
  const note = parentElement.querySelector(".lab-chart-note");
  gd.style.height = figure.layout.height ? `${figure.layout.height}px` : "100%";
  gd.__labClick = click ? setTriggerValue : null;
  gd.__labNext = forTouch(figure, configFor(config, labels));
  drawing = drawing
    .then(() => loadPlotly(plotly))
    .then(async (Plotly) => {
      await draw(Plotly, gd);
      listen(gd);
      note.textContent = "";
    })
    .catch((error) => {
      gd.__labShape = null; // the next figure is drawn whole
      note.textContent = `${labels.chart_failed} (${error.message})`;
      console.error(error);
    });
  lab.drawing = drawing;
}
