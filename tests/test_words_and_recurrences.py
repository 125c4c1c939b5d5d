"""Readings real pages need that no display states: a value by cases said in words, a
point the words name, a recurrence through time, gate labels, π as a name, a variable
defined as a function of another, a worked example's vectors in matrix notation."""
import pytest

from derive.check import check_text
from derive.latex.parser import ParseError, read_chain


def steps(text):
    return check_text(text, timeout=10).steps()


def verdicts(text):
    return [s.verdict for s in steps(text)]


SMOOTHING = (r"Instead of the one-hot target $y$ (where $y_k = 1$ for the true class $c$ "
             r"and $0$ otherwise) we take" "\n\n"
             r"$$ q_k = (1-\varepsilon)\,y_k + \frac{\varepsilon}{K}. $$" "\n\n"
             "It is a distribution:\n\n")


def test_a_value_said_for_one_case_and_zero_otherwise_is_a_kronecker_delta():
    # never y_k = 1 for every k: Σ_k y_k is 1, the true class's term alone survives
    right = SMOOTHING + (r"$$ \sum_{k=1}^{K} q_k = (1 - \varepsilon)\sum_{k=1}^{K} y_k + "
                         r"K\cdot\frac{\varepsilon}{K} = 1 . $$" "\n")
    assert verdicts(right) == ["valid", "valid"]
    loss = SMOOTHING + (r"$$ -\sum_{k=1}^{K} q_k \log p_k = -(1-\varepsilon)\log p_c - "
                        r"\frac{\varepsilon}{K}\sum_{k=1}^{K}\log p_k $$" "\n")
    assert verdicts(loss) == ["valid"]
    slip = loss.replace(r"\frac{\varepsilon}{K}\sum", r"\varepsilon\sum")     # 1/K lost
    assert verdicts(slip) == ["invalid"]


def test_a_point_the_words_name_is_where_the_display_after_them_holds():
    text = (r"Let $p = \operatorname{softmax}(z)$ and $q_k = (1-\varepsilon) y_k + "
            r"\varepsilon/K$; the loss is $L = -\sum_k q_k \log p_k$." "\n\n"
            r"The gradient vanishes exactly when $p = q$. Then" "\n\n"
            r"$$ \log\frac{p_y}{p_k} = \log\frac{q_y}{q_k} $$" "\n")
    [step] = steps(text)
    assert step.verdict == "valid" and "p = q" in step.reading
    # a point is no definition: p = q never holds for the displays before the words
    before = text.replace(r"The gradient vanishes exactly when $p = q$. Then", "Then")
    assert verdicts(before) == ["invalid"]


# as the page has it: h_t was the LSTM's output a section before, GRU gives it anew
GRU = (r"## LSTM" "\n\n" r"$$ c_t = f_t c_{t-1} + i_t g_t, \qquad h_t = o_t \tanh(c_t). $$"
       "\n\n" r"## GRU" "\n\n"
       r"$$ z_t = \sigma(a_z), \qquad \tilde h_t = \tanh(a_h), \qquad "
       r"h_t = (1 - z_t)\,h_{t-1} + z_t \tilde h_t . $$" "\n\n" "Then\n\n")


def test_a_recurrence_is_differentiated_one_step_back():
    # ∂h_t/∂h_{t−1}: h_t written out once, h_{t−1} the variable (never held with h_t)
    right = GRU + r"$$ \frac{\partial h_t}{\partial h_{t-1}} = 1 - z_t $$" "\n"
    assert verdicts(right)[-1:] == ["valid"]
    assert verdicts(right.replace("= 1 - z_t $$", "= z_t $$"))[-1:] == ["invalid"]
    # the update gate's derivative, and its planted sign slip
    gate = GRU + (r"$$ \frac{\partial}{\partial z_t}\Bigl[(1 - z_t)h_{t-1} + z_t\tilde h_t"
                  r"\Bigr] = \tilde h_t - h_{t-1} $$" "\n")
    assert verdicts(gate)[-1:] == ["valid"]
    assert verdicts(gate.replace(r"= \tilde h_t - h_{t-1}", r"= h_{t-1} - \tilde h_t"))[-1:] \
        == ["invalid"]


