// The stage (ui/stage.py says why): each shown optimizer's α under the plot, drawn in the browser.
//
// Python sends {rows, texts, drawn, settle, lang, seq, post, link, row}; each row names its data file
// (ui/rows.py, gzipped JSON: per stop the packed path, the loss curve, the step inspector's frames, how it
// ends, what the page's notes say of it, the results table's cells and the link box's line). Moving a
// control draws its stop at once from that data; the server hears the settled values once, `settle` ms
// after the gesture ends (a drag, or arrow presses closer together than that), and says in `seq` which
// gesture its page has taken. Where `post` allows and the page shows nothing of the stop that the stage
// does not draw, the values are POSTed (ui/settles.py: no script run); else they are the component's
// state (a run). A row holds every stop of one slider with all else held: once another slider of the same
// optimizer moves, it is made again for the page's `link` as the thumbs left it, asked of the server by
// `row` (ui/row_route.py: no script run either) when the slider is next taken up (α's at once).

const QUANTUM = 64; // the packed path's grid: 1/64 px at DRAWN_PIXELS (viz/rowdata.py)
const DRAWN_PIXELS = 1024;
const lab = (window.__lab = window.__lab || { charts: {} });
const rowData = (lab.rows = lab.rows || new Map());
const MOST_ROWS = 24; // rows held at once: each move of ρ₁ makes α's row anew, and a lecture is long

function fetchRow(url) {
  if (!rowData.has(url)) {
    if (rowData.size >= MOST_ROWS) rowData.delete(rowData.keys().next().value); // the oldest asked for
    const absolute = new URL(url, document.baseURI).href;
    rowData.set(
      url,
      fetch(absolute).then((answer) => {
        if (!answer.ok) throw new Error(`${url}: ${answer.status}`);
        return new Response(answer.body.pipeThrough(new DecompressionStream("gzip"))).json();
      }),
    );
  }
  return rowData.get(url);
}

function int32s(text) {
  const bytes = Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
  return new Int32Array(bytes.buffer);
}

function float32s(text) {
  const bytes = Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
  return new Float32Array(bytes.buffer);
}

// The running sums of packed differences (viz/rowdata.py `undeltas`).
function undeltas(text) {
  const diffs = int32s(text);
  const out = new Float64Array(diffs.length);
  let sum = 0;
  for (let k = 0; k < diffs.length; k += 1) out[k] = sum += diffs[k];
  return out;
}

// The path as drawn: the packed grid back in the window's units, the exact ends in place.
function unpackPath(packed, range) {
  const grid = undeltas(packed.p);
  const scale = DRAWN_PIXELS / Math.max(range.x[1] - range.x[0], range.y[1] - range.y[0]);
  const n = grid.length / 2;
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  for (let k = 0; k < n; k += 1) {
    x[k] = grid[2 * k] / QUANTUM / scale + range.x[0];
    y[k] = grid[2 * k + 1] / QUANTUM / scale + range.y[0];
  }
  [x[0], y[0]] = packed.a;
  [x[n - 1], y[n - 1]] = packed.z;
  return { x, y, steps: undeltas(packed.k) };
}

function traceOf(gd, meta, name) {
  if (!gd || !gd.data) return -1;
  return gd.data.findIndex((trace) => trace.meta === meta && trace.legendgroup === name);
}

// The window the packed paths were written for: the plot's fixed axes (viz/contour.py's ranges).
function windowOf(gd) {
  return { x: gd.layout.xaxis.range, y: gd.layout.yaxis.range };
}

// A stop is drawn in two moves. At once, the SVG Plotly drew for the trace is moved to the new points
// (its line's `d` and its markers' positions: no figure-wide work, ≈ 1 ms); once the control has been
// quiet for SETTLE_DRAWING ms, Plotly takes the same data (animate without a redraw: its data, hover
// and symbols follow), which costs ≈ 25 ms of a laptop's main thread for the plot and ≈ 16 ms for the
// loss, too much for every stop of a drag on a phone (bench/bench_stage.py: 142 -> 42 ms p50 at 4x).
const IN_PLACE = { transition: { duration: 0 }, frame: { duration: 0, redraw: false } };
const SETTLE_DRAWING = 150; // ms

