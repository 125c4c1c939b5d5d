"""Readings of notation that real texts leave open: a step false as read but true under
another customary reading is `unknown`, naming that reading; never `invalid`."""
import pytest

from derive.check import check_text


def steps(text):
    return check_text(text, timeout=10).steps()


def test_an_operator_before_a_bracket_may_apply_to_the_bracket_only():
    # seed 004: the product rule written out, ∂/∂s(A)·B meaning (∂A/∂s)·B
    [step] = steps(r"$$ \frac{\partial}{\partial s_L} \left(\frac{1}{\sum_{i=1}^k e^{s_i}}"
                   r"\right) e^{s_k} = - \frac{e^{s_k}}{\sum_{i=1}^k e^{s_i}} \cdot "
                   r"\frac{e^{s_L}}{\sum_{i=1}^k e^{s_i}} $$")
    assert step.verdict == "unknown" and step.reading       # (its case L ≠ k holds it too)
    [product] = steps(r"$$ \frac{d}{dx}(x^2) e^x = 2x e^x $$")
    assert product.verdict == "unknown" and "bracket only" in product.reading
    # wrong under both readings: still invalid
    [wrong] = steps(r"$$ \frac{d}{dx}(x^2) e^x = 3x e^x $$")
    assert wrong.verdict == "invalid"
    # a square bracket is a bracket too: d/dz [(1 − p)^γ] log p, the product rule written out
    [square] = steps(r"$$ \frac{d}{dx}\left[x^2\right] e^x = 2x e^x $$")
    assert square.verdict == "unknown" and "bracket only" in square.reading


def test_a_neurons_law_holds_at_each_neuron_of_a_layer():
    # seed 003: a = σ(z) stated for one neuron, then a_i^{(L)} and z_i^{(L)} for the output
    # layer: the law at this step's indices and layer, named with its line
    doc = (r"$$ a = \sigma(z) $$" "\n\n" r"$$ C = - \sum_j y_j \ln a_j^{(L)} $$" "\n\n"
           r"$$ \sigma(z_i^{(L)}) - y_i = a_i^{(L)} - y_i $$" "\n\n"
           r"$$ \frac{\partial C}{\partial z_i^{(L)}} = \frac{\partial C}{\partial a_i^L}"
           r" \cdot \frac{\partial a_i^{(L)}}{\partial z_i^L} $$" "\n\n"
           r"$$ \frac{\partial C}{\partial z_i^{(L)}} = - \frac{y_i}{a_i^{(L)}} $$" "\n\n"
           r"$$ \sigma(z_i^{(L)}) - y_i = a_i^{(L)} + y_i $$")
    right, chain, lost, wrong = steps(doc)
    assert right.verdict == "valid" and "the law the document states" in right.reading
    assert "line 1" in right.reading
    assert chain.verdict == "valid"
    # the factor ∂a/∂z dropped: false with the law, but the layer may be defined in words
    assert lost.verdict == "unknown" and "the step is false" in lost.reason
    assert wrong.verdict == "invalid"


def test_a_law_stated_for_one_sample_holds_at_each_sample():
    # a probability written as one name, P(t = 1 | z), defined for one input; the product
    # over the samples writes P(t_i = 1 | z_i) and y_i: the same law at sample i
    doc = (r"We note this down as: $P(t=1| z) = \sigma(z) = y$." "\n\n"
           r"$$ \prod_{i=1}^{n} P(t_i=1|z_i)^{t_i} (1 - P(t_i=1|z_i))^{1-t_i}"
           r" = \prod_{i=1}^{n} y_i^{t_i} (1 - y_i)^{1-t_i} $$" "\n\n"
           r"$$ \prod_{i=1}^{n} P(t_i=1|z_i)^{t_i} (1 - P(t_i=1|z_i))^{1-t_i}"
           r" = \prod_{i=1}^{n} y_i^{t_i} (1 - y_i)^{t_i} $$")
    right, wrong = steps(doc)
    assert right.verdict == "valid"
    assert "P(t_{i}=1|z_{i}) = \\sigma" in right.reading and "line 1" in right.reading
    assert wrong.verdict != "valid"


def test_a_neurons_law_is_not_carried_where_the_layer_has_its_own_definition():
    doc = (r"$$ a = \tanh(z) $$" "\n\n"
           r"$$ a_i^{(L)} = \frac{e^{z_i^{(L)}}}{\sum_k e^{z_k^{(L)}}} $$" "\n\n"
           r"$$ a_i^{(L)} + 1 = \tanh(z_i^{(L)}) + 1 $$")
    [step] = steps(doc)
    assert step.verdict == "invalid"


def test_a_jacobian_entry_may_be_one_of_its_cases_when_the_display_does_not_say():
    # seed 001: the i ≠ j case of ∂p_i/∂a_j, the case stated only on the slide before
    entry = r"\frac{\partial \frac{e^{a_i}}{\sum_{k=1}^N e^{a_k}}}{\partial a_j}"
    square = r"\left( \sum_{k=1}^N e^{a_k} \right)^2"
    right, wrong = steps(rf"$$ {entry} = \frac{{0 - e^{{a_j}} e^{{a_i}}}}{{{square}}} $$"
                         "\n\n"
                         rf"$$ {entry} = \frac{{2 - e^{{a_j}} e^{{a_i}}}}{{{square}}} $$")
    assert right.verdict == "unknown" and "i \\neq j" in right.reading
    assert wrong.verdict == "invalid"
    # a display that states its case is decided under it, as before
    [stated] = steps(rf"$$ {entry} = \frac{{0 - e^{{a_j}} e^{{a_i}}}}{{{square}}}, \quad "
                     r"i \neq j $$")
    assert stated.verdict == "valid"


def test_a_derivative_of_what_does_not_depend_on_its_variable_is_checked_numerically():
    # the chain rule stated with f and g never defined: proved, and its numeric check
    # differentiates what is constant in x (0 anywhere), rather than finding no point
    [step] = steps(r"$$\frac{\partial f}{\partial x} = \frac{\partial f}{\partial g} \cdot "
                   r"\frac{\partial g}{\partial x}$$")
    assert step.verdict == "valid" and "numeric check: 20 points" in step.reason


def test_log_rules_hold_for_a_step_where_its_logarithms_are_defined():
    # the "log property" as a textbook states it: true wherever its logarithms mean anything
    rules = (r"$$ \log(s) - \log(t) = \log\left(\frac{s}{t}\right) $$" "\n\n"
             r"$$ \log(s) = -\log\left(\frac{1}{s}\right) $$" "\n\n"
             r"$$ \log \prod_{i=1}^{n} y_i^{t_i} (1 - y_i)^{1-t_i} = "
             r"\sum_{i=1}^{n} t_i \log(y_i) + (1-t_i) \log(1 - y_i) $$")
    found = steps(rules)
    assert [s.verdict for s in found] == ["valid"] * 3
    assert all("every logarithm's argument > 0" in s.hypotheses for s in found)
    wrong = steps(r"$$ \log(s) + \log(t) = \log\left(\frac{s}{t}\right) $$" "\n\n"
                  r"$$ \log\frac{p}{q} = \frac{\log p}{\log q} $$")
    assert [s.verdict for s in wrong] == ["invalid", "invalid"]


