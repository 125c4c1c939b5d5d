"""Readings a derivation itself fixes: the chain rule it writes through names it never
defines (∂ξ/∂w = ∂ξ/∂y ∂y/∂z ∂z/∂w: ξ depends on w through y, then z), and the case of
a Jacobian entry that a cases display above states with the value a derivation ends at."""
from derive.check import check_text


def verdicts(text, timeout=10):
    doc = check_text(text, timeout=timeout)
    return [(s.verdict, s.reading) for b in doc.derivations for s in b.steps]


def test_the_chain_rule_through_links_the_step_writes():
    text = (r"$$ \frac{\partial \xi}{\partial w} = \frac{\partial \xi}{\partial y} "
            r"\frac{\partial y}{\partial z} \frac{\partial z}{\partial w} $$")
    [(verdict, reading)] = verdicts(text)
    assert verdict == "valid" and "through y" in reading


def test_a_chain_with_a_missing_or_reversed_link_is_not_valid():
    for rhs in (r"\frac{\partial \xi}{\partial y} \frac{\partial z}{\partial w}",
                r"\frac{\partial \xi}{\partial y} \frac{\partial y}{\partial z} "
                r"\frac{\partial w}{\partial z}",
                r"\frac{\partial \xi}{\partial y} \frac{\partial y}{\partial z} "
                r"\frac{\partial z}{\partial u}",
                r"2 \frac{\partial \xi}{\partial y} \frac{\partial y}{\partial z} "
                r"\frac{\partial z}{\partial w}"):
        [(verdict, _)] = verdicts(rf"$$ \frac{{\partial \xi}}{{\partial w}} = {rhs} $$")
        assert verdict != "valid", rhs


def test_a_defined_link_is_computed_not_assumed():
    text = ("Where $y_i = \\sigma(z_i)$.\n\n"
            r"$$ \frac{\partial \xi_i}{\partial w} = \frac{\partial \xi_i}{\partial y_i} "
            r"y_i (1 - y_i) \frac{\partial z_i}{\partial w} $$" "\n\n"
            r"$$ \frac{\partial \xi_i}{\partial w} = \frac{\partial \xi_i}{\partial y_i} "
            r"y_i \frac{\partial z_i}{\partial w} $$")
    # the second drops σ's (1 − y_i): false for every value of the unknowns it keeps
    assert [v for v, _ in verdicts(text)] == ["valid", "invalid"]


CASES = r"""
$$\frac{\partial p_i}{\partial a_j} = \frac{\partial \frac{e^{a_i}}{\sum_{k=1}^N e^{a_k}}}{\partial a_j}$$

$$\frac{\partial p_i}{\partial a_j} = \begin{cases} p_i(1 - p_j) & \text{if } i = j \\ -p_j p_i & \text{if } i \neq j \end{cases}$$
"""


def test_a_derivation_of_a_stated_case_is_checked_in_that_case():
    text = CASES + (r"$$ \frac{\partial \frac{e^{a_i}}{\sum_{k=1}^N e^{a_k}}}{\partial a_j} = "
                    r"\frac{-e^{a_j} e^{a_i}}{\left( \sum_{k=1}^N e^{a_k} \right)^2} "
                    r"= -p_j p_i $$")
    found = verdicts(text)[-2:]
    assert [v for v, _ in found] == ["valid", "valid"]
    assert "i \\neq j" in found[0][1] and "line 4" in found[0][1]


def test_a_case_not_stated_with_that_value_stays_unknown():
    text = CASES + (r"$$ \frac{\partial \frac{e^{a_i}}{\sum_{k=1}^N e^{a_k}}}{\partial a_j} = "
                    r"\frac{-e^{a_j} e^{a_i}}{\left( \sum_{k=1}^N e^{a_k} \right)^2} "
                    r"= -\frac{e^{a_j} e^{a_i}}{\left( \sum_{k=1}^N e^{a_k} \right)^2} $$")
    assert verdicts(text)[-2][0] == "unknown"


def test_a_wrong_derivation_of_a_stated_case_is_still_found():
    text = CASES + (r"$$ \frac{\partial \frac{e^{a_i}}{\sum_{k=1}^N e^{a_k}}}{\partial a_j} = "
                    r"\frac{e^{a_j} e^{a_i}}{\left( \sum_{k=1}^N e^{a_k} \right)^2} "
                    r"= -p_j p_i $$")
    assert [v for v, _ in verdicts(text)[-2:]] == ["invalid", "invalid"]