function groupOf(gd, k) {
  for (const group of gd.querySelectorAll(".scatterlayer g.trace")) {
    if (group.__data__ && group.__data__[0] && group.__data__[0].trace.index === k) return group;
  }
  return null;
}

function axesOf(gd, trace) {
  const name = (id) => id.replace(/^([xy])/, "$1axis");
  return [gd._fullLayout[name(trace.xaxis)], gd._fullLayout[name(trace.yaxis)]];
}

// Far outside the plot a point is clamped: SVG coordinates are floats, and the plot clips to its box.
const FAR = 1e5;
const pixel = (axis, v) => Math.max(-FAR, Math.min(FAR, axis.c2p(v)));

// The markers Plotly shows of `maxdisplayed` (its scatter/plot.js `selectMarkers`): every inc-th point
// in the window, staggered by the traces with markers drawn before this one.
function shownMarkers(gd, k, x, y, xa, ya) {
  const trace = gd._fullData[k];
  const most = trace.marker && trace.marker.maxdisplayed;
  if (!most) return Array.from(x, (_, i) => i).filter((i) => Number.isFinite(x[i])); // all drawn
  const [x0, x1] = xa.range.map(xa.r2c).sort((a, b) => a - b);
  const [y0, y1] = ya.range.map(ya.r2c).sort((a, b) => a - b);
  const inside = [];
  for (let i = 0; i < x.length; i += 1) {
    if (x[i] >= x0 && x[i] <= x1 && y[i] >= y0 && y[i] <= y1) inside.push(i);
  }
  const inc = Math.ceil(inside.length / most);
  const before = gd._fullData
    .slice(0, k)
    .filter((t) => t.type === "scatter" && t.mode.includes("markers") && t.marker.maxdisplayed > 0).length;
  const i0 = Math.round((before * inc) / 3 + (Math.floor(before / 3) * inc) / 7.1);
  return inside.filter((_, i) => Math.round((i + i0) % inc) === 0);
}

function drawQuickly(gd, k, datum) {
  const group = groupOf(gd, k);
  if (!group) return;
  const [xa, ya] = axesOf(gd, gd._fullData[k]);
  const { x, y } = datum;
  const line = group.querySelector("path.js-line");
  if (line) {
    let d = "";
    let pen = false;
    for (let i = 0; i < x.length; i += 1) {
      const px = pixel(xa, x[i]);
      const py = pixel(ya, y[i]);
      if (!Number.isFinite(px) || !Number.isFinite(py)) {
        pen = false; // a gap breaks the line, as Plotly draws it
        continue;
      }
      d += `${pen ? "L" : "M"}${px.toFixed(2)},${py.toFixed(2)}`;
      pen = true;
    }
    line.setAttribute("d", d || "M0,0");
  }
  const points = group.querySelectorAll("path.point");
  if (!points.length) return;
  const shown = gd._fullData[k].meta === "end" ? [0, x.length - 1] : shownMarkers(gd, k, x, y, xa, ya);
  points.forEach((point, m) => {
    const i = shown[Math.min(m, shown.length - 1)]; // extra markers wait on the last until Plotly redraws
    if (i !== undefined) point.setAttribute("transform", `translate(${pixel(xa, x[i])},${pixel(ya, y[i])})`);
  });
}