def test_a_name_used_with_other_indices_than_defined_is_another_object():
    # δ_o defined, δ_{oi} used (a row of a matrix): not δ_o at two arguments (a crash before)
    [step] = steps(r"Let $\delta_{o} = y_o - t_o$." "\n\n"
                   r"$$ \sum_{i=1}^N h_{ij} (y_{oi} - t_{oi}) = \sum_{i=1}^N h_{ij} \delta_{oi} $$")
    assert step.verdict == "unknown" and "BadArguments" not in step.reason


def test_a_derivative_by_the_value_of_an_expression_goes_through_definitions():
    right, wrong, defined = steps(
        r"$$ \frac{\partial \log(\sigma(A_i))}{\partial A_i} = \frac{\partial \log(\sigma(A_i))}"
        r"{\partial \sigma(A_i)} \cdot \frac{\partial \sigma(A_i)}{\partial A_i} $$" "\n\n"
        r"$$ \frac{\partial \log(\sigma(A_i))}{\partial \sigma(A_i)} = \sigma(A_i) $$" "\n\n"
        r"Let $C = (a - y)^2$ and $a = \sigma(z)$." "\n\n"
        r"$$ \frac{\partial C}{\partial \sigma(z)} = 2(\sigma(z) - y) $$")
    assert (right.verdict, wrong.verdict, defined.verdict) == ("valid", "invalid", "valid")


def test_sigma_of_a_vector_component_may_be_the_softmax():
    # "using the definition of softmax": σ(A_k) is the k-th softmax output, for i ≠ k
    doc = (r"When $i\neq k$, using $\frac{\partial \log(x)}{\partial x} = \frac{1}{x}$, we get:"
           "\n\n" r"$$ \frac{\partial \log(\sigma(A_k))}{\partial \sigma(A_k)} \cdot "
           r"\frac{\partial \sigma(A_k)}{\partial A_i} = \frac{1}{\sigma(A_k)} \cdot "
           r"-\sigma(A_k) \cdot \sigma(A_i) $$")
    [step] = steps(doc)
    assert step.verdict == "unknown" and "softmax" in step.reading
    [wrong] = steps(doc.replace(r"-\sigma(A_k) \cdot \sigma(A_i)", r"\sigma(A_k) \cdot \sigma(A_i)"))
    assert wrong.verdict == "invalid"


def test_the_derivative_of_an_undefined_name_is_unknown_never_zero():
    # a wrong chain rule was `valid` when ∂f/∂x of an undefined f counted as 0 (0 = 2·0·0)
    wrong, right = steps(
        r"$$ \frac{\partial f}{\partial x} = 2 \frac{\partial f}{\partial g} \frac{\partial g}{\partial x} $$"
        "\n\n"
        r"$$ \frac{\partial f}{\partial x} = \frac{\partial f}{\partial g} \frac{\partial g}{\partial x} $$")
    # the chain rule it writes relates ∂f/∂x to the same unknowns on both sides: false
    # for any f with ∂f/∂g · ∂g/∂x ≠ 0, so a slip whatever f is (never `valid`)
    assert wrong.verdict == "invalid"
    assert right.verdict == "valid" and right.reading == "f depends on x through g"
    # a transposed factor beside an undefined cost: not `valid` (a labelled slip, timattt)
    [slip] = steps(r"$$ \frac{\partial I}{\partial P} = \frac{\partial I}{\partial Q} W^T $$")
    assert slip.verdict == "unknown"


def test_the_chain_rule_through_a_defined_layer():
    doc = (r"Let $Q_k = \sum_{m=1}^n W_{km} P_m + b_k$." "\n\n"
           r"$$ \frac{\partial I}{\partial b_i} = \sum_{k=1}^n \frac{\partial I}{\partial Q_k} "
           r"\frac{\partial Q_k}{\partial b_i} = \sum_{k=1}^n \frac{\partial I}{\partial Q_k} "
           r"\delta_{ik} = \frac{\partial I}{\partial Q_i} $$" "\n\n"
           r"$$ \frac{\partial I}{\partial W_{ij}} = \sum_{k=1}^n \frac{\partial I}{\partial Q_k} "
           r"\frac{\partial Q_k}{\partial W_{ij}} = \frac{\partial I}{\partial Q_i} P_i $$")
    found = steps(doc)
    assert [s.verdict for s in found[:4]] == ["valid"] * 4
    assert found[0].reading == "I depends on b through Q"
    # P_i for P_j: the index slip is not `valid`. ∂I/∂Q_i is a quantity the document may
    # define in words (R = σ(Q) elementwise), but it stands on both sides: the step says
    # ∂I/∂Q_i (P_j − P_i) = 0, false whatever I is unless ∂I/∂Q_i vanishes — `invalid`
    assert found[4].verdict == "invalid"


def test_an_unknown_derivative_is_still_linear():
    # ADALINE's SSE gradient with the activation φ(z)_A never defined: pulling ½ out of the
    # derivative holds whatever φ is; dropping the 2 of the square (a labelled slip) was
    # `valid` as 0 = 0 and is now not decided
    e = r"\big(y^{(i)} - \phi(z)_{A}^{(i)}\big)"
    right, slip = steps(rf"$$ \frac{{\partial}}{{\partial w_j}} \frac{{1}}{{2}} \sum_i {e}^2 = "
                        rf"\frac{{1}}{{2}} \frac{{\partial}}{{\partial w_j}} \sum_i {e}^2 = "
                        rf"\frac{{1}}{{2}} \sum_i {e} \frac{{\partial}}{{\partial w_j}} {e} $$")
    assert (right.verdict, slip.verdict) == ("valid", "unknown")


@pytest.mark.parametrize("text, verdict", [
    # log is increasing: argmax unchanged (a false alarm when argmax·L was a product)
    (r"\operatorname*{argmax}_\theta L = \operatorname*{argmax}_\theta \log L", "unknown"),
    (r"\arg\min_w \sum_i (y_i - w x_i)^2 = \arg\min_w \sum_i (w x_i - y_i)^2", "valid"),
    (r"\max_\theta L = \max_\theta 2 L", "unknown"),
    (r"\max_\theta L = \arg\max_\theta L", "unknown"),
])
def test_an_optimum_is_equal_to_one_of_the_same_objective_and_never_refuted(text, verdict):
    [step] = check_text(f"$$ {text} $$\n", timeout=10).steps()
    assert step.verdict == verdict, step.reason


