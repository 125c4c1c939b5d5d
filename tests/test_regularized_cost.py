"""A regularized cost written on the unregularized one, as lectures write it: `C = C_0 +
\\frac{λ}{n} \\sum_w |w|`. C_0 is a name of its own (not entry 0 of the number C), the sum
over the weights keeps its bars (an index's being positive would drop them), C_0 is a
function of w where the derivation differentiates it, and a sign slip in the update rule
is refuted whatever C_0 is."""
import sympy as sp

from derive.check import check_text
from derive.latex.blocks import read_document
from derive.latex.parser import read_chain

L1 = (r"We modify the unregularized cost function $C_0$ by adding the absolute values of "
      r"the weights:" "\n\n"
      r"$$C = C_0 + \frac{\lambda}{n} \sum_w |w|.$$" "\n\n"
      r"Away from $w = 0$ the derivative of $|w|$ is $\pm 1$:" "\n\n"
      r"$$\frac{\partial C}{\partial w} = \frac{\partial C_0}{\partial w} + \frac{\lambda}{n} "
      r"\frac{\partial |w|}{\partial w} = \frac{\partial C_0}{\partial w} + \frac{\lambda}{n} "
      r"\mathrm{sgn}(w).$$" "\n\n"
      r"The update rule is" "\n\n"
      r"$$w - \eta \frac{\partial C}{\partial w} = w - \eta \frac{\partial C_0}{\partial w} "
      r"- \frac{\eta \lambda}{n} \mathrm{sgn}(w).$$" "\n")


def steps(text):
    return check_text(text, timeout=10).steps()


def test_the_derivative_of_a_regularized_cost_is_valid_with_c0_a_function_of_w():
    found = steps(L1)
    assert [s.verdict for s in found] == ["valid"] * 3
    assert "C_{0}" in found[0].reading and "function of $w$" in found[0].reading


def test_a_sign_slip_in_the_update_is_refuted_whatever_c0_is():
    found = steps(L1.replace(r"- \frac{\eta \lambda}{n} \mathrm{sgn}(w).$$",
                             r"+ \frac{\eta \lambda}{n} \mathrm{sgn}(w).$$"))
    assert [s.verdict for s in found] == ["valid", "valid", "invalid"]
    assert "whatever" in found[2].reading


def test_a_slip_that_leaves_c0_differentiated_on_one_side_only_is_not_refuted():
    # ∂C_0/∂w dropped on the right: a definition of C_0 (a constant) could make it hold
    found = steps(L1.replace(r"= w - \eta \frac{\partial C_0}{\partial w} "
                             r"- \frac{\eta \lambda}{n}", r"= w - \frac{\eta \lambda}{n}"))
    assert found[2].verdict != "valid" and found[2].verdict != "invalid"


def test_a_sum_over_the_weights_keeps_the_bars_of_its_body():
    value, = read_chain(r"\sum_w |w|", frozenset())[0]
    assert value.has(sp.Abs)
    counted, = read_chain(r"\sum_{i=1}^n |i - 2|", frozenset())[0]
    assert counted.has(sp.Abs)


def test_away_from_a_point_gives_no_value():
    # "Away from $w = 0$": where the formula is not — neither w's value nor an example's
    doc = read_document(L1)
    said = [i for e in doc.events for i in getattr(e, "inline", ()) if i.text == "w = 0"]
    assert said and all(i.conditional for i in said)


def test_a_function_defined_in_the_words_is_never_made_a_new_unknown():
    # L(w) defined in the prose: ∂L/∂w_j must not become the derivative of an unknown L(w_j)
    # (bound to L's definition at a scalar, it was 0 and the correct step refuted)
    text = (r"The loss is $L(\mathbf{w}) = -\sum_{i=1}^{n} \log P(y_i \mid \mathbf{x}_i)$ "
            r"with $P(y \mid \mathbf{x}) = \sigma(\mathbf{w}^\top \mathbf{x})^y "
            r"(1 - \sigma(\mathbf{w}^\top \mathbf{x}))^{1-y}$." "\n\n"
            r"$$\frac{\partial L}{\partial w_j} = \sum_{i=1}^{n} \left(\sigma(\mathbf{w}^\top "
            r"\mathbf{x}_i) - y_i\right) x_{ij}$$" "\n")
    assert [s.verdict for s in steps(text)] != ["invalid"]


def test_an_example_after_the_explaining_sentence_belongs_after_the_display():
    # "where … $x$ …. To get a feeling, take $\eta = 0.5$ …": the where-sentence is read
    # with the display above it, the example's values only after it — they never make the
    # display's slip (λ/n written λ/m) a question of those values
    text = (r"The update for a mini-batch of $m$ examples out of $n$ is" "\n\n"
            r"$$w - \frac{\eta}{m} \sum_x \frac{\partial C_x}{\partial w} - "
            r"\frac{\eta \lambda}{n} w = \left(1 - \frac{\eta \lambda}{m}\right) w - "
            r"\frac{\eta}{m} \sum_x \frac{\partial C_x}{\partial w}$$" "\n\n"
            r"where the sum is over the training examples $x$ in the mini-batch. To get a "
            r"feeling for the size of the effect, take $\eta = 0.5$, $\lambda = 5$ and "
            r"$n = 50000$." "\n")
    assert [s.verdict for s in steps(text)] == ["invalid"]
    doc = read_document(text)
    prose = [e for e in doc.events if hasattr(e, "explains")]
    assert [p.explains for p in prose][-2:] == [True, False]


L2 = (r"The penalty sums the squares of every entry of the weight matrix:" "\n\n"
      r"$$R(W) = \sum_k\sum_l W_{k,l}^2$$" "\n\n"
      r"With $W = \begin{bmatrix} 1 & -2 \\ 0.5 & 0 \end{bmatrix}$:" "\n\n"
      r"$$R(W) = {value}$$" "\n\n"
      r"Each entry appears in one term, so" "\n\n"
      r"$$\nabla_W R(W) = \nabla_W \sum_k\sum_l W_{k,l}^2 = {gradient}$$" "\n")


def l2(value=r"1^2 + (-2)^2 + 0.5^2 + 0^2", gradient=r"2 W"):
    return [s.verdict for s in steps(L2.replace("{value}", value).replace("{gradient}",
                                                                              gradient))]


def test_a_function_of_a_matrix_at_the_example_matrix_and_its_gradient_entry_by_entry():
    # R(W) at the W the words give; ∇_W by W, the variable there (its example left out)
    assert l2() == ["valid", "valid", "valid"]
    assert l2(gradient=r"2 \, \mathrm{sign}(W) \odot W") != ["valid"] * 3


def test_a_wrong_entry_or_a_lost_factor_is_refuted():
    assert l2(value=r"1^2 + (-2)^2 + 0.5^2 + 1^2") == ["invalid", "valid", "valid"]
    assert l2(gradient=r"W") == ["valid", "valid", "invalid"]
    assert l2(gradient=r"2 W^T")[2] != "valid"
