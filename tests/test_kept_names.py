"""A step is first tried with the names the document defines kept as names (an identity
in them holds whatever values their definitions give), and derivatives through them by
the chain rule: the steps of a lecture's softmax/cross-entropy derivation are algebra on
a^L and z^L, which unfolded bring sums over two bounds that no strategy sees through."""
import sympy as sp

from derive.check import check_text
from derive.homework.step import _index_ranges

LAYER = r"""
$$ z_j^L = \sum_{k=1}^m w_{jk}^L a_k^{L-1} + b_j^L $$

$$ a_j^L = \frac{e^{z_j^L}}{\sum_{i=1}^n e^{z_i^L}} $$

$$ C = -\sum_{j=1}^n y_j \ln a_j^L $$
"""


def steps(body, timeout=10):
    doc = check_text(LAYER + "\n" + body, timeout=timeout, memory_mb=4096,
                     assume=[r"\sum_{j=1}^n y_j = 1"])
    return [s for b in doc.derivations if b.block > 3 for s in b.steps]


def test_algebra_on_defined_names_is_proved_with_them_kept():
    body = (r"$$ -y_i + y_i a_i^L + \sum_{\substack{j=1 \\ j \neq i}}^n y_j a_i^L "
            r"= -y_i + \sum_{j=1}^n y_j a_i^L $$" "\n\n"
            r"$$ -\frac{\partial}{\partial a_j^L} \left( \sum_{i=1}^n y_i \ln a_i^L \right)"
            r" = -\frac{y_j}{a_j^L} $$")
    found = steps(body)
    assert [s.verdict for s in found] == ["valid", "valid"]
    assert "kept as names" in found[0].reason


def test_the_chain_rule_through_the_names_a_lecture_writes():
    body = (r"$$ \frac{\partial C}{\partial z_i^L} = \sum_{j=1}^n \frac{\partial C}"
            r"{\partial a_j^L} \cdot \frac{\partial a_j^L}{\partial z_i^L} $$" "\n\n"
            r"$$ \frac{\partial C}{\partial b_i^L} = a_i^L - y_i $$" "\n\n"
            r"$$ \frac{\partial C}{\partial w_{ik}^L} = a_k^{L-1} (a_i^L - y_i) $$")
    assert [s.verdict for s in steps(body)] == ["valid"] * 3


def test_wrong_steps_stay_invalid_with_names_kept():
    body = (r"$$ \frac{\partial C}{\partial w_{ik}^L} = a_k^{L-1} (a_i^L + y_i) $$" "\n\n"
            r"$$ \frac{\partial C}{\partial b_i^L} = a_i^L (1 - y_i) $$" "\n\n"
            r"$$ -y_i + y_i a_i^L + \sum_{\substack{j=1 \\ j \neq i}}^n y_j a_i^L "
            r"= -y_i + \sum_{j=1}^n y_j a_j^L $$")
    assert [s.verdict for s in steps(body, timeout=5)] == ["invalid"] * 3


def test_an_index_ranges_where_the_slots_it_fills_run():
    m, n = sp.symbols("m n", integer=True, positive=True)
    i, k = sp.symbols("i k", integer=True)
    w, a, z = (sp.IndexedBase(x) for x in "waz")
    kk = sp.Symbol("kk", integer=True)
    exprs = [w[i, k] * a[k] + z[i],
             sp.Sum(w[i, kk] * a[kk], (kk, 1, m)) + sp.Sum(sp.exp(z[kk]), (kk, 1, n))]
    ranges, dims, starts = _index_ranges(exprs, {})
    assert ranges == {k: m} and dims == {m: 1, n: 1}       # i: z's and w's rows, unsummed
    assert starts == {}                                     # every sum runs from 1


def test_a_delta_inside_a_sum_over_the_same_range_collapses():
    doc = check_text(r"$$ \sum_{j=1}^n \sum_{k=1}^n \delta_{jk} x_k = \sum_{j=1}^n x_j $$",
                     timeout=10)
    assert [s.verdict for s in doc.steps()] == ["valid"]
