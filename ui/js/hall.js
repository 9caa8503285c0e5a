// A class session's live part (ui/hall.py): long-polls the class's state (classroom/http.py) from the
// browser, so following costs the server no script run per poll.
//
// Python sends {url, mode, since, tally, texts, state, redraw, keep}. mode "follower": when the lecturer's
// version moves, the stage draws it in the browser where only staged sliders (α, ρ, …) moved and their rows
// are in hand (ui/js/stage.js `followStage`: no run at all); anything else asks for ONE script run
// (setTriggerValue "update"), which applies the lecturer's view, once the page is seen (`whenSeen`): a run of
// the view's fragment, in which this poll is drawn, alone where nothing outside the view changed (ui/hall.py
// `_follow_change`); each such run draws the poll again, which goes on, already waiting for the next version.
// mode "count" or "answers" (the lecturer's page): write "k of m follow" / "n of m answered" in place, no run
// at all; except where the lecturer shows the hall's answers before Reveal (`redrawSoon`).
// Every text goes in as text, never as HTML.

const RETRY_MS = 3000;
const REDRAW_MS = 1500;

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

// What the lecturer changed between two states of the class, where it is only values in the view's link
// (no question, round or Reveal, no setting added or dropped): {key: new text}; else null.
function linkChanges(before, after) {
  if (
    !before ||
    JSON.stringify([before.question, before.round, before.revealed]) !==
      JSON.stringify([after.question, after.round, after.revealed])
  )
    return null;
  const [was, now] = [new URLSearchParams(before.query), new URLSearchParams(after.query)];
  if ([...was.keys()].sort().join("&") !== [...now.keys()].sort().join("&")) return null;
  const changes = {};
  for (const [key, value] of now) if (was.get(key) !== value) changes[key] = value;
  return Object.keys(changes).length ? changes : null;
}

function followInBrowser(box, state) {
  const changes = linkChanges(box.__labShown, state);
  const lab = window.__lab;
  return changes !== null && lab && lab.followStage && lab.followStage(changes);
}

function render(box, args, state) {
  const template = args.texts[args.mode];
  if (!template || !state) return;
  box.textContent = template.replace(/\{(\w+)\}/g, (_, name) => String(state[name] ?? ""));
}

// A page nobody looks at (a phone in a pocket, a tab behind another) asks for its run when it is seen
// again, for the latest change only: at a change the server runs the pages that are looked at first, and
// the hall's other runs come later, spread out. The poll goes on meanwhile, so the page still counts.
function whenSeen(box, run) {
  if (document.visibilityState !== "hidden") {
    box.__labWhenSeen = null;
    run();
    return;
  }
  box.__labWhenSeen = run;
  if (box.__labSeen) return;
  box.__labSeen = () => {
    const pending = box.__labWhenSeen;
    if (document.visibilityState === "hidden" || !pending) return;
    box.__labWhenSeen = null;
    pending();
  };
  document.addEventListener("visibilitychange", box.__labSeen);
}

// The lecturer's page shows the hall's answers before Reveal (args.redraw): a new answer asks for a run of
// that page, at most one every REDRAW_MS however fast the hall answers (its run redraws this poll).
function redrawSoon(box, trigger) {
  if (box.__labRedraw) return;
  box.__labRedraw = setTimeout(() => {
    box.__labRedraw = 0;
    if (box.isConnected) trigger("answers", Date.now());
  }, REDRAW_MS);
}

async function poll(box, args, signal, trigger) {
  let since = args.since;
  let tally = args.tally;
  while (!signal.aborted) {
    const url = new URL(args.url, document.baseURI);
    url.searchParams.set("since", since);
    if (args.mode !== "follower") url.searchParams.set("tally", tally);
    let state;
    try {
      const answer = await fetch(url, { cache: "no-store", signal });
      if (!answer.ok) throw new Error(`${answer.status}`);
      state = await answer.json();
    } catch (error) {
      if (signal.aborted) return;
      await sleep(RETRY_MS); // the server restarts, or a replica went away: try again
      continue;
    }
    if (!box.isConnected) return; // the page no longer draws this poll (a student stepped out): it ends
    if (args.mode === "follower") {
      if (state.version !== box.__labDrawn && box.__labAsked !== state.version) {
        box.__labAsked = state.version; // one run per change, however many polls see it
        const version = state.version;
        if (followInBrowser(box, state)) box.__labShown = state;
        else
          whenSeen(box, () => {
            box.__labShown = state; // a run of the view alone does not draw this component again
            trigger("update", version);
          });
      }
    } else {
      render(box, args, state);
      // an answer, or one changed; the page's latest run says whether its chart is shown (a toggle's run
      // draws this component again without starting its poll anew)
      if (box.__labArgs.redraw && state.tally !== box.__labTally) redrawSoon(box, trigger);
    }
    since = state.version;
    tally = state.tally;
  }
}

// The lecturer's page keeps its class in a cookie of this browser (ui/resume.py), so that a reload of the
// projector's page can lead the class again; a follower's page keeps the student's place, so that the join
// link opened again is the same member. Python sends `keep` with the lecturer's counts and a follower's poll.
function keepClass(keep) {
  const secure = location.protocol === "https:" ? "; Secure" : "";
  document.cookie = `${keep.name}=${keep.value}; Path=/; Max-Age=${keep.max_age}; SameSite=Lax${secure}`;
}

export default function ({ data, parentElement, setTriggerValue }) {
  const args = JSON.parse(new TextDecoder().decode(data));
  if (args.keep) keepClass(args.keep);
  let box = parentElement.querySelector(".lab-class");
  if (!box) {
    box = document.createElement("div");
    box.className = "lab-class";
    parentElement.appendChild(box);
  }
  render(box, args, args.state);
  box.__labTally = args.tally; // the answers this page's run drew
  box.__labArgs = args;
  // the lecturer's view this page was drawn for (a later one the server has not applied yet: none)
  box.__labShown = args.state && args.state.version === args.since ? args.state : null;
  box.__labDrawn = args.since;
  // A follower's poll goes on through the runs it asks for (each draws it again, in the view's fragment):
  // it already waits for the version after the one it was told of. The lecturer's counts start anew.
  const polled = args.mode === "follower" ? [args.url, args.mode] : [args.url, args.mode, args.since, args.tally];
  const key = JSON.stringify(polled);
  if (box.__labKey === key) return; // the same poll is running
  box.__labKey = key;
  if (box.__labStop) box.__labStop.abort();
  box.__labStop = new AbortController();
  poll(box, args, box.__labStop.signal, setTriggerValue);
}