def test_a_step_true_with_log_to_another_base_is_a_reading_not_a_slip():
    text = (r"$$ f(x) = A \log x $$" "\n\n"
            r"$$ \frac{d f(x)}{d x} = \frac{A}{x \ln 10} $$" "\n\n"     # log₁₀: true
            r"$$ \frac{d f(x)}{d x} = \frac{2 A}{x \ln 10} $$" "\n")    # under no base
    first, second = steps(text)
    assert first.verdict == "unknown" and "base 10" in first.reason
    assert second.verdict == "invalid"


def test_a_value_with_indices_the_name_lacks_is_no_reading_of_it():
    # Σ_k ∂I/∂Q_k δ_ik = Σ_k ∂I/∂Q_i keeps a sum of n equal terms: a slip, not "I = δ_ik"
    text = (r"$$ Q_k = \sum_{m=1}^n W_{km} P_m + b_k $$" "\n\n"
            r"$$ \sum_{k=1}^n \frac{\partial I}{\partial Q_k} \delta_{ik} = "
            r"\sum_{k=1}^n \frac{\partial I}{\partial Q_i} $$" "\n")
    [step] = steps(text)
    assert step.verdict == "invalid", step.reason


def test_a_nabla_by_an_index_is_the_derivative_by_that_component():
    # seed 002: ∇_i S_j for S defined on one vector x, the step writing x_i: ∂S_j/∂x_i
    defined = (r"$$ S(x) = \begin{pmatrix} \frac{e^{x_1}}{\sum_{j=1}^n e^{x_j}} \\ \vdots \\"
               r" \frac{e^{x_n}}{\sum_{j=1}^n e^{x_j}} \end{pmatrix} \in \mathbb{R}^n $$"
               "\n\n")
    [right] = steps(defined + r"$$ \nabla_i S_j = \frac{\partial S_j}{\partial x_i} $$")
    assert right.verdict == "valid" and r"\partial/\partial {x}_{i}" in right.reading
    [value] = steps(defined + r"$$ \nabla_i S_j = \frac{\partial}{\partial x_i} \left("
                    r"\frac{e^{x_j}}{\sum_{k=1}^n e^{x_k}} \right) $$")
    assert value.verdict == "valid" and value.reading
    # false by the component too: never valid, and never invalid through a reading of ∇_i
    [wrong] = steps(defined + r"$$ \nabla_i S_j = \frac{\partial S_i}{\partial x_j} + x_i $$")
    assert wrong.verdict != "valid"
    # an index the step does not write as a component stays what it was
    [alone] = steps(defined + r"$$ \nabla_i S_j = S_j $$")
    assert alone.verdict != "valid" and not alone.reading


def test_the_entries_of_an_arrowed_vector_are_written_with_its_letter():
    # timattt: Q⃗ = W P⃗ + b⃗ and R⃗ = σ(Q⃗), then Q_i, R_i: its entries, σ entry by entry
    model = r"$$ \vec Q = W \vec P + \vec b $$" "\n\n" r"$$ \vec R = \sigma(\vec Q) $$" "\n\n"
    chain = (r"$$ \frac{\partial I}{\partial Q_i} = \frac{\partial I}{\partial R_i} "
             r"\frac{\partial R_i}{\partial Q_i} = \frac{\partial I}{\partial R_i} \sigma'(Q_i) $$"
             "\n\n" r"$$ \frac{\partial I}{\partial W_{ij}} = \sum_{k=1}^n \frac{\partial I}"
             r"{\partial Q_k} \frac{\partial Q_k}{\partial W_{ij}} = \frac{\partial I}"
             r"{\partial Q_i} P_j $$")
    assert [s.verdict for s in steps(model + chain)] == ["valid"] * 4
    slips = chain.replace(r"\sigma'(Q_i)", r"\sigma(Q_i)").replace(
        r"{\partial Q_i} P_j", r"{\partial Q_j} P_i")
    assert [s.verdict for s in steps(model + slips)] == ["valid", "invalid", "valid", "invalid"]
    # a plain Q defined on its own keeps its meaning
    own = r"$$ Q_i = 2 P_i $$" "\n\n" + model + r"$$ \frac{\partial Q_i}{\partial P_i} = 2 $$"
    assert [s.verdict for s in steps(own)] == ["valid"]


def test_a_condition_may_set_an_index_against_a_samples_label():
    # CS231n's softmax gradient: ∂L_i/∂f_k = p_k for k ≠ y_i, the label y_i an index
    defs = r"Let $p_k = \frac{e^{f_k}}{\sum_j e^{f_j}}$ and $L_i = -\log p_{y_i}$." "\n\n"
    right, case, prose, wrong = steps(
        defs + r"$$\frac{\partial L_i}{\partial f_k} = p_k, \quad k \neq y_i$$" "\n\n"
        r"$$\frac{\partial L_i}{\partial f_k} = p_k - 1, \quad k = y_i$$" "\n\n"
        r"For $k \neq y_i$:" "\n\n" r"$$\frac{\partial L_i}{\partial f_k} = p_k$$" "\n\n"
        r"$$\frac{\partial L_i}{\partial f_k} = -p_k, \quad k \neq y_i$$")
    assert [right.verdict, case.verdict, prose.verdict] == ["valid"] * 3
    assert wrong.verdict == "invalid"
    # a label that is a plain letter: k ≠ c
    [plain] = steps(r"Let $p_k = \frac{e^{f_k}}{\sum_j e^{f_j}}$ and $L = -\log p_c$." "\n\n"
                    r"$$\frac{\partial L}{\partial f_k} = p_k, \quad k \neq c$$")
    assert plain.verdict == "valid"


def test_a_law_stated_for_every_layer_l_holds_at_layer_L():
    # Nielsen: a^l_j = σ(z^l_j) for each layer l; the output layer's steps use a^L_j
    doc = (r"The activation is $a^l_j = \sigma(z^l_j)$. With the cross-entropy cost" "\n\n"
           r"$$C = -\sum_j \left[y_j \ln a^L_j + (1-y_j) \ln (1-a^L_j)\right]$$" "\n\n"
           r"$$\delta^L_j = \frac{\partial C}{\partial a^L_j} \sigma'(z^L_j) = "
           r"\frac{a^L_j - y_j}{a^L_j(1-a^L_j)} \sigma'(z^L_j) = a^L_j - y_j$$" "\n\n"
           r"$$\frac{a^L_j - y_j}{a^L_j(1-a^L_j)} \sigma'(z^L_j) = a^L_j + y_j$$")
    first, law, wrong = steps(doc)
    assert first.verdict == "valid"
    assert law.verdict == "valid" and "every layer l (line 1)" in law.reading
    assert wrong.verdict == "invalid"


def test_an_equation_for_a_name_is_no_definition_of_it():
    # solving the log-odds for p: p = a(1 − p) ⇔ p(1 + a) = a, p on both sides
    steps_ = steps(r"$$ p = a(1 - p) \;\Leftrightarrow\; p\,(1 + a) = a $$")
    assert all(s.verdict != "invalid" for s in steps_)


