"""Definitions and conditions made in the prose, read as a display is read: `\\text{for}`,
`\\quad` and thin spaces end an equation there too."""
from derive.check import check_text
from derive.latex.chains import chains_of


def verdicts(text):
    return [s.verdict for s in check_text(text, timeout=10).steps()]


def test_a_prose_definition_ends_where_its_range_begins():
    # a softmax Jacobian as a textbook writes it: Σ_C defined inline, "for c = 1 ⋯ C" after
    prose = (r"If we define $\Sigma_C = \sum_{d=1}^C e^{z_d} \, \text{for} \; c = 1 \cdots C$ "
             r"so that $y_c = e^{z_c} / \Sigma_C$, then" "\n\n")
    right = (r"$$ \frac{\partial \frac{e^{z_i}}{\Sigma_C}}{\partial z_i} = "
             r"\frac{e^{z_i}\Sigma_C - e^{z_i}e^{z_i}}{\Sigma_C^2} = y_i (1 - y_i) $$")
    assert verdicts(prose + right) == ["valid", "valid"]
    wrong = right.replace(r"= y_i (1 - y_i)", r"= y_i (1 + y_i)")
    assert verdicts(prose + wrong) == ["valid", "invalid"]


def test_an_index_range_after_an_equation_is_not_an_equation():
    for text in (r"x_k = 2k, \quad k = 1, \ldots, K", r"y_c = e^{z_c} \text{ for } c = 1 \cdots C",
                 r"a_i = b_i \; \text{for} \; i = 1..n"):
        assert [c.text.split("=")[0].strip() for c in chains_of(text)] == [text.split("=")[0].strip()]


def test_a_thin_space_at_the_end_is_not_a_stray_backslash():
    [chain] = chains_of(r"\Sigma = \sum_d e^{z_d} \,")
    assert chain.text == r"\Sigma = \sum_d e^{z_d}"
    [chain] = chains_of(r"a = b \\ &= c")
    assert chain.text.split() == ["a", "=", "b", "=", "c"]


def test_prose_that_explains_the_display_above_it_defines_for_it():
    # "where $y = σ(z)$ is the output": said just below the display, meant for it
    right = (r"$$ \frac{\partial y}{\partial z} = \sigma(z)(1 - \sigma(z)) = y (1 - y) $$"
             "\n\n" r"Where $y = \sigma(z)$ is the output of the neuron." "\n")
    assert verdicts(right) == ["valid", "valid"]
    assert verdicts(right.replace("y (1 - y) $$", "y (1 + y) $$")) == ["valid", "invalid"]
    # Russian, and the name on the right: "здесь учли, что $σ(z) = a$"
    ru = (r"$$ \frac{\partial a}{\partial z} = a (1 - a) $$" "\n\n"
          r"Здесь учли, что $\sigma(z) = a$." "\n")
    assert verdicts(ru) == ["valid"]
    # prose that does not open by explaining is for the displays after it only
    later = (r"$$ \frac{\partial y}{\partial z} = y (1 - y) $$" "\n\n"
             r"Now let $y = \sigma(z)$." "\n\n" r"$$ \frac{\partial y}{\partial z} = y (1 - y) $$")
    assert verdicts(later) == ["unknown", "valid"]


def test_a_name_used_by_its_derivative_is_defined_for_its_section():
    # `∂y/∂z = ∂σ(z)/∂z` with y never defined: the writer puts y's meaning in its place
    doc = (r"$$ \frac{\partial y}{\partial z} = \frac{\partial \sigma(z)}{\partial z} "
           r"= \sigma(z)(1 - \sigma(z)) = y (1 - y) $$")
    result = check_text(doc, timeout=10)
    assert [s.verdict for s in result.steps()] == ["valid", "valid"]
    assert result.derivations[0].definitions[0]["name"] == "y"
    assert verdicts(doc.replace("y (1 - y) $$", "y (1 + y) $$")) == ["valid", "invalid"]
    # indexed: p_i is the softmax of a, for the section it is written in
    softmax = (r"## Softmax" "\n\n"
               r"$$ \frac{\partial p_i}{\partial a_j} = \frac{\partial \frac{e^{a_i}}"
               r"{\sum_{k=1}^N e^{a_k}}}{\partial a_j} $$" "\n\n"
               r"$$ \frac{e^{a_i}}{\sum_{k=1}^N e^{a_k}} = p_i $$" "\n\n"
               r"## Another section" "\n\n"
               r"$$ \frac{e^{a_i}}{\sum_{k=1}^N e^{a_k}} = p_i $$")
    assert verdicts(softmax) == ["valid", "unknown"]       # p is undefined there again


def test_a_function_used_by_its_derivative_is_defined_too():
    # rasbt: `∂/∂z φ(z) = ∂/∂z 1/(1+e^{−z})` with φ never defined: φ is that function
    doc = (r"$$ \frac{\partial}{\partial z} \phi(z) = \frac{\partial}{{\partial z}} "
           r"\frac{1}{1+e^{-z}} = \frac{e^{-z}}{(1 + e^{-z})^{2}} $$" "\n\n"
           r"$$ \frac{1}{1+e^{-z}} \left(1 - \frac{1}{1+e^{-z}}\right) = \phi(z)(1-\phi(z)) $$")
    result = check_text(doc, timeout=10)
    assert [s.verdict for s in result.steps()] == ["valid", "valid"]
    assert result.derivations[0].definitions[0]["name"] == r"\phi{\left(z \right)}"
    assert verdicts(doc.replace("(1-\\phi(z))", "(1+\\phi(z))")) == ["valid", "invalid"]
    assert verdicts(doc.replace("{(1 + e^{-z})^{2}}", "{1 + e^{-z}}"))[0] == "invalid"
    # φ at another argument than the one differentiated by names no function
    other = (r"$$ \frac{\partial}{\partial z} \phi(2z) = \frac{\partial}{\partial z} "
             r"\frac{1}{1+e^{-z}} $$")
    assert check_text(other, timeout=10).derivations[0].definitions == []