// Draw at once, then hand Plotly the same data once the control is quiet: the latest datum of each
// trace, found again by what it is (a figure the server sent meanwhile may number its traces anew).
function move(gd, data, traces) {
  data.forEach((datum, j) => drawQuickly(gd, traces[j], datum));
  const later = (gd.__labLater = gd.__labLater || new Map());
  const keep = (datum, k) => {
    const { meta, legendgroup } = gd.data[k];
    later.set(`${meta}|${legendgroup}`, { meta, legendgroup, datum });
  };
  data.forEach((datum, j) => keep(datum, traces[j]));
  clearTimeout(gd.__labLaterTimer);
  gd.__labLaterTimer = setTimeout(() => {
    gd.__labLaterTimer = 0;
    const lazy = gd.__labLazy || new Map(); // work that waits for the control to be quiet (the inspector's)
    gd.__labLazy = new Map();
    lazy.forEach((work) => work(keep));
    const found = [...later.values()].map((w) => [traceOf(gd, w.meta, w.legendgroup), w.datum]);
    later.clear();
    const kept = found.filter(([k]) => k >= 0);
    if (!kept.length || !gd.isConnected) return;
    const data = { data: kept.map(([, d]) => d), traces: kept.map(([k]) => k) };
    // an axis the server left to Plotly (the loss's) spans the new curves, as the server's figure would:
    // an animation without a redraw keeps the old range (once per quiet control, ≈ one chart's redraw)
    const auto = {};
    for (const axis of ["xaxis", "yaxis"])
      if (gd.layout[axis] && gd.layout[axis].autorange === true) auto[`${axis}.autorange`] = true;
    // Plotly takes the data a frame or more later: the page is not quiet until it has (`lab.quiet`)
    const started = (gd.__labAnimating = performance.now());
    window.Plotly.animate(gd, data, IN_PLACE)
      .then(() => Object.keys(auto).length && window.Plotly.relayout(gd, auto))
      .finally(() => gd.__labAnimating === started && (gd.__labAnimating = 0));
  }, SETTLE_DRAWING);
}

// Nothing of the stages' drawing still to come: every stage has its rows, none is being asked for, no stop
// waits for a frame nor the URL for a stop, and Plotly has taken every trace's latest data (tests read the
// traces then: tests/browser.py wait_drawn).
lab.quiet = () =>
  Array.from(document.querySelectorAll(".lab-stage")).every((box) => {
    const state = box.parentElement.__labStage;
    return box.dataset.ready === "1" && !state.frame && !state.asking && !state.linkTimer;
  }) && Object.values(lab.charts).every((gd) => !gd.__labLaterTimer && !animating(gd));

// Whether Plotly is still taking the data `move` handed it (for at most 2 s: a figure the server sent
// meanwhile may drop the animation, and its promise with it).
const animating = (gd) => Boolean(gd.__labAnimating) && performance.now() - gd.__labAnimating < 2000;

function drawPath(stop, name) {
  const gd = lab.charts.plot;
  const line = traceOf(gd, "path", name);
  const ends = traceOf(gd, "end", name);
  if (line < 0 || !stop.path) return null;
  const { x, y, steps } = unpackPath(stop.path, windowOf(gd));
  const n = x.length;
  const diverged = stop.end === "diverged";
  const data = [{ x, y, customdata: Array.from(steps, (s) => [s]) }];
  const traces = [line];
  if (ends >= 0) {
    const symbol = ["circle", diverged ? "x" : "diamond"];
    const marker = { ...gd.data[ends].marker, symbol, size: [15, diverged ? 18 : 15] };
    data.push({ x: [x[0], x[n - 1]], y: [y[0], y[n - 1]], marker });
    traces.push(ends);
  }
  move(gd, data, traces);
  return data[0]; // x, y and each point's [step]
}

function drawLoss(stop, name) {
  const gd = lab.charts.loss;
  const k = traceOf(gd, "loss", name);
  if (k < 0) return;
  const steps = undeltas(stop.loss.k);
  const values = float32s(stop.loss.v);
  const keep = [];
  values.forEach((v, i) => Number.isFinite(v) && keep.push(i));
  move(gd, [{ x: keep.map((i) => steps[i]), y: keep.map((i) => values[i]) }], [k]);
}

// The step inspector's frames (viz/rowdata.py `pack_inspector`): per frame the head, then the tips of
// its arrows (viz/paths.py ARROWS), on the path's grid; NOT_DRAWN where an arrow is not drawn.
const NOT_DRAWN = -(2 ** 31);
const INSPECTOR_TRACES = 4; // a path's head and its three arrows (the curvature view adds ellipses: the server's)

function unpackInspector(packed, range) {
  const steps = undeltas(packed.k);
  const heads = undeltas(packed.h);
  const tips = int32s(packed.t);
  const scale = DRAWN_PIXELS / Math.max(range.x[1] - range.x[0], range.y[1] - range.y[0]);
  const at = (grid, axis) => grid / QUANTUM / scale + range[axis][0];
  const arrows = tips.length / (2 * steps.length);
  const frames = Array.from(steps, (_, f) => {
    const [hx, hy] = [heads[2 * f], heads[2 * f + 1]];
    const head = { x: [at(hx, "x")], y: [at(hy, "y")] };
    const drawn = Array.from({ length: arrows }, (_, a) => {
      const [tx, ty] = [tips[2 * (f * arrows + a)], tips[2 * (f * arrows + a) + 1]];
      if (tx === NOT_DRAWN) return { x: [null, null], y: [null, null] };
      return { x: [head.x[0], at(hx + tx, "x")], y: [head.y[0], at(hy + ty, "y")] };
    });
    return [head, ...drawn];
  });
  return { steps: Array.from(steps), frames };
}