def test_gate_subscripts_are_labels_of_different_quantities():
    # a_h and a_z: two gates' pre-activations, never one index that could take both values
    text = GRU + (r"$$ \frac{\partial h_t}{\partial a_h} = z_t\left(1 - \tilde h_t^2\right) $$"
                  "\n")
    step = steps(text)[-1]
    assert step.verdict == "valid" and "labels" in step.reading
    # (a slip there is not called valid; which of its readings refutes it is not settled)
    assert verdicts(text.replace(r"z_t\left(1 - \tilde h_t^2\right)", r"z_t\tilde h_t"))[-1:] \
        != ["valid"]


def test_a_quantity_named_pi_is_no_number():
    text = (r"The weight is $\pi = e^{a}/(e^{a} + 1) = \sigma(a)$, and its derivative is" "\n\n"
            r"$$ \frac{d\pi}{da} = \frac{e^{a}}{(e^{a} + 1)^2} = \pi (1 - \pi) . $$" "\n")
    assert verdicts(text) == ["valid", "valid"]
    assert verdicts(text.replace(r"\pi (1 - \pi)", r"\pi (1 + \pi)")) == ["valid", "invalid"]
    # a page that never names π keeps the number
    assert verdicts(r"$$ \sin(\pi/2) = 1 $$") == ["valid"]


def test_a_quantity_named_e_is_no_number_and_e_to_a_variable_stays_eulers():
    # a sigmoid split into gates: e = -z, g = e^{e}; the error e = y - ŷ and its square e^2
    gates = (r"Let $\sigma(z) = \frac{1}{1+e^{-z}}$. In pieces: $e = -z$, $g = e^{e}$, "
             r"$h = 1 + g$, $f = 1/h$." "\n\n"
             r"$$ \frac{\partial f}{\partial z} = \sigma(z)\bigl(1-\sigma(z)\bigr) $$" "\n")
    assert verdicts(gates) == ["valid"]
    assert verdicts(gates.replace(r"\bigl(1-\sigma(z)\bigr)", r"\bigl(1+\sigma(z)\bigr)")) \
        == ["invalid"]
    error = (r"Let the error be $e = y - \hat{y}$ and the loss $L = \frac{1}{2} e^2$." "\n\n"
             r"$$ \frac{\partial L}{\partial \hat{y}} = e \frac{\partial e}{\partial \hat y} "
             r"= -(y - \hat{y}) $$" "\n")
    assert verdicts(error) == ["valid", "valid"]
    assert verdicts(error.replace("-(y - ", "(y - ")) == ["valid", "invalid"]
    # a page that never names e keeps Euler's number, and so does one that gives it a value
    assert verdicts(r"$$ \ln e^2 = 2 $$") == ["valid"]
    assert verdicts("Here $e = 2{,}718$.\n\n" r"$$ \ln e^2 = 2 $$") == ["valid"]


def test_a_variable_defined_as_a_function_of_another_carries_the_dependence():
    # s = log σ², z = μ + σε: σ is a function of s, ∂z/∂s = ε σ / 2
    text = (r"Let $z = \mu + \sigma\varepsilon$ and $s = \log\sigma^2$." "\n\n"
            r"$$ \frac{\partial z}{\partial s} = \frac{\varepsilon\,\sigma}{2} $$" "\n")
    assert verdicts(text) == ["valid"]
    assert verdicts(text.replace(r"\frac{\varepsilon\,\sigma}{2}", r"\varepsilon\,\sigma")) \
        == ["invalid"]


