"""The batched core beside torch.optim, the page's own rows, and what a step costs beyond f and ∇f.

    python bench/bench_core.py [--also REV] [--repeats N] [--all] [--landscapes]

**Beside torch.optim** (4096 paths x 300 steps on Rosenbrock, float64, one thread on both sides:
``torch.set_num_threads(1)``; the starts uniform in [-2, 3]², the same for both). Each side takes the
same steps with the same analytic gradient, written with the same operations in the same order:

- ours: ``optimizers.run(optimizer, rosenbrock, starts, 300)``, exactly as the page calls it. Per step:
  ∇f at the 4096 points (``Landscape.grad``), whether each gradient is finite, the rule (a pure function
  that returns new state arrays), W_{t+1} stored in the (301, 4096, 2) array of all points. After the
  steps: f at all 301 x 4096 points and the step at which each path stopped (a gradient or a point not
  finite, or a point 100 windows away), so the Trajectory holds every point and its f.
- torch: a (4096, 2) tensor as the only parameter of ``torch.optim.<X>(...)`` with its defaults (on the
  CPU: the single-tensor implementation, updating in place); per step, under ``torch.no_grad()``, the
  gradient in torch operations assigned to ``w.grad``, then ``opt.step()``. It keeps only the last point.
  For Adam also ``fused=True``, torch.optim's fastest on the CPU, which is not its default.
- torch, same outputs: the same loop, and what ours returns besides: after each step the point and f
  there (on the 4096 points just made) stored in a (301, 4096, 2) and a (301, 4096) tensor, and whether
  each gradient was finite; after the steps, whether any path stopped (every f and gradient finite, the
  smallest and largest coordinate within 100 windows). So "ours / torch" holds ours to a loop that does
  less than ours does, and "ours / torch, same outputs" compares the same work.

Hyperparameters: SGD and momentum α = 1e-4 (at their default 1e-3 some of these starts diverge, and a
diverged torch path keeps computing with NaN where ours stops), RMSProp and Adam their defaults. Before
timing, the script checks that both sides end at the same points.

**A row** (what the first page of a link computes per optimizer, ``ui.runs._row``): ``optimizers.sweep``
over 25 values of α (one batched run of 25 paths x 1000 steps, ``record=True``) from the PR4 start.

**One path** (2000 steps of Adam from the PR4 start) and, for both shapes, f and ∇f alone: what every
step must evaluate anyway, so "run / f+∇f" is the optimizer's own overhead per step.

``--also REV`` times the core of an older commit (``git archive REV``) in the same run, case by case in
turns with this one, so the two are compared under the same load: the machine is shared, and only
figures of one run compare. Each case runs in a worker process per core (``--worker ROOT``); a round
asks every worker for every case once, ``--repeats`` rounds (default 9); the tables give the best and
the median. ``--all`` adds every optimizer, one path and the batch, as steps per second.

With ``--landscapes``: what a step costs on each kind of landscape relative to Rosenbrock, as the page
runs them (``ui.budget`` prices a landscape by these figures): Adam's α row (25 paths, recorded, as
``ui.runs`` computes a slider) and the many-starts map (625 paths), 1000 steps, f along the paths included.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Callable
from io import BytesIO
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
BATCH, BATCH_STEPS, ROW_PATHS, ROW_STEPS, ONE_STEPS = 4096, 300, 25, 1000, 2000
CENTRE, REACH = 0.5, 500.0  # Rosenbrock's window [-2, 3]² and 100 of its spans: ``optimizers.run``'s FAR
COMPARED = {"sgd": {"alpha": 1e-4}, "momentum": {"alpha": 1e-4}, "rmsprop": {}, "adam": {}}


def best_of(repeats: int, fn) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def starts() -> np.ndarray:
    return np.random.default_rng(0).uniform(-2, 3, size=(BATCH, 2))


# ---- the workloads, each prepared once in a worker and then timed as a call without arguments ----


def ours_batch(name: str) -> Callable[[], object]:
    import landscapes
    import optimizers

    ls, opt, W = landscapes.get("rosenbrock"), optimizers.get(name, **COMPARED[name]), starts()
    return lambda: optimizers.run(opt, ls, W, BATCH_STEPS)


def ours_row(name: str) -> Callable[[], object]:
    import landscapes
    import optimizers

    ls, opt, alphas = landscapes.get("rosenbrock"), optimizers.get(name), np.geomspace(1e-3, 1.0, ROW_PATHS)
    return lambda: optimizers.sweep(opt, ls, ls.start, ROW_STEPS, {"alpha": alphas}, record=True)


def ours_one(name: str) -> Callable[[], object]:
    import landscapes
    import optimizers

    ls, opt = landscapes.get("rosenbrock"), optimizers.get(name)
    return lambda: optimizers.run(opt, ls, ls.start, ONE_STEPS)


def f_and_grad(shape: str) -> Callable[[], object]:
    """What every step of ``run`` must evaluate anyway: ∇f to move, f to report and check."""
    import landscapes

    ls = landscapes.get("rosenbrock")
    W, steps = (starts(), BATCH_STEPS) if shape == "batch" else (np.array([ls.start]), ONE_STEPS)

    def evaluate() -> None:
        for _ in range(steps):
            ls.grad(W)
            ls.value(W)

    return evaluate


def torch_rosenbrock_grad(w):
    """∇f as landscapes/valleys.py writes it, in torch operations on the (K, 2) tensor."""
    import torch

    x, y = w[:, 0], w[:, 1]
    valley = y - x**2
    return torch.stack((-2 * (1 - x) - 400 * x * valley, 200 * valley), dim=1)


def torch_rosenbrock(w):
    """f as landscapes/valleys.py writes it, in torch operations."""
    x, y = w[:, 0], w[:, 1]
    return (1 - x) ** 2 + 100 * (y - x**2) ** 2


def torch_optimizer(name: str, params, fused: bool = False):
    import torch

    import optimizers

    hp = dict(optimizers.get(name, **COMPARED[name]).hyperparameters)
    match name:
        case "sgd":
            return torch.optim.SGD(params, lr=hp["alpha"])
        case "momentum":
            return torch.optim.SGD(params, lr=hp["alpha"], momentum=hp["beta"])
        case "rmsprop":
            return torch.optim.RMSprop(params, lr=hp["alpha"], alpha=hp["rho"], eps=hp["eps"])
        case "adam":
            betas = (hp["rho1"], hp["rho2"])
            return torch.optim.Adam(params, lr=hp["alpha"], betas=betas, eps=hp["eps"], fused=fused or None)
    raise ValueError(name)


def torch_batch(name: str, same_outputs: bool = False, fused: bool = False) -> Callable[[], object]:
    import torch

    torch.set_num_threads(1)
    W = starts()

    def steps():
        w = torch.tensor(W, dtype=torch.float64, requires_grad=True)
        opt = torch_optimizer(name, [w], fused)
        with torch.no_grad():
            for _ in range(BATCH_STEPS):
                w.grad = torch_rosenbrock_grad(w)
                opt.step()
        return w.detach().numpy()

    def with_outputs():
        w = torch.tensor(W, dtype=torch.float64, requires_grad=True)
        opt = torch_optimizer(name, [w])
        points = torch.empty((BATCH_STEPS + 1, BATCH, 2), dtype=torch.float64)
        values = torch.empty((BATCH_STEPS + 1, BATCH), dtype=torch.float64)
        grad_ok = torch.empty((BATCH_STEPS, BATCH, 2), dtype=torch.bool)
        with torch.no_grad():
            points[0], values[0] = w, torch_rosenbrock(w)
            for i in range(BATCH_STEPS):
                w.grad = torch_rosenbrock_grad(w)
                grad_ok[i] = torch.isfinite(w.grad)
                opt.step()
                points[i + 1], values[i + 1] = w, torch_rosenbrock(w)
            far = max(abs(points.amin() - CENTRE), abs(points.amax() - CENTRE)) > REACH
            stopped = far or not (grad_ok.all() and torch.isfinite(values).all())
        return points[-1].numpy(), values, stopped

    return with_outputs if same_outputs else steps


def workload(case: str) -> Callable[[], object]:
    kind, name = case.split(" ", 1)
    makers = {
        "ours": ours_batch,
        "torch": torch_batch,
        "torch+outputs": lambda n: torch_batch(n, same_outputs=True),
        "torch-fused": lambda n: torch_batch(n, fused=True),
        "row": ours_row,
        "one": ours_one,
        "f+grad": f_and_grad,
    }
    return makers[kind](name)


def same_end_points() -> str:
    """Where ours ends beside torch's, per optimizer: the two must take the same steps. (On RMSProp a few
    paths that zig-zag across the valley amplify the last bit in which the two sides round differently.)"""
    found = []
    for name in COMPARED:
        ours = np.asarray(ours_batch(name)().points[-1])
        theirs, _, stopped = torch_batch(name, same_outputs=True)()
        bare = torch_batch(name)()
        gaps = np.max(np.abs(ours - theirs), axis=1) / np.maximum(1.0, np.max(np.abs(theirs), axis=1))
        share = float(np.mean(gaps <= 1e-9))
        assert share > 0.95 and np.array_equal(theirs, bare) and not stopped, (name, share)
        found.append(f"{name} {share:.1%}")
    return "paths whose end point is torch's to 1e-9 (relative): " + ", ".join(found)


def worker(root: str) -> None:
    """Answer each case named on stdin with the seconds one call of it took."""
    sys.path.insert(0, root)
    prepared: dict[str, Callable[[], object]] = {}
    for line in sys.stdin:
        case = line.strip()
        if case == "check":
            print(same_end_points(), flush=True)
            continue
        if case not in prepared:
            prepared[case] = workload(case)
            prepared[case]()  # NumPy's and torch's first calls
        start = time.perf_counter()
        prepared[case]()
        print(time.perf_counter() - start, flush=True)


class Worker:
    """A process that times the cases with the core at ``root``."""

    def __init__(self, root: Path) -> None:
        command = [sys.executable, __file__, "--worker", str(root)]
        self.process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)

    def ask(self, line: str) -> str:
        self.process.stdin.write(line + "\n")
        self.process.stdin.flush()
        answer = self.process.stdout.readline()
        if not answer:
            raise RuntimeError(f"the worker failed on {line!r}")
        return answer.strip()

    def close(self) -> None:
        self.process.stdin.close()
        self.process.wait()


def exported(rev: str, folder: str) -> Path:
    """The files of commit ``rev``, in ``folder``."""
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", rev], capture_output=True, check=True).stdout
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(folder, filter="data")
    return Path(folder)


def timed(workers: dict[str, Worker], cases: dict[str, list[str]], repeats: int) -> dict[tuple[str, str], list]:
    """Every (core, case) ``repeats`` times, in turns: round r asks each core for each case once."""
    times: dict[tuple[str, str], list[float]] = {}
    for _ in range(repeats):
        for case, cores in cases.items():
            for core in cores:
                times.setdefault((core, case), []).append(float(workers[core].ask(case)))
    return times


def figure(times: list[float]) -> str:
    return f"{min(times) * 1e3:7.1f} {statistics.median(times) * 1e3:7.1f}"


def ratio(a: list[float], b: list[float]) -> str:
    return f"{min(a) / min(b):5.2f} {statistics.median(a) / statistics.median(b):5.2f}"


def report(times: dict, cores: list[str]) -> None:
    """The tables: ms as best and median, ratios of the bests and of the medians."""
    head = "  ".join(f"{core + ' ms':>15}" for core in cores)
    print(f"\nBeside torch.optim: {BATCH} paths x {BATCH_STEPS} steps, Rosenbrock, float64, one thread (best, median)")
    print(f"{'optimizer':<9} {head} {'torch ms':>15} {'+outputs ms':>15} {'ours/torch':>11} {'ours/+outputs':>13}")
    for name in COMPARED:
        ours = [times["now", f"ours {name}"]]
        ours += [times[core, f"ours {name}"] for core in cores[1:]]
        theirs, outputs = times["now", f"torch {name}"], times["now", f"torch+outputs {name}"]
        cells = "  ".join(figure(t) for t in ours)
        print(f"{name:<9} {cells} {figure(theirs)} {figure(outputs)} {ratio(ours[0], theirs):>11} "
              f"{ratio(ours[0], outputs):>13}")  # fmt: skip
        for core, t in zip(cores[1:], ours[1:], strict=True):
            print(f"{'':<9} {core}: ours/torch {ratio(t, theirs)}, ours/+outputs {ratio(t, outputs)}")
    fused = times["now", "torch-fused adam"]
    print(f"Adam(fused=True), torch.optim's fastest on the CPU (not its default): {figure(fused)} ms, ours/fused "
          f"{ratio(times['now', 'ours adam'], fused)}")  # fmt: skip
    print(f"\nA row: sweep over {ROW_PATHS} α x {ROW_STEPS} steps, record=True, from the PR4 start (best, median)")
    print(f"{'optimizer':<9} {head}" + ("   now/" + "   now/".join(cores[1:]) if len(cores) > 1 else ""))
    for name in COMPARED:
        t = [times[core, f"row {name}"] for core in cores]
        print(f"{name:<9} " + "  ".join(figure(x) for x in t) + "".join(f"  {ratio(t[0], x)}" for x in t[1:]))
    print("\nAdam beside f and ∇f alone (best): steps/s, and run time / f+∇f time")
    for core in cores:
        one, f_one = min(times[core, "one adam"]), min(times[core, "f+grad one"])
        batch, f_batch = min(times[core, "ours adam"]), min(times[core, "f+grad batch"])
        rate = BATCH * BATCH_STEPS / batch / 1e6
        print(f"{core:<9} one path: {ONE_STEPS / one:,.0f} steps/s ({one / f_one:.1f} x f and ∇f alone); "
              f"{BATCH} paths: {rate:.1f} M path-steps/s ({batch / f_batch:.1f} x)")  # fmt: skip


def compare(also: str | None, repeats: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        workers = {"now": Worker(ROOT)}
        if also:
            workers[also] = Worker(exported(also, folder))
        try:
            print(workers["now"].ask("check"))
            cores = list(workers)
            cases = {f"ours {name}": cores for name in COMPARED}
            cases |= {f"{kind} {name}": ["now"] for kind in ("torch", "torch+outputs") for name in COMPARED}
            cases["torch-fused adam"] = ["now"]
            cases |= {f"row {name}": cores for name in COMPARED}
            cases |= {case: cores for case in ("one adam", "f+grad one", "f+grad batch")}
            report(timed(workers, cases, repeats), cores)
        finally:
            for w in workers.values():
                w.close()


def every_optimizer() -> None:
    """Steps per second of each optimizer (its default hyperparameters), one path and the batch."""
    import landscapes
    import optimizers

    ls = landscapes.get("rosenbrock")
    for label, start, steps in (("1 path", np.array(ls.start), ONE_STEPS), (f"{BATCH} paths", starts(), BATCH_STEPS)):
        print(f"\n{label} x {steps} steps:\n{'optimizer':<20} {'steps/s':>10} {'path-steps/s':>14}")
        for name in optimizers.names():
            opt = optimizers.get(name)
            t = best_of(5, lambda opt=opt, start=start, steps=steps: optimizers.run(opt, ls, start, steps))
            print(f"{name:<20} {steps / t:>10,.0f} {steps * len(np.atleast_2d(start)) / t:>14,.0f}")


def row_seconds(ls, batch_size: int | None = None, paths: int = 25, steps: int = 1000) -> float:
    """Adam on ``ls`` for ``paths`` paths at once (an α row: a sweep over α, recorded, as the page runs it)."""
    import optimizers

    alphas = np.geomspace(1e-3, 1.0, paths)
    opt = optimizers.get("adam")
    run = lambda: optimizers.sweep(opt, ls, ls.start, steps, {"alpha": alphas}, record=True, batch_size=batch_size)  # noqa: E731
    return best_of(5, run)


def landscape_costs() -> None:
    """A step's cost on each kind of landscape, relative to Rosenbrock's, for a row and for a map."""
    import landscapes
    from landscapes.expression import formula

    typed = {
        "x^2 + y^2": "x^2 + y^2",
        "tanh nest": "tanh(x*y*" * 10 + "x" + ")" * 10,
        "abs nest": "abs(x/" * 11 + "x*y" + ")" * 11,
    }
    cases = {
        "rosenbrock": (landscapes.get("rosenbrock"), None),
        "quadratic": (landscapes.get("quadratic", kappa=50), None),
        "regression, full batch": (landscapes.get("regression"), None),
        "regression, B = 8": (landscapes.get("regression"), 8),
    }
    for label, text in typed.items():
        ops = len(formula(text).grad.steps)
        cases[f"typed {label} ({ops} calls)"] = (landscapes.from_expression(text), None)
    row_seconds(cases["rosenbrock"][0])  # NumPy's first calls
    for paths in (25, 625):
        seconds = {label: row_seconds(ls, batch_size, paths=paths) for label, (ls, batch_size) in cases.items()}
        print(f"\nAdam, {paths} paths x 1000 steps:")
        for label, spent in seconds.items():
            print(f"  {label:32s} {spent * 1e3:7.0f} ms  {spent / seconds['rosenbrock']:5.2f} x Rosenbrock")


def main() -> None:
    arguments = sys.argv[1:]
    if arguments[:1] == ["--worker"]:
        worker(arguments[1])
        return
    sys.path.insert(0, str(ROOT))
    if "--landscapes" in arguments:
        landscape_costs()
    elif "--all" in arguments:
        every_optimizer()
    else:
        also = arguments[arguments.index("--also") + 1] if "--also" in arguments else None
        repeats = int(arguments[arguments.index("--repeats") + 1]) if "--repeats" in arguments else 9
        compare(also, repeats)


if __name__ == "__main__":
    main()