def test_a_definition_whose_index_also_bounds_its_sum_is_not_taken():
    # the task's f_K = e^{s_K} / Σ_{L=1}^K e^{s_L}: K the entry and the count at once
    text = ("softmax: $f_K(s_1, s_2, \\dots, s_K) = \\frac{e^{s_K}}{\\sum_{L=1}^K e^{s_L}}$\n\n"
            "$$ \\frac{\\partial f_K}{\\partial s_L} = f_K (I(k=L) - f_L) $$\n")
    [step] = [s for b in check_text(text, timeout=5).derivations for s in b.steps]
    assert step.verdict == "unknown"


def test_a_function_written_on_one_samples_entries_is_a_function_of_two_names():
    # a loss per sample, ξ(t_i, y_i) = …: ξ of two plain arguments, used at any sample
    text = ("$$\\xi(t_i,y_i) = - \\left[ t_i \\log(y_i) + (1-t_i)\\log(1-y_i) \\right]$$\n\n"
            "$$\\frac{\\partial \\xi(t_i, y_i)}{\\partial y_i} = -\\frac{t_i}{y_i}"
            " + \\frac{1-t_i}{1-y_i} = \\frac{y_i - t_i}{y_i(1-y_i)}$$\n\n"
            "$$\\frac{\\partial \\xi(t_k, y_k)}{\\partial y_k} = \\frac{t_k - y_k}{y_k(1-y_k)}$$\n")
    result = check_text(text, timeout=10)
    assert result.derivations[0].definitions and not result.derivations[0].steps
    assert verdicts(text) == ["valid", "valid", "invalid"]
    # the sample's index elsewhere in the body (b_i): no function of t_i and y_i alone
    loose = ("$$g(x_i, w_i) = x_i w_i + b_i$$\n\n"
             "$$\\frac{\\partial g(x_k, w_k)}{\\partial x_k} = w_k + 1$$\n")
    assert verdicts(loose) != ["invalid"]


def test_a_derivative_an_earlier_display_states_is_used_by_the_steps_after_it():
    # ξ is defined nowhere: ∂ξ/∂y = … cannot be checked, but the writer brings it together
    doc = (r"$$\frac{\partial \xi}{\partial y} = \frac{y - t}{y (1 - y)}$$" "\n\n"
           r"Where $y = \sigma(z)$." "\n\n"
           r"$$\frac{\partial \xi}{\partial y} \frac{\partial y}{\partial z} = "
           r"\frac{y - t}{y (1 - y)} \cdot y (1 - y) = y - t$$" "\n\n"
           r"$$\frac{\partial \xi}{\partial y} \frac{\partial y}{\partial z} = y + t$$")
    result = check_text(doc, timeout=10)
    stated, used, algebra, against = result.steps()
    assert stated.verdict == "unknown"                       # still not checked itself
    assert result.derivations[0].given                       # reported as given
    assert used.verdict == "valid" and "stated earlier" in used.reading
    assert algebra.verdict == "valid"
    # false against the stated value: that display or this step is the slip — unknown
    assert against.verdict == "unknown"


def test_a_restatement_that_drops_a_label_is_no_new_definition():
    # seed 000 blocks 3 and 24: z^L restated with w^L written w — a slip of notation; z
    # keeps its meaning, so ∂z^L/∂w^L is still decided by it
    doc = (r"$$z_j^L = \sum_{k=1}^m w_{jk}^L a_k^{L-1} + b_j^L$$" "\n\nSome text.\n\n"
           r"$$z_j^L = \sum_{k=1}^m w_{jk} a_k^{L-1} + b_j^L$$" "\n\n"
           r"$$\frac{\partial z_i^L}{\partial w_{ik}^L} = a_k^{L-1}$$")
    result = check_text(doc, timeout=10)
    restated, derivative = result.steps()
    assert restated.verdict == "unknown" and not result.derivations[1].definitions
    assert derivative.verdict == "valid"
    # a restatement with another meaning is still a new definition
    other = doc.replace(r"w_{jk} a_k^{L-1} + b_j^L$$", r"v_{jk} a_k^{L-1} + b_j^L$$")
    assert check_text(other, timeout=10).derivations[1].definitions


def test_a_restatement_with_more_indices_than_the_definition_is_checked_as_any():
    # δ_h defined with one index, then δ_{hij} restated: another object, never a crash
    doc = (r"$$\delta_h = \frac{\partial \xi}{\partial z_h}$$" "\n\nText.\n\n"
           r"$$\delta_{hij} = \frac{\partial \xi}{\partial z_{hij}} = "
           r"\frac{\partial \xi}{\partial z_{hij}}$$")
    result = check_text(doc, timeout=10)
    assert all("failed" not in s.reason for s in result.steps())


def test_a_derivative_stated_in_the_prose_is_used_by_the_steps_after_it():
    # peterroelants: "since the derivative of the logistic function is ∂y/∂z = y(1 − y):"
    doc = ("since the derivative is ${\\partial y}/{\\partial z} =  y (1-y)$:\n\n"
           r"$$ \frac{\partial y}{\partial z} \frac{y-t}{y(1-y)} = y-t $$" "\n\n"
           r"$$ \frac{\partial y}{\partial z} \frac{y-t}{y(1-y)} = 1-t $$")
    right, wrong = check_text(doc, timeout=10).steps()
    assert right.verdict == "valid" and "stated earlier" in right.reading
    assert wrong.verdict == "unknown"     # false against what the prose states: either slipped