def test_a_new_entry_of_a_letter_is_a_new_quantity():
    # Newton's iterate θ_1 = θ_0 − f(θ_0)/f'(θ_0), written to name θ_1: with x written
    # only at numbers, x_1 is a name of its own, which the chain defines (no step)
    [block] = check_text(r"$$x_1 = x_0 + 1$$", timeout=10).derivations
    assert not block.steps and [d["name"] for d in block.definitions] == ["x_1"]
    # beside an x at a letter index, x_1 is x's entry: a step naming a new quantity
    [step] = steps(r"$$x_1 = x_0 + 1$$" "\n\n" r"$$y = \sum_k x_k$$")[:1]
    assert step.verdict == "unknown" and "x_{1}" in step.reason
    # an entry beside the same letter's other entries is about one x: a slip stays found
    wrong, right = steps(r"$$x_1 w_1 + x_2 w_2 = \sum_{k=1}^{2} x_k w_k + 1$$" "\n\n"
                         r"$$x_1 w_1 + x_2 w_2 = \sum_{k=1}^{2} x_k w_k$$")
    assert wrong.verdict == "invalid" and right.verdict == "valid"


def test_a_derivative_by_an_entry_beside_the_whole_vector_is_index_notation():
    # ∂(a^T x)/∂x_k = a_k: the matrix reading would take a_k for a vector of its own
    [step] = steps(r"$$\frac{\partial}{\partial x_k} (a^T x) = a_k$$")
    assert step.verdict != "invalid"


def test_a_hinge_by_cases_is_decided_under_each_rows_condition():
    doc = (r"Hinge: $h_i = \max(0, 1 - y_i \sum_{k=1}^{d} w_k x_{ik})$." "\n\n"
           r"$$\frac{\partial}{\partial w_j} \max\Bigl(0,\, 1 - y_i \sum_{k=1}^{d} w_k x_{ik}"
           r"\Bigr) = \begin{cases} -y_i x_{ij}, & \text{если } y_i \sum_{k=1}^{d} w_k x_{ik}"
           r" < 1, \\ 0, & \text{если } y_i \sum_{k=1}^{d} w_k x_{ik} > 1. \end{cases}$$")
    assert [s.verdict for s in steps(doc)] == ["valid", "valid"]
    assert [s.verdict for s in steps(doc.replace("-y_i x_{ij}", "-x_{ij}"))][0] == "invalid"


def test_entries_of_a_bracketed_matrix_name():
    doc = (r"Let $u_i = \sum_j (W_1)_{ij} x_j$." "\n\n"
           r"$$\frac{\partial u_i}{\partial (W_1)_{ij}} = x_j$$" "\n\n"
           r"$$\frac{\partial u_i}{\partial (W_1)_{ij}} = 2 x_j$$")
    assert [s.verdict for s in steps(doc)] == ["valid", "invalid"]


def test_an_update_rule_is_not_a_step_and_an_equation_is_not_an_identity():
    doc = (r"$$w = w - \alpha \frac{\partial J}{\partial w}$$" "\n\n"
           r"$$w_t = w_{t-1} + \gamma g_t$$" "\n\n" r"$$x = 2x - 1 + 1$$")
    [equation] = steps(doc)
    assert equation.verdict == "unknown" and "an equation for it" in equation.reason


def test_a_recurrence_relates_one_time_step_to_the_one_before_only_as_it_says():
    # h_t = tanh(w h_{t-1} + u x_t): never written into itself; ∂h_t/∂h_{t-1} is no 0
    doc = (r"The state is $h_t = \tanh(w h_{t-1} + u x_t)$." "\n\n"
           r"$$\frac{\partial h_t}{\partial h_{t-1}} = \left(1 - \tanh^2(w h_{t-1} + u x_t)"
           r"\right) w = \left(1 - h_t^2\right) w$$")
    assert all(s.verdict != "invalid" for s in steps(doc))


def test_a_letter_written_only_before_a_bracket_is_a_function():
    # rasbt's notebook: φ is never defined in a display, but always written φ(z), φ{(z)};
    # its derivative written out defines it, and the steps after use it as a function
    doc = (r"$$\frac{\partial}{\partial z} \phi(z) = \frac{\partial}{\partial z} "
           r"\frac{1}{1+e^{-z}} = \frac{e^{-z}}{(1+e^{-z})^2} = \phi(z)(1-\phi{(z)})$$" "\n\n"
           r"Then $$\frac{\partial}{\partial z} \phi(z) = \phi(z)\big(1-\phi(z)\big)$$")
    computed, written, again = steps(doc)
    assert [computed.verdict, written.verdict, again.verdict] == ["valid"] * 3
    # the same slip is still found, and a letter once bare (λ) keeps the product reading
    [slip] = steps(doc.replace(r"\big(1-\phi(z)\big)", r"\big(1+\phi(z)\big)"))[2:]
    assert slip.verdict == "invalid"
    [product] = steps(r"$$ \lambda(a + b) - \lambda b = \lambda a $$")
    assert product.verdict == "valid"


def test_a_prime_on_a_bracket_of_one_variable_is_its_derivative():
    # Russian notes: (1/(1 + e^{-z}))' — one variable, so no doubt which
    [right] = steps(r"$$ \left(\frac{1}{1+e^{-z}}\right)' = \frac{e^{-z}}{(1+e^{-z})^2} $$")
    assert right.verdict == "valid"
    [wrong] = steps(r"$$ \left(2\sigma(2z)-1\right)' = 2\sigma(2z)(1 - \sigma(2z)) $$")
    assert wrong.verdict == "invalid"
    [two] = steps(r"$$ (x y)' = y $$")
    assert two.verdict == "unparsed" and "more than one variable" in two.reason


def test_an_entrywise_product_is_not_the_matrix_product():
    # the scalar reading takes W_2 ⊙ W_1 for W_2 W_1: its `valid` cannot stand
    doc = (r"Let $W_1, W_2 \in \mathbb{R}^{d \times d}$, $h = W_1 x + b_1$, $y = W_2 h + b_2$."
           "\n\n" r"$$ \frac{\partial y}{\partial h} \, \frac{\partial h}{\partial x} "
           r"= W_2 \odot W_1 $$")
    assert [s.verdict for s in steps(doc)] != ["valid"]


def test_an_iterate_may_be_where_the_definitions_are_meant():
    # Newton's step: M_i = y_i w x_i defined in w, the step written at w^{(k)}
    doc = (r"$$ Q(w) = \sum_{i=1}^{n} \ln\left(1 + e^{-y_i w x_i}\right) $$" "\n\n"
           r"Let $M_i = y_i w x_i$." "\n\n"
           r"$$ w^{(k)} - \frac{Q'(w^{(k)})}{Q''(w^{(k)})} = w^{(k)} + \frac{\sum_{i=1}^{n} "
           r"y_i x_i \sigma(-M_i)}{\sum_{i=1}^{n} y_i^2 x_i^2 \sigma(M_i)\sigma(-M_i)} $$")
    [step] = steps(doc)
    assert step.verdict == "unknown" and "iterate" in step.reason


