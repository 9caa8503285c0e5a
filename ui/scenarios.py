"""The lecture's claims, one click each: every scenario is a link (``?preset=<name>``) plus a few
sentences that tie what the plot shows to the slide. Their numbers are checked in tests/test_scenarios.py.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Scenario:
    name: str
    title: dict[str, str]
    text: dict[str, str]
    query: dict[str, str]  # URL parameters it sets, parsed like any link


SCENARIOS: tuple[Scenario, ...] = (
    Scenario(
        "pr4",
        {"en": "Homework PR4: GD vs momentum vs Adam on Rosenbrock", "uk": "ПР4: GD, імпульс і Adam на Розенброку"},
        {
            "en": "Rosenbrock on [−2, 3]² from (−1.5, 2.5), 1000 steps, as in the homework. Gradient descent "
            "crawls along the curved valley; momentum keeps its speed along the floor; Adam scales each "
            "weight's step and gets to (1, 1) first. Compare your own f(x_k, y_k) against the loss chart, or "
            "download the CSV below.",
            "uk": "Розенброк на [−2, 3]² з (−1.5, 2.5), 1000 кроків, як у домашньому завданні. Градієнтний спуск "
            "повзе вигнутою долиною; імпульс зберігає швидкість уздовж дна; Adam масштабує крок кожної ваги й "
            "першим доходить до (1, 1). Порівняйте свої f(x_k, y_k) з графіком втрат або завантажте CSV нижче.",
        },
        {
            "f": "rosenbrock",
            "opt": "sgd,momentum,adam",
            "sgd.alpha": "0.001",
            "momentum.alpha": "0.001",
            "momentum.beta": "0.9",
            "adam.alpha": "0.1",
            "x0": "-1.5",
            "y0": "2.5",
            "steps": "1000",
            "view": "paths",
        },
    ),
    Scenario(
        "one_lr",
        {"en": "1. One global learning rate fails", "uk": "1. Одна глобальна швидкість навчання не працює"},
        {
            "en": "An ill-conditioned bowl (κ = 50): the gradient is 50 times larger across than along. Gradient "
            "descent must keep α below 2/κ = 0.04 or it diverges (try 0.05), so it zig-zags across the valley "
            "and crawls along it. RMSProp and Adam divide each coordinate by its own gradient scale: no zig-zag, "
            "both reach the minimum sooner.",
            "uk": "Погано обумовлена чаша (κ = 50): градієнт упоперек у 50 разів більший, ніж уздовж. Градієнтний "
            "спуск мусить тримати α нижче 2/κ = 0.04, інакше розбігається (спробуйте 0.05), тож він іде "
            "зигзагом упоперек долини й повзе вздовж неї. RMSProp і Adam ділять кожну координату на її власний "
            "масштаб градієнта: без зигзагів, обидва доходять до мінімуму раніше.",
        },
        {
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
        },
    ),
    Scenario(
        "adagrad_vanishes",
        {"en": "2. AdaGrad's step size vanishes", "uk": "2. Крок AdaGrad зникає"},
        {
            "en": "AdaGrad adds every squared gradient to r_t, so r_t only grows: after the steep first steps its "
            "effective step size α/(ε + √r_t) (chart below the plot) is tiny and never recovers, and AdaGrad "
            "stalls in the valley. RMSProp averages r_t with decay ρ: old gradients are forgotten, its step "
            "size grows back on the flat valley floor and it keeps moving.",
            "uk": "AdaGrad додає кожен квадрат градієнта до r_t, тож r_t лише зростає: після крутих перших кроків "
            "ефективний розмір кроку α/(ε + √r_t) (графік під рисунком) крихітний і вже не відновлюється, "
            "AdaGrad застрягає в долині. RMSProp усереднює r_t зі згасанням ρ: старі градієнти забуваються, "
            "крок знову зростає на пласкому дні долини, і метод рухається далі.",
        },
        {
            "f": "rosenbrock",
            "opt": "adagrad,rmsprop",
            "adagrad.alpha": "0.5",
            "rmsprop.alpha": "0.01",
            "rmsprop.rho": "0.9",
            "x0": "-1.5",
            "y0": "2.5",
            "steps": "2000",
            "view": "paths",
        },
    ),
    Scenario(
        "rmsprop_nonconvex",
        {
            "en": "3. RMSProp beats AdaGrad on a non-convex function",
            "uk": "3. RMSProp краще за AdaGrad на неопуклій функції",
        },
        {
            "en": "Himmelblau is not convex. With the same α = 0.05, AdaGrad's accumulated r_t from the steep "
            "start shrinks its steps until it stops short of any minimum; RMSProp forgets those gradients and "
            "reaches the minimum at (3, 2). AdaGrad suits convex problems; RMSProp is the better choice here.",
            "uk": "Функція Хіммельблау не є опуклою. З тією ж α = 0.05 накопичене з крутого старту r_t зменшує "
            "кроки AdaGrad, доки він не зупиниться, не дійшовши до мінімуму; RMSProp забуває ті градієнти й "
            "доходить до мінімуму (3, 2). AdaGrad добрий для опуклих задач; тут кращий RMSProp.",
        },
        {
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
    ),
    Scenario(
        "adam_parts",
        {"en": "4. Adam = RMSProp + momentum + bias correction", "uk": "4. Adam = RMSProp + імпульс + корекція зсуву"},
        {
            "en": "On Rosenbrock, RMSProp alone rattles in the valley and does not reach (1, 1) in 1000 steps; "
            "momentum alone needs a tiny α; Adam, RMSProp's scaling plus momentum, gets there first. The chart "
            "below shows why the bias correction matters: p_t and r_t start at 0, and r_t (ρ₂ = 0.999) stays "
            "small much longer, so without the correction the first steps are about 3 times too large.",
            "uk": "На Розенброку сам RMSProp тремтить у долині й не доходить до (1, 1) за 1000 кроків; сам імпульс "
            "потребує крихітної α; Adam — масштабування RMSProp плюс імпульс — доходить першим. Графік нижче "
            "показує, навіщо корекція зсуву: p_t і r_t починаються з 0, а r_t (ρ₂ = 0.999) лишається малим "
            "значно довше, тож без корекції перші кроки приблизно втричі завеликі.",
        },
        {
            "f": "rosenbrock",
            "opt": "momentum,rmsprop,adam",
            "momentum.alpha": "0.001",
            "momentum.beta": "0.9",
            "rmsprop.alpha": "0.01",
            "rmsprop.rho": "0.9",
            "adam.alpha": "0.1",
            "x0": "-1.5",
            "y0": "2.5",
            "steps": "1000",
            "view": "paths",
        },
    ),
    Scenario(
        "adam_fails",
        {"en": "5. Adam does not converge on a simple problem", "uk": "5. Adam не сходиться на простій задачі"},
        {
            "en": "The counterexample of Reddi, Kale & Kumar (ICLR 2018): a one-dimensional online problem whose "
            "best point is x = −1. Adam ends at +1, the worst point; AMSGrad, which never lets r_t shrink, "
            "converges to −1. This is one of the drawbacks on the lecture's 'practical side' slide.",
            "uk": "Контрприклад Редді, Кейла й Кумара (ICLR 2018): одновимірна онлайн-задача з найкращою точкою "
            "x = −1. Adam закінчує в +1, найгіршій точці; AMSGrad, який не дає r_t зменшуватися, сходиться до −1. "
            "Це один із недоліків зі слайда про практичний бік.",
        },
        {"opt": "adam,amsgrad", "adam.alpha": "0.5", "amsgrad.alpha": "0.5", "steps": "3000", "view": "reddi"},
    ),
    Scenario(
        "saddle",
        {"en": "6. Escaping a saddle point", "uk": "6. Втеча із сідлової точки"},
        {
            "en": "Started almost on the ridge of x² − y² (y₀ = 0.001), gradient descent first slides to the "
            "saddle and waits there: its y grows only by (1 + 2α) per step. Momentum builds up speed and leaves "
            "sooner; Adam divides the tiny y-gradient by its own tiny scale and escapes first.",
            "uk": "Стартуючи майже на гребені x² − y² (y₀ = 0.001), градієнтний спуск спершу сповзає до сідла й "
            "чекає там: його y зростає лише в (1 + 2α) разів за крок. Імпульс набирає швидкість і йде раніше; "
            "Adam ділить крихітний y-градієнт на його ж крихітний масштаб і тікає першим.",
        },
        {
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
    ),
    Scenario(
        "rotation",
        {
            "en": "7. Adaptive methods are not rotation invariant",
            "uk": "7. Адаптивні методи не інваріантні до повороту",
        },
        {
            "en": "The same κ = 50 bowl as in scenario 1, turned by θ = 45°. Now the steep and the flat direction "
            "both mix x and y, so a per-coordinate scale no longer fits them: Adam loses its advantage and "
            "wanders, while gradient descent does as well as before (it does not care about the axes). The "
            "chart below counts the steps to the minimum for every θ.",
            "uk": "Та сама чаша з κ = 50, що й у сценарії 1, повернута на θ = 45°. Тепер і крутий, і пологий "
            "напрямки змішують x та y, тож масштаб для кожної координати окремо вже не пасує: Adam втрачає "
            "перевагу й блукає, а градієнтний спуск працює як і раніше (йому байдуже до осей). Графік нижче "
            "рахує кроки до мінімуму для кожного θ.",
        },
        {
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
        },
    ),
    Scenario(
        "memory",
        {"en": "8. Adam needs more memory than SGD", "uk": "8. Adam потребує більше пам'яті, ніж SGD"},
        {
            "en": "Every method keeps some vectors of the same size as the weights between steps: momentum keeps "
            "p, AdaGrad and RMSProp keep r, Adam keeps both p and r. For a large model that is gigabytes.",
            "uk": "Кожен метод зберігає між кроками кілька векторів розміру ваг: імпульс — p, AdaGrad і RMSProp — r, "
            "Adam — і p, і r. Для великої моделі це гігабайти.",
        },
        {"opt": "sgd,momentum,adagrad,rmsprop,adam,amsgrad", "view": "memory"},
    ),
    Scenario(
        "adam_tuning",
        {
            "en": "9. Adam's two momentum parameters need tuning",
            "uk": "9. Два параметри моменту Adam треба налаштовувати",
        },
        {
            "en": "Final loss of Adam on Rosenbrock for a grid of α and ρ₁, all runs at once (the star is the "
            "current setting). Only a narrow region is good, the best α changes with ρ₁, and one step away in "
            "either parameter costs orders of magnitude in loss: two knobs that interact, the extra tuning the "
            "lecture warns about. Switch the map to momentum to see Distill's (α, β) picture.",
            "uk": "Кінцеві втрати Adam на Розенброку для сітки α і ρ₁, усі запуски одразу (зірка — поточне "
            "налаштування). Добра лише вузька область, найкраща α змінюється з ρ₁, а крок убік за будь-яким "
            "параметром коштує порядків у втратах: два взаємозалежні параметри — те додаткове налаштування, про "
            "яке попереджає лекція. Перемкніть карту на імпульс, щоб побачити картину (α, β) з Distill.",
        },
        {
            "f": "rosenbrock",
            "opt": "adam,momentum",
            "adam.alpha": "0.1",
            "momentum.alpha": "0.001",
            "x0": "-1.5",
            "y0": "2.5",
            "steps": "500",
            "view": "sweep",
        },
    ),
    Scenario(
        "pr3",
        {"en": "10. Homework PR3: momentum in 1D", "uk": "10. ПР3: імпульс в 1D"},
        {
            "en": "f(x) = (x − 1)⁶ + 0.5(x − 1)² on [−1, 3]: very steep walls and a flat bottom. Gradient descent "
            "with a small α is slow on the flat bottom; momentum (β = 0.9) keeps moving there, overshoots and "
            "comes back. Change x₀, β and α and check your own numbers against the CSV.",
            "uk": "f(x) = (x − 1)⁶ + 0.5(x − 1)² на [−1, 3]: дуже круті стінки і пласке дно. Градієнтний спуск із "
            "малою α повільний на пласкому дні; імпульс (β = 0.9) рухається там далі, проскакує й повертається. "
            "Змінюйте x₀, β і α та звіряйте свої числа з CSV.",
        },
        {
            "opt": "sgd,momentum",
            "sgd.alpha": "0.003",
            "momentum.alpha": "0.003",
            "momentum.beta": "0.9",
            "steps": "300",
            "view": "pr3",
            "pr3.x0": "2.5",
        },
    ),
)

BY_NAME = {s.name: s for s in SCENARIOS}