def test_a_decorated_letter_names_a_function_as_a_plain_one_does():
    # Vorontsov's margin loss: \mathcal{L}(M) = log(1 + e^{-M}), then its derivative
    text = ("$$\\mathcal{L}(M) = \\log(1 + e^{-M})$$\n\n"
            "$$\\mathcal{L}'(M) = -\\frac{e^{-M}}{1 + e^{-M}}$$\n\n"
            "$$\\mathcal{L}'(M) = \\frac{e^{-M}}{1 + e^{-M}}$$\n")
    assert verdicts(text) == ["valid", "invalid"]


def test_a_name_the_step_differentiates_by_is_a_variable_whatever_it_is_defined_as():
    # the margin M_i(w) defined in the prose; d/dM e^{-M} differentiates by M itself
    text = ("Отступ $M_i(w) = y_i\\langle w, x_i\\rangle$.\n\n"
            "$$\\frac{d}{dM}e^{-M} = -e^{-M}$$\n\n$$\\frac{d}{dM}e^{-M} = e^{-M}$$\n")
    assert verdicts(text) == ["valid", "invalid"]


def test_an_aligned_block_without_dollars_is_a_display():
    text = ("\\begin{aligned}\n\\frac{d}{dx} e^{2x} &= 2e^{2x} \\\\\n&= 3e^{2x}\n"
            "\\end{aligned}\n")
    assert verdicts(text) == ["valid", "invalid"]


def test_a_name_for_a_derivative_of_an_undefined_loss_is_that_unknown_derivative():
    # Nielsen / a seminar: δ_k defined in the prose as ∂L/∂z_k, L a loss defined nowhere
    text = ("Let $z_k = \\sum_j W_{kj} x_j + b_k$. Define $\\delta_k = "
            "\\frac{\\partial L}{\\partial z_k}$.\n\n"
            "$$\\frac{\\partial L}{\\partial W_{ij}} = \\sum_k \\frac{\\partial L}{\\partial z_k}"
            "\\frac{\\partial z_k}{\\partial W_{ij}} = \\sum_k \\delta_k [k = i] x_j"
            " = \\delta_i x_j$$\n\n"
            "$$\\frac{\\partial L}{\\partial b_i} = \\sum_k \\delta_k \\frac{\\partial z_k}"
            "{\\partial b_i} = 2\\delta_i$$\n")
    assert verdicts(text) == ["valid", "valid", "valid", "valid", "invalid"]


def test_a_derivative_at_a_point_written_with_an_evaluation_bar():
    text = ("$$\\left.\\frac{d}{dz}\\sigma(z)\\right|_{z=0} = \\sigma(0)(1-\\sigma(0))"
            " = \\frac{1}{4}$$\n\n$$\\left.\\frac{d}{dz}\\sigma(z)\\right|_{z=0} = \\frac{1}{2}$$\n")
    assert verdicts(text) == ["valid", "valid", "invalid"]


def test_a_name_given_a_new_formula_in_the_words_means_that_from_there_on():
    # three examples on one page, each opening "Пусть $L(y, z) = …$" (no headings between)
    doc = ("Для $L(y, z) = \\frac{1}{2}(z - y)^2$ имеем\n\n"
           r"$$ -\frac{\partial L}{\partial z} = y - z $$" "\n\n"
           "Пусть $L(y, z) = \\ln(1 + e^{-yz})$. Тогда\n\n"
           r"$$ -\frac{\partial L}{\partial z} = \frac{y e^{-yz}}{1 + e^{-yz}} $$" "\n\n"
           r"$$ -\frac{\partial L}{\partial z} = \frac{y}{1 + e^{-yz}} $$")
    assert verdicts(doc) == ["valid", "valid", "invalid"]
    # a number in the words is an example's value, never the name's new meaning
    example = (r"Let $h = a z$." "\n\n" r"$$ \frac{\partial h}{\partial z} = a $$" "\n\n"
               r"At the point shown, $h = 5$." "\n\n" r"$$ \frac{\partial h}{\partial z} = a $$")
    assert verdicts(example) == ["valid", "valid"]


def test_a_fact_about_a_masks_values_restricts_the_counterexamples():
    # "r_j^2 = r_j" is a fact, not r_j's definition (written into itself, r_j^4096); no
    # counterexample may break it, and r_j² is r_j where a step writes it
    doc = ("Since $r_j^2 = r_j$ for a Bernoulli variable, and with $\\tilde{h}_j = r_j h_j / p$,"
           "\n\n" r"$$ \frac{\partial \tilde{h}_j}{\partial h_j} = \frac{r_j}{p} $$" "\n\n"
           r"$$ \frac{\partial \tilde{h}_j}{\partial h_j} = \frac{r_j^2}{p} $$" "\n\n"
           r"$$ \frac{\partial \tilde{h}_j}{\partial h_j} = \frac{2 r_j}{p} $$")
    steps = check_text(doc, timeout=10).steps()
    assert [s.verdict for s in steps[:2]] == ["valid", "valid"]
    assert steps[2].verdict == "invalid" and steps[2].counterexample["r_1"] in (0, 1)


