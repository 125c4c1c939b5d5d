"""What pages written like textbooks showed: a recurrence given again in the next section
(Adam's v_t after momentum's), a worked iterate computed through roundings, a parameter
named as a square (v = σ²), a row's condition after `\\qquad`, prose that explains the
display above it while also noting a number, and ∇ with its variable and its order."""
import sympy as sp

from derive.check import check_text
from derive.latex.chains import chains_of
from derive.latex.parser import read_chain


def steps(text):
    return check_text(text, timeout=10).steps()


def verdicts(text):
    return [s.verdict for s in steps(text)]


TWO_RUNS = r"""## Momentum

$$ v_t = \beta v_{t-1} + g_t $$

with $\beta = 0.9$, $v_0 = 0$, $g_1 = 2.0$:

$$ v_1 = 0.9 \cdot 0 + 2.0 = 2.0 $$

## Adam

$$ v_t = \beta_2 v_{t-1} + (1-\beta_2)\, g_t^2 $$

with $\beta_2 = 0.999$:

$$ v_1 = 0.001 \cdot 2.0^2 = 0.004 $$
"""


def test_a_recurrence_given_again_in_the_next_section_replaces_the_old_one():
    # Adam's v_1 is checked by Adam's recurrence, never momentum's (β v_0 + g_1 = 2)
    assert verdicts(TWO_RUNS) == ["valid", "valid", "valid", "valid"]
    slip = TWO_RUNS.replace(r"v_1 = 0.001 \cdot 2.0^2 = 0.004", r"v_1 = 0.01 \cdot 2.0^2 = 0.04")
    assert verdicts(slip)[2] == "invalid"


def test_an_iterate_computed_through_roundings_is_the_examples_new_value():
    text = (r"Momentum gives $\theta_2 = 0.44$." "\n\n## Adam\n\n"
            r"$$ \theta_2 = 0.9 - 0.1 \cdot \frac{1.8947}{\sqrt{3.6198}} \approx 0.9 - 0.0996 "
            r"\approx 0.8004 $$" "\n")
    found = steps(text)
    assert [s.verdict for s in found] == ["valid", "valid"]
    assert found[0].lhs.startswith("0.9")        # θ₂ = … names the value; it is no step


GAUSSIAN = r"""$$
\ell(\mu, \sigma^2) = \sum_{i=1}^n \log \left[ \frac{1}{\sqrt{2\pi\sigma^2}}
\exp\left( -\frac{(x_i-\mu)^2}{2\sigma^2} \right) \right]
$$

It is convenient to treat $v = \sigma^2$ itself as the parameter:

$$
\frac{\partial \ell}{\partial v} = -\frac{n}{2v} + \frac{1}{2v^2}\sum_{i=1}^n (x_i-\mu)^2
$$
"""


def test_a_parameter_named_as_a_square_takes_the_root_along():
    # |σ| of √(2πσ²) is √v: it varies with v (it was a constant, and the step a false alarm)
    assert verdicts(GAUSSIAN) == ["valid"]
    slip = GAUSSIAN.replace(r"-\frac{n}{2v}", r"-\frac{n}{v}")
    assert verdicts(slip) == ["invalid"]


def test_a_rows_condition_after_a_qquad_is_that_rows():
    rows = chains_of(r"""\begin{align*}
\frac{\partial L}{\partial s_j} &= \mathbb{1}\{s_j - s_y + \Delta > 0\}, \qquad j \ne y, \\
\frac{\partial L}{\partial s_y} &= -\sum_{j \ne y} \mathbb{1}\{s_j - s_y + \Delta > 0\}.
\end{align*}""")
    assert [(c.text.split("=")[0].strip(), c.condition) for c in rows] == [
        (r"\frac{\partial L}{\partial s_j}", r"j \ne y"),
        (r"\frac{\partial L}{\partial s_y}", "")]
    [chain] = chains_of(r"\nabla_{w_j} L = \mathbb{1}\{s_j > 0\}\, x \quad (j \neq y),")
    assert chain.condition == r"j \neq y"


HINGE = r"""Let $y$ be the correct class and

$$ L = \sum_{j \ne y} \max(0,\, s_j - s_y + \Delta). $$

Then

\begin{align*}
\frac{\partial L}{\partial s_j} &= \mathbb{1}\{s_j - s_y + \Delta > 0\}, \qquad j \ne y, \\
\frac{\partial L}{\partial s_y} &= -\sum_{j \ne y} \mathbb{1}\{s_j - s_y + \Delta > 0\}.
\end{align*}
"""