def test_a_worked_examples_vectors_decide_a_step_in_matrix_notation():
    text = (r"The prediction is $\hat t = \operatorname{sign}(w^\top x + b)$. **Example.** "
            r"$w = (0{,}5;\ -1)$, $b = 0$. The sample $x = (2;\ 1)$:" "\n\n"
            r"$$ w^\top x + b = 0{,}5\cdot 2 + (-1)\cdot 1 + 0 = 0 $$" "\n")
    assert verdicts(text) == ["valid", "valid"]
    assert verdicts(text.replace(r"(-1)\cdot 1 + 0 = 0", r"(-1)\cdot 2 + 0 = -1")) \
        == ["invalid", "valid"]


ALONE = (r"$$ z_t = \sigma(a_z), \qquad \tilde h_t = \tanh(a_h), \qquad "
         r"h_t = (1 - z_t)\,h_{t-1} + z_t \tilde h_t . $$" "\n\n" "Then\n\n")


def test_a_recurrence_alone_is_its_familys_definition():
    right = ALONE + r"$$ \frac{\partial h_t}{\partial h_{t-1}} = 1 - z_t $$" "\n"
    assert verdicts(right) == ["valid"]
    assert verdicts(right.replace("= 1 - z_t $$", "= z_t $$")) == ["invalid"]
    # its iterates are still the right side at t = 1, 2 at the example's values
    adam = (r"$$ m_t = \beta m_{t-1} + (1 - \beta) g_t $$" "\n\n"
            r"With $\beta = 0.9$, $m_0 = 0$ and $g_1 = 0.5$:" "\n\n"
            r"$$ m_1 = 0.9 \cdot 0 + 0.1 \cdot 0.5 = 0.05 $$" "\n")
    assert verdicts(adam) == ["valid", "valid"]
    assert verdicts(adam.replace(r"0.1 \cdot 0.5 = 0.05", r"0.1 \cdot 0.5 = 0.5"))[-1] \
        == "invalid"


def test_rows_with_other_gate_labels_define_their_own_entries():
    rows = (r"\begin{align}" "\n"
            r"z_t &= \sigma(a_z), \qquad a_z = w_z x_t + u_z h_{t-1} + b_z \\" "\n"
            r"\tilde h_t &= \tanh(a_h), \qquad a_h = w_h x_t + u_h\, r_t h_{t-1} + b_h" "\n"
            r"\end{align}" "\n")
    # a_h has an r_t that a_z's form lacks: its own definition, no refuted claim
    assert "invalid" not in verdicts(rows)


def test_an_entry_computed_in_a_worked_example_leaves_its_family_defined():
    text = ALONE + (r"Let $h_{t-1} = 0.5$, $z_t = 0.25$ and $\tilde h_t = 0.8$. Then" "\n\n"
                    r"$$ h_t = (1 - 0.25)(0.5) + 0.25 \times 0.8 = 0.575 $$" "\n\n"
                    r"$$ \frac{\partial h_t}{\partial h_{t-1}} = 1 - z_t $$" "\n")
    # h_t = 0.575 at the example, never h a constant (whose derivative would be 0)
    assert verdicts(text)[-1] == "valid"


def test_a_label_the_words_call_one_hot_sums_to_one():
    text = (r"Let $K$ be the number of classes and $y$ the one-hot label. The smoothed target "
            r"is" "\n\n" r"$$ q_k = (1 - \varepsilon)\, y_k + \frac{\varepsilon}{K}, $$" "\n\n"
            "which is still a probability vector:\n\n"
            r"$$ \sum_{k=1}^{K} q_k = (1 - \varepsilon)\sum_{k=1}^{K} y_k + \varepsilon "
            r"= 1 . $$" "\n")
    assert verdicts(text) == ["valid", "valid"]
    # without the words, Σ_k y_k is any number: never valid
    assert verdicts(text.replace("the one-hot label", "the label"))[-1] != "valid"
    # and a slip stays a slip
    assert verdicts(text.replace(r"+ \varepsilon "
                                 r"= 1", r"+ \varepsilon = 1 - \varepsilon"))[-1] == "invalid"