// Between two recorded frames (the keyboard steps one by one): the head on the drawn path (chart.js's own
// rule for the keyboard's steps, `lab.headAt`), no arrows.
function between(path, step) {
  const [x, y] = lab.headAt(path, step);
  return [{ x: [x], y: [y] }, ...Array(INSPECTOR_TRACES - 1).fill({ x: [null, null], y: [null, null] })];
}

// Work that waits until the control is quiet, done by `move`'s timer before Plotly takes the data.
function whenQuiet(gd, key, work) {
  (gd.__labLazy = gd.__labLazy || new Map()).set(key, work);
}

// The stop's frames in place of the figure's for this path (▶ and the step slider play them), and the
// inspector as it stands now: once the control is quiet, with the path's own drawing by Plotly (`move`),
// since a phone's every stop of a drag has no time to spare for it.
function drawInspector(stop, name, path) {
  const gd = lab.charts.plot;
  const frames = gd && gd._transitionData && gd._transitionData._frames;
  if (!frames || !frames.length || !stop.frames) return;
  whenQuiet(gd, name, (keep) => {
    const paths = gd._fullData.filter((trace) => trace.meta === "path");
    const at = paths.findIndex((trace) => trace.legendgroup === name);
    const now = gd._transitionData._frames;
    if (at < 0 || now !== frames || frames[0].traces.length !== INSPECTOR_TRACES * paths.length) return;
    const { steps, frames: own } = unpackInspector(stop.frames, windowOf(gd));
    const first = at * INSPECTOR_TRACES;
    for (const frame of frames) {
      const f = steps.indexOf(Number(frame.name));
      if (f >= 0) own[f].forEach((update, j) => (frame.data[first + j] = update));
    }
    const f = steps.indexOf(gd.__labStep || 0);
    const shown = f >= 0 ? own[f] : between(path, gd.__labStep || 0);
    shown.forEach((datum, j) => keep(datum, frames[0].traces[first + j]));
  });
}

// This optimizer's line under the link (its settings, as the server writes them).
function drawLine(line, title) {
  for (const item of document.querySelectorAll(".lab-link li")) {
    if (item.textContent.startsWith(`${title}:`)) item.textContent = line;
  }
}

// The results table's row of this optimizer, its cells as the server writes them.
function drawCells(cells) {
  for (const row of document.querySelectorAll("[data-testid=stMain] table tbody tr")) {
    const tds = row.querySelectorAll("td");
    if (tds.length === cells.length && tds[0].textContent.trim() === cells[0]) {
      cells.forEach((text, i) => (tds[i].textContent = text));
    }
  }
}

// What a row of `entry` holds fixed: the view's `link` but for the slider's own value and the other
// optimizers' staged values (a row is every stop of one slider of one optimizer, all else held).
function basisOf(state, link, entry) {
  const held = new URLSearchParams(link);
  for (const other of state.entries.values()) {
    if (other.name !== entry.name || other.key === entry.key) held.delete(other.key);
  }
  return held.toString();
}

// `entry`'s row where the page holds the one made for what it shows now; else undefined.
function rowOf(state, entry) {
  const held = state.data.get(entry.key);
  return held && held.basis === basisOf(state, state.link, entry) ? held.row : undefined;
}

// `entry`'s control on the stage (its label, track and value), or null before it is made.
function controlOf(state, entry) {
  return state.rowsBox.querySelector(`[data-key="${CSS.escape(entry.key)}"]`);
}

function thumbAt(state, entry) {
  const row = controlOf(state, entry);
  return row ? Number(row.querySelector("input").value) : -1;
}