def test_a_step_that_writes_the_kronecker_delta_is_read_for_every_i_and_j():
    # δ_ij written covers both cases itself: the i = j reading is no excuse for p_i in
    # place of p_j
    doc = (r"$$ p_i = \frac{e^{z_i}}{\sum_{k=1}^{n} e^{z_k}} $$" "\n\n"
           r"$$ \frac{\partial p_i}{\partial z_j} = p_i \left(\delta_{ij} - p_j\right) $$"
           "\n\n"
           r"$$ \frac{\partial p_i}{\partial z_j} = p_i \left(\delta_{ij} - p_i\right) $$")
    right, wrong = steps(doc)
    assert right.verdict == "valid"
    assert wrong.verdict == "invalid"


def test_a_sum_with_no_bounds_runs_over_the_only_range_the_document_writes():
    # p_i defined with Σ_{k=1}^K, the step writing Σ_k: the same k = 1…K
    doc = (r"Let $p_i = \frac{e^{z_i}}{\sum_{k=1}^K e^{z_k}}$." "\n\n"
           r"$$ \frac{\partial \log p_i}{\partial z_j} = \delta_{ij} - "
           r"\frac{e^{z_j}}{\sum_k e^{z_k}} $$" "\n\n"
           r"$$ \frac{\partial \log p_i}{\partial z_j} = \delta_{ij} + "
           r"\frac{e^{z_j}}{\sum_k e^{z_k}} $$")
    right, wrong = steps(doc)
    assert right.verdict == "valid" and "1, \\dots, K" in right.reading
    assert wrong.verdict == "invalid"
    # a document that gives k two ranges: which one Σ_k means is not said
    both = doc.replace("Let $p_i", r"With $s = \sum_{k=1}^n x_k$, let $p_i")
    assert steps(both)[0].verdict == "unknown"
    # another index's range says nothing of k's (seed 001: Σ_{i=1}^N over samples, Σ_k
    # over weights)
    other = doc.replace(r"\sum_{k=1}^K", r"\sum_{k}").replace("Let $p_i", r"With "
                                                             r"$s = \sum_{i=1}^N x_i$, let $p_i")
    assert steps(other)[1].verdict == "invalid"


def test_a_gate_at_a_time_step_is_the_logistic_function():
    # σ(u_t): a gate at time step t; no softmax runs over time steps
    doc = (r"The forget gate is $f_t = \sigma(u_t)$." "\n\n"
           r"$$ \frac{\partial f_t}{\partial u_t} = \sigma(u_t) \left(1 - \sigma(u_t)\right)"
           r" = f_t (1 - f_t) $$")
    assert [s.verdict for s in steps(doc)] == ["valid", "valid"]


def test_a_letter_never_defined_before_a_bracket_is_read_as_a_function_too():
    # f(2x) = 2 f(x) holds with f times the bracket, not for a function f: never valid
    [step] = steps(r"$$ f(2x) = 2 f(x) $$")
    assert step.verdict == "unknown" and "times the bracket" in step.reading


def test_a_function_defined_nowhere_is_an_atom_to_confirm_a_proof_never_to_refute():
    # Var(w) with a fact about it (n Var(w) = 1): the proof is confirmed at points where
    # Var(w) is a number meeting the fact; Var(x + y) against Var(x) + Var(y) as unrelated
    # numbers is no counterexample (for independent x, y the step is true)
    fact = (r"So we need $n \operatorname{Var}(w) = 1$." "\n\n"
            r"$$ \sum_{i=1}^{n} \operatorname{Var}(w) \operatorname{Var}(x) = "
            r"n \operatorname{Var}(w) \operatorname{Var}(x) $$")
    assert [s.verdict for s in steps(fact)] == ["valid"]
    [sum_rule] = steps(r"For independent $x$ and $y$:" "\n\n"
                       r"$$ \operatorname{Var}(x + y) = \operatorname{Var}(x) + "
                       r"\operatorname{Var}(y) $$")
    # the words make x and y independent: the variance of the sum is the sum (moments)
    assert sum_rule.verdict == "valid" and "independent" in sum_rule.reason
    [unsaid] = steps(r"$$ \operatorname{Var}(x + y) = \operatorname{Var}(x) + "
                     r"\operatorname{Var}(y) $$")
    assert unsaid.verdict == "unknown"            # without them, Cov(x, y) may be anything


def test_a_gate_named_by_its_subscript_keeps_its_name():
    # f_t = σ(a_f): the f of a_f labels the forget gate; the name f_t is still defined
    doc = (r"The forget gate is $f_t = \sigma(a_f)$." "\n\n"
           r"$$ \frac{\partial f_t}{\partial a_f} = \sigma(a_f) (1 - \sigma(a_f)) $$" "\n\n"
           r"$$ \frac{\partial f_t}{\partial a_f} = \sigma(a_f) (1 + \sigma(a_f)) $$")
    assert [s.verdict for s in steps(doc)] == ["valid", "invalid"]


def test_a_definition_at_a_layers_label_holds_at_that_label_only():
    # z_{oi} = h_i + b_o: the output layer's z for each sample i — never the hidden z_{hi}
    doc = (r"With $z_{oi} = h_i + b_o$." "\n\n"
           r"$$ z_{oi} - b_o = h_i $$" "\n\n"
           r"$$ z_{hi} - b_h = h_i $$")
    own, other = steps(doc)
    assert own.verdict == "valid"
    assert other.verdict == "unknown"


def test_an_operator_applies_to_its_bracket_and_power_up_to_a_dot():
    # focal loss: d/dp (1 − p)^γ · ln p, the product rule written out
    doc = (r"$\mathrm{FL}(p) = -(1-p)^{\gamma}\ln p$" "\n\n"
           r"$$\mathrm{FL}'(p) = -\left[\frac{d}{dp}(1-p)^{\gamma}\cdot\ln p "
           r"+ (1-p)^{\gamma}\cdot\frac{1}{p}\right]$$")
    [step] = steps(doc)
    assert step.verdict == "unknown" and "bracket only" in step.reading


def test_a_function_is_applied_with_the_names_defined_in_its_argument():
    # GELU: g(x) = ½x(1 + tanh u), u a function of x: g' differentiates through u
    doc = (r"$g(x) = \frac{1}{2}x\left(1 + \tanh(u)\right)$ with "
           r"$u = \sqrt{\frac{2}{\pi}}\left(x + 0.044715x^3\right)$." "\n\n"
           r"$$g'(x) = \frac{1}{2}\left(1 + \tanh(u)\right) + \frac{1}{2}x"
           r"\left(1 - \tanh^2(u)\right)\frac{du}{dx}$$" "\n\n"
           r"$$g'(0) = \frac{1}{2}$$" "\n\n" r"$$g'(x) = \frac{1}{2}\left(1 + \tanh(u)\right)$$")
    out = [s.verdict for s in steps(doc)]
    assert out[-1] == "invalid" and set(out[:-1]) == {"valid"}