def test_a_derivative_stated_for_the_other_classes_is_no_false_alarm():
    assert "invalid" not in verdicts(HINGE)


BIAS = r"""$$ y_i = \sigma(z_{oi}) $$

$$\xi(t_i,y_i) = - \left[ t_i \log(y_i) + (1-t_i)\log(1-y_i) \right]$$

$$
\frac{\partial \xi_i}{\partial b_o}
= \frac{\partial \xi_i}{\partial y_i} \frac{\partial y_i}{\partial z_{oi}} \frac{\partial z_{oi}}{\partial b_o}
= (y_i-t_i)
$$

With $z_{oi} = h_i + b_o$ the input of the output layer. Note that ${\partial z_{oi}}/{\partial b_o} = 1$.
"""


def test_prose_that_explains_the_display_above_may_note_a_number_later():
    # "With $z = …$": the words explain the display; a number later in them is no
    # worked example ("With two logits $z = (1, 2)$" is one: its first formula gives numbers)
    assert verdicts(BIAS) == ["valid", "valid"]


def test_nabla_with_its_variable_and_its_order():
    exprs, rels = read_chain(r"\nabla_w^2 L = \nabla^2_w L")
    assert rels == ["="] and exprs[0] == exprs[1]


ONE_HOT = r"""The output layer produces logits $z_1, \dots, z_K$, and

$$
p_i = \operatorname{softmax}(\mathbf{z})_i = \frac{e^{z_i}}{\sum_{k=1}^{K} e^{z_k}}
$$

The label is one-hot: if the correct class is $c$, then $y_c = 1$ and $y_i = 0$ for every
other $i$. The cross-entropy loss is

$$
L = -\sum_{i=1}^{K} y_i \log p_i = -\log p_c .
$$
"""


def test_a_one_hot_label_given_by_its_entries_and_a_run_of_logits():
    # "$y_c = 1$ and $y_i = 0$ for every other $i$": y_i = δ_ic; `z_1, \dots, z_K`: K entries
    assert verdicts(ONE_HOT) == ["valid", "valid"]
    slip = ONE_HOT.replace(r"= -\log p_c", r"= \log p_c")
    assert verdicts(slip) == ["valid", "invalid"]


ENTROPY = r"""Пусть $p = (p_1, \dots, p_K)$ и $q = (q_1, \dots, q_K)$ — распределения; $p$ —
истинное распределение (часто one-hot), а $q$ — предсказание сети, все $q_k > 0$.

$$
H(p, q) = -\sum_{k=1}^{K} p_k \log q_k
$$

Для one-hot $p$ (единица на классе $c$) имеем $H(p) = 0$, и тогда $H(p, q) = -\log q_c$.

$$
\frac{\partial H(p, q)}{\partial q_k} = -\sum_{j=1}^{K} \frac{p_j}{q_j} \delta_{jk} = -\frac{p_k}{q_k}
$$
"""


def test_what_words_say_of_a_special_case_is_no_fact_of_the_page():
    # "(часто one-hot), а $q$": q is not one-hot; "Для one-hot $p$ … $H(p) = 0$": the case
    # only — neither q_k² = q_k nor p_k² = p_k (nor H(p) = 0) holds for what follows
    from derive.latex.blocks import _prose
    words = ENTROPY.split("$$")[0]
    assert not [s for s in _prose(words, 0, len(words), lambda i: 1).said if s[0] == "one-hot"]
    case = r"Для one-hot $p$ (единица на классе $c$) имеем $H(p) = 0$, и тогда $H(p, q) = 1$."
    found = _prose(case, 0, len(case), lambda i: 1)
    assert found.said == () and all(i.conditional for i in found.inline)
    assert verdicts(ENTROPY) == ["valid", "valid"]
    slip = ENTROPY.replace(r"= -\frac{p_k}{q_k}", r"= \frac{p_k}{q_k}")
    assert verdicts(slip) == ["valid", "invalid"]


