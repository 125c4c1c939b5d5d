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
