"""Homework that computes with numbers: a forward pass with z_1, w_1 names of their own,
rounded decimals compared within what their rounding can carry, ≈ checked between numbers,
a worked example's values put in where a step computes with them."""
from derive.check import check_text


def steps(text):
    return check_text(text, timeout=10).steps()


def verdicts(text):
    return [s.verdict for s in steps(text)]


NET = (r"Network: $h = \sigma(w_1 x)$, $\hat y = w_2 h$, $L = \frac{1}{2}(\hat y - y)^2$." "\n"
       r"Numbers: $x = 2$, $w_1 = 0.25$, $w_2 = 2$, $y = 1$." "\n\n")


def test_a_name_written_only_at_numbers_is_a_name_of_its_own():
    # z_1 of no vector z: `z_1 = w_1 x` defines it as `q = w_1 x` would
    doc = NET + r"$$z_1 = w_1 x = 0.25 \cdot 2 = 0.5$$" "\n\n" r"$$h = \sigma(z_1)$$"
    assert verdicts(doc) == ["valid", "valid", "valid"]
    slip = NET + (r"$$z_1 = w_1 x$$" "\n\n"
                  r"$$\frac{\partial L}{\partial w_1} = (\hat y - y) w_2 \sigma'(z_1)$$")
    assert verdicts(slip) == ["invalid"]               # the inner derivative x is missing
    entries = (r"$a_j = \frac{e^{z_j}}{\sum_{k=1}^{3} e^{z_k}}$" "\n\n"
               r"$$z_1 = a_1 + a_2$$")       # z_j written too: z_1 is z's entry, and this
    assert verdicts(entries) == ["invalid"]    # a claim about it (false), no definition


def test_rounded_decimals_hold_within_their_rounding():
    doc = NET + (r"$$z_1 = w_1 x = 0.5$$" "\n\n"
                 r"$$h = \sigma(z_1) = \frac{1}{1 + e^{-0.5}} \approx 0.62246$$" "\n\n"
                 r"$$\hat y = w_2 h \approx 2 \cdot 0.62246 = 1.24492$$" "\n\n"
                 r"$$\frac{\partial L}{\partial w_2} = (\hat y - y) h "
                 r"= 0.24492 \cdot 0.62246 \approx 0.15245$$")
    out = steps(doc)
    assert [s.verdict for s in out] == ["valid"] * 10
    rounded = [s for s in out if s.reading and "rounding" in s.reading]
    assert rounded and all("exact values" in s.reason for s in rounded)


def test_a_rounded_number_off_by_more_than_its_rounding():
    assert verdicts(r"$$0.62246 - 1 = -0.38754$$") == ["invalid"]    # an arithmetic slip
    assert verdicts(r"$$\frac{1}{1 + e^{-1}} \approx 0.93$$") == ["invalid"]
    # 0.7311 cut to 0.73 is a rounding; to 0.74, one place off: neither right nor a slip
    assert verdicts(r"$$\frac{1}{1 + e^{-1}} \approx 0.73$$") == ["valid"]
    assert verdicts(r"$$\frac{1}{1 + e^{-1}} \approx 0.74$$") == ["unknown"]
    assert verdicts(r"$$\ln 2 \approx 0.693$$") == ["valid"]
    assert verdicts(r"$$\pi \approx 3$$") == ["valid"]


def test_an_approximation_between_formulas_is_not_checked():
    [step] = steps(r"$$\sin x \approx x$$")
    assert step.verdict == "unknown" and "not both numbers" in step.reason


def test_a_worked_examples_entries_are_put_in_where_a_step_computes():
    doc = (r"$a_j = \frac{e^{z_j}}{\sum_{k=1}^{3} e^{z_k}}$." "\n\n"
           r"Take $z_1 = 1$, $z_2 = 2$, $z_3 = 3$." "\n\n"
           r"$$a_1 (1 - a_1) \approx 0.09003 \cdot 0.90997 \approx 0.08192$$" "\n\n"
           r"$$a_1 (1 - a_1) \approx 0.0950$$")
    out = steps(doc)
    assert [s.verdict for s in out] == ["valid", "valid", "invalid"]
    assert "worked example" in out[0].reading


def test_a_vector_given_as_a_tuple_and_numbers_computed_from_it():
    doc = (r"Logits $z = (2, 1, 0.1)$, the true class first, $y = (1, 0, 0)$; "
           r"$a_j = \frac{e^{z_j}}{\sum_{k=1}^{3} e^{z_k}}$, "
           r"$C = -\sum_{j=1}^{3} y_j \ln a_j$." "\n\n"
           r"$$a_1 = \frac{7.38906}{11.21251} \approx 0.65900$$" "\n\n"
           r"$$\frac{\partial C}{\partial z_1} = a_1 - 1$$" "\n\n"
           r"$$a_1 = \frac{7.38906}{11.21251} \approx 0.75900$$")
    out = steps(doc)
    assert [s.verdict for s in out] == ["valid", "valid", "valid", "valid", "invalid"]
    assert "z_1=2" in out[0].reading.replace("{", "").replace("}", "").replace(" ", "")


def test_a_restatement_true_at_the_example_is_a_step_not_a_new_definition():
    # a = v_1 h_1 + v_2 h_2 in words, then a = 0.4 · 2.5 + (−0.3) · 0 = 1 at the numbers
    doc = (r"Here $h_j = \max(0, z_j)$, $z_j = w_{j1} x_1 + w_{j2} x_2$, "
           r"$a = v_1 h_1 + v_2 h_2$, $L = \frac{1}{2}(a - y)^2$. Weights $w_{11} = 0.5$, "
           r"$w_{12} = -1$, $w_{21} = 1$, $w_{22} = 1$, $v_1 = 0.4$, $v_2 = -0.3$; "
           r"$x = (1, -2)$, $y = 2$." "\n\n"
           r"$$z_1 = 0.5 \cdot 1 + (-1) \cdot (-2) = 2.5$$" "\n\n"
           r"$$a = 0.4 \cdot 2.5 + (-0.3) \cdot 0 = 1$$" "\n\n"
           r"$$\frac{\partial L}{\partial h_1} = (a - y) v_1$$")
    assert [s.verdict for s in steps(doc)] == ["valid"] * 5