def test_an_undefined_name_differentiated_by_a_variable_is_a_function_of_it():
    text = (r"$$ L = - \sum_i y_i \log(p_i) $$" "\n\n"
            r"$$ \frac{\partial L}{\partial o_i} = - \sum_k y_k "
            r"\frac{\partial \log(p_k)}{\partial o_i} $$" "\n\n"
            r"$$ \frac{\partial L}{\partial o_i} = - \sum_k \frac{y_k}{p_k} "
            r"\frac{\partial p_k}{\partial o_i} $$" "\n\n"
            r"$$ \frac{\partial L}{\partial o_i} = - \sum_k y_k "
            r"\frac{\partial p_k}{\partial o_i} $$")
    found = verdicts(text)
    assert [v for v, _ in found] == ["valid", "valid", "unknown"]
    assert "$p$ as a function of" in found[0][1]


def test_no_function_reading_where_it_would_hide_a_dependence():
    for step in (r"\frac{\partial (p_k + o_j)}{\partial o_i} = \frac{\partial p_k}{\partial o_i}",
                 r"\frac{\partial y}{\partial z} = y (1 - y)",
                 r"\frac{\partial (p_k y_k)}{\partial o_i} = y_k \frac{\partial p_k}{\partial o_i}"):
        [(verdict, _)] = verdicts(f"$$ {step} $$")
        assert verdict != "valid", step


def test_integrals_are_read_and_decided_where_they_have_values():
    text = (r"$$ \int_0^1 x^2 \, \mathrm{d}x = \frac{1}{3} $$" "\n\n"
            r"$$ \int_0^1 x^2 \, \mathrm{d}x = \frac{1}{2} $$" "\n\n"
            r"$$ \int_x (2 f(x) + g(x)) dx = 2 \int_x f(x) dx + \int_x g(x) dx $$")
    assert [v for v, _ in verdicts(text)] == ["valid", "invalid", "unknown"]


def test_a_step_false_for_every_value_of_an_unknown_derivative_is_invalid():
    # ∂I/∂Q_k never defined, on both sides: Σ_k X_k δ_ik = n X_i holds for no X ≠ 0
    text = (r"$$ \sum_{k=1}^n \frac{\partial I}{\partial Q_k} \delta_{ik} = "
            r"\sum_{k=1}^n \frac{\partial I}{\partial Q_i} $$" "\n\n"
            r"$$ \frac{\partial I}{\partial b_i} = 2 \frac{\partial I}{\partial Q_i} $$")
    assert [v for v, _ in verdicts(text)] == ["invalid", "unknown"]   # one side only: unknown


def test_a_loss_named_by_an_acronym_is_another_name_for_the_value_the_chain_writes():
    # girafe: Q(Y, X, w) = MSE(Y, Xw) = ‖Y − Xw‖², then ∇Q(w) with X and Y as they were
    doc = (r"$$ Q(Y, X, \mathbf{w}) = MSE(Y, X\mathbf{w}) = \|Y - X\mathbf{w}\|^2_2 $$"
           "\n\n" r"$$ \nabla Q(\mathbf{w}) = -2X^TY + 2X^TX\mathbf{w} $$"
           "\n\n" r"$$ \nabla Q(\mathbf{w}) = -2X^TY + X^TX\mathbf{w} $$")
    result = check_text(doc, timeout=10)
    first = result.derivations[0]
    assert not first.steps                       # MSE(…) is named, not decided
    assert [d["written"] for d in first.definitions] == [
        [r"Q(Y, X, \mathbf{w})", r"MSE(Y, X\mathbf{w})"],
        [r"MSE(Y, X\mathbf{w})", r"\|Y - X\mathbf{w}\|^2_2"]]
    right, wrong = result.steps()
    assert right.verdict == "valid" and wrong.verdict == "invalid"