def test_a_name_for_a_recurrences_argument_is_its_variable():
    # h_t = tanh(w h_{t−1} + u x_t) defined, then a_t named for the argument: ∂h_t/∂a_t is
    # by that argument (h_t is written in it again), never 0
    text = (r"$$ h_t = \tanh(w\,h_{t-1} + u\,x_t) $$" "\n\n"
            r"Name the pre-activation $a_t = w h_{t-1} + u x_t$. Then" "\n\n"
            r"$$ \frac{\partial h_t}{\partial a_t} = 1 - \tanh^2(a_t) = 1 - h_t^2 $$" "\n")
    assert verdicts(text) == ["valid", "valid"]
    assert verdicts(text.replace("= 1 - h_t^2", "= 1 + h_t^2")) == ["valid", "invalid"]


def test_a_recurrence_unrolled_over_several_steps_is_not_refuted():
    # written out one step back, w_{t−1} = (1 − ηλ) w_{t−2} is not seen: never invalid
    text = (r"$$ w_t = (1-\eta\lambda)\,w_{t-1} = (1-\eta\lambda)^2\,w_{t-2} "
            r"= (1-\eta\lambda)^t\,w_0 $$" "\n")
    assert "invalid" not in verdicts(text)


def test_a_functions_value_at_a_point_leaves_the_function_as_defined():
    text = (r"$$ L(w) = \frac{1}{n}\sum_{i=1}^{n}\left(w x_i - y_i\right)^2 $$" "\n\n"
            "At the starting weights the residuals are $-1$ and $-1$:\n\n"
            r"$$ L(w^{(0)}) = \frac{(-1)^2 + (-1)^2}{2} = 1 $$" "\n\n"
            r"$$ \frac{\partial L}{\partial w} = \frac{2}{n}\sum_{i=1}^{n}"
            r"\left(w x_i - y_i\right) x_i $$" "\n")
    # L(w^{(0)}) = 1 is L's value there, never L the constant 1 (whose derivative is 0)
    assert verdicts(text)[-1] == "valid"
    assert verdicts(text.replace(r"\frac{2}{n}\sum", r"\frac{1}{n}\sum"))[-1] == "invalid"


def test_an_entry_at_a_sum_of_indices_from_zero_counts_from_zero():
    # x_{i+k} with k from 0 and "i = 0, 1, 2": x = (1, 2, −1, 0, 3) gives x_0 = 1 first
    text = (r"The output is $y_i = \sum_{k=0}^{2} w_k\, x_{i+k}$ for $i = 0, 1, 2$. Take "
            r"$x = (1, 2, -1, 0, 3)$ and $w = (1, 0, -2)$." "\n\n"
            r"$$ y_0 = 1 \cdot 1 + 0 \cdot 2 + (-2)(-1) = 3 $$" "\n")
    assert verdicts(text) == ["valid", "valid"]
    assert verdicts(text.replace("(-2)(-1) = 3", "(-2)(-1) = 1"))[-1] == "invalid"



def test_a_probability_and_a_count_the_words_name_keep_their_ranges():
    words = (r"Of $n$ independent tosses, $k$ of them land heads; the probability of heads is "
             r"$\theta$." "\n\n")
    steps_text = (r"$$ \ell(\theta) = k\log\theta + (n-k)\log(1-\theta) $$" "\n\n"
                  r"$$ \ell''(\theta) = -\frac{k}{\theta^2} - \frac{n-k}{(1-\theta)^2} < 0 $$"
                  "\n")
    # with 0 ≤ k ≤ n and θ a probability the bound is never refuted (k > n would)
    assert verdicts(words + steps_text)[0] == "valid"
    assert "invalid" not in verdicts(words + steps_text)
    assert verdicts(steps_text)[-1] == "invalid"