def test_an_expectation_of_an_entry_inside_a_sum_over_its_index():
    # E[h̃_j] = p h_j is a fact for each j: inside Σ_j it is the j-th term's, not a constant
    doc = (r"The thinned activation is $\tilde{h}_j = r_j h_j$, and" "\n\n"
           r"$$ \mathbb{E}[\tilde{h}_j] = p \, h_j $$" "\n\n"
           r"$$ \mathbb{E}[z] = \sum_{j=1}^n w_j \, \mathbb{E}[\tilde{h}_j] + b "
           r"= p \sum_{j=1}^n w_j h_j + b $$")
    assert verdicts(doc) == ["valid"]
    assert verdicts(doc.replace("= p \\sum", "= \\sum")) == ["invalid"]
    # h̃ given a new meaning: what was said of E[h̃_j] no longer holds
    renamed = doc.replace("$$ \\mathbb{E}[z]", "Now take the inverted output $\\tilde{h}_j = r_j h_j / p$.\n\n"
                          "$$ \\mathbb{E}[z]").replace("= p \\sum", "= \\sum")
    assert verdicts(renamed) == ["unknown"]


def test_facts_about_a_matrix_are_not_its_definition():
    # `U^T U = I` (orthonormal columns) and `(A^T)^T = A` in the words define neither I nor A
    assert verdicts("Пусть $U^\\top U = I$.\n\n"
                    r"$$ x^{\top} U (U^{\top} U) U^{\top} x = x^{\top} U U^{\top} x $$") \
        == ["unknown"]
    assert verdicts("Its derivative is $(A^T)^T = A$.\n\n$$ (BA)^T = B^T A^T $$") \
        == ["invalid"]


def test_a_variance_defines_the_standard_deviation():
    # σ² = (1/H) Σ (h_i − μ)²: σ is √ of it (σ ≥ 0), and ∂/∂σ² is by the variance
    doc = (r"$$ \mu = \frac{1}{H}\sum_{i=1}^H h_i, \qquad "
           r"\sigma^2 = \frac{1}{H}\sum_{i=1}^H (h_i - \mu)^2 $$" "\n\n"
           r"$$ \frac{1}{\sigma^2 + \epsilon}\cdot\frac{1}{H}\sum_{i=1}^H (h_i - \mu)^2 "
           r"= \frac{\sigma^2}{\sigma^2 + \epsilon} $$" "\n\n"
           r"$$ \frac{a(h_i - \mu)}{\sqrt{a^2\sigma^2}} = \frac{h_i - \mu}{\sigma} $$" "\n\n"
           r"$$ \frac{\partial}{\partial \sigma^2} \frac{h_i - \mu}{\sqrt{\sigma^2 + \epsilon}} "
           r"= -\frac{1}{2}(h_i - \mu)(\sigma^2 + \epsilon)^{-3/2} $$" "\n\n"
           r"$$ \frac{\partial}{\partial \sigma^2} \frac{h_i - \mu}{\sqrt{\sigma^2 + \epsilon}} "
           r"= -\frac{1}{2}(h_i - \mu)(\sigma^2 + \epsilon)^{-1/2} $$")
    got = verdicts("Here $a > 0$.\n\n" + doc)
    assert got == ["valid", "valid", "valid", "invalid"]


def test_a_worked_examples_numbers_hold_where_a_step_plugs_them_in():
    # k = Σ x_i, then "Numbers: n = 10, k = 7": ℓ'(0.5) written with them holds at them
    doc = (r"We toss, $k = \sum_{i=1}^n x_i$ heads. $\ell(p) = k\ln p + (n-k)\ln(1-p)$."
           "\n\n" r"Numbers: $n = 10$, $k = 7$." "\n\n"
           r"$$ \ell'(0.5) = \frac{7 - 10\cdot 0.5}{0.5\cdot 0.5} $$" "\n\n"
           r"$$ \ell'(0.5) = \frac{7 - 10\cdot 0.5}{0.5\cdot 0.4} $$")
    right, wrong = check_text(doc, timeout=10).steps()
    assert right.verdict == "valid" and "$k = 7$" in right.reading
    assert wrong.verdict == "invalid"


def test_a_forward_pass_value_is_no_new_form_of_the_loss():
    # L = ½(1 − 0)² = 0.5 with the example's numbers: L keeps its formula, so ∂L/∂w_2 is
    # still taken of it (as a constant it would be 0)
    doc = (r"Net: $z = w_1 x + b_1$, $h = \sigma(z)$, $\hat y = w_2 h + b_2$, "
           r"$L = \frac12(\hat y - y)^2$." "\n"
           r"Given $x = 2$, $w_1 = 0.5$, $b_1 = -1$, $w_2 = 2$, $b_2 = 0$, $y = 0$." "\n\n"
           r"$$ L = \frac12 (1 - 0)^2 = 0.5 $$" "\n\n"
           r"$$ \frac{\partial L}{\partial w_2} = (\hat y - y)\cdot h $$" "\n\n"
           r"$$ \frac{\partial L}{\partial w_2} = (\hat y + y)\cdot h^2 $$")
    assert verdicts(doc) == ["valid", "valid", "valid", "invalid"]


def test_a_loss_restated_with_its_argument_replaces_the_plain_one():
    # L in index form, then L(w) in vector form: ∇_w L is of the vector form (in the matrix
    # reading too, which reads the definitions' text)
    doc = (r"Model $\hat y_i = \sum_{j=1}^{d} w_j x_{ij} + b$, loss "
           r"$L = \frac{1}{n}\sum_{i=1}^n (\hat y_i - y_i)^2$." "\n\n"
           r"Now vector form, so $L(\mathbf w) = \frac1n (X\mathbf{w} - \mathbf{y})^T"
           r"(X\mathbf{w}-\mathbf{y})$." "\n\n"
           r"$$ \nabla_{\mathbf w} L = \frac{1}{n}\left(2X^TX\mathbf w - 2X^T\mathbf y\right) $$")
    assert verdicts(doc) == ["valid"]