def test_a_solution_below_an_equation_set_to_zero_is_checked_against_it():
    # girafe: the derivative set to zero ends one display, its solution is the next one
    doc = (r"$$ Q(C) = \sum_{i=1}^\ell (C - y_i)^2 $$" "\n\n"
           r"$$ \frac{\partial Q(C)}{\partial C} = 2 C \ell - \sum_{i=1}^\ell 2 y_i = 0 $$"
           "\n\n" r"$$ C = \frac{K}{\ell} \sum_{i=1}^\ell y_i $$")
    *_, imposed, right = check_text(doc.replace("K", "1"), timeout=10).steps()
    assert right.verdict == "valid" and "solution of the equation" in right.reading
    # the equation is no identity: it is checked at the solution the next display derives
    assert imposed.verdict == "valid" and "equation imposed" in imposed.reading \
        and r"holds at $C = \frac{1}{\ell} \sum_{i=1}^\ell y_i$" in imposed.reading
    # not its solution: read as it would be without the equation (a value given on the next
    # slide, `w = 0.6`, is a definition there), never `valid`, never a false alarm; the
    # equation is left undecided, with nothing to check it at
    result = check_text(doc.replace("K", "2"), timeout=10)
    assert all(s.verdict != "valid" or s.reading != right.reading for s in result.steps())
    assert result.steps()[-1].verdict == "unknown"
    assert result.derivations[-1].definitions and not result.derivations[-1].steps


STATIONARY = (r"$$ Q(b) = p e^{-b} + (1 - p) e^{b} $$" "\n\n"
              r"\begin{gather*} \frac{\partial Q(b)}{\partial b} = - p e^{-b} + (1 - p) e^{b} = 0 \\"
              "\n" r"(1 - p) e^{2b} = REARRANGED \\" "\n"
              r"b = SOLVED \end{gather*}")


def test_the_rows_below_an_equation_set_to_zero_are_checked_as_its_consequences():
    # each row follows from the equation by algebra (× e^b), the last is a value of b that
    # makes it hold: valid, saying so — never an identity refuted
    rows = check_text(STATIONARY.replace("REARRANGED", "p").replace(
        "SOLVED", r"\frac{1}{2} \log \frac{p}{1 - p}"), timeout=10).steps()
    assert [s.verdict for s in rows] == ["valid", "valid", "valid", "valid"]
    assert "rearranged, times $e^{b}$" in rows[2].reading
    assert "makes the equation set to zero" in rows[3].reading
    assert "equation imposed" in rows[1].reading and "holds at $b = " in rows[1].reading
    # a factor lost in rearranging is refuted; a value that does not solve the equation is
    # never valid
    rows = check_text(STATIONARY.replace("REARRANGED", "2 p").replace(
        "SOLVED", r"\frac{1}{2} \log \frac{p}{1 - p}"), timeout=10).steps()
    assert rows[2].verdict == "invalid"
    rows = check_text(STATIONARY.replace("REARRANGED", "p").replace(
        "SOLVED", r"\log \frac{p}{1 - p}"), timeout=10).steps()
    assert rows[2].verdict == "valid" and rows[3].verdict != "valid"
    assert rows[1].verdict == "unknown"      # nothing right to check the equation at


def test_a_row_that_divides_by_what_may_vanish_is_not_a_consequence():
    # x(x − 1) = 0 does not give x − 1 = 0 (x = 0 is lost): q = 1/x may vanish
    doc = (r"$$ f(x) = x^3/3 - x^2/2 $$" "\n\n"
           r"\begin{gather*} f'(x) = x^2 - x = 0 \\" "\n" r"x - 1 = 0 \end{gather*}")
    assert "valid" not in [s.verdict for s in check_text(doc, timeout=10).steps()[1:]]


def test_a_new_value_below_an_equation_set_to_zero_is_no_wrong_solution():
    doc = (r"$$ Q(w) = (w - 3)^2 $$" "\n\n"
           r"$$ \frac{\partial Q(w)}{\partial w} = 2(w - 3) = 0 $$" "\n\n"
           r"$$ w = 0.6 $$" "\n\n" r"$$ Q(w) = 5.76 $$")
    assert "invalid" not in [s.verdict for s in check_text(doc, timeout=10).steps()]


RIDGE = (r"Пусть $Q(w) = \sum_{i=1}^{\ell} (w x_i - y_i)^2 + \lambda w^2$." "\n\n"
         r"Приравняем производную к нулю:" "\n\n"
         r"$$w \left(\sum_{i=1}^{\ell} x_i^2 + \lambda\right) = \sum_{i=1}^{\ell} x_i y_i "
         r"\quad\Rightarrow\quad w_* = \frac{\sum_{i=1}^{\ell} x_i y_i}{SOLUTION}$$")


