"""Every word the page shows, in English and Ukrainian (the lecture's own terms).

``t(key, lang, **values)`` formats the entry; maths symbols (α, ρ, ∇f) are the same in both.
"""

from __future__ import annotations

LANGUAGES = {"en": "English", "uk": "Українська"}

STRINGS: dict[str, dict[str, str]] = {
    "page_title": {"en": "Landscape Lab", "uk": "Landscape Lab"},
    "heading": {
        "en": "Landscape Lab: adaptive optimization methods",
        "uk": "Landscape Lab: адаптивні методи оптимізації",
    },
    "intro": {
        "en": "Pick optimizers and move their α sliders in the sidebar; click the plot to start elsewhere. "
        "Paths start at ○ and end at ◆ (✕ where they diverged); ★ marks the global minimum.",
        "uk": "Оберіть оптимізатори й рухайте повзунки α на бічній панелі; клацніть графік, щоб почати деінде. "
        "Траєкторії починаються в ○ і закінчуються в ◆ (✕ — де розбіглися); ★ — глобальний мінімум.",
    },
    "language": {"en": "Language", "uk": "Мова"},
    "landscape": {"en": "Function", "uk": "Функція"},
    "landscape_params": {"en": "Function parameters", "uk": "Параметри функції"},
    "optimizers": {"en": "Optimizers", "uk": "Оптимізатори"},
    "optimizers_help": {
        "en": "Compare several at once; each keeps its own hyperparameters.",
        "uk": "Порівнюйте кілька одночасно; кожен має власні гіперпараметри.",
    },
    "bias_correction": {"en": "bias correction", "uk": "корекція зсуву"},
    "more": {"en": "Show ε, λ and the rest", "uk": "Показати ε, λ та інші"},
    "more_help": {
        "en": "The additive constant ε, weight decay λ and other rarely tuned hyperparameters.",
        "uk": "Адитивна константа ε, згасання ваг λ та інші гіперпараметри, які рідко налаштовують.",
    },
    "reset": {"en": "Reset to defaults", "uk": "Скинути до значень за замовчуванням"},
    "start": {"en": "Start point", "uk": "Початкова точка"},
    "start_help": {
        "en": "Or click anywhere on the plot.",
        "uk": "Або клацніть будь-де на графіку.",
    },
    "steps": {"en": "Steps", "uk": "Кількість кроків"},
    "no_optimizer": {
        "en": "Choose at least one optimizer in the sidebar.",
        "uk": "Оберіть принаймні один оптимізатор на бічній панелі.",
    },
    "loss_title": {"en": "Loss over the steps", "uk": "Значення функції за кроками"},
    "results": {"en": "Results", "uk": "Результати"},
    "col_optimizer": {"en": "optimizer", "uk": "оптимізатор"},
    "col_final_f": {"en": "final f", "uk": "кінцеве f"},
    "col_distance": {"en": "distance to minimum", "uk": "відстань до мінімуму"},
    "col_reached": {"en": "reached at step", "uk": "досягнуто на кроці"},
    "col_status": {"en": "status", "uk": "стан"},
    "status_ok": {"en": "converging", "uk": "сходиться"},
    "status_far": {"en": "not there yet", "uk": "ще не дійшов"},
    "status_diverged": {"en": "diverged at step {step}", "uk": "розбігся на кроці {step}"},
    "reached_help": {
        "en": "The first step within {tol:g} of a global minimum (1% of the window).",
        "uk": "Перший крок, на якому відстань до глобального мінімуму менша за {tol:g} (1% вікна).",
    },
    "diverged_note": {
        "en": "{name} diverged at step {step}: its path left the window or its values stopped being finite. "
        "Try a smaller α.",
        "uk": "{name} розбігся на кроці {step}: траєкторія вийшла за межі вікна або значення перестали бути "
        "скінченними. Спробуйте меншу α.",
    },
    "url_problems": {
        "en": "Some link parameters were ignored: {items}",
        "uk": "Деякі параметри посилання проігноровано: {items}",
    },
    "rules": {"en": "Update rules", "uk": "Правила оновлення"},
    "reference": {"en": "Reference", "uk": "Джерело"},
    "state_vectors": {
        "en": "Keeps {n} extra vector(s) per weight.",
        "uk": "Зберігає {n} додатковий(і) вектор(и) на кожну вагу.",
    },
    "step": {"en": "step", "uk": "крок"},
    "click": {"en": "click to start here", "uk": "клацніть, щоб почати звідси"},
    "minimum": {"en": "global minimum", "uk": "глобальний мінімум"},
    "f_log": {"en": "f − f* (log scale)", "uk": "f − f* (логарифмічна шкала)"},
    "f_gap": {"en": "f − f*", "uk": "f − f*"},
    "f": {"en": "f", "uk": "f"},
    "share": {"en": "Link to this view", "uk": "Посилання на цей вигляд"},
    "share_help": {
        "en": "The address bar always holds the whole view: copy it to share exactly this.",
        "uk": "Адресний рядок завжди містить увесь вигляд: скопіюйте його, щоб поділитися саме цим.",
    },
    "error": {
        "en": "Something went wrong while drawing this part; the rest of the page still works. ({detail})",
        "uk": "Під час побудови цієї частини сталася помилка; решта сторінки працює. ({detail})",
    },
}