def test_the_log_of_a_component_of_a_call():
    [e] = read_chain(r"\log \operatorname{softmax}(\mathbf{z})_k")[0]
    assert isinstance(e, sp.log) and e.args[0].has(sp.Sum)      # never log(softmax)·z_k
    text = (r"Для вектора $\mathbf{z} \in \mathbb{R}^K$" "\n\n"
            r"$$ \log \operatorname{softmax}(\mathbf{z})_k = \log \frac{e^{z_k}}{\sum_j e^{z_j}} "
            r"= z_k - \log \sum_{j} e^{z_j} $$" "\n")
    assert verdicts(text) == ["valid", "valid"]


def test_a_label_and_a_transpose_in_one_superscript():
    exprs, _ = read_chain(r"W^{(2)\top} \delta^{(2)} = {W^{(2)}}^\top \delta^{(2)}")
    assert exprs[0] == exprs[1]


COIN = r"""Writing $x_i \in \{0, 1\}$ for the outcome of toss $i$ and $k = \sum_i x_i$,

$$
L(\theta) = \prod_{i=1}^{n} \theta^{x_i}(1-\theta)^{1-x_i} = \theta^{k}(1-\theta)^{n-k}.
$$

\[
\ell(\theta) = \log L(\theta) = k \log\theta + (n-k)\log(1-\theta).
\]

$$
\frac{d\ell}{d\theta} = \frac{k}{\theta} - \frac{n-k}{1-\theta}
$$
"""


def test_a_name_is_taken_in_the_form_its_proved_chain_ends_at():
    # dℓ/dθ differentiates k log θ + (n − k) log(1 − θ), as the writer does, not the
    # product over a symbolic n (proved for n = 1…5 only, before)
    assert verdicts(COIN) == ["valid", "valid", "valid"]
    slip = COIN.replace(r"- \frac{n-k}{1-\theta}", r"+ \frac{n-k}{1-\theta}")
    assert verdicts(slip) == ["valid", "valid", "invalid"]
    # a chain whose step is wrong leaves the name as its first link defines it: ℓ is still
    # log L (L in its proved last form), never the wrong k log θ
    wrong = COIN.replace(r"= k \log\theta + (n-k)\log(1-\theta)", r"= k \log\theta")
    assert verdicts(wrong) == ["valid", "invalid", "valid"]


SMOOTHING = r"""Label smoothing replaces the one-hot vector $y$ by a mixture with the uniform
distribution over the $K$ classes:

$$
q_k = (1-\varepsilon)\,y_k + \frac{\varepsilon}{K}
$$

where $\varepsilon \in [0,1)$. Every $q_k$ is nonnegative, and since $\sum_k y_k = 1$,

\[
\sum_{k=1}^K q_k = (1-\varepsilon)\sum_{k=1}^K y_k + K\cdot\frac{\varepsilon}{K} = (1-\varepsilon) + \varepsilon = 1 .
\]
"""


def test_a_fact_in_words_sums_over_the_range_the_page_writes():
    # `since $\sum_k y_k = 1$`: over k = 1 … K, the page's one range for k — never a second
    # fact over 1 … n, which with the first left no point to check the steps at
    assert verdicts(SMOOTHING) == ["valid", "valid", "valid"]


def test_a_greek_index_runs_a_product():
    [e] = read_chain(r"\prod_{\tau=t-9}^{t} f_{\tau,k}")[0]
    assert isinstance(e, sp.Product) and str(e.limits[0][0]) == "tau"


GELU = r"""GELU weights the input by the standard normal CDF, $\operatorname{GELU}(x) = x\,\Phi(x)$.
Its exact derivative is

$$
\frac{d}{dx}\bigl[x\,\Phi(x)\bigr] = \Phi(x) + x\,\phi(x) = \Phi(x) + \frac{x}{\sqrt{2\pi}}\,e^{-x^2/2},
$$

where $\phi = \Phi'$ is the standard normal density.
"""


def test_the_standard_normal_cdf_and_density_by_their_letters():
    assert verdicts(GELU) == ["valid", "valid"]
    slip = GELU.replace(r"\frac{x}{\sqrt{2\pi}}\,e^{-x^2/2}", r"\frac{x}{\sqrt{2\pi}}\,e^{-x^2}")
    assert verdicts(slip) == ["valid", "invalid"]


def test_the_hyperbolic_secant_takes_its_power_as_tanh_does():
    [e] = read_chain(r"\operatorname{sech}^2 u")[0]
    assert e == sp.sech(sp.Symbol("u", real=True)) ** 2