def test_an_examples_value_of_a_variable_in_use_is_no_definition():
    # μ and σ are the variables of z = μ + σε and of s = log σ²; "For μ = 0.5 and σ = 2"
    # gives the example's values, and ∂z/∂s after it is about the variables still
    text = (r"We write $z = \mu + \sigma\varepsilon$ and $s = \log\sigma^2$. For $\mu = 0.5$ "
            r"and $\sigma = 2$," "\n\n" r"$$ z = 0.5 + 2\varepsilon $$" "\n\n"
            "By the chain rule\n\n"
            r"$$ \frac{\partial z}{\partial s} = \frac{\varepsilon\,\sigma}{2} $$" "\n")
    assert verdicts(text)[-1] == "valid"


def test_a_derivative_at_an_examples_value_of_a_function_of_its_variable():
    # dL/dz "with p = 0.9" for p = σ(z): taken at the z where σ(z) = 0.9, never with p a
    # constant (whose derivative by z would be 0)
    text = (r"Let $p = \sigma(z)$ and $L = -\log p$. With $p = 0.9$," "\n\n"
            r"$$ \frac{dL}{dz} = 0.9 - 1 = -0.1 $$" "\n")
    assert verdicts(text) == ["valid", "valid"]
    assert verdicts(text.replace("= 0.9 - 1 = -0.1", "= 1 - 0.9 = 0.1"))[0] == "invalid"


def test_an_evaluation_bar_without_left_dot_and_a_check_mark():
    # `… \Big|_{\gamma = 0}` closing the first side evaluates it there; a ✓ after the
    # chain is layout, no step
    text = (r"$$ \gamma\, p\, (1 - p)^{\gamma} \log p - (1 - p)^{\gamma + 1} "
            r"\Big|_{\gamma = 0} = -(1 - p) = p - 1 . \quad ✓ $$" "\n")
    assert verdicts(text) == ["valid", "valid"]
    assert verdicts(text.replace("= -(1 - p) = p - 1", "= (1 - p) = 1 - p"))[0] == "invalid"
    # after `=`, a bar under a sum of terms is not guessed to cover all of them
    with pytest.raises(ParseError):
        read_chain(r"v = w - \eta \frac{\partial L}{\partial w}\Big|_{w = 3}", frozenset())


RNN = (r"Скалярная модель: $h_t = \tanh(a_t)$, где $a_t = w h_{t-1} + u x_t + b$." "\n\n"
       r"$$ \frac{\partial h_2}{\partial h_1} = \left(1-h_2^2\right)\frac{\partial a_2}"
       r"{\partial h_1} = RESULT $$")


def test_a_recurrence_through_another_family_is_no_circular_definition():
    # a_t uses h_{t−1}, and h_t = tanh(a_t): a_t comes back only at t − 1, so a_t is defined;
    # the member written out to be differentiated (h_2) stays h_2 where it is not
    assert verdicts(RNN.replace("RESULT", r"w\left(1-h_2^2\right)")) == ["valid", "valid"]
    assert verdicts(RNN.replace("RESULT", r"w\left(1-h_2\right)"))[-1] == "invalid"


LSTM_CELL = (r"Гейты: $f_t = \sigma(a_f)$, $i_t = \sigma(a_i)$, $o_t = \sigma(a_o)$, $g_t = \tanh(a_g)$, где "
             r"$a_f = w_f x_t + u_f h_{t-1} + b_f$. Состояние: $c_t = f_t c_{t-1} + i_t g_t$, "
             r"$h_t = o_t \tanh(c_t)$." "\n\n"
             r"$$ \frac{d c_t}{d c_{t-1}} = f_t + RIGHT $$")