NAMES: dict[str, dict[str, str]] = {
    # optimizers
    "sgd": {"en": "Gradient descent (SGD)", "uk": "Градієнтний спуск (SGD)"},
    "momentum": {"en": "Momentum", "uk": "Імпульс (momentum)"},
    "nesterov": {"en": "Nesterov momentum", "uk": "Імпульс Нестерова"},
    "adagrad": {"en": "AdaGrad", "uk": "AdaGrad"},
    "rmsprop": {"en": "RMSProp", "uk": "RMSProp"},
    "adadelta": {"en": "Adadelta", "uk": "Adadelta"},
    "adam": {"en": "Adam", "uk": "Adam"},
    "amsgrad": {"en": "AMSGrad", "uk": "AMSGrad"},
    "adamw": {"en": "AdamW", "uk": "AdamW"},
    "adamax": {"en": "Adamax", "uk": "Adamax"},
    "nadam": {"en": "NAdam", "uk": "NAdam"},
    # landscapes
    "rosenbrock": {"en": "Rosenbrock (homework PR4)", "uk": "Розенброк (домашнє завдання ПР4)"},
    "quadratic": {"en": "Ill-conditioned quadratic", "uk": "Погано обумовлена квадратична"},
    "saddle": {"en": "Saddle x² − y²", "uk": "Сідло x² − y²"},
    "monkey_saddle": {"en": "Monkey saddle", "uk": "Сідло мавпи"},
    "himmelblau": {"en": "Himmelblau", "uk": "Хіммельблау"},
    "beale": {"en": "Beale", "uk": "Біл"},
    "booth": {"en": "Booth", "uk": "Бут"},
    "rastrigin": {"en": "Rastrigin", "uk": "Растригін"},
    "ackley": {"en": "Ackley", "uk": "Еклі"},
    "goldstein_price": {"en": "Goldstein–Price", "uk": "Голдштейн–Прайс"},
    "six_hump_camel": {"en": "Six-hump camel", "uk": "Шестигорбий верблюд"},
    "matyas": {"en": "Matyas", "uk": "Матьяш"},
    "three_hump_camel": {"en": "Three-hump camel", "uk": "Тригорбий верблюд"},
    "styblinski_tang": {"en": "Styblinski–Tang", "uk": "Стиблінський–Тан"},
}


def t(key: str, lang: str, **values: object) -> str:
    """The entry ``key`` in ``lang`` (English where a translation is missing), formatted with ``values``."""
    entry = STRINGS[key]
    text = entry.get(lang) or entry["en"]
    return text.format(**values) if values else text


def name_of(name: str, lang: str) -> str:
    """The display name of an optimizer or landscape."""
    entry = NAMES.get(name)
    return (entry.get(lang) or entry["en"]) if entry else name


def pick_language(requested: str | None, browser_locale: str | None) -> str:
    """``lang`` from the URL if valid, else the browser's language if we have it, else English."""
    if requested in LANGUAGES:
        return requested  # type: ignore[return-value]
    base = (browser_locale or "").split("-")[0].lower()
    return base if base in LANGUAGES else "en"