// `entry`'s row for what the page shows now: in hand, or asked of the server (ui/row_route.py) once, by the
// view's link with the slider's own value as the page was drawn (its stops are the same for any of them).
function freshRow(state, entry) {
  const held = rowOf(state, entry);
  if (held) return Promise.resolve(held);
  if (!state.rowPath) return Promise.reject(new Error(`${entry.key}: no row in hand`));
  const basis = basisOf(state, state.link, entry);
  const query = new URLSearchParams(state.link);
  query.set(entry.key, entry.query[entry.index]);
  query.set("row", entry.key);
  state.asking = (state.asking || 0) + 1;
  return fetchRow(`${state.rowPath}?${query}`)
    .then((row) => {
      keepRow(state, entry, row, basis);
      return row;
    })
    .finally(() => (state.asking -= 1));
}

// A row in hand for `basis`, its strip along the track; one whose stops are not the control's is not kept.
function keepRow(state, entry, row, basis) {
  const same = row.stops.length === entry.values.length && row.stops.every((v, i) => v === entry.values[i]);
  if (!same || basis !== basisOf(state, state.link, entry)) return; // the thumbs moved on meanwhile
  state.data.set(entry.key, { row, basis });
  const box = controlOf(state, entry);
  if (!box) return;
  box.classList.remove("lab-stale");
  const track = box.querySelector(".lab-stage-track");
  track.querySelector(".lab-stage-strip")?.remove();
  track.appendChild(strip(entry, row));
}

// After a gesture told by a POST: the rows it made stale are dimmed; α's is made again at once (its strip is
// the one read first, and the fair comparison's), another when its slider is next taken up (`control`).
// (A gesture told by a run gets α's new row with the run: its other stale strips are dimmed then.)
function restrip(state, ask = true) {
  for (const entry of state.entries.values()) {
    if (!state.data.has(entry.key) || rowOf(state, entry)) continue;
    controlOf(state, entry)?.classList.add("lab-stale");
    if (ask && entry.fair) freshRow(state, entry).catch((error) => console.error(error));
  }
}

// The URL and the copy-link box hold every moved control's stop: at most every LINK_EVERY ms while a thumb
// moves, and always the stop it rests on. `history.replaceState` costs a throttled phone ≈ 3 ms at every
// stop (Chromium's profiler), more than moving the path's SVG; done in a task of its own, after the frame.
const LINK_EVERY = 200; // ms
function followLink(state) {
  if (state.linkTimer) return;
  const wait = Math.max(0, (state.linkAt || 0) + LINK_EVERY - performance.now());
  state.linkTimer = setTimeout(() => writeLink(state), wait);
}

function writeLink(state) {
  clearTimeout(state.linkTimer);
  state.linkTimer = 0;
  state.linkAt = performance.now();
  if (!state.linkMoved.size) return;
  const url = new URL(window.location.href);
  const box = document.querySelector(".lab-link");
  const link = box && box.__labTexts ? new URL(box.__labTexts.url) : null;
  for (const [key, query] of state.linkMoved) {
    url.searchParams.set(key, query);
    if (link) link.searchParams.set(key, query);
  }
  state.linkMoved.clear();
  window.history.replaceState(window.history.state, "", url);
  if (link) {
    box.__labTexts.url = link.href;
    box.querySelector("code").textContent = link.href;
  }
}

// The copy button (ui/js/link.js) copies the stops the thumbs rest on, even within LINK_EVERY of the last.
lab.writeLinks = () => {
  for (const box of document.querySelectorAll(".lab-stage")) writeLink(box.parentElement.__labStage);
};

// A stop is drawn at the next frame, the latest of each control's stops only: a fast drag sends several
// input events a frame, and drawing each would queue work behind the thumb.
function applyStop(state, entry, index) {
  state.pending.set(entry.key, [entry, index]);
  if (state.frame) return;
  state.frame = requestAnimationFrame(() => {
    state.frame = 0;
    for (const [pending, at] of state.pending.values()) {
      state.link.set(pending.key, pending.query[at]);
      state.linkMoved.set(pending.key, pending.query[at]);
      drawStop(state, pending, at);
    }
    state.pending.clear();
    followLink(state);
  });
}