def test_a_function_with_a_subscript_is_defined_in_the_words():
    doc = (r"Пусть $Q_\lambda(w) = w^2 + \lambda w^2$." "\n\n"
           r"$$ \frac{d}{dw} Q_\lambda(w) = 2w + 2\lambda w $$" "\n\n"
           r"$$ \frac{d}{dw} Q_\lambda(w) = 2w + \lambda w $$")
    assert verdicts(doc) == ["valid", "invalid"]


def test_the_inverse_of_a_definition_is_no_definition_but_its_sign_holds():
    # s = log σ², then σ = e^{s/2}: σ written into itself would never end; σ > 0 is said
    doc = (r"The network predicts $s = \log \sigma^2$ instead, and $\sigma = e^{s/2}$, so"
           "\n\n" r"$$ \frac{1}{2} e^{s/2} \epsilon = \frac{\sigma \epsilon}{2} $$" "\n\n"
           r"$$ \frac{1}{2} e^{s/2} \epsilon = \frac{\sigma \epsilon}{3} $$")
    assert verdicts(doc) == ["valid", "invalid"]


def test_an_infinite_series_is_never_refuted_at_sampled_points():
    # SymPy evaluates Σ_{k≥0} μ^k at a float μ to 1: no counterexample rests on that
    doc = r"Let $0<\mu<1$." "\n\n" r"$$ \sum_{k=0}^{\infty} \mu^k = \frac{1}{1-\mu} $$"
    assert verdicts(doc) == ["unknown"]


def test_a_case_said_in_words_replaces_the_one_it_contradicts():
    # "sharpens for $T < 1$ and flattens for $T > 1$": two cases, never both at once
    doc = (r"Divide by a temperature $T > 0$. It sharpens for $T < 1$ and flattens for "
           r"$T > 1$." "\n\n" r"$$ T^2 \cdot \frac{1}{T} (p - q) = T (p - q) $$")
    assert verdicts(doc) == ["valid"]


def test_a_whole_array_differentiated_is_said_once_in_plain_words():
    doc = (r"Here $g_t = \nabla_\theta L(\theta_{t-1})$." "\n\n"
           r"$$ \theta_{t-1} - \eta g_t = \theta_{t-1} - \eta \nabla_\theta L(\theta_{t-1}) $$")
    [step] = check_text(doc, timeout=10).steps()
    assert step.verdict == "unknown"
    assert step.reason.count("whole vector or matrix") == 1 and "WholeArray" not in step.reason


def test_a_label_in_a_finite_set_takes_only_those_values():
    # y_i ∈ {−1, +1}: y_i² = 1 wherever the step writes it, and no point off the set
    doc = (r"Пусть $y_i \in \{-1, +1\}$, $L(y, F) = e^{-yF}$." "\n\n"
           r"$$ y_i^2 e^{-y_i F} = e^{-y_i F} $$" "\n\n"
           r"$$ y_i^3 e^{-y_i F} = e^{-y_i F} $$")
    assert verdicts(doc) == ["valid", "invalid"]


def test_a_derivative_by_an_expression_is_said_in_words():
    # o = W h defined, ∂J/∂o asked of a loss of o: SymPy's ValueError is never the reason
    doc = (r"$$ \mathbf{z} = \mathbf{W}^{(1)} \mathbf{x}, \qquad \mathbf{h} = "
           r"\phi(\mathbf{z}), \qquad \mathbf{o} = \mathbf{W}^{(2)} \mathbf{h}. $$" "\n\n"
           r"With a loss $L = l(\mathbf{o}, y)$, the objective is $J = L + s$." "\n\n"
           r"$$ \frac{\partial J}{\partial \mathbf{o}} = \frac{\partial J}{\partial L} \cdot "
           r"\frac{\partial L}{\partial \mathbf{o}} $$")
    steps = check_text(doc, timeout=10).steps()
    assert steps and all("ValueError" not in s.reason and "Can't calculate" not in s.reason
                         for s in steps)


def test_call_this_names_the_value_the_display_above_ends_at():
    doc = (r"$$ \frac{\partial}{\partial z_j} \log \sum_{i=1}^{n} e^{z_i} = "
           r"\frac{e^{z_j}}{\sum_{i=1}^{n} e^{z_i}} $$" "\n\n"
           r"Call this $p_j$. Then" "\n\n"
           r"$$ \frac{\partial p_j}{\partial z_k} = p_j \delta_{jk} - p_j p_k $$" "\n\n"
           r"Обозначим это через $q$." "\n\n"
           r"$$ \frac{\partial p_j}{\partial z_k} = p_j \delta_{jk} + p_j p_k $$")
    assert verdicts(doc) == ["valid", "valid", "invalid"]


def test_a_number_for_a_variable_already_in_use_is_a_point_not_its_value():
    # "peaks at $p = 1/2$" made p the constant 1/2: a wrong step true at p = 1/2 was valid
    page = (r"$$H(p) = -p\log p - (1 - p)\log(1 - p)$$" "\n\n"
            r"which peaks at $p = 1/2$, and is minimised in $q$ at $q = p$:" "\n\n"
            r"$$\frac{d H}{d p} = \log\frac{1 - p}{p}$$" "\n\n"
            r"$$p\log\frac{p}{q} = (1 - p)\log p - p\log q + p\log(1 - p) - (1 - p)\log p$$" "\n\n"
            r"$$\frac{\partial}{\partial q}\left(p\log\frac{p}{q}\right) = -\frac{p}{q}$$")
    assert verdicts(page) == ["valid", "invalid", "valid"]


