"""‖w‖ written beside the entries of w in one step (the L2 penalty, `\\frac{\\lambda}{2}
\\|\\mathbf{w}\\|_2^2 = \\frac{\\lambda}{2}\\sum_j w_j^2`): the norm in those entries, over the
ranges the step's sum runs. Before, the norm was an atom unrelated to w_j and such a step
was `unknown` at best."""
from derive.check import check_text


def step(text):
    [found] = check_text(f"$$ {text} $$").steps()
    return found


def test_the_l2_penalty_written_both_ways_is_valid_naming_the_reading():
    found = step(r"\frac{\lambda}{2}\|\mathbf{w}\|_2^2 = \frac{\lambda}{2} \sum_{j=1}^{m} w_j^2")
    assert found.verdict == "valid", found.reason
    assert "norm of the entries" in found.reading


def test_a_norm_left_unsquared_is_invalid():
    found = step(r"\frac{\lambda}{2}\lVert \mathbf{w} \rVert_2 = \frac{\lambda}{2} "
                 r"\sum_{j=1}^{m} w_j^2")
    assert found.verdict == "invalid" and found.counterexample
    assert "norm of the entries" in found.reading


def test_a_matrix_norm_over_two_indices():
    assert step(r"\|W\|_F^2 = \sum_{l=1}^{m} \sum_{j=1}^{k} W_{l,j}^2").verdict == "valid"
    # the entries not squared
    assert step(r"\|W\|_F^2 = \sum_{l=1}^{m} \sum_{j=1}^{k} W_{l,j}").verdict == "invalid"


def test_a_norm_of_an_expression_or_without_its_entries_stays_whole():
    found = step(r"\|w\|^2 = \lambda")
    assert found.verdict == "unknown"
    assert "norm of the entries" not in (step(r"\lambda \|w\|_1 = \lambda \sum_{j=1}^{n} w_j").reading
                                         or "")
    # two sums over w's entries with different ranges: no one reading of the norm
    found = step(r"\|w\|^2 = \sum_{j=1}^{m} w_j^2 + \sum_{j=1}^{n} w_j^2")
    assert "norm of the entries" not in (found.reading or "")


def test_a_norm_in_a_definition_beside_the_entries_a_step_writes_is_their_norm():
    # ridge as notes write it: g = (wᵀx − y)² + λ‖w‖², then ∂g/∂w_j entry by entry
    doc = (r"Let $g(w) = (w^T x - y)^2 + \lambda \|w\|^2$." "\n\n"
           r"$$\frac{\partial g}{\partial w_j} = 2(w^T x - y)\, x_j + 2\lambda w_j$$")
    assert [s.verdict for s in check_text(doc, timeout=10).steps()] == ["valid"]
    slip = doc.replace(r"+ 2\lambda w_j", r"+ \lambda w_j")       # the 2 of λ‖w‖² dropped
    assert [s.verdict for s in check_text(slip, timeout=10).steps()] == ["invalid"]