function drawStop(state, entry, index) {
  if (!state.drawn || !window.Plotly) return;
  const data = rowOf(state, entry);
  if (!data) {
    // not in hand for what the page shows now: asked once, and drawn when it comes if the thumb is still there
    freshRow(state, entry)
      .then(() => thumbAt(state, entry) === index && applyStop(state, entry, index))
      .catch((error) => console.error(error)); // the server draws it at the settle, by a run
    return;
  }
  const stop = data.data[index];
  const path = drawPath(stop, entry.name);
  if (path) drawInspector(stop, entry.name, path);
  drawLoss(stop, entry.name);
  drawCells(stop.cells);
  const gd = lab.charts.plot; // the link's line once the control is quiet: it reflows the page's foot
  if (stop.line && gd) whenQuiet(gd, `line|${entry.key}`, () => drawLine(stop.line, entry.title));
}

// Whether the stage can stand for the server at `key`'s stop `at`: its row for what the page shows is in
// hand, and the page's notes say of that stop what they say of the one they were written for (`state.said`,
// per optimizer; a path that now diverges, or no longer does, changes them: the server writes those).
function sameNotes(state, key, at) {
  const entry = state.entries.get(key);
  const data = entry && rowOf(state, entry);
  return Boolean(data && at >= 0 && data.data[at].said === state.said.get(entry.name));
}

// Whether the server may hear these values without a run: the page allows it (`post`), and `sameNotes` at
// every moved control's stop.
function quietly(state, values) {
  if (!state.post) return false;
  return Object.entries(values).every(([key, value]) => {
    const entry = state.entries.get(key);
    return sameNotes(state, key, entry ? entry.values.indexOf(value) : -1);
  });
}

// The settled values to the server: POSTed where `quietly` allows, else as the component's state (a run).
async function tell(state, seq, values) {
  if (quietly(state, values)) {
    try {
      const answer = await fetch(new URL(state.post.url, document.baseURI).href, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ token: state.post.token, seq, values }),
      });
      if (answer.ok) {
        lab.posted = (lab.posted || 0) + 1;
        if (state.sent === seq && !Object.keys(state.moved).length) state.box.dataset.synced = "1";
        restrip(state); // no run comes with new rows: the page asks for those it needs
        return;
      }
      if (answer.status === 404) {
        // This server never saw the page (its replica went away, and the browser reconnected to
        // another): that one would drop the stage's rerun, its fragment never having run there. The URL
        // holds the whole view, the thumbs' values included: the page opens it again.
        window.location.reload();
        return;
      }
    } catch (error) {
      console.error(error); // the server answers by a run instead
    }
  }
  state.setStateValue("value", { seq, values });
}

// A follower's page (ui/js/hall.js): the lecturer's new values of staged sliders, as their link writes
// them ({"adam.alpha": "0.05"}), drawn here from the rows with no script run, where each is a stop of a
// row in hand that the page's notes say the same of as of the stop they were written for; else false,
// and the follower's page asks the server for a run. Nothing is sent: the values are the lecturer's,
// and the follower's next run takes the lecturer's view anyway.
lab.followStage = (values) => {
  const box = document.querySelector(".lab-stage");
  const state = box && box.parentElement.__labStage;
  if (!state || !state.drawn || box.dataset.ready !== "1") return false;
  const found = [];
  for (const [key, text] of Object.entries(values)) {
    const entry = state.entries.get(key);
    const at = entry ? entry.query.indexOf(text) : -1;
    if (!sameNotes(state, key, at)) return false;
    found.push([entry, at]);
  }
  for (const [entry, at] of found) {
    controlOf(state, entry).__labShow(at);
    applyStop(state, entry, at);
  }
  lab.followed = (lab.followed || 0) + 1;
  return true;
};

// A slider's strip: each stop darker the sooner it gets within 1 % of the window (the soonest in full
// colour, the latest at 0.2, one that never gets there grey); where no stop does (a short run), darker
// the lower its final f, ranked among the stops that do not diverge as ▲'s criterion ranks them; hatched
// where a stop diverges.
function strip(entry, data) {
  const best = entry.values.indexOf(data.best);
  const box = document.createElement("div");
  box.className = "lab-stage-strip";
  const shade = shades(data.data);
  data.data.forEach((stop, k) => {
    const cell = document.createElement("span");
    if (stop.end === "diverged") cell.className = "lab-crossed";
    else if (shade[k] !== null) {
      cell.style.background = entry.colour;
      cell.style.opacity = String(shade[k]);
    } else cell.style.background = "#e4e4e4";
    if (k === best) cell.classList.add("lab-best");
    box.appendChild(cell);
  });
  return box;
}