def test_a_number_for_a_fresh_name_still_defines_it():
    page = (r"With $w = 2$, $x = 1$ and $b = 0.5$:" "\n\n"
            r"$$z = w x + b = 2 \cdot 1 + 0.5 = 2.5$$")
    assert verdicts(page) == ["valid", "valid"]


def test_an_identity_said_in_words_is_no_condition():
    # "Заметим, что (e^x + e^{-x})² − (e^x − e^{-x})² = 4": true for every x, so no
    # hypothesis that leaves no point to check the steps after it at
    doc = (r"Заметим, что $(e^x+e^{-x})^2-(e^x-e^{-x})^2 = 4$." "\n\n"
           r"$$(2\sigma(2x) - 1)' = 2\sigma'(2x)$$" "\n\n"
           r"$$(2\sigma(2x) - 1)' = 4\sigma'(2x)$$")
    assert [s.verdict for s in check_text(doc, timeout=10).steps()] == ["invalid", "valid"]


def test_an_interval_said_in_words_bounds_the_name():
    # `α ∈ (0, 1)` as `0 < α < 1`; `\geqslant` is ≥: leaky ReLU by cases holds row by row
    doc = (r"Leaky ReLU с параметром $\alpha \in (0, 1)$: $f(x) = \max(\alpha x, x)$, то есть"
           "\n" r"$$f(x) = \begin{cases} x, & x \geqslant 0,\\ \alpha x, & x < 0 \end{cases}$$")
    assert [s.verdict for s in check_text(doc, timeout=10).steps()] == ["valid", "valid"]
    wider = doc.replace("(0, 1)", "(0, 2)")
    assert "invalid" in [s.verdict for s in check_text(wider, timeout=10).steps()]


def test_a_name_the_words_make_a_probability_lies_between_0_and_1():
    # `P(\xi = 1) = p`: the probability of an event is kept whole, and p is in [0, 1]
    doc = r"Пусть $P(\xi = 1) = a$." "\n\n" r"$$\sqrt{(1 - a)^2} = 1 - a$$"
    assert [s.verdict for s in check_text(doc, timeout=10).steps()] == ["valid"]
    unsaid = r"Пусть $q = a$." "\n\n" r"$$\sqrt{(1 - a)^2} = 1 - a$$"
    assert [s.verdict for s in check_text(unsaid, timeout=10).steps()] == ["invalid"]
    events = r"$$P(X \geq 2) = 1 - P(X < 2)$$"       # read, a step about two names
    assert [s.verdict for s in check_text(events, timeout=10).steps()] != ["unparsed"]


def test_values_that_break_what_is_assumed_are_a_special_case_not_an_example():
    # "where $\alpha \in (0, 1)$ … With $\gamma = 0$ and $\alpha = 1$ we get back
    # cross-entropy": no step after it is checked at γ = 0, α = 1 (which left no point)
    doc = (r"$$\mathrm{FL}(p) = -\alpha (1 - p)^{\gamma} \log p ,$$" "\n\n"
           r"where $\alpha \in (0, 1)$ and $\gamma \ge 0$. With $\gamma = 0$ and $\alpha = 1$ "
           r"we get back plain cross-entropy." "\n\n"
           r"$$\alpha\gamma (1-p)^{\gamma-1}\log p - \frac{\alpha (1-p)^{\gamma}}{p} = "
           r"\alpha (1-p)^{\gamma-1}\left[ \log p - \frac{1-p}{p} \right]$$")
    assert [s.verdict for s in check_text(doc, timeout=10).steps()] == ["invalid"]   # γ lost
    right = doc.replace(r"\left[ \log p", r"\left[ \gamma\log p")
    assert [s.verdict for s in check_text(right, timeout=10).steps()] == ["valid"]


def test_a_function_written_again_under_another_heading_is_a_new_function():
    # ELU's f, then `### Softsign` with f(x) = x/(1 + |x|): a new f, never a false claim
    doc = ("### ELU\n\n$$ f(x) = \\begin{cases} x, & x > 0, \\\\ e^{x} - 1, & x \\le 0, "
           "\\end{cases} $$\n\n### Softsign\n\n$$ f(x) = \\frac{x}{1 + |x|} $$\n\n"
           "$$ f(2) = \\frac{2}{3} $$")
    result = check_text(doc, timeout=10)
    [step] = result.steps()
    assert step.verdict == "valid"
    redefined = [d for b in result.derivations for d in b.definitions if d.get("redefines")]
    assert redefined and redefined[0]["redefines"] == 3


def test_a_number_given_a_new_number_is_an_update():
    # "from $b = 0$" then the perceptron's update `b = 0 + 1 = 1`: b's new value
    doc = ("Run the rule from $b = 0$.\n\n$$ b = 0 + 1 = 1 $$\n\n$$ b + 2 = 3 $$\n\n"
           "$$ b + 2 = 2 $$")
    chain, right, wrong = check_text(doc, timeout=10).steps()
    assert chain.verdict == right.verdict == "valid" and wrong.verdict == "invalid"


def test_a_condition_word_after_a_chain_is_its_case():
    # `… = f(x) + α \quad \text{при } x < 0`: the chain holds where x < 0
    doc = ("$$ f(x) = \\begin{cases} x, & x > 0, \\\\ \\alpha (e^{x} - 1), & x \\le 0 "
           "\\end{cases} \\qquad f'(x) = \\begin{cases} 1, & x > 0, \\\\ \\alpha e^{x}, & "
           "x < 0. \\end{cases} $$\n\n"
           "$$ \\alpha e^{x} = f(x) + \\alpha \\quad \\text{при } x < 0 $$\n\n"
           "$$ \\alpha e^{x} = f(x) + \\alpha \\quad \\text{при } x > 0 $$")
    out = check_text(doc, timeout=10).steps()
    # (the second cases display after \qquad is read too: f' = 1, f' = αe^x by rows)
    assert [s.verdict for s in out] == ["valid", "valid", "valid", "invalid"]