CONV = (r"For an input $x_0, \dots, x_{N-1}$ and a kernel $w_0, \dots, w_{K-1}$," "\n\n"
        r"$$y_i = \sum_{k=0}^{K-1} w_k\, x_{i+k}$$" "\n\n")


def test_an_index_of_sums_run_from_zero_runs_from_zero():
    # k of ∂/∂w_k lies in 0..K − 1 as the sum over w_j does: never at K, where the
    # derivative would be 0 and the step "refuted"
    right = CONV + (r"$$\frac{\partial}{\partial w_k} \sum_{j=0}^{K-1} w_j\, x_{i+j} "
                    r"= x_{i+k}$$")
    assert verdicts(right) == ["valid"]
    slip = CONV + (r"$$\frac{\partial}{\partial w_k} \sum_{j=0}^{K-1} w_j\, x_{i+j} "
                   r"= k\, x_{i+k}$$")
    assert verdicts(slip) == ["invalid"]


def test_an_example_fixes_the_count_by_the_entries_it_gives():
    example = CONV + (r"Take $x_0 = 1$, $x_1 = 2$, $x_2 = -1$, $x_3 = 3$ and the kernel "
                      r"$w_0 = 2$, $w_1 = -1$. Then" "\n\n")
    out = steps(example + r"$$y_1 = 2 \cdot 2 + (-1)(-1) = 5$$")
    assert [s.verdict for s in out] == ["valid", "valid"]
    assert "$K = 2$, the entries it gives" in out[0].reading
    slip = steps(example + r"$$y_1 = 2 \cdot 1 + (-1) \cdot 2 = 0$$")
    assert [s.verdict for s in slip] == ["invalid", "valid"]


def test_a_step_whose_every_name_the_example_gives_is_decided_there():
    # g_i stands for ∂L/∂y_i, a name the page never defines in general; with g and x
    # given, Σ g_i x_{i+1} is a number, and the wrong sum of products is found
    example = CONV + (r"Writing $g_i = \frac{\partial L}{\partial y_i}$ for the upstream "
                      r"gradient, take $x_0 = 1$, $x_1 = 2$, $x_2 = -1$, $x_3 = 3$ and "
                      r"$g_0 = 1$, $g_1 = 0$, $g_2 = 2$." "\n\n")
    slip = steps(example + r"$$\sum_{i=0}^{2} g_i\, x_{i+1} = 1\cdot 1 + 0\cdot 2 + 2\cdot(-1)"
                           r" = -1$$")
    assert [s.verdict for s in slip] == ["invalid", "valid"]
    assert "worked example" in slip[0].reading
    right = steps(example + r"$$\sum_{i=0}^{2} g_i\, x_{i+1} = 1\cdot 2 + 0\cdot(-1) + 2\cdot 3"
                            r" = 8$$")
    assert [s.verdict for s in right] == ["valid", "valid"]


LOGCOSH = (r"The log-cosh loss is $L(\hat y) = \log\cosh(\hat y - y)$." "\n\n"
           r"Take $\hat y = 2.5$, $y = 2$, so $r = 0.5$." "\n\n")


def test_a_derivative_is_taken_then_put_at_the_examples_point():
    # ŷ is the variable of ∂/∂ŷ and the example's point: differentiated, then taken there
    out = steps(LOGCOSH + r"$$\frac{\partial L}{\partial \hat y} = \tanh(0.5) \approx 0.46212$$"
                "\n\n" r"$$\frac{\partial^2 L}{\partial \hat y^2} = 1 - 0.46212^2 = 0.78645$$")
    assert [s.verdict for s in out] == ["valid"] * 4
    assert "worked example" in out[0].reading
    slip = steps(LOGCOSH + r"$$\frac{\partial^2 L}{\partial \hat y^2} = 1 + 0.46212^2$$")
    assert [s.verdict for s in slip] == ["invalid"]


def test_a_symbolic_step_true_only_at_the_values_given_is_not_valid():
    # "at z = 0.3, y = 1": a step written in symbols on both sides is a claim in general;
    # yσ − y agrees with σ − y at y = 1 only — never `valid` for that, nor `invalid`
    doc = (r"**Problem.** Gradient of BCE w.r.t. the logit at $z = 0.3$, $y = 1$." "\n\n"
           r"$$L(z) = -\left[y\log\sigma(z) + (1-y)\log(1-\sigma(z))\right]$$" "\n\n"
           r"$$\frac{\partial L}{\partial z} = -\left[y(1-\sigma(z)) - (1-y)\sigma(z)\right]"
           r" = RIGHT$$")
    right = steps(doc.replace("RIGHT", r"\sigma(z) - y"))
    assert [s.verdict for s in right] == ["valid", "valid"]
    at_one = steps(doc.replace("RIGHT", r"y\sigma(z) - y"))
    assert [s.verdict for s in at_one] == ["valid", "unknown"]
    assert "false in general" in at_one[1].reason and "$y = 1$" in at_one[1].reading


def test_a_value_off_by_a_factor_of_two_is_a_slip_whatever_its_digits():
    # −0.8 written −0.4: far more than a digit cut, though within ten roundings of 0.4;
    # 1.04 for 1.2 − 0.2 of data taken as exact: 1.0 has no digit to round or cut, so the
    # result's own rounding cannot explain it (before, "too little for a slip")
    out = steps(r"$$0.6 - 1 = -0.4$$" "\n\n" r"$$2 \cdot (-0.4) \cdot 1 = -0.4$$" "\n\n"
                r"$$1.2 - 0.2 = 1.04$$" "\n\n" r"$$\frac{2}{3} = 0.66$$")
    assert [s.verdict for s in out] == ["valid", "invalid", "invalid", "unknown"]