// Each stop's opacity in its strip (1: the best, 0.2: the least good), or null where it is drawn grey.
function shades(stops) {
  const reached = stops.map((stop) => stop.reached).filter((r) => r !== null);
  if (reached.length) {
    const fewest = Math.min(...reached);
    const span = Math.max(1, Math.max(...reached) - fewest);
    return stops.map((stop) => (stop.reached === null ? null : 1 - (0.8 * (stop.reached - fewest)) / span));
  }
  const finals = stops.map((stop) => (stop.end === "diverged" ? NaN : lastLoss(stop)));
  const ranked = [...new Set(finals.filter(Number.isFinite))].sort((a, b) => a - b);
  const last = Math.max(1, ranked.length - 1);
  return finals.map((f) => (Number.isFinite(f) ? 1 - (0.8 * ranked.indexOf(f)) / last : null));
}

// A stop's final loss as its loss chart draws it (f − f* where f* is known, else f).
function lastLoss(stop) {
  const values = float32s(stop.loss.v);
  return values.length ? values[values.length - 1] : NaN;
}

function control(state, entry) {
  const row = document.createElement("div");
  row.className = "lab-stage-row";
  row.dataset.key = entry.key;
  const label = document.createElement("label");
  label.style.color = entry.colour;
  label.textContent = `${entry.title} ${entry.symbol}`;
  const track = document.createElement("div");
  track.className = "lab-stage-track";
  const input = document.createElement("input");
  input.type = "range";
  input.min = "0";
  input.max = String(entry.values.length - 1);
  input.step = "1";
  input.style.accentColor = entry.colour;
  input.setAttribute("aria-label", `${entry.title} ${entry.symbol}`);
  label.htmlFor = input.id = `lab-stage-${entry.key}`;
  const value = document.createElement("output");
  value.className = "lab-stage-value";
  track.append(input);
  row.append(label, track, value);
  const show = (index) => {
    input.value = String(index);
    input.setAttribute("aria-valuetext", entry.labels[index]);
    value.textContent = entry.labels[index];
  };
  input.addEventListener("input", () => {
    state.box.dataset.synced = "0";
    const index = Number(input.value);
    show(index);
    state.moved[entry.key] = entry.values[index];
    applyStop(state, state.entries.get(entry.key), index);
    state.wait();
  });
  input.addEventListener("pointerdown", () => (state.holding = true));
  for (const end of ["pointerup", "pointercancel", "touchend", "change"]) {
    input.addEventListener(end, () => {
      state.holding = false;
      state.wait();
    });
  }
  // a slider whose row is not in hand (not yet shipped, or made stale by another slider) is asked for as
  // soon as it is about to be used, so that the drag that follows is drawn from it
  const ask = () => state.drawn && freshRow(state, state.entries.get(entry.key)).catch(() => {});
  for (const about of ["pointerenter", "pointerdown", "touchstart", "focus"]) input.addEventListener(about, ask);
  row.__labShow = show;
  return row;
}