def test_a_rows_case_stands_over_what_the_words_said_of_its_variable():
    # "exactly when $x > 0$" in the words; the row `αx, & x \le 0` is about x ≤ 0
    doc = ("Because $\\alpha < 1$, $x > \\alpha x$ exactly when $x > 0$, so\n\n"
           "$$ \\max(\\alpha x, x) = \\begin{cases} x, & x > 0, \\\\ \\alpha x, & x \\le 0 "
           "\\end{cases} $$")
    assert [s.verdict for s in check_text(doc, timeout=10).steps()] == ["valid", "valid"]
    wrong = doc.replace("\\alpha x, & x \\le 0", "x, & x \\le 0")
    assert [s.verdict for s in check_text(wrong, timeout=10).steps()] == ["valid", "invalid"]


def test_a_step_true_on_one_branch_of_a_definition_by_cases_is_open():
    # ELU, then "on the negative side": α(e^x − 1) + α = f(x) + α holds where x ≤ 0
    doc = ("$$f(x) = \\begin{cases} x, & x > 0, \\\\ \\alpha\\,(e^{x} - 1), & x \\le 0. "
           "\\end{cases}$$\n\nand on the negative side\n\n"
           "$$\\alpha(e^{x} - 1) + \\alpha = f(x) + \\alpha$$\n\n"
           "$$\\alpha(e^{x} + 1) + \\alpha = f(x) + \\alpha$$")
    branch, wrong = check_text(doc, timeout=10).steps()
    assert branch.verdict == "unknown" and "x \\leq 0" in branch.reason
    assert wrong.verdict == "invalid"               # on no branch


DISTRIBUTIONS = r"""
Let $p = (p_1, \dots, p_K)$ and $q = (q_1, \dots, q_K)$ be discrete distributions, $q_k > 0$.

$$
\ln K \sum_{k=1}^{K} p_k + \sum_{k=1}^{K} p_k \ln p_k = \ln K + \sum_{k=1}^{K} p_k \ln p_k
$$

By Jensen's inequality,

$$
\sum_{k=1}^{K} p_k \ln \frac{q_k}{p_k} \leq \ln \sum_{k=1}^{K} p_k \frac{q_k}{p_k} = \ln \sum_{k=1}^{K} q_k = 0
$$

$$
\sum_{k=1}^{K} (p_k + q_k) = \sum_{k=1}^{K} p_k + \sum_{k=1}^{K} q_k = 1
$$
"""


def test_names_the_words_call_distributions_have_entries_summing_to_one():
    # "$p$ and $q$ are distributions": Σ_k p_k = 1 and p_k ≥ 0 — Jensen's step is no false
    # alarm (p_1 = 0.001 alone is no distribution), and a wrong step is still found
    verdicts = [s.verdict for s in check_text(DISTRIBUTIONS, timeout=10).steps()]
    assert verdicts[0] == "valid" and "invalid" not in verdicts[1:4]
    assert verdicts[4:] == ["valid", "invalid"]


def test_a_value_supposed_for_the_words_is_no_value_of_the_name():
    # "if some logit is large, say $o_k = 1000$": o_k stays a variable; ŷ_j, a prediction
    # the page never defines, leaves log ŷ_j = … open rather than false
    text = (r"If some logit $o_k$ is large, say $o_k = 1000$, then $\exp(o_k)$ overflows." "\n\n"
            r"$$\log \sum_k \exp(o_k) = \bar{o} + \log \sum_k \exp(o_k - \bar{o})$$" "\n\n"
            r"$$\log \hat{y}_j = o_j - \log \sum_k \exp(o_k)$$" "\n")
    assert verdicts(text) == ["valid", "unknown"]


def test_a_name_defined_in_the_words_with_equiv_and_a_slashed_derivative():
    # Nielsen-style "define the error by $\delta_j \equiv \partial C / \partial z_j$"
    text = (r"Let $C = \frac{1}{2} \sum_j (y_j - a_j)^2$ and $a_j = \sigma(z_j)$. Define the "
            r"error by $\delta_j \equiv \partial C / \partial z_j$. Then" "\n\n"
            r"$$\delta_j = (a_j - y_j) \sigma'(z_j)$$" "\n\n"
            r"$$\delta_j = (a_j + y_j) \sigma'(z_j)$$" "\n")
    assert verdicts(text) == ["valid", "invalid"]


def test_a_function_the_words_define_later_in_the_sentence_is_one_before_too():
    # GELU(x) = xΦ(x) "where Φ(x) = …": Φ(x) is a call there, never Φ times x; and
    # φ(x) = Φ'(x) = (2π)^{-1/2} e^{-x²/2} names the density by its last form
    doc = (r"GELU weights its input by the normal CDF, $\mathrm{GELU}(x) = x\,\Phi(x)$, where "
           r"$\Phi(x) = \frac{1}{2}\left(1 + \mathrm{erf}\left(\frac{x}{\sqrt{2}}\right)\right)$ "
           r"and the density is $\phi(x) = \Phi'(x) = \frac{1}{\sqrt{2\pi}}\,e^{-x^2/2}$." "\n\n"
           r"$$\frac{d}{dx}\,\mathrm{GELU}(x) = \Phi(x) + x \cdot \phi(x) = "
           r"\frac{1}{2}\left(1 + \mathrm{erf}\left(\frac{x}{\sqrt{2}}\right)\right) + "
           r"\frac{x}{\sqrt{2\pi}}\, e^{-x^2/2}$$")
    assert [s.verdict for s in check_text(doc, timeout=10).steps()] == ["valid", "valid"]
    slip = doc.replace(r"e^{-x^2/2}$$", r"e^{-x^2}$$")
    assert [s.verdict for s in check_text(slip, timeout=10).steps()] == ["valid", "invalid"]