def test_a_vector_written_as_a_tuple_fixes_the_count_of_its_sums():
    # softmax's n-term sum is z's three entries: the restatement over Σ^3 is softmax
    # itself, and log Σ_j e^{z_j} − z_3 is a number at the example
    doc = (r"Compute $\mathrm{softmax}(z)$ for $z = (1, 2, 3)$." "\n\n"
           r"$$\mathrm{softmax}(z)_i = \frac{e^{z_i}}{\sum_{j=1}^{3} e^{z_j}}$$" "\n\n"
           r"$$\log\left(\sum_j e^{z_j}\right) - z_3 = \ln(30.19288) - 3 = 0.40761$$")
    out = steps(doc)
    assert [s.verdict for s in out] == ["valid"] * 3
    assert "$n = 3$" in out[0].reading and "worked example" in out[1].reading
    slip = steps(doc.replace(r"\sum_{j=1}^{3} e^{z_j}}", r"\sum_{j=1}^{3} e^{2 z_j}}"))
    assert slip[0].verdict == "invalid"


def test_a_point_the_words_name_never_proves_a_step_in_general():
    # "vanishes when σ = 1": with σ = 1, v = log σ² is 0 and a sign slip in ∂KL/∂v agrees
    # at that one point; it must not be `valid`
    doc = (r"$$\mathrm{KL} = \frac{1}{2}\left(\mu^2 + \sigma^2 - 1 - \log\sigma^2\right)$$"
           "\n\n" r"It vanishes exactly when $\mu = 0$ and $\sigma = 1$." "\n\n"
           r"With $v = \log\sigma^2$," "\n\n"
           r"$$\mathrm{KL} = \frac{1}{2}\left(\mu^2 + e^{v} - 1 - v\right)$$" "\n\n"
           r"$$\frac{\partial\,\mathrm{KL}}{\partial v} = \frac{1}{2}\left(SIDE\right)$$")
    slip = steps(doc.replace("SIDE", r"1 - e^{v}"))
    assert [s.verdict for s in slip] == ["valid", "unknown"]
    assert "false in general" in slip[1].reason and "direct" in slip[0].reason
    right = steps(doc.replace("SIDE", r"e^{v} - 1"))
    assert [s.verdict for s in right] == ["valid", "valid"]


BY_HAND = (r"## Setup" "\n\n" r"Inputs $x_1 = 1.0$, $x_2 = 0.5$, target $y = 1$. Weights" "\n\n"
           r"$$w_{11} = 0.2,\quad w_{12} = -0.4,\quad b_1 = 0.1$$" "\n\n"
           r"and $v_1 = 0.7$, $c = 0.2$. The network computes" "\n\n"
           r"$$h_j = \sigma(w_{j1}x_1 + w_{j2}x_2 + b_j), \qquad \hat{y} = \sigma(v_1 h_1 + c),"
           r" \qquad L = \frac{1}{2}(\hat{y} - y)^2$$" "\n\n"
           r"## Forward pass" "\n\n"
           r"$$h_1 = \sigma(0.1) \approx 0.52498$$" "\n\n"
           r"$$\hat{y} = \sigma(0.7 \cdot 0.52498 + 0.2) \approx 0.63818$$" "\n\n"
           r"## Backward pass" "\n\n")


def test_a_network_by_hand_across_its_sections():
    # values given in a display (w_{11} = 0.2 is the entry w_{1,1} of w_{j1}) and in
    # words hold in the sections beside the one that gave them; `ŷ = σ(…)` at numbers is
    # the formula's value there, never ŷ made a constant (which made ∂L/∂w_{11} zero)
    grad = BY_HAND + r"$$\frac{\partial L}{\partial w_{11}} = GRAD$$"
    out = steps(grad.replace("GRAD", r"(\hat y - y)\,\hat y (1 - \hat y)\, v_1\, h_1 (1 - h_1)"
                                      r" x_1 \approx -0.01458"))
    assert [s.verdict for s in out] == ["valid"] * 6
    slip = steps(grad.replace("GRAD", r"-0.01458 \cdot 0.5"))
    assert [s.verdict for s in slip][-1] == "invalid"


def test_an_update_by_arrow_checks_the_value_it_computes():
    out = steps(r"$$w_{12} \leftarrow -0.4 - 0.5 \times (-0.00925) = -0.4 + 0.004625 "
                r"\approx -0.39538$$" "\n\n" r"$$v \gets v - \eta\, g$$" "\n\n"
                r"$$c \leftarrow 0.2 - 0.5 \cdot (-0.1) = 0.35$$")
    assert [s.verdict for s in out] == ["valid", "valid", "invalid"]


def test_a_count_the_words_give_holds_for_the_steps_under_it():
    # "With $n = 2$": p_1 written over its two terms is p_1 of the general definition
    doc = (r"$$p_i = \frac{e^{z_i/T}}{\sum_{j=1}^{n} e^{z_j/T}}$$" "\n\n"
           r"With $n = 2$ the tempered softmax is a sigmoid:" "\n\n"
           r"$$p_1 = \frac{e^{z_1/T}}{e^{z_1/T} + e^{z_2/T}} = "
           r"\frac{1}{1 + e^{-(z_1 - z_2)/T}}$$")
    out = steps(doc)
    assert [s.verdict for s in out] == ["valid", "valid"]
    assert "$n = 2$" in out[0].reading
    slip = steps(doc.replace(r"e^{z_1/T} + e^{z_2/T}}", r"e^{z_1/T} + e^{2 z_2/T}}"))
    assert slip[0].verdict == "invalid"


def test_an_inequality_at_the_examples_values_is_no_equation():
    # `1 + 1/σ² > 0` with σ = 1 given: true, never compared as 2 = 0 ("exactly when $σ = 1$"
    # would be a condition, no value: test_prose)
    doc = (r"Take $\sigma = 1$." "\n\n"
           r"$$1 + \frac{1}{\sigma^2} > 0$$")
    assert [s.verdict for s in steps(doc)] == ["valid"]