def test_a_free_index_runs_over_the_entries_a_sum_writes():
    # three classes: k ≠ j is one of 1, 2, 3, never a k = 5 outside the sum
    doc = (r"$a_j = \frac{e^{z_j}}{\sum_{k=1}^{3} e^{z_k}}$. For $k \neq j$:" "\n\n"
           r"$$\frac{\partial a_j}{\partial z_k} = -a_j a_k$$" "\n\n"
           r"$$\frac{\partial a_j}{\partial z_k} = -a_j a_j$$")
    assert [s.verdict for s in steps(doc)] == ["valid", "invalid"]


def test_a_chain_that_writes_its_name_into_itself_keeps_the_definition():
    # m = max_j z_j, then m = ln e^m ≤ ln Σ e^{z_j}: m is still the maximum
    doc = (r"Let $m = \max_j z_j$. Then" "\n\n"
           r"$$m = \ln e^{m} \leq \ln\sum_{j=1}^{n} e^{z_j} \leq \ln\left(n e^{m}\right) "
           r"= m + \ln n$$")
    assert "invalid" not in [s.verdict for s in steps(doc)]


def test_a_logarithm_of_a_quotient_written_as_it_is():
    [step] = steps(r"$$\log(1 - p) - \log p = \log\frac{1 - p}{p}$$")
    assert step.verdict == "valid"


def test_an_inner_product_beside_the_entries_of_its_vectors():
    # Russian course notes: ∂/∂w_j of ln(1 + e^{−y⟨w, x⟩}) beside x_j — index notation
    right = (r"$$\frac{\partial}{\partial w_j}\ln\left(1 + e^{-y\langle w, x\rangle}\right)"
             r" = \frac{-y x_j\, e^{-y\langle w, x\rangle}}{1 + e^{-y\langle w, x\rangle}}$$")
    [step] = steps(right)
    assert step.verdict == "valid" and "sum of products" in step.reading
    [wrong] = steps(right.replace("{-y x_j", "{y x_j"))
    assert wrong.verdict == "invalid"
    rows = (r"$Q(w) = \frac{1}{\ell}\sum_{i=1}^{\ell}\ln(1 + e^{-y_i\langle w, x_i\rangle})$"
            "\n\n" r"$$\frac{\partial Q}{\partial w_j} = -\frac{1}{\ell}\sum_{i=1}^{\ell} "
            r"y_i x_{ij}\,\sigma(-y_i\langle w, x_i\rangle)$$")
    assert [s.verdict for s in steps(rows)] == ["valid"]


def test_a_component_of_a_named_function_of_a_plain_vector():
    doc = (r"$$\frac{\partial}{\partial z_k} \ln \sum_{j=1}^n e^{z_j} = "
           r"\frac{e^{z_k}}{\sum_{j=1}^n e^{z_j}} = \mathrm{softmax}(z)_k$$")
    assert [s.verdict for s in steps(doc)] == ["valid", "valid"]


def test_kroneckers_delta_at_other_index_letters():
    # δ_{ab} in a policy gradient: the delta, and a step that writes it covers both cases
    doc = (r"$\pi_a = \frac{\exp(\theta_a)}{\sum_{c=1}^K \exp(\theta_c)}$" "\n\n"
           r"$$\frac{\partial \log \pi_a}{\partial \theta_b} = \delta_{ab} - \pi_b$$" "\n\n"
           r"$$\frac{\partial \log \pi_a}{\partial \theta_b} = \delta_{ab} - \pi_a$$")
    assert [s.verdict for s in steps(doc)] == ["valid", "invalid"]


def test_a_density_written_p_of_x_is_read_as_a_function_too():
    # a = p(x), b = q(x) (densities): p·x could be negative, a density value cannot
    doc = (r"Write $a = p(x)$, $b = q(x)$ for the densities at $x$ and maximise" "\n\n"
           r"$$f(D) = a\log D + b\log(1 - D)$$" "\n\n"
           r"$$\frac{d^2 f}{d D^2} = -\frac{a}{D^2} - \frac{b}{(1 - D)^2} < 0$$")
    first, step = steps(doc)
    assert first.verdict == "valid"
    assert step.verdict == "unknown" and "p, q as a function" in step.reading


def test_absolute_values_inside_a_bracket_are_no_conditional():
    # Huber: δ(|r| − δ/2) is δ times the bracket, not a probability δ( · | · )
    doc = (r"With $\delta = 1$:" "\n\n"
           r"$$L_\delta(r) = \begin{cases} \frac{1}{2} r^2, & |r| \le \delta \\ "
           r"\delta\left(|r| - \frac{1}{2}\delta\right), & |r| > \delta \end{cases}$$" "\n\n"
           r"$$L_\delta(-2) = 1 \cdot \left(2 - \frac{1}{2}\right)$$" "\n\n"
           r"$$L_\delta(3) = \frac{1}{2} \cdot 3^2$$")
    assert [s.verdict for s in steps(doc)] == ["valid", "invalid"]


def test_a_capital_before_a_bracket_defined_nowhere_is_read_as_a_function_too():
    # ln L(λ) = Σ ln(λ^{x_i} e^{-λ}/x_i!): L is the likelihood, no number times λ; the
    # step defines nothing derive reads, so it is not refuted — and a slip in the sum after
    # it is still found
    doc = (r"$$\ln L(\lambda) = \sum_{i=1}^{n}\ln\frac{\lambda^{x_i}e^{-\lambda}}{x_i!}"
           r" = \sum_{i=1}^{n}\left(x_i\ln\lambda - \lambda - \ln x_i!\right)"
           r" = \ln\lambda\sum_{i=1}^{n}x_i - \lambda - \sum_{i=1}^{n}\ln x_i!$$")
    out = check_text(doc, timeout=10).steps()
    assert [s.verdict for s in out] == ["unknown", "valid", "invalid"]
    assert "L as a function" in out[0].reading


def test_an_indicator_is_no_unknown_function():
    # I(z_2 > 0) with z_2 = −1 is 0: the wrong case of ReLU's derivative stays a slip
    doc = (r"$$z_2 = 1 \cdot 1 + 1 \cdot (-2) = -1$$" "\n\n"
           r"$$0.3 \cdot I(z_2 > 0) = 0.3 \cdot 1$$")
    assert [s.verdict for s in steps(doc)] == ["valid", "invalid"]   # z_2 defined, then


def test_a_variance_or_expectation_with_its_square_bracket_is_one_quantity():
    # `\mathrm{Var}[h] = Σ …` defines the variance of h, no function Var(·) of anything;
    # `E[X]` is the expectation, never E times X
    doc = (r"$$\mathrm{Var}[\tilde{a}] = \frac{a^2}{p} - a^2,\qquad "
           r"\mathrm{Var}[h] = \sum_{i=1}^n w_i^2 a_i^2 .$$" "\n\n"
           r"With $p = 0.8$ and $a = 2$:" "\n" r"$$\mathrm{Var}[\tilde{a}] = 5 - 4 = 1$$")
    out = check_text(doc, timeout=10).steps()
    assert [s.verdict for s in out][-2:] == ["valid", "valid"]
    slip = doc.replace("= 5 - 4 = 1", "= 5 - 2 = 3")
    assert [s.verdict for s in check_text(slip, timeout=10).steps()][-2] == "invalid"
    [step] = check_text(r"$$\mathrm{Var}[X] = E[X^2] - E[X]^2 = 0$$", timeout=10).steps()[-1:]
    assert step.verdict != "valid"                  # E[X²] − E[X]² is no 0 read as E·X²