VAE = r"""In a VAE the prior is $\mathcal N(0,1)$:

\[
\mathrm{KL}\bigl(\mathcal N(\mu,\sigma^2)\,\|\,\mathcal N(0,1)\bigr)
= \frac12\bigl(\mu^2 + \sigma^2 - \log\sigma^2 - 1\bigr).
\]

The gradients that flow back into the encoder are

\begin{align}
\frac{\partial\,\mathrm{KL}}{\partial\mu} &= \mu, \\
\frac{\partial\,\mathrm{KL}}{\partial\sigma} &= \sigma - \frac{1}{\sigma}.
\end{align}
"""


def test_a_bare_name_differentiated_is_the_one_call_of_it_that_varies():
    assert verdicts(VAE) == ["valid", "valid"]
    slip = VAE.replace(r"\sigma - \frac{1}{\sigma}.", r"\sigma - \frac{1}{2\sigma}.")
    assert verdicts(slip) == ["valid", "invalid"]
    # two calls that vary with μ: which one the bare KL is, the page does not say
    two = VAE.replace("The gradients", r"$$ \mathrm{KL}(p \| q) = \mu^2 $$" "\n\nThe gradients")
    assert "invalid" not in verdicts(two)


NEURON = r"""## Постановка

$$
z = \mathbf{w}^T \mathbf{x} + b, \qquad a = \sigma(z), \qquad L = \frac{1}{2}(a - y)^2 .
$$

\begin{align}
\delta \equiv \frac{\partial L}{\partial z} &= (a - y)\, a(1 - a), \\
\frac{\partial L}{\partial b} &= \delta .
\end{align}

## Численный пример

Пусть $x = 2$, $w = 0{,}5$, $b = -1$, $y = 1$, так что $z = 0$ и $a = \frac12$:

$$
\delta = \left(\frac12 - 1\right)\cdot\frac12\cdot\frac12 = -\frac18, \qquad
\frac{\partial L}{\partial w} = \delta\, x = -\frac14 .
$$
"""


def test_a_vector_written_plainly_in_a_worked_example_is_no_false_alarm():
    # the definitions write \mathbf{w}^T\mathbf{x}, the example w and x: scalar algebra
    # reads w^T as a name of its own (∂L/∂w was 0) and x = 2 as another x than \mathbf{x}
    found = verdicts(NEURON)
    assert "invalid" not in found and found[:2] == ["valid", "valid"]


BATCH = r"""$$
\mu = \frac1m\sum_{i=1}^m x_i, \qquad \sigma^2 = \frac1m\sum_{i=1}^m (x_i - \mu)^2 .
$$

## Пример

Пример: для батча $x = (1, 2, 3)$ получаем

$$
\mu = \frac{1+2+3}{3} = 2
$$

## Свойства

$$
\sum_{i=1}^m (x_i - \mu) = \sum_{i=1}^m x_i - m\mu = 0
$$
"""


def test_a_worked_example_opened_as_one_ends_with_its_section():
    # "Пример: для батча $x = (1, 2, 3)$": m is no 3 in the section beside it
    from derive.homework.document import check_text as check_document
    result = check_document(BATCH, timeout=10)
    assert [s.verdict for b in result.derivations for s in b.steps][-2:] == ["valid", "valid"]
    assert not any("m = 3" in s.reading for s in result.derivations[-1].steps)


SOFTMAX_ROWS = r"""Метки — строки one-hot матрицы $Y$; $\log p_{ik} = z_{ik} - \log\sum_j \exp(z_{ij})$ и
$\sum_k y_{ik} = 1$, поэтому

$$
-\sum_{i=1}^{N}\sum_{k=1}^{K} y_{ik}\Big(z_{ik} - \log\sum_{j=1}^{K}\exp(z_{ij})\Big)
= \sum_{i=1}^{N}\Big(-\sum_{k=1}^{K} y_{ik} z_{ik} + \log\sum_{j=1}^{K}\exp(z_{ij})\Big)
$$
"""


def test_a_fact_for_every_row_is_no_point_of_one_row():
    # Σ_k y_ik = 1 for every i: a point sampled meets it at one i at most
    assert verdicts(SOFTMAX_ROWS) != ["invalid"]