def test_a_value_before_a_colon_is_the_case_of_the_chain_after_it():
    # two cases in one display, `z = 0{,}8:\quad …\qquad z = -0{,}2:\quad …`: each chain is
    # checked at its own z (and the case analysis before, `z > λ`, is not assumed of it)
    doc = (r"Случай $w > 0$ согласован с $w = z - \lambda > 0$ при $z > \lambda$. Итого:" "\n"
           r"$$w^{*} = \operatorname{sign}(z)\max(|z| - \lambda, 0)$$" "\n\n"
           r"При $\lambda = 0{,}3$:" "\n"
           "$$\nz = 0{,}8:\\quad w^{*} = 1\\cdot\\max(0{,}8 - 0{,}3,\\,0) = 0{,}5 ;\n\\qquad\n"
           "z = -0{,}2:\\quad w^{*} = -1\\cdot\\max(0{,}2 - 0{,}3,\\,0) = 0 .\n$$")
    out = steps(doc)
    assert [s.verdict for s in out] == ["valid"] * 4
    assert "in its case $z = \\frac{4}{5}$" in out[0].reading
    slip = doc.replace(r"\max(0{,}8 - 0{,}3,\,0) = 0{,}5", r"\max(0{,}8 + 0{,}3,\,0) = 1{,}1")
    assert [s.verdict for s in steps(slip)][:2] == ["invalid", "valid"]   # w* is 0.5 there


def test_a_run_of_entries_in_the_words_says_how_many_there_are():
    # `$z = (z_1, \dots, z_K)$`: z has K entries — softmax's own count is K, in the
    # sections beside this one too
    doc = (r"## Задача 1" "\n\n" r"Пусть $z = (z_1, \dots, z_K)$ — логиты," "\n"
           r"$$p_i = \operatorname{softmax}(z)_i = \frac{e^{z_i}}{\sum_{k=1}^{K} e^{z_k}} .$$"
           "\n\n## Задача 2\n\n"
           r"$$\ln p_i = z_i - \ln\sum_{k=1}^{K} e^{z_k}$$")
    out = steps(doc)
    assert [s.verdict for s in out] == ["valid", "valid"]
    assert "K" in out[0].reading
    unsaid = doc.replace(r"Пусть $z = (z_1, \dots, z_K)$ — логиты,", "Логиты:")
    assert [s.verdict for s in steps(unsaid)][0] == "unknown"      # n and K, unrelated


def test_a_loss_written_bare_is_taken_at_the_worked_example():
    # `\mathcal{L}(z) = …` defined, then `\mathcal{L} = -\ln 0{,}665` at z = (2, 1, 0)
    doc = (r"Пусть $z = (z_1, z_2, z_3)$, $\sum_i y_i = 1$," "\n"
           r"$$p_i = \frac{e^{z_i}}{\sum_{k=1}^{3} e^{z_k}},\quad "
           r"\mathcal{L}(z) = -\sum_{i=1}^{3} y_i\ln p_i .$$" "\n\n"
           r"$z = (2, 1, 0)$, $y = (1, 0, 0)$:" "\n"
           r"$$\mathcal{L} = -\ln 0{,}665 \approx 0{,}408$$")
    out = steps(doc)
    assert [s.verdict for s in out][-2:] == ["valid", "valid"]
    slip = doc.replace(r"-\ln 0{,}665", r"-\ln 0{,}245")
    assert [s.verdict for s in steps(slip)][-2] == "invalid"


def test_a_symbolic_derivative_is_not_decided_at_the_examples_point_alone():
    # "its value at $x = 1$": x is the point the value is asked at, but
    # `cos(x²) · d/dx x² = 2x² cos(x²)` is written in x on both sides — true at x = 1 only
    doc = (r"Need $(\sin(x^2))'$ and its value at $x = 1$." "\n\n"
           r"$$\frac{d}{dx}\sin(x^2) = \cos(x^2) \cdot \frac{d}{dx} x^2 = 2x^2 \cos(x^2)$$"
           "\n\n" r"$$\Rightarrow \text{at } x = 1:\ 2 \cdot 1^2 \cdot \cos 1 \approx 1{,}0806$$")
    out = steps(doc)
    assert [s.verdict for s in out] == ["valid", "unknown", "valid"]
    assert not out[0].reading          # proved in general, not at the example's point
    assert "false in general" in out[1].reason
    right = doc.replace("= 2x^2 \\cos(x^2)$$", "= 2x \\cos(x^2)$$")
    assert [s.verdict for s in steps(right)] == ["valid"] * 3


def test_a_rounding_carries_only_as_far_as_the_sides_move_with_it():
    # a slip of one digit in a small term is not hidden by the rounding of a large one:
    # each number's half unit counts as much as the sides move with it
    assert verdicts(r"$$1002 + \log(e^{-2}+e^{-1}+e^{0}) = 1002 + \log(0.13534 + 0.38788 + 1)$$"
                    ) == ["invalid"]                              # e^{-1} is 0.36788
    assert verdicts(r"$$1002 + \log(e^{-2}+e^{-1}+e^{0}) = 1002 + \log(0.13534 + 0.36788 + 1)$$"
                    ) == ["valid"]
    assert verdicts(r"$$0.999 \cdot 0.004 + 0.001 \cdot 1.8^2 = 0.003996 + 0.00364$$"
                    ) == ["invalid"]                              # 0.001 · 3.24 = 0.00324
    assert verdicts(r"$$0.999 \cdot 0.004 + 0.001 \cdot 1.8^2 = 0.003996 + 0.00324$$"
                    ) == ["valid"]
    assert verdicts(r"$$0.00123 \cdot 1000 = 1.23$$") == ["valid"]