def test_a_member_a_derivative_writes_out_is_the_same_member_beside_it():
    # f_t depends on c_{t−1} through h_{t−1} = o_{t−1} tanh(c_{t−1}): differentiated so, and
    # left h_{t−1} where not differentiated — as the f_t beside it has it
    right = LSTM_CELL.replace("RIGHT", r"c_{t-1}\frac{\partial f_t}{\partial c_{t-1}}")
    assert verdicts(right) == ["valid"]
    # (refuted where the machine has the time; never valid)
    assert verdicts(LSTM_CELL.replace("RIGHT", r"c_{t-1}f_t")) != ["valid"]


def test_a_sampled_point_gives_an_earlier_member_the_value_its_definition_does(monkeypatch):
    # h_{t−1} = o_{t−1} tanh(c_{t−1}): c carries the recurrence, so a point gives c_{t−1} a
    # value and h_{t−1} the one its definition makes of it — never one of its own, at which
    # the right step above differs from itself written out (a look at points long enough
    # to reach them refuted it)
    import derive.prover.loop as loop
    monkeypatch.setattr(loop, "SCREEN_QUICK", 5.0)
    right = LSTM_CELL.replace("RIGHT", r"c_{t-1}\frac{\partial f_t}{\partial c_{t-1}}")
    assert verdicts(right) == ["valid"]
    assert verdicts(LSTM_CELL.replace("RIGHT", r"c_{t-1}f_t")) == ["invalid"]


CROSS_ENTROPY = ("## {title}\n\n"
                 r"The softmax is $p_j = \frac{{e^{{z_j}}}}{{\sum_k e^{{z_k}}}}$ and {loss} is"
                 "\n\n" r"$$L = -\sum_k t_k \log p_k$$" "\n\n"
                 r"$$\frac{{\partial L}}{{\partial z_i}} = p_i \sum_k t_k - t_i = {end}$$" "\n")


@pytest.mark.parametrize("title, loss", [("Softmax with cross-entropy", "the loss"),
                                         ("Softmax", "the cross-entropy loss"),
                                         ("Софтмакс", "кросс-энтропия")])
def test_the_targets_of_a_loss_the_words_call_a_cross_entropy_are_a_distribution(title, loss):
    # −Σ_k t_k log p_k is a cross-entropy only between distributions: Σ_k t_k = 1 is the
    # words' hypothesis, named as the reading; a slip stays a slip
    page = CROSS_ENTROPY.format(title=title, loss=loss, end="p_i - t_i")
    found = steps(page)
    assert [s.verdict for s in found] == ["valid", "valid"]
    assert "cross-entropy" in found[-1].reading and "= 1" in found[-1].reading
    assert verdicts(CROSS_ENTROPY.format(title=title, loss=loss, end="p_i + t_i"))[-1] \
        == "invalid"
    # a loss the words do not call a cross-entropy leaves the hypothesis open
    plain = steps(CROSS_ENTROPY.format(title="Softmax", loss="the loss", end="p_i - t_i"))
    assert plain[-1].verdict == "unknown" and "= 1" in plain[-1].reason


SOFT_THRESHOLD = ("## The problem\n\nWe minimise $f(w) = \\tfrac12 (w - a)^2 + \\lambda |w|$ "
                  "with $\\lambda > 0$.\n\n## Case 1\n\nOn $w > 0$ we have $|w| = w$:\n\n"
                  r"$$ f'(w) = \frac{d}{dw}\left[ \tfrac12 (w - a)^2 + \lambda w \right] "
                  r"= (w - a) + \lambda $$" "\n\nSOLVED\n\n## Case 2\n\n"
                  "On $w < 0$ we have $|w| = -w$:\n\n"
                  r"$$ f'(w) = \frac{d}{dw}\left[ \tfrac12 (w - a)^2 - \lambda w \right] "
                  r"= (w - a) - \lambda $$" "\n")


@pytest.mark.parametrize("solved", ["Setting this to zero gives $w = a - \\lambda$.",
                                    "It is zero at $w = a - \\lambda$.",
                                    "At $w = a - \\lambda$ the derivative vanishes.",
                                    "Приравняв производную к нулю, получаем $w = a - \\lambda$."])
