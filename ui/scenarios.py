"""The lecture's claims, one click each: every scenario is a link (``?preset=<name>``) that sets up the
page; its title, its text tying the plot to the slide, and its question live in the language catalogs
(``ui/locales``). Their numbers are checked in tests/test_scenarios.py.
"""

from __future__ import annotations

# Rosenbrock from the homework's start, as PR4 sets it
PR4_START = {"f": "rosenbrock", "x0": "-1.5", "y0": "2.5"}

SCENARIOS: dict[str, dict[str, str]] = {
    "pr4": {
        **PR4_START,
        "opt": "sgd,momentum,adam",
        "sgd.alpha": "0.001",
        "momentum.alpha": "0.001",
        "momentum.beta": "0.9",
        "adam.alpha": "0.1",
        "steps": "1000",
        "view": "paths",
    },
    "one_lr": {
        "f": "quadratic",
        "f.kappa": "50",
        "f.theta": "0",
        "opt": "sgd,rmsprop,adam",
        "sgd.alpha": "0.038",
        "rmsprop.alpha": "0.05",
        "rmsprop.rho": "0.9",
        "adam.alpha": "0.1",
        "x0": "-2.5",
        "y0": "1.5",
        "steps": "150",
        "view": "paths",
        "curv": "1",
    },
    "adagrad_vanishes": {
        **PR4_START,
        "opt": "adagrad,rmsprop",
        "adagrad.alpha": "0.5",
        "rmsprop.alpha": "0.01",
        "rmsprop.rho": "0.9",
        "steps": "2000",
        "view": "paths",
    },
    "rmsprop_nonconvex": {
        "f": "himmelblau",
        "opt": "adagrad,rmsprop",
        "adagrad.alpha": "0.05",
        "rmsprop.alpha": "0.05",
        "rmsprop.rho": "0.9",
        "x0": "0",
        "y0": "0",
        "steps": "500",
        "view": "paths",
    },
    "adam_parts": {
        **PR4_START,
        "opt": "momentum,rmsprop,adam",
        "momentum.alpha": "0.001",
        "momentum.beta": "0.9",
        "rmsprop.alpha": "0.01",
        "rmsprop.rho": "0.9",
        "adam.alpha": "0.1",
        "steps": "1000",
        "view": "paths",
    },
    "adam_fails": {
        "opt": "adam,amsgrad",
        "adam.alpha": "0.5",
        "amsgrad.alpha": "0.5",
        "steps": "3000",
        "view": "reddi",
    },
    "saddle": {
        "f": "saddle",
        "opt": "sgd,momentum,adam",
        "sgd.alpha": "0.05",
        "momentum.alpha": "0.05",
        "momentum.beta": "0.9",
        "adam.alpha": "0.05",
        "x0": "-1.8",
        "y0": "0.001",
        "steps": "150",
        "view": "paths",
    },
    "rotation": {
        "f": "quadratic",
        "f.kappa": "50",
        "f.theta": "45",
        "opt": "sgd,adam",
        "sgd.alpha": "0.038",
        "adam.alpha": "0.1",
        "x0": "-2.5",
        "y0": "1.5",
        "steps": "300",
        "view": "paths",
        "curv": "1",
    },
    "memory": {"opt": "sgd,momentum,adagrad,rmsprop,adam,amsgrad", "view": "memory"},
    "adam_tuning": {
        **PR4_START,
        "opt": "adam,momentum",
        "adam.alpha": "0.1",
        "momentum.alpha": "0.001",
        "steps": "500",
        "view": "sweep",
    },
    "after_adam": {
        "f": "regression",
        "opt": "adam,adamw,lion,schedule_free_adamw,prodigy",
        "adam.alpha": "0.1",
        "adamw.alpha": "0.1",
        "adamw.weight_decay": "0",
        "adamw.sched": "warmup_cosine",
        "adamw.sched.warmup": "30",
        "adamw.sched.t_max": "600",
        "lion.alpha": "0.01",
        "schedule_free_adamw.alpha": "0.1",
        "batch": "8",
        "steps": "600",
        "view": "paths",
    },
    "pr3": {
        "opt": "sgd,momentum",
        "sgd.alpha": "0.003",
        "momentum.alpha": "0.003",
        "momentum.beta": "0.9",
        "steps": "300",
        "view": "pr3",
        "pr3.x0": "2.5",
    },
}

NAMES = tuple(SCENARIOS)

# What each scenario asks in quiz mode (ui/quiz.py): how it is answered, and for "end" about which
# optimizer; the questions' words are in the catalogs.
QUESTIONS: dict[str, str] = {
    "pr4": "first",
    "one_lr": "first",
    "adagrad_vanishes": "end:adagrad",
    "rmsprop_nonconvex": "end:rmsprop",
    "adam_parts": "first",
    "adam_fails": "reddi",
    "saddle": "escape",
    "rotation": "first",
    "memory": "memory",
    "adam_tuning": "interact",
    "after_adam": "first",
    "pr3": "overshoot",
}