def test_an_upright_e_is_the_expectation_and_a_boxed_answer_is_read():
    # `\mathsf{E}Y = 2\,\mathsf{E}X + 3` beside Y = 2X + 3 is no E·Y (which refuted it)
    # (and the expectation is linear: valid, whatever X is)
    doc = r"Для $Y = 2X + 3$:" "\n\n" r"$$\mathsf{E}Y = 2\,\mathsf{E}X + 3$$"
    assert [s.verdict for s in steps(doc)] == ["valid"]
    assert [s.verdict for s in steps(doc.replace(r"\mathsf{E}", r"\mathsf{M}"))] == ["valid"]
    assert [s.verdict for s in steps(doc.replace("+ 3$$", "+ 2$$"))] == ["invalid"]
    boxed = r"$$\boxed{(x^2 e^x)' = 2x e^x + x^2 e^x} \qquad \blacksquare$$"
    assert [s.verdict for s in steps(boxed)] == ["valid"]
    assert [s.verdict for s in steps(boxed.replace("2x e^x +", "x e^x +"))] == ["invalid"]


def test_a_defined_name_written_with_its_argument_is_the_name():
    # `where u = …(x)`, then g(x) = ½ x (1 + tanh u(x)): u(x) is u with its dependence on x
    # written, never u times x (the GELU page's g'(1) was refuted as x·tanh(u))
    doc = ("Let $u = x^2 + 1$ and let $g(x) = \\tanh u(x)$.\n\n"
           "$$ g'(x) = (1 - \\tanh^2 u) \\cdot 2x $$\n\n"
           "Let $h(x) = 3 u(x)$.\n\n$$ h'(x) = 6x $$\n\n$$ h'(x) = 6x^2 $$")
    outer, inner, wrong = steps(doc)
    assert outer.verdict == "valid" and inner.verdict == "valid"
    assert wrong.verdict == "invalid"
    # a bracket that is not the variables u is made of stays a product: u(1 − u)
    [product] = steps("Let $u = x^2$.\n\n$$ u(1 - u) = x^2 - x^4 $$")
    assert product.verdict == "valid"


def test_a_bare_sigma_differentiated_is_the_logistic_function_the_document_applies():
    # `\hat y = \sigma(z)` in the words, then dσ/dz = σ(1 − σ): σ at the variable of d/dz
    doc = ("Here $\\hat y = \\sigma(z)$ is the logistic function of $z$.\n\n"
           "$$ \\frac{d\\sigma}{dz} = \\sigma(1 - \\sigma) $$\n\n"
           "$$ \\frac{d\\sigma}{dz} = \\sigma(z)(1 + \\sigma(z)) $$")
    bare, wrong = steps(doc)
    assert bare.verdict == "valid" and wrong.verdict == "invalid"
    # σ a standard deviation (never applied): no function to read it as
    [free] = steps("Let $s = \\sigma^2$.\n\n$$ \\frac{d\\sigma}{dz} = \\sigma(1 - \\sigma) $$")
    assert free.verdict != "valid"


def test_a_quantity_defined_in_bits_restated_in_nats_is_another_unit():
    doc = ("### Задание 1\n\n$$ H(p, q) = -\\sum_{i=1}^{n} p_i \\log_2 q_i $$\n\n"
           "### Задание 2\n\n$$ -\\sum_{i=1}^{n} p_i \\ln q_i = H(p, q) $$\n\n"
           "$$ -\\sum_{i=1}^{n} p_i \\ln p_i = H(p, q) $$")
    units, wrong = steps(doc)
    assert units.verdict == "unknown" and "nats" in units.reason
    assert wrong.verdict == "invalid"          # false in any unit


LAYERS = r"""
A single neuron: $a = \tanh(z)$ with $z = wx + b$ and $C = (a - y)^2/2$.

$$ \frac{\partial C}{\partial w} = (a - y) \tanh'(z) x = (a - y)(1 - a^2) x $$

A network of two layers, with $x$ its input:

$$ z^1 = w^1 x + b^1, \qquad a^1 = \sigma(z^1), \qquad z^2 = w^2 a^1 + b^2, \qquad a^2 = \sigma(z^2) $$

$$ \frac{\partial a^2}{\partial b^2} = \sigma'(z^2) = a^2 (1 - a^2) $$

$$ \frac{\partial a^2}{\partial b^1} = \sigma'(z^2) w^2 \sigma'(z^1) = a^2 (1 + a^2) w^2 a^1 (1 - a^1) $$
"""


def test_a_number_above_a_letter_the_page_writes_at_layer_one_is_a_layer():
    # Nielsen-style z^1, z^2: layers, in the displays that write a layer-1 name; the single
    # neuron's 1 - a^2 above them is still a power. A display of layer 2 alone, on a page
    # that also defines a plain a, is read both ways: never invalid where the layers hold
    got = check_text(LAYERS, timeout=10)
    assert [s.verdict for s in got.steps()] == ["valid", "valid", "unknown", "unknown",
                                               "valid", "invalid"]
    assert "layer's label" in got.steps()[3].reading
    assert {d["name"] for b in got.to_json()["derivations"] for d in b.get("definitions", [])} \
        >= {"z^1", "a^2"}


def test_a_function_the_page_never_writes_bare_is_only_ever_applied():
    # σ(z) = 1/(1 + e^{−z}) and σ(…) everywhere after: σ(z_i) is σ's value, never σ times z_i,
    # so a dropped minus is found (where σ' or σ stands bare, both readings stay open)
    doc = (r"Пусть метки $y_i \in \{-1, +1\}$, а $\sigma(z) = \frac{1}{1 + e^{-z}}$." "\n\n"
           r"$$ -\frac{1}{\ell} \sum_{i=1}^{\ell} y_i \sigma(-y_i z_i) x_i = \frac{1}{\ell} "
           r"\sum_{i=1}^{\ell} ([y_i = +1] - \sigma(z_i)) x_i $$" "\n")
    [step] = steps(doc)
    assert step.verdict == "invalid"


def test_a_unit_to_a_power_after_a_number_is_no_exponent():
    # `\frac{1}{3}\ \text{мин}^{-1}`: a rate per minute, never (1/3)^{-1} = 3
    doc = (r"$$ \hat\lambda = \frac{4}{12} = \frac{1}{3}\ \text{мин}^{-1}. $$")
    assert [s.verdict for s in steps(doc)] == ["valid"]
    assert [s.verdict for s in steps(doc.replace(r"\frac{1}{3}\ ", r"\frac{1}{4}\ "))] \
        == ["invalid"]