function mount(parentElement, setStateValue) {
  const box = document.createElement("div");
  box.className = "lab-stage";
  const rowsBox = document.createElement("div");
  rowsBox.className = "lab-stage-rows"; // one grid: every track starts and ends at the same x
  const foot = document.createElement("div");
  foot.className = "lab-stage-foot";
  const fair = document.createElement("button");
  fair.type = "button";
  const criterion = document.createElement("span");
  criterion.className = "lab-stage-criterion";
  const note = document.createElement("span");
  note.className = "lab-stage-note";
  foot.append(fair, criterion, note);
  box.append(rowsBox, foot);
  parentElement.appendChild(box);
  const state = { box, rowsBox, fair, criterion, note, data: new Map(), entries: new Map(), moved: {} };
  state.said = new Map(); // per optimizer: what the page's notes say of the stop they were written for
  state.link = new URLSearchParams();
  state.linkMoved = new Map(); // the stops the URL is still to hold (`followLink`)
  state.pending = new Map();
  state.holding = false;
  // One message per gesture: nothing while a thumb is held or keys follow each other, then the values.
  state.wait = () => {
    clearTimeout(state.timer);
    if (state.holding) return;
    state.timer = setTimeout(() => {
      if (state.holding || !Object.keys(state.moved).length) return;
      const values = state.moved;
      state.moved = {};
      lab.settles = (lab.settles || 0) + 1;
      state.sent = `${Date.now()}-${lab.settles}`;
      tell(state, state.sent, values);
    }, state.settle);
  };
  fair.addEventListener("click", async () => {
    if (!state.drawn) return;
    const fairs = [...state.entries.values()].filter((entry) => entry.fair);
    const found = await Promise.all(fairs.map((entry) => freshRow(state, entry).catch(() => null)));
    box.dataset.synced = "0";
    fairs.forEach((entry, k) => {
      const best = found[k] ? entry.values.indexOf(found[k].best) : -1;
      if (best < 0) return;
      controlOf(state, entry).__labShow(best);
      state.moved[entry.key] = entry.values[best];
      applyStop(state, entry, best);
    });
    state.wait();
  });
  // a thumb let go beyond its track ends the gesture too
  window.addEventListener("pointerup", () => {
    if (!state.holding) return;
    state.holding = false;
    state.wait();
  });
  state.setStateValue = setStateValue;
  return state;
}

export default function ({ data, parentElement, setStateValue }) {
  const { rows, texts, drawn, settle, seq, post, link, row: rowPath } = JSON.parse(new TextDecoder().decode(data));
  const state = parentElement.__labStage || (parentElement.__labStage = mount(parentElement, setStateValue));
  Object.assign(state, { drawn, settle, setStateValue, post, rowPath });
  // Before Reveal the strips, ▲ and Fair comparison would tell how each stop ends: the answer (CSS hides them)
  state.box.classList.toggle("lab-asking", !drawn);
  state.fair.textContent = texts.stage_fair;
  state.criterion.textContent = texts.stage_criterion;
  state.note.textContent = drawn ? "" : texts.stage_server;
  const signature = rows.map((r) => r.key + r.url).join("|");
  if (state.signature !== signature) {
    state.signature = signature;
    state.rowsBox.replaceChildren();
    state.entries = new Map(rows.map((entry) => [entry.key, entry]));
  }
  const waiting = [];
  // A run the server began before it heard the last gesture (`seq` is the last it took) shows the values
  // before it: the thumbs stay where the student left them, the stage draws over its figure, and
  // `data-synced` says when page and server agree again.
  const stale = state.sent !== undefined && seq !== state.sent;
  let behind = stale || Object.keys(state.moved).length > 0;
  for (const entry of rows) {
    state.entries.set(entry.key, entry);
    let row = controlOf(state, entry);
    if (!row) {
      row = control(state, entry);
      state.rowsBox.appendChild(row);
    }
    if (!stale && !(entry.key in state.moved) && !state.holding) row.__labShow(entry.index);
    if (thumbAt(state, entry) !== entry.index) behind = true;
  }
  // the view the server drew these rows for, and the one the thumbs show (they differ while a run is behind)
  const served = new URLSearchParams(link || "");
  state.link = new URLSearchParams(served);
  for (const entry of rows) state.link.set(entry.key, entry.query[thumbAt(state, entry)] ?? entry.query[entry.index]);
  restrip(state, false);
  for (const entry of rows) {
    if (!entry.url) continue;
    const basis = basisOf(state, served, entry);
    waiting.push(
      fetchRow(entry.url).then((found) => {
        state.said.set(entry.name, found.data[entry.index].said);
        keepRow(state, entry, found, basis);
        return entry;
      }),
    );
  }
  state.box.dataset.synced = behind ? "0" : "1";
  // What the server drew is redrawn from the rows once the charts are there: one drawing for both.
  Promise.all(waiting)
    .then(() => lab.drawing)
    .then(() => {
      for (const entry of rows.filter((r) => r.url)) {
        applyStop(state, entry, thumbAt(state, entry));
      }
      state.box.dataset.ready = "1";
    })
    .catch((error) => {
      state.note.textContent = `${texts.stage_note} (${error.message})`;
      console.error(error);
    });
}