def test_an_equation_the_next_chain_solves_is_no_identity():
    # the stationarity condition is an equation for w, and w_* = … after ⇒ its solution:
    # the solution is checked against it, the equation is never refuted as an identity
    right = check_text(RIDGE.replace("SOLUTION", r"\sum_{i=1}^{\ell} x_i^2 + \lambda"),
                       timeout=10).steps()
    assert [s.verdict for s in right] == ["valid", "valid"]
    assert "holds at $w = " in right[0].reading and "solution" in right[1].reading
    slip = check_text(RIDGE.replace("SOLUTION", r"\sum_{i=1}^{\ell} x_i^2 - \lambda"),
                      timeout=10).steps()
    assert [s.verdict for s in slip] == ["unknown", "invalid"]


def test_two_arguments_of_one_function_related_are_given_not_defined():
    # b = ȳ − w x̄ beside L(w, b) holds at the optimum: given, never b's definition, so
    # ∂²L/∂w² is still the partial derivative of L(w, b)
    doc = (r"$$L(w, b) = \frac{1}{n}\sum_{i=1}^{n}\left(w x_i + b - y_i\right)^2$$" "\n\n"
           r"Setting $\partial L/\partial b = 0$ gives" "\n\n" r"$$b = \bar{y} - w\bar{x}.$$"
           "\n\n" r"$$\frac{\partial^2 L}{\partial w^2} = \frac{2}{n}\sum_{i=1}^{n} x_i^2$$")
    result = check_text(doc, timeout=10)
    assert [s.verdict for s in result.steps()] == ["valid"]
    assert any("w\\bar{x}" in g for b in result.derivations for g in b.given)


def test_a_step_that_drops_a_family_the_chain_sums_over_claims_its_value():
    # t of Σ_k t_k … is a variable of the problem: p_i − t_i = p_i − 1 says t_i = 1, which
    # nothing here gives; a name that a step brings in (y of y(1 − y)) may still be defined
    # in words the checker does not read
    text = (r"$$p_k = \frac{e^{z_k}}{\sum_{j=1}^K e^{z_j}}$$" "\n\n"
            r"$$\frac{\partial L}{\partial z_i} = -\sum_{k=1}^{K} t_k "
            r"\frac{\partial \log p_k}{\partial z_i} = p_i - t_i = p_i - 1$$" "\n\n"
            r"$$\sigma(z)(1 - \sigma(z)) = y(1 - y)$$")
    found = [v for v, _ in verdicts(text)]
    assert found[2] == "invalid" and found[3] == "unknown"
    undropped = text.replace("p_i - t_i = p_i - 1", "p_i - t_i = p_i - t_i + 0")
    assert [v for v, _ in verdicts(undropped)][2] == "valid"
    # dropped under a constraint of the family (Σ_k t_k = 1, π_1 + π_2 = 1): may hold
    constrained = text.replace("p_i - t_i = p_i - 1", r"p_i \sum_{k=1}^{K} t_k = p_i")
    assert [v for v, _ in verdicts(constrained)][2] == "unknown"
    pair = text.replace("p_i - t_i = p_i - 1", r"p_i (1 - t_1) - p_i t_2 = p_i t_2 - t_2 p_i")
    assert [v for v, _ in verdicts(pair)][2] == "unknown"
    # a derivative's expansion may reach the family through links the checker misses
    derived = text.replace("p_i - t_i = p_i - 1", r"\frac{\partial L}{\partial p_i} = p_i")
    assert [v for v, _ in verdicts(derived)][2] != "invalid"


def test_a_solution_named_with_a_mark_below_an_equation_set_to_zero_solves_it():
    # the estimate written μ̂ (a value of μ by its name) in the display after the
    # derivative set to zero: its solution, and the equation holds there
    doc = (r"$$\ell(\mu) = -\sum_{i=1}^n (x_i - \mu)^2$$" "\n\n"
           r"$$\frac{\partial \ell(\mu)}{\partial \mu} = 2\sum_{i=1}^n (x_i - \mu) = 0$$"
           "\n\n" r"$$\hat\mu = \frac{1}{K} \sum_{i=1}^n x_i$$")
    *_, imposed, solved = check_text(doc.replace("K", "n"), timeout=10).steps()
    assert solved.verdict == "valid" and r"for $\mu$" in solved.reading
    assert imposed.verdict == "valid" and "holds at" in imposed.reading
    # not its solution: the equation is left undecided, and the display is read as it would
    # be without it (a definition of μ̂), never as a solution
    result = check_text(doc.replace("K", "n - 1"), timeout=10)
    assert result.steps()[-1].verdict == "unknown" and "equation imposed" in \
        result.steps()[-1].reading
    assert not any("solution" in s.reading for s in result.steps())