def test_a_system_of_equations_is_imposed_and_listed_points_give_the_data():
    doc = (r"Пусть дана выборка из $n$ точек $(x_i, y_i)$; ищем прямую $y = kx + b$." "\n\n"
           r"Приравнивая производные к нулю, получаем систему:" "\n"
           "$$\n\\begin{cases}\nk \\sum x_i^2 + b \\sum x_i = \\sum x_i y_i, \\\\\n"
           "k \\sum x_i + b n = \\sum y_i.\n\\end{cases}\n$$\n\n"
           r"Пример: точки $(1; 2)$, $(2; 3)$, $(3; 5)$, т. е. $n = 3$." "\n\n"
           r"$$\sum x_i = 1 + 2 + 3 = 6, \qquad \sum x_i y_i = 1 \cdot 2 + 2 \cdot 3 + 3 \cdot 5"
           r" = 23$$")
    out = steps(doc)
    assert [s.verdict for s in out] == ["unknown", "unknown"] + ["valid"] * 4
    assert all("system of equations" in s.reason for s in out[:2])
    slip = doc.replace("1 + 2 + 3 = 6", "1 + 2 + 3 = 7")
    assert [s.verdict for s in steps(slip)][2:4] == ["valid", "invalid"]
    other = doc.replace("$(2; 3)$", "$(4; 3)$")          # Σ x_i is 8 for these points
    assert [s.verdict for s in steps(other)][2] == "invalid"


def test_a_vector_written_out_starts_where_the_document_counts_from():
    # the document writes x_0, …, x_{N-1}: `x = (1, 2, -1, 3)` gives x_0 = 1 first
    doc = (r"With an input $x_0, \dots, x_{N-1}$ and a kernel $w_0, \dots, w_{K-1}$," "\n"
           r"$$y_i = \sum_{k=0}^{K-1} w_k\, x_{i+k}.$$" "\n\n"
           r"Take $N = 4$, $K = 2$, input $x = (1, 2, -1, 3)$, kernel $w = (2, -1)$." "\n\n"
           r"$$y_0 = 2 \cdot 1 + (-1) \cdot 2 = 0$$" "\n\n"
           r"$$y_2 = 2 \cdot (-1) + (-1) \cdot 3 = -5$$")
    assert verdicts(doc) == ["valid"] * 4
    slip = doc.replace(r"y_2 = 2 \cdot (-1) + (-1) \cdot 3", r"y_2 = 2 \cdot 2 + (-1) \cdot 3")
    assert verdicts(slip)[2] == "invalid"


def test_a_plain_vector_written_out_gives_entries_and_a_bold_one_stays_a_vector():
    # `$x = (1, 2, 3)$` gives x_1 = 1 first (as a matrix it gave x_1 = 2: S(x) = 2 + 3 valid)
    doc = (r"$$S(x) = x_1 + x_2 .$$" "\n\n" r"Let $x = (1, 2, 3)$." "\n\n"
           r"$$S(x) = 1 + 2 = 3 .$$")
    assert verdicts(doc) == ["valid", "valid"]
    # a bold w written out is the vector wᵀx takes: never refuted as a free vector
    bold = (r"Weights $\mathbf{w} = (0.5, -1)$, a point $\mathbf{x} = (2, 1)$." "\n\n"
            r"$$\mathbf{w}^\top\mathbf{x} = 0.5 \cdot 2 + (-1) \cdot 1 = 0$$")
    assert "invalid" not in verdicts(bold)


def test_a_heading_gives_its_values_but_states_no_hypothesis():
    # `## … при $y \in \{-1, +1\}$` names the section; a value `at $x = 1$` is its example
    slip = (r"## Задача 3. Та же модель при $y \in \{-1, +1\}$" "\n\n"
            r"$$\frac{e^{-y_i\langle w, x_i\rangle}}{1 + e^{-y_i\langle w, x_i\rangle}}"
            r"\cdot\bigl(-y_i x_i^j\bigr) = \frac{y_i\,x_i^j}{1 + e^{y_i\langle w, x_i\rangle}}$$")
    assert verdicts(slip) == ["invalid"]
    at = (r"Let $u = 3x^2$." "\n\n" r"### Numerical check at $x = 2$" "\n\n" r"$$u = 3 \cdot 4 = 12$$")
    assert verdicts(at) == ["valid", "valid"]


_LINE_FIT = (
    "We fit $\\hat y_i = w x_i + b$ by the mean squared error\n\n"
    "$$ L(w, b) = \\frac{1}{n}\\sum_{i=1}^{n} (w x_i + b - y_i)^2 $$\n\n"
    "## Worked example\n\nDATA, so $n = 3$, and start from $w = 1$, $b = 0$.\n\n"
    "$$ L(1, 0) = \\frac{1}{3}\\left((-1)^2 + (-1)^2 + (-2)^2\\right) = 2 $$\n\n"
    "$$ L(1, 0) = \\frac{1}{3}\\left((-1)^2 + (-1)^2 + (-2)^2\\right) = LAST $$\n")


def line_fit(data, last):
    return _LINE_FIT.replace("DATA", data).replace("LAST", last)


def test_points_named_as_pairs_give_their_entries():
    # `$(x_1, y_1) = (1, 2)$`: x_1 = 1, y_1 = 2 — the loss at the example is 2
    data = ("Take the points $(x_1, y_1) = (1, 2)$, $(x_2, y_2) = (2, 3)$ and "
            "$(x_3, y_3) = (3, 5)$")
    plug, total, plug_again, wrong = steps(line_fit(data, "3"))
    assert plug.verdict == total.verdict == plug_again.verdict == "valid"
    assert "x_{1} = 1" in plug.reading
    assert wrong.verdict == "invalid"


def test_a_table_gives_a_worked_examples_data():
    data = ("Take the three points of the table\n\n| $i$ | $x_i$ | $y_i$ |\n|---|---|---|\n"
            "| 1 | 1 | 2 |\n| 2 | 2 | 3 |\n| 3 | 3 | 5 |\n\nof the data")
    plug, total, _, wrong = steps(line_fit(data, "3"))
    assert plug.verdict == total.verdict == "valid"
    assert wrong.verdict == "invalid"
    # another data set, the same numbers written: refuted at that data
    other = data.replace("| 3 | 3 | 5 |", "| 3 | 3 | 6 |")
    assert steps(line_fit(other, "2"))[0].verdict == "invalid"