ENTROPY_IN_BITS = (
    "Entropy $H(p) = -\\sum_i p_i \\log p_i$, and for a softmax model $q_i = e^{\\theta_i} / "
    "\\sum_k e^{\\theta_k}$.\n\nBASE Take $p = \\left(\\tfrac12, \\tfrac14, \\tfrac14\\right)$:\n\n"
    r"$$ \tfrac12 + \tfrac14 \cdot 2 + \tfrac14 \cdot 2 = \tfrac32 = H(p) $$" "\n\n"
    r"$$ \log q_i = \theta_i - \log \sum_k e^{\theta_k} $$")


def test_log_to_base_2_where_the_words_say_so_is_a_reading_of_the_steps_it_makes_true():
    # an example in bits beside a derivation in nats, as Q&A answers write them: each
    # step read with the base that makes it hold where the words name base 2
    said = steps(ENTROPY_IN_BITS.replace("BASE", "Logs base 2, so everything is in bits."))
    assert [s.verdict for s in said] == ["valid", "valid", "valid"]
    assert "base 2" in said[1].reading and "base 2" not in said[2].reading
    # unsaid, 3/2 = H(p) is false in nats; said, a slip in bits is still one
    assert steps(ENTROPY_IN_BITS.replace("BASE", ""))[1].verdict != "valid"
    slip = ENTROPY_IN_BITS.replace("BASE", "Logs base 2.").replace(r"\tfrac32 = H(p)",
                                                                    r"\tfrac32 = 2H(p)")
    assert steps(slip)[1].verdict == "invalid"


ATTENTION = (r"A single score is $q\cdot k = \sum_{i=1}^d q_i k_i$. The entries "
             r"$q_1,\dots,q_d,k_1,\dots,k_d$ are mutually independent, each with mean $0$ and "
             r"variance $1$." "\n\n")


def test_a_dot_between_two_vectors_the_page_sums_is_their_dot_product():
    # q·k beside Σ_{i=1}^d q_i k_i: the sum over the page's range, never the product of
    # two numbers q and k (Var(qk) = 1 would make Σ_i Var(q_i k_i) = d a false alarm)
    out = steps(ATTENTION + r"$$\operatorname{Var}(q\cdot k) = \sum_{i=1}^d "
                r"\operatorname{Var}(q_i k_i) = d$$" "\n\n"
                r"$$\operatorname{Var}\Big(\frac{q\cdot k}{\sqrt{d}}\Big) = "
                r"\frac{1}{d}\operatorname{Var}(q\cdot k) = 1$$")
    assert [s.verdict for s in out] == ["valid"] * 4, [(s.verdict, s.reason) for s in out]
    assert out[0].lhs == r"\operatorname{Var}(q\cdot k)"          # the step as written
    slip = steps(ATTENTION + r"$$\operatorname{Var}(q\cdot k) = d^2$$")
    assert [s.verdict for s in slip] == ["invalid"]
    # with no sum of their entries on the page, q and k stay whatever they are
    alone = steps(r"Let $q = 2$ and $k = 3$." "\n\n" r"$$q\cdot k = 6$$")
    assert [s.verdict for s in alone] == ["valid"]


def test_a_name_with_a_label_written_only_before_brackets_is_a_function():
    # γ_1(x) := … then γ_1(0), γ_1(2): the first component's function at 0 and 2, never
    # γ_1 times 0 (which made a correct value a false alarm)
    head = r"The first component's share is $\gamma_1(x) := \frac{1}{1 + e^{-x}}$." "\n\n"
    out = steps(head + r"$$\gamma_1(0) = \frac{1}{2}, \qquad \gamma_1(2) = "
                r"\frac{1}{1 + e^{-2}}$$")
    assert [s.verdict for s in out] == ["valid", "valid"], [(s.verdict, s.reason) for s in out]
    slip = steps(head + r"$$\gamma_1(2) = \frac{1}{1 + e^{2}}$$")
    assert [s.verdict for s in slip] == ["invalid"]
    # written bare too (1 − γ_1, a vector of its values), the name keeps its usual reading
    from derive.latex.blocks import read_document
    assert read_document(head + r"$$\gamma_1(2) = 0.88$$").labelled_functions() \
        == {("gamma", "1")}
    assert not read_document(head + r"$$\gamma_1(2) = 1 - \gamma_2$$ and "
                             r"$\gamma_1 \approx (0.5, 0.88)$").labelled_functions()


def test_a_log_without_brackets_may_take_its_whole_product_term():
    # log of a Gaussian density written \log\frac{1}{\sqrt{2\pi\sigma^2}}\exp(…): the log of
    # the product, or (as read) the log of the fraction times the exponential
    density = (r"\log\frac{1}{\sqrt{2\pi\sigma^2}}\exp\Bigl(-\frac{(z-\mu)^2}{2\sigma^2}\Bigr) "
               r"= -\tfrac12\log(2\pi) - \tfrac12\log\sigma^2 {sign} \frac{(z-\mu)^2}{2\sigma^2}")
    [step] = steps("$$" + density.replace("{sign}", "-") + "$$")
    assert step.verdict == "unknown" and "whole product term" in step.reading
    [wrong] = steps("$$" + density.replace("{sign}", "+") + "$$")
    assert wrong.verdict == "invalid"
    [product] = steps(r"$$ \ln x y + \ln z = \ln x + \ln y + \ln z $$")
    assert product.verdict == "unknown" and "log(ab)" in product.reading
    # a log with its brackets written has one reading
    [bracketed] = steps(r"$$ \ln(x) y = \ln x + \ln y $$")
    assert bracketed.verdict == "invalid"


def test_a_letter_applied_in_a_definition_the_step_uses_may_be_a_function():
    # r_1 = f(1), r_0 = f(0) with f a reward: f's values, or f times 1 and f times 0 —
    # as read, r_1 − r_0 = f, and the example's 2 − (−1) = 3 a false alarm
    page = (r"Let $a$ be an action and $f(a)$ a reward. The objective is $J(\theta) = "
            r"\sum_a p(a\mid\theta)\,f(a)$." "\n\n"
            r"With $\pi = \sigma(\theta)$, write $r_1 = f(1)$ and $r_0 = f(0)$. Directly,"
            "\n\n" r"$$J(\theta) = \pi r_1 + (1 - \pi) r_0$$" "\n\n"
            r"Take $\theta = 0.4$, reward $r_1 = 2$ and $r_0 = -1$. Then $\pi = 0.5987$."
            "\n\n" r"$$\frac{dJ}{d\theta} = \pi(1 - \pi)(r_1 - r_0) = 0.5987\cdot 0.4013"
            r"\cdot 3$$" "\n")
    step = steps(page)[-1]
    assert step.verdict == "unknown" and "f as a function" in step.reading