def test_where_an_equation_in_a_variable_holds_is_no_definition_of_it(solved):
    # w = a − λ solves f'(w) = 0 in case 1 (a point, as "at" a point is); in case 2 w is
    # the variable again (w < 0)
    assert verdicts(SOFT_THRESHOLD.replace("SOLVED", solved)) == ["valid"] * 4
    assert verdicts(SOFT_THRESHOLD.replace("SOLVED", solved).replace(
        r"= (w - a) - \lambda $$", r"= (w - a) + \lambda $$"))[-1] == "invalid"


CASES_BY_SECTION = (
    "## Setup\n\nThe loss is $L = -y \\log p - (1 - y)\\log(1 - p)$ with $p = \\sigma(z)$.\n\n"
    "## Positive example\n\nHere $L = -\\log p$, so\n\n"
    "$$\\frac{\\partial L}{\\partial z} = -(1 - p)$$\n\n"
    "## Negative example\n\nHere $L = -\\log(1 - p)$, so\n\n"
    "$$\\frac{\\partial L}{\\partial z} = p$$\n\n"
    "## Both cases at once\n\n$$\\frac{\\partial L}{\\partial z} = END$$\n")


def test_a_name_the_words_restate_in_a_section_means_its_case_there_only():
    # "Here $L = -\log p$" under "Positive example" is that case's L; the sections after
    # it take L as the setup defined it again
    assert verdicts(CASES_BY_SECTION.replace("END", "p - y")) == ["valid"] * 3
    assert verdicts(CASES_BY_SECTION.replace("END", "p + y"))[-1] == "invalid"


def test_equations_the_words_set_to_zero_are_imposed_not_identities():
    # "Setting both to zero … gives the normal equations:" — conditions on a and b that the
    # lines after them solve, never identities refuted at random a and b
    page = ("The loss is $L = \\sum_{i=1}^{n} (y_i - a - b x_i)^2$.\n\n"
            "Setting both derivatives to zero and dividing by $-2$ gives the normal "
            "equations:\n\n$$\n\\begin{aligned}\nn\\,a + b\\sum_i x_i &= \\sum_i y_i, \\\\\n"
            "a\\sum_i x_i + b\\sum_i x_i^2 &= \\sum_i x_i y_i .\n\\end{aligned}\n$$\n")
    found = steps(page)
    assert [s.verdict for s in found] == ["unknown", "unknown"]
    assert all("impose" in s.reason for s in found)
    # without the words, the same display is two identities, false as such
    assert verdicts(page.replace("Setting both derivatives to zero and dividing by $-2$ "
                                 "gives", "Here are")) == ["invalid", "invalid"]


@pytest.mark.parametrize("said", [
    "The target is a one-hot vector $y$ with a one at the correct class $c$.",
    "Цель — one-hot вектор $y$ с единицей на месте правильного класса $c$."])
def test_a_one_hot_target_with_its_one_at_a_class_is_a_kronecker_delta(said):
    # y_k = δ_kc: the smoothed target's entry at c is (1 − ε) + ε/K
    page = (said + "\n\n$$q_k = (1-\\varepsilon)\\,y_k + \\frac{\\varepsilon}{K}$$\n\n"
            "$$\\sum_{k=1}^{K} q_k y_k = (1-\\varepsilon) + \\frac{\\varepsilon}{K}$$\n\n"
            "$$-\\sum_{k=1}^{K} q_k \\log p_k = -(1-\\varepsilon)\\log p_c - "
            "\\frac{\\varepsilon}{K}\\sum_{k=1}^{K}\\log p_k$$\n")
    assert verdicts(page) == ["valid", "valid"]
    assert verdicts(page.replace("(1-\\varepsilon) + \\frac", "(1+\\varepsilon) + \\frac"))[0] \
        == "invalid"