def test_data_the_words_give_unread_leave_a_plugged_step_open():
    # the points only described: a numeric side against sums over x_i, y_i is no refutation
    data = "Take the three points drawn on the board"
    plug, total, _, wrong = steps(line_fit(data, "3"))
    # (n = 3 unrolls the sums: the entries the words leave unread are named)
    assert plug.verdict == "unknown" and "x_{1}, x_{2}, x_{3}, y_{1}, y_{2}, y_{3}" in plug.reason
    assert total.verdict == "valid"          # (numbers alone: 6/3 = 2)
    assert wrong.verdict == "invalid"        # 6/3 = 3 is false whatever the data


def test_an_epsilon_for_safety_may_be_left_out_in_the_next_line():
    # Adam's update with ε = 10⁻⁸: `… / (√0.25 + 10^{-8}) = … / 0.5` leaves ε out
    [dropped] = steps(r"$$-0.001\cdot\frac{0.5}{\sqrt{0.25} + 10^{-8}} = -0.001\cdot"
                      r"\frac{0.5}{0.5}$$")
    assert dropped.verdict == "valid" and "negligible" in dropped.reading
    # a slip beside it is still one; and a difference no tiny number written explains
    [slip] = steps(r"$$-0.001\cdot\frac{0.5}{\sqrt{0.25} + 10^{-8}} = -0.001\cdot"
                   r"\frac{0.5}{0.25}$$")
    assert slip.verdict == "invalid"
    [exact] = steps(r"$$\frac{1}{3} + \frac{1}{3 \cdot 10^{9}} = \frac{1}{3}$$")
    assert exact.verdict != "valid"


_TEMPERATURE = (
    "For a temperature $T > 0$ define\n\n"
    "$$p_i = \\operatorname{softmax}_T(z)_i = \\frac{e^{z_i / T}}{\\sum_{j=1}^{n} e^{z_j / T}}$$"
    "\n\nThe Jacobian picks up a factor $1/T$:\n\n"
    "$$\\frac{\\partial p_i}{\\partial z_j} = \\begin{cases} JAC_SAME, & i = j, \\\\ "
    "-\\frac{1}{T}\\, p_i\\, p_j, & i \\neq j. \\end{cases}$$\n\n"
    "With two logits $z = (1, 2)$ the output is $[0.269, 0.731]$ for $T = 1$ and "
    "$[0.378, 0.622]$ for $T = 2$. By hand:\n\n"
    "$$p_2 = \\frac{e^{2}}{e^{1} + e^{2}} \\approx 0.7311 \\quad (T = 1), \\qquad "
    "p_2 = \\frac{e^{1}}{e^{1/2} + e^{1}} \\approx 0.6225 \\quad (T = SECOND).$$\n")


def test_a_subscripted_softmax_is_another_function_and_values_after_a_chain_are_its_case():
    page = _TEMPERATURE.replace("JAC_SAME", "\\frac{1}{T}\\, p_i\\,(1 - p_i)")
    out = steps(page.replace("SECOND", "2"))
    # softmax_T(z)_i is no plain softmax (T dropped, every power of T passed); the values
    # given after the Jacobian ("With … for $T = 1$") are a worked example, not its T
    assert [s.verdict for s in out] == ["valid"] * 6
    wrong = steps(page.replace("\\frac{1}{T}\\, p_i\\,(1 - p_i)", "p_i\\,(1 - p_i)")
                  .replace("SECOND", "2"))
    assert [s.verdict for s in wrong][:2] == ["invalid", "valid"]
    # `\quad (T = 1)`: each chain at its own T — the second computed at T = 1 is a slip
    slip = steps(page.replace("SECOND", "1"))
    assert slip[-2].verdict == "invalid" and slip[2].verdict == "valid"


def test_a_computation_set_equal_to_a_whole_number_takes_its_data_as_written():
    # β₂ = 0.999 is data: 0.004/(1 − 0.999) is 4, never "5 within the rounding of 0.999"
    [five] = steps(r"$$\frac{0.004}{1 - 0.999} = 5$$")
    assert five.verdict == "invalid"
    [four] = steps(r"$$\frac{0.004}{1 - 0.999} = 4$$")
    assert four.verdict == "valid"
    # a result alone moves with its own rounding only: 0.27 is not 0.2 rounded
    assert steps(r"$$0.27 + 0 = 0.2$$")[0].verdict != "valid"
    assert steps(r"$$0.24492 \cdot 0.62246 = 0.15245$$")[0].verdict == "valid"


def test_a_name_the_words_say_to_ignore_is_zero_in_the_example():
    doc = ("$$\\hat{x}_i = \\frac{x_i - \\mu}{\\sqrt{\\sigma^2 + \\epsilon}}$$\n\n"
           "Take $x_1 = 2$, $\\mu = 5$, $\\sigma^2 = 5$, and ignore $\\epsilon$ for now.\n\n"
           "$$\\hat{x}_1 = \\frac{2 - 5}{\\sqrt{5}}$$\n\n$$\\hat{x}_1 = \\frac{2 - 5}{5}$$")
    right, wrong = steps(doc)
    assert right.verdict == "valid" and "epsilon" in right.reading
    assert wrong.verdict == "invalid"
    # without the words ε is a name whose value the example leaves open
    assert steps(doc.replace(", and ignore $\\epsilon$ for now", ""))[0].verdict == "unknown"


def test_a_transposed_name_at_a_number_is_that_number():
    # `z = w^\top x + b` in general, a one-feature example w = 0.5: the gradient step there
    doc = ("$$ L(w, b) = -y \\ln \\sigma(z) - (1 - y) \\ln(1 - \\sigma(z)) $$\n\n"
           "где $z = w^\\top x + b$.\n\n"
           "Возьмём $x = 2$, $w = 0{,}5$, $b = -1$, $y = 1$, $\\eta = 0{,}1$.\n\n"
           "$$ z = 0{,}5 \\cdot 2 - 1 = 0 $$\n\n"
           "$$ \\frac{\\partial L}{\\partial w} = (0{,}5 - 1) \\cdot 2 = -1 $$\n\n"
           "$$ w - \\eta \\frac{\\partial L}{\\partial w} = 0{,}5 - 0{,}1 \\cdot (-1) = 0{,}6 $$\n\n"
           "$$ w - \\eta \\frac{\\partial L}{\\partial w} = 0{,}5 + 0{,}1 \\cdot (-1) $$")
    out = steps(doc)
    assert [s.verdict for s in out] == ["valid"] * 6 + ["invalid"]