GAUSSIAN = (
    "We denote it by $\\mathcal{L}(\\mu, \\sigma) = \\log\\sigma + "
    "\\frac{(x-\\mu)^2}{2\\sigma^2}$, and\n\n"
    r"$$ \frac{\partial \mathcal{L}}{\partial \sigma} = \frac{1}{\sigma} - "
    r"\frac{(x-\mu)^2}{\sigma^3} = \frac{\sigma^2 - (x-\mu)^2}{\sigma^3}. $$" "\n\n"
    "The gradient with respect to $\\sigma$ vanishes exactly when $\\sigma^2 = (x-\\mu)^2$. "
    "With the log-variance $s = \\log\\sigma^2$,\n\n"
    r"$$ \frac{\partial \mathcal{L}}{\partial \sigma}\,\frac{d\sigma}{ds} = "
    r"\frac{\sigma^2 - (x-\mu)^2}{\sigma^3}\cdot FACTOR $$")


def test_a_formula_the_words_put_under_a_condition_defines_nothing():
    # "vanishes exactly when σ² = (x − μ)²" is where the gradient is zero, never σ's
    # definition: read as one, it made both sides 0 and a wrong dσ/ds `valid`
    wrong = check_text(GAUSSIAN.replace("FACTOR", r"\frac{1}{2\sigma}"), timeout=10)
    assert wrong.steps()[-1].verdict != "valid"
    assert not any(d["name"] == r"\sigma" for b in wrong.derivations for d in b.definitions)
    right = check_text(GAUSSIAN.replace("FACTOR", r"\frac{\sigma}{2}"), timeout=10)
    assert right.steps()[-1].verdict != "invalid"
    # a value supposed with "when" is no value of the example either; a task's "if" gives
    # its definition ("find the mode if $p(w) = …$")
    [step] = check_text("When $x = 2$, the square is $4$.\n\n$$ (x + 1)^2 = x^2 + 2x + 1 $$",
                        timeout=10).steps()
    assert step.verdict == "valid"
    task = ("Find the derivative if $f(x) = x^3$.\n\n$$ f'(x) = 3x^2 $$")
    assert [s.verdict for s in check_text(task, timeout=10).steps()] == ["valid"]


INFONCE = (r"The loss is $L = -\frac{s_0}{\tau} + \log\sum_{j=0}^{N} e^{s_j/\tau}$." "\n\n"
           r"Gradient with respect to a negative score, $j \ge 1$:" "\n\n"
           r"$$ \frac{\partial L}{\partial s_j} = RESULT $$")


def test_an_index_range_the_words_give_is_the_condition_of_the_display_after_them():
    # "$j \ge 1$": the negative scores only, where the positive one's −1/τ is absent
    right = INFONCE.replace("RESULT", r"\frac{1}{\tau}\frac{e^{s_j/\tau}}"
                                      r"{\sum_{k=0}^{N} e^{s_k/\tau}}")
    assert [s.verdict for s in check_text(right, timeout=10).steps()] == ["valid"]
    wrong = INFONCE.replace("RESULT", r"\frac{1}{\tau}\frac{e^{s_j/\tau}}"
                                      r"{\sum_{k=0}^{N} e^{s_k/\tau}} - \frac{1}{\tau}")
    assert [s.verdict for s in check_text(wrong, timeout=10).steps()] == ["invalid"]


MAXENT = (r"Maximise $H(p) = -\sum_i p_i\log p_i$ subject to $\sum_i p_i = 1$ and "
          r"$\sum_i p_i s_i = c$." "\n\n"
          r"$$ \mathcal{L}(p, \lambda, \beta) = -\sum_{i=1}^{n} p_i\log p_i + \lambda\left("
          r"\sum_{i=1}^{n} p_i - 1\right) + \beta\left(\sum_{i=1}^{n} p_i s_i - c\right) $$"
          "\n\n" r"$$ \frac{\partial\mathcal{L}}{\partial p_i} = RESULT $$")


def test_a_constraint_in_the_words_defines_nothing():
    # Σ p_i s_i = c is what the optimum meets, never c's definition: the Lagrangian's
    # β(Σ p_i s_i − c) does not vanish before it is differentiated
    assert [s.verdict for s in check_text(MAXENT.replace(
        "RESULT", r"-\log p_i - 1 + \lambda + \beta s_i"), timeout=10).steps()] == ["valid"]
    assert [s.verdict for s in check_text(MAXENT.replace(
        "RESULT", r"-\log p_i - 1 + \lambda"), timeout=10).steps()] == ["invalid"]


def test_inline_math_escaped_as_jekyll_markdown_writes_it_gives_a_worked_example():
    # `\\(…\\)`: kramdown's escaped `\(…\)` — the example's numbers, never a stray backslash
    page = (r"Take \\(w = [2, -1, -3]\\) and \\(x = [1, -1]\\):" "\n\n"
            r"$$z = w_0 x_0 + w_1 x_1 + w_2 = 2 \cdot 1 + (-1)(-1) + (-3) = 0$$" "\n")
    assert verdicts(page) == ["valid", "valid"]       # (z = …: its definition)
    assert verdicts(page.replace("= 0$$", "= 1$$")) == ["valid", "invalid"]
    assert verdicts(page.replace("[2, -1, -3]", "[2, -1, -2]")) == ["invalid", "valid"]