def test_an_equation_after_a_derivative_set_to_zero_in_a_formula_is_imposed():
    page = ("The loss is $L(w) = e^{w} - 2w + \\tfrac12 e^{2w} - w$.\n\n"
            "Setting $\\frac{dL}{dw} = 0$ gives, i.e.\n\n$$ e^{w} + e^{2w} = 2 + 1 = 3 $$\n")
    imposed, computed = steps(page)
    assert imposed.verdict == "unknown" and "impose" in imposed.reason
    assert computed.verdict == "valid"
    # a parameter set to zero gives values, not equations: its steps are identities
    assert verdicts("We set $b = 0$:\n\n$$ \\frac{d}{dw}\\left(e^{w} + b\\right) = 2e^{w} $$\n") \
        == ["invalid"]


def test_a_what_if_that_changes_an_examples_input_leaves_what_it_computed_open():
    # "instead of $g_2 = 0.5$ an outlier $g_2 = 25$ came": m_2 = 0.14 was computed from the
    # old g_2 and holds no more; the what-if's m_2 (from the clipped g̃_2) is not refuted
    page = ("## EMA\n\n$$ m_t = \\beta\\, m_{t-1} + (1 - \\beta)\\, g_t $$\n\n"
            "Take $\\beta = 0.9$, $m_0 = 0$, $g_1 = 1$, $g_2 = 0.5$. Then $m_1 = 0.1$.\n\n"
            "$$ m_2 = 0.9 \\cdot 0.1 + 0.1 \\cdot 0.5 = 0.14 $$\n\n## Clipping\n\n"
            "If instead of $g_2 = 0.5$ an outlier $g_2 = 25$ came and is clipped to "
            "$\\tilde g_2 = 1$, then\n\n$$ m_2 = 0.9 \\cdot 0.1 + 0.1 \\cdot 1 = 0.19 $$\n")
    assert verdicts(page)[-2:] == ["unknown", "valid"]
    assert verdicts(page.replace("0.1 \\cdot 0.5 = 0.14", "0.1 \\cdot 0.5 = 0.15"))[1] \
        == "invalid"


HINGE = ("The function $\\max(0, 1-m)$ is convex but not differentiable at $m = 1$.\n\n"
         "$$\n\\frac{\\partial}{\\partial m}\\max(0,\\ 1 - m) =\n\\begin{cases}\nROW, & m < 1,\\\\\n"
         "0, & m > 1,\n\\end{cases}\n$$\n")


def test_a_letter_differentiated_by_is_a_variable_in_its_rows_conditions_too():
    # m in ∂/∂m and in the rows `m < 1`, `m > 1` is one real variable (never an index
    # running over counts, which made m < 1 vacuous); the point the words exclude, m = 1,
    # is no example's value for the rows
    assert verdicts(HINGE.replace("ROW", "-1")) == ["valid", "valid"]
    assert verdicts(HINGE.replace("ROW", "1"))[0] == "invalid"


def test_a_derivative_by_an_earlier_member_reaches_it_through_plain_names():
    # L = ½(ŷ − y)², ŷ = v h_2: h_2 shows only once L and ŷ are written out, and is then
    # taken down to h_1 (h_2 = tanh(a_2), a_2 = w x_2 + u h_1 + b) — never held with h_1,
    # which made ∂L/∂h_1 = 0 (a false alarm in backpropagation through time)
    page = ("Let $a_t = w x_t + u h_{t-1} + b$ and $h_t = \\tanh(a_t)$. The output is "
            "$\\hat y = v h_2$ and the loss $L = \\tfrac12(\\hat y - y)^2$.\n\n"
            "$$\\frac{\\partial L}{\\partial h_1} = (\\hat y - y)\\,v\\,(1 - h_2^2)\\,FACTOR$$\n")
    assert verdicts(page.replace("FACTOR", "u")) == ["valid"]
    assert verdicts(page.replace("FACTOR", "w")) == ["invalid"]