def test_a_computation_on_data_given_in_words_only_is_not_refuted_for_all_data():
    # "пришло $2$, $3$ и $7$ сообщений" — numbers the reader does not tie to x_1, x_2, x_3
    doc = ("$$ \\ell(\\lambda) = \\ln\\lambda \\sum_{i=1}^{n} x_i - n\\lambda - "
           "\\sum_{i=1}^{n} \\ln(x_i!) $$\n\n"
           "Пусть за три часа пришло $2$, $3$ и $7$ сообщений. Тогда\n\n"
           "$$ \\ell(4) = 12\\ln 4 - 3 \\cdot 4 - \\ln(2!\\cdot 3!\\cdot 7!) = 12\\ln 4 - 12 - "
           "\\ln 60480 $$\n\n$$ 12\\ln 4 - 3 \\cdot 4 = 12\\ln 4 - 11 $$")
    plugged, arithmetic, slip = steps(doc)
    assert plugged.verdict == "unknown" and "data" in plugged.reason
    assert arithmetic.verdict == "valid" and slip.verdict == "invalid"


def test_amounts_in_bits_and_nats_are_compared_in_one_unit():
    [nats, bits] = steps(r"$$\ln 2 \approx \boxed{0{,}693 \text{ нат}} = 1 \text{ бит}.$$")
    assert nats.verdict == bits.verdict == "valid" and "1 bit = ln 2 nats" in bits.reading
    [_, wrong] = steps(r"$$\ln 2 \approx 0.693 \text{ nats} = 2 \text{ bits}$$")
    assert wrong.verdict == "invalid"
    [_, bare] = steps(r"$$\ln 2 \approx 0.693 = 1$$")
    assert bare.verdict == "invalid"


_ADAM = ("Параметры: $\\beta_1 = 0.9$, $m_0 = v_0 = 0$. Градиенты: $g_1 = 0.5$, "
         "$g_2 = -0.2$.\n\n$$ m_t = \\beta_1 m_{t-1} + (1-\\beta_1) g_t $$\n\n"
         "$$ \\hat m_t = \\frac{m_t}{1-\\beta_1^t} $$\n\n"
         "$$ m_1 = 0.9\\cdot 0 + 0.1\\cdot 0.5 = 0.05 $$\n\n"
         "$$ \\hat m_1 = \\frac{0.05}{1 - 0.9} = 0.5 $$\n\n"
         "$$ m_2 = 0.9 \\cdot 0.05 + 0.1\\cdot(-0.2) = 0.025 $$\n")


def test_the_iterates_of_a_recurrence_are_its_right_side_at_each_step():
    result = check_text(_ADAM, timeout=10)
    out = result.steps()
    # (the recurrence itself defines m, one step back at a time: no step of its own)
    assert [d["name"] for b in result.derivations for d in b.definitions][:1] == ["m_t"]
    assert [s.verdict for s in out] == ["valid"] * 6
    assert "by the recurrence" in out[0].reading
    # a slip in an iterate: m_2 with g_1 in place of g_2
    slip = _ADAM.replace("0.1\\cdot(-0.2) = 0.025", "0.1\\cdot 0.5 = 0.095")
    assert steps(slip)[4].verdict == "invalid"


def test_a_last_digit_within_the_rounding_of_the_operands_is_no_slip():
    # 0.1966 is σ'(1) rounded: 0.5 · 0.1966 written 0.09831 (from 0.19661) is no slip to
    # call; 0.0984 is, and so are transposed digits
    assert verdicts("$$0.5 \\cdot 0.1966 = 0.09831$$\n") == ["unknown"]
    assert verdicts("$$0.5 \\cdot 0.1966 = 0.0984$$\n") == ["invalid"]
    assert verdicts("$$1.5 \\cdot 0.1966 = 0.2994$$\n") == ["invalid"]


def test_a_derivative_by_an_intermediate_name_is_no_number_at_the_example():
    # a circuit: f(x, y, z) = (x + y)z, q = x + y, and the example's f = −12 — ∂f/∂q is not
    # ∂(−12)/∂q = 0; and `\hspace{…}` parts equations as \qquad does
    text = (r"Consider $f(x,y,z) = (x + y) z$. Name $q = x + y$, so that $f = q z$. With "
            r"$x = -2$, $y = 5$, $z = -4$ the forward pass gives $q = 3$ and $f = -12$:" "\n\n"
            r"$$\frac{\partial f}{\partial x} = \frac{\partial f}{\partial q} \cdot 1 = -4$$"
            "\n\n" r"$$g(x,y) = x y \hspace{0.5in} \frac{\partial g}{\partial x} = y "
            r"\hspace{0.5in} \frac{\partial g}{\partial y} = y$$" "\n")
    got = [s.verdict for s in check_text(text, timeout=10).steps()]
    assert "invalid" not in got[:2] and got[2:] == ["valid", "invalid"]


def test_names_set_to_one_value_in_a_row_each_take_that_value():
    # `$dq = dz = 1$` in the words: two values, never dq defined as the name dz (which
    # made ∂f/∂x = z·dq false for every dz ≠ 1)
    doc = (r"Gates: $q = x + y$ and $f = q z$." "\n\n"
           r"Backwards, $\text{dq} = \text{dz} = 1$ for the sake of the check." "\n\n"
           r"$$\frac{\partial f}{\partial x} = z \cdot \text{dq}$$")
    assert verdicts(doc) == ["valid"]
    slip = doc.replace(r"= z \cdot", r"= x \cdot")
    assert verdicts(slip) != ["valid"]     # dq may be named in the words: never valid


