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
    "scenario": {"en": "Scenario from the lecture", "uk": "Сценарій з лекції"},
    "scenario_none": {"en": "— free play —", "uk": "— вільна гра —"},
    "scenario_help": {
        "en": "Each scenario sets everything to show one claim of the lecture; then play with it.",
        "uk": "Кожен сценарій налаштовує все, щоб показати одне твердження лекції; далі експериментуйте.",
    },
    "view": {"en": "View", "uk": "Вигляд"},
    "view_paths": {"en": "Paths", "uk": "Траєкторії"},
    "view_surface": {"en": "3D surface", "uk": "3D поверхня"},
    "view_starts": {"en": "Many starts", "uk": "Багато стартів"},
    "view_sweep": {"en": "Sensitivity", "uk": "Чутливість"},
    "view_reddi": {"en": "Adam fails", "uk": "Adam не сходиться"},
    "view_pr3": {"en": "1D (PR3)", "uk": "1D (ПР3)"},
    "view_memory": {"en": "Memory", "uk": "Пам'ять"},
    "noise": {"en": "Gradient noise σ", "uk": "Шум градієнта σ"},
    "noise_help": {
        "en": "Adds Gaussian noise N(0, σ²) to every gradient: a stochastic gradient, reproducible by its seed.",
        "uk": "Додає гаусів шум N(0, σ²) до кожного градієнта: стохастичний градієнт, відтворюваний за зерном.",
    },
    "seed": {"en": "Noise seed", "uk": "Зерно шуму"},
    "inspector": {"en": "Step inspector", "uk": "Інспектор кроків"},
    "inspector_help": {
        "en": "Drag the step slider under the plot or press ▶: at each step the black arrow is −g (downhill), "
        "the dotted one the momentum / first moment, the thick one the step actually taken "
        "(directions only; hover for the numbers).",
        "uk": "Рухайте повзунок кроку під графіком або натисніть ▶: на кожному кроці чорна стрілка — −g (донизу), "
        "пунктирна — імпульс / перший момент, товста — зроблений крок "
        "(лише напрямки; наведіть, щоб побачити числа).",
    },
    "play": {"en": "▶ Play", "uk": "▶ Грати"},
    "pause": {"en": "❚❚ Pause", "uk": "❚❚ Пауза"},
    "arrow_grad": {"en": "−gradient", "uk": "−градієнт"},
    "arrow_momentum": {"en": "momentum", "uk": "імпульс"},
    "arrow_step": {"en": "step taken", "uk": "зроблений крок"},
    "step_sizes": {"en": "Effective step size per weight", "uk": "Ефективний розмір кроку для кожної ваги"},
    "step_sizes_help": {
        "en": "The learning rate each coordinate actually gets: α for GD and momentum, α/(ε + √r_t) for AdaGrad "
        "and RMSProp, α/(ε + √r̂_t) for Adam. Solid: x, dashed: y.",
        "uk": "Швидкість навчання, яку фактично отримує кожна координата: α для GD та імпульсу, α/(ε + √r_t) для "
        "AdaGrad і RMSProp, α/(ε + √r̂_t) для Adam. Суцільна: x, штрихова: y.",
    },
    "lr_axis": {"en": "effective step size", "uk": "ефективний розмір кроку"},
    "surface_note": {
        "en": "The surface is drawn over log(f − f*) where the contour uses a log scale; drag to turn it.",
        "uk": "Поверхня показує log(f − f*), якщо контурний графік у логарифмічній шкалі; перетягуйте, щоб обертати.",
    },
    "starts_title": {"en": "Where does each start end?", "uk": "Де закінчується кожен старт?"},
    "starts_note": {
        "en": "Each cell is a start point; its colour says where the optimizer ended after {steps} steps: "
        "at which global minimum (within {tol:g}), elsewhere, or diverged. All starts run in one batched call.",
        "uk": "Кожна клітинка — початкова точка; колір показує, де оптимізатор опинився після {steps} кроків: "
        "біля якого глобального мінімуму (ближче ніж {tol:g}), деінде, чи розбігся. Усі старти — один пакетний запуск.",
    },
    "outcome_min": {"en": "minimum {k}", "uk": "мінімум {k}"},
    "outcome_other": {"en": "elsewhere", "uk": "деінде"},
    "outcome_diverged": {"en": "diverged", "uk": "розбігся"},
    "sweep_title": {"en": "Final loss over a grid of hyperparameters", "uk": "Кінцеві втрати на сітці гіперпараметрів"},
    "sweep_optimizer": {"en": "Optimizer to sweep", "uk": "Оптимізатор для перебору"},
    "sweep_note": {
        "en": "log₁₀(f − f*) after {steps} steps for each setting (dark = low loss, ✕ = diverged); "
        "the star is the current setting. {count} runs in one vectorized pass.",
        "uk": "log₁₀(f − f*) після {steps} кроків для кожного налаштування (темне — малі втрати, ✕ — розбіжність); "
        "зірка — поточне налаштування. {count} запусків за один векторизований прохід.",
    },
    "sweep_axis_loss": {"en": "log₁₀(f − f*)", "uk": "log₁₀(f − f*)"},
    "reddi_title": {
        "en": "Adam fails to converge on a simple online problem",
        "uk": "Adam не сходиться на простій онлайн-задачі",
    },
    "reddi_note": {
        "en": "Reddi, Kale & Kumar (ICLR 2018, Theorem 1): losses f_t(x) = Cx every third step and −x otherwise, "
        "x ∈ [−1, 1], C = {C:g}. Over three steps they sum to (C − 2)x, so the best point is x = −1. With ρ₁ = 0, "
        "ρ₂ = 1/(1 + C²) = {rho2:.3g} and α_t = α/√t, Adam's rare large gradient is damped by its large r_t, "
        "while the frequent −1 gradients push it up: Adam drifts to +1. AMSGrad keeps the largest r_t and "
        "converges to −1. (ρ₁ and ρ₂ are the paper's here; α comes from the sidebar.)",
        "uk": "Редді, Кейл і Кумар (ICLR 2018, теорема 1): втрати f_t(x) = Cx кожного третього кроку і −x інакше, "
        "x ∈ [−1, 1], C = {C:g}. За три кроки вони дають (C − 2)x, тож найкраща точка x = −1. З ρ₁ = 0, "
        "ρ₂ = 1/(1 + C²) = {rho2:.3g} і α_t = α/√t рідкісний великий градієнт Adam гаситься великим r_t, "
        "а часті градієнти −1 штовхають угору: Adam дрейфує до +1. AMSGrad зберігає найбільше r_t і "
        "сходиться до −1. (ρ₁ і ρ₂ тут — зі статті; α — з бічної панелі.)",
    },
    "reddi_iterate": {"en": "iterate x_t", "uk": "ітерація x_t"},
    "reddi_regret": {"en": "average regret R_t / t", "uk": "середній регрет R_t / t"},
    "pr3_title": {
        "en": "Homework PR3: gradient descent vs momentum in 1D",
        "uk": "Домашнє завдання ПР3: градієнтний спуск проти імпульсу в 1D",
    },
    "pr3_note": {
        "en": "The optimizers and hyperparameters from the sidebar, on f(x) on [−1, 3]. Try different x₀, β and α: "
        "the walls are steep (f′(−1) = −194), so a large α throws GD out at once.",
        "uk": "Оптимізатори й гіперпараметри з бічної панелі, на f(x) на [−1, 3]. Спробуйте різні x₀, β і α: "
        "стінки круті (f′(−1) = −194), тож велика α одразу викидає GD.",
    },
    "x_axis": {"en": "x", "uk": "x"},
    "memory_title": {
        "en": "Memory: the state each optimizer keeps",
        "uk": "Пам'ять: стан, який зберігає кожен оптимізатор",
    },
    "memory_note": {
        "en": "Per weight, besides the weight itself. For a model of 100 M parameters in float32 the weights take "
        "400 MB; every extra state vector takes 400 MB more. The lecture: Adam needs more memory than SGD.",
        "uk": "На кожну вагу, крім самої ваги. Для моделі зі 100 млн параметрів у float32 ваги займають 400 МБ; "
        "кожен додатковий вектор стану — ще 400 МБ. Лекція: Adam потребує більше пам'яті, ніж SGD.",
    },
    "col_state": {"en": "state vectors per weight", "uk": "векторів стану на вагу"},
    "col_keeps": {"en": "what it keeps", "uk": "що зберігає"},
    "col_memory": {"en": "state for 100 M weights", "uk": "стан для 100 млн ваг"},
    "download_csv": {"en": "Download the paths as CSV", "uk": "Завантажити траєкторії як CSV"},
    "copy_link": {"en": "Copy the link to this view", "uk": "Копіювати посилання на цей вигляд"},
    "early_steps": {
        "en": "Adam's first steps with and without bias correction",
        "uk": "Перші кроки Adam з корекцією зсуву і без неї",
    },
    "step_length": {"en": "step length ‖Wₜ₊₁ − Wₜ‖", "uk": "довжина кроку ‖Wₜ₊₁ − Wₜ‖"},
    "with_bc": {"en": "with bias correction", "uk": "з корекцією зсуву"},
    "without_bc": {"en": "without bias correction", "uk": "без корекції зсуву"},
    "rotation_title": {
        "en": "Steps to reach the minimum as the bowl turns",
        "uk": "Кроки до мінімуму залежно від повороту чаші",
    },
    "rotation_axis": {"en": "rotation θ (degrees)", "uk": "поворот θ (градуси)"},
    "steps_to_reach": {"en": "steps to reach", "uk": "кроків до мінімуму"},
    "saddle_note": {
        "en": "{name} left the window at step {step}: f is unbounded below, so leaving is the escape from the "
        "saddle, not a failure.",
        "uk": "{name} вийшов за межі вікна на кроці {step}: f не обмежена знизу, тож це втеча із сідла, а не невдача.",
    },
    "expr": {"en": "f(x, y) =", "uk": "f(x, y) ="},
    "expr_help": {
        "en": "Ordinary maths: + − * / and ^ or ** for powers; x, y, pi, e; sin, cos, tan, exp, log, sqrt, abs, "
        "tanh, sinh, cosh, arctan, arcsin, arccos. The gradient is computed exactly (symbolically).",
        "uk": "Звичайна математика: + − * / і ^ або ** для степенів; x, y, pi, e; sin, cos, tan, exp, log, sqrt, abs, "
        "tanh, sinh, cosh, arctan, arcsin, arccos. Градієнт обчислюється точно (символьно).",
    },
    "expr_error": {"en": "This function cannot be used: {message}", "uk": "Цю функцію не можна використати: {message}"},
    "window": {"en": "Window", "uk": "Вікно"},
    "undefined_note": {
        "en": "{name} stopped at step {step}: f is undefined there (a logarithm of a negative number, a division "
        "by zero, ...). The blank parts of the plot are where f is undefined.",
        "uk": "{name} зупинився на кроці {step}: там f не визначена (логарифм від’ємного числа, ділення на нуль, …). "
        "Порожні ділянки графіка — там, де f не визначена.",
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
    "momentum": {"en": "Momentum", "uk": "Імпульс"},
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
    "custom": {"en": "Your own function f(x, y)", "uk": "Власна функція f(x, y)"},
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