def test_a_count_the_example_names_unrolls_its_sums_before_the_data_go_in():
    # `$\ell = 2$` and the pairs (x_1, y_1), (x_2, y_2): Σ_{i=1}^{ℓ} is two terms, each at
    # the data, inside the derivative too
    doc = (r"Data: $\ell = 2$ objects, $(x_1, y_1) = (2, 1)$, $(x_2, y_2) = (1, 3)$." "\n\n"
           r"$$Q(w) = \frac{1}{\ell}\sum_{i=1}^{\ell}(w x_i - y_i)^2.$$" "\n\n"
           r"$$\frac{\partial Q}{\partial w} = (2w - 1)\cdot 2 + (w - 3)\cdot 1 = 5w - 5$$")
    assert verdicts(doc) == ["valid", "valid"]
    slip = doc.replace(r"(w - 3)\cdot 1 =", r"(w - 3)\cdot 2 =")
    assert verdicts(slip)[0] == "invalid"


def test_a_bound_named_before_a_colon_is_the_case_of_the_row_after_it():
    # `r > \delta: &\quad …` in an aligned block: the row's case, never a claim r > δ
    doc = (r"Let $r = y - a$ and $\delta > 0$." "\n\n"
           "$$\n\\begin{aligned}\n"
           r"r > \delta: &\quad \frac{d}{dr}\,\delta\Bigl(r - \frac{\delta}{2}\Bigr) = \delta, \\"
           "\n"
           r"r < -\delta: &\quad \frac{d}{dr}\,\delta\Bigl(-r - \frac{\delta}{2}\Bigr) = -\delta."
           "\n\\end{aligned}\n$$")
    assert verdicts(doc) == ["valid", "valid"]
    slip = doc.replace(r"\Bigr) = -\delta.", r"\Bigr) = \delta.")
    assert verdicts(slip) == ["valid", "invalid"]


GATES = ("Consider $f(x, y, z) = (x + y) z$. With the inputs VALUES the forward pass is\n\n"
         r"$$ (x + y) z = (-2 + 5)\cdot(-4) = 3 \cdot (-4) = -12 $$" "\n\n"
         "Take `w = [2, -3, -3]` and `x = [-1, -2]`. The dot product is\n\n"
         r"$$ w_0 x_0 + w_1 x_1 + w_2 = 2 \cdot (-1) + (-3) \cdot (-2) + (-3) = SUM $$")


def test_values_given_in_code_are_the_examples_values():
    # notes on code give the example's numbers as code: `x = -2`, a list `w = [2, -3, -3]`
    # (counted from 0 where the formulas write w_0)
    code = check_text(GATES.replace("VALUES", "`x = -2`, `y = 5`, `z = -4`")
                      .replace("SUM", "1"), timeout=10).steps()
    assert [s.verdict for s in code] == ["valid"] * 5
    slip = check_text(GATES.replace("VALUES", "`x = -2`, `y = 5`, `z = -4`")
                      .replace("SUM", "-1"), timeout=10).steps()
    assert [s.verdict for s in slip][-1] == "invalid"
    # code that is no value of a letter gives nothing: `lr = 0.1`, `dw[0]`, `2 * x = 6`
    other = check_text(GATES.replace("VALUES", "`xs = -2`, `y[0] = 5`, `z = f(4)`")
                       .replace("SUM", "1"), timeout=10).steps()
    assert other[0].verdict != "valid"


def test_a_number_worked_out_at_values_never_read_is_no_refutation():
    # the values are in a figure: (x + y)z = (−2 + 5)(−4) is false for most x, y, z, but
    # it is the example's arithmetic, not a claim for all of them
    steps_ = check_text(GATES.replace("VALUES", "in the figure").replace("SUM", "1"),
                        timeout=10).steps()
    first = steps_[0]
    assert first.verdict == "unknown" and "$x, y, z$" in first.reason
    # arithmetic alone is still checked, and names that cancel leave nothing to give
    assert steps_[1].verdict == "valid"
    [cancel] = steps(r"$$ 2x - 2x + 1 = 3 $$")
    assert cancel.verdict == "invalid"


PAIR = (r"The loss of one pair is" "\n\n"
        r"$$J = -\ln\sigma\left(u_o^\top v_c\right) - \ln\sigma\left(-u_1^\top v_c\right),$$"
        "\n\n" r"where $\sigma(t) = \frac{1}{1 + e^{-t}}$. Write $a = u_o^\top v_c$ and "
        r"$b = u_1^\top v_c$." "\n\n"
        r"Choose the vectors so that $a = \ln 3$ and $b = -\ln 3$. Then" "\n\n"
        r"$$J = -\ln\sigma(\ln 3) - \ln\sigma(\ln 3) = 2\ln\frac43.$$" "\n\n")


def test_a_names_value_at_the_example_is_no_constant_to_differentiate():
    # J's value at the example (a formula in σ at numbers, no float) is where J stands
    # there: ∂J/∂a differentiates J's formula, never the number, and reading the value
    # breaks no block
    out = steps(PAIR + r"$$\frac{\partial J}{\partial a} = \sigma(\ln 3) - 1 = -\frac14,$$"
                "\n\n" r"$$\frac{\partial J}{\partial b} = \sigma(-\ln 3) = \frac14.$$")
    assert len(out) == 5 and not any(s.reason_kind == "failed" for s in out), \
        [(s.verdict, s.reason) for s in out]
    assert "invalid" not in [s.verdict for s in out], [(s.verdict, s.reason) for s in out]
    slip = steps(PAIR + r"$$\sigma(\ln 3) - 1 = \frac14$$")
    assert [s.verdict for s in slip][-1] == "invalid"


def test_a_sum_over_n_runs_over_the_entries_the_example_writes_out():
    # Σ_n γ(x_n) x_n beside x = (0; 1; 2): the three entries (a worker failed on it before)
    head = (r"Take the sample $x = (0;\ 1;\ 2)$ and $\gamma_1(x) := \frac{1}{1 + e^{-x}}$."
            "\n\n")
    right = steps(head + r"$$\mu = \frac{\sum_n \gamma_1(x_n)\,x_n}{3} = 0.8309$$")[-1]
    assert right.verdict == "valid", right.reason
    wrong = steps(head + r"$$\mu = \frac{\sum_n \gamma_1(x_n)\,x_n}{3} = 0.7309$$")[-1]
    assert wrong.verdict == "invalid", wrong.reason
