"""Worked examples with vectors and functions of vectors, as lecture notes and homework
write them: each entry of a vector written out is compared within its own rounding; a
function of a vector applied to another vector is applied to its entries; a family member
with a decimal subscript is a call; an iterate given at one t is no value for every t.
Each case is an excerpt in our own words, with a variant that must come out otherwise."""
from derive.check import check_text
from derive.homework.entries import entry_texts


def steps(text):
    return check_text(text, timeout=10).steps()


def verdicts(text):
    return [s.verdict for s in steps(text)]


def test_a_side_written_out_is_split_into_its_entries_as_written():
    assert entry_texts(r"\frac{(7.38906,\ 2.71828,\ 1)}{11.10734}", 3) == [
        r"\frac{{7.38906}}{11.10734}", r"\frac{{2.71828}}{11.10734}", r"\frac{{1}}{11.10734}"]
    assert entry_texts(r"(0.6652,\ 0.2447,\ 0.0900)", 3) == ["0.6652", "0.2447", "0.0900"]
    assert entry_texts(r"(0{,}1;\ -0{,}1) - \frac{1}{3}(-1;\ -0{,}5)", 2) == [
        r"{0{,}1} - \frac{1}{3}{-1}", r"{-0{,}1} - \frac{1}{3}{-0{,}5}"]
    assert entry_texts(r"\begin{pmatrix} a & b \\ c & d \end{pmatrix}", 4) == ["a", "b", "c", "d"]
    assert entry_texts(r"(1, 2)", 3) is None


def test_each_entry_of_a_vector_of_roundings_is_within_its_own_rounding():
    # a softmax worked out to four places: every entry rounded, none a slip
    page = (r"$$\frac{(e^{2},\ e^{1},\ e^{0})}{e^{2} + e + 1} = "
            r"\frac{(7.38906,\ 2.71828,\ 1)}{11.10734} = (0.6652,\ 0.2447,\ 0.0900)$$" "\n\n"
            r"$$\frac{(-2,\,-1,\,3)}{\sqrt{14/3}} = (-0.9258,\ -0.4629,\ 1.3887)$$" "\n\n"
            # the middle entry's digits swapped: a slip, found in that entry
            r"$$\frac{(7.3891;\ 2.7183;\ 1.1052)}{11.2126} = (0.6590;\ 0.2442;\ 0.0986)$$" "\n")
    got = steps(page)
    assert [s.verdict for s in got] == ["valid", "valid", "valid", "invalid"]
    assert got[3].reason.startswith("entry 2")


def test_an_update_slip_in_one_entry_is_found():
    page = (r"$$(0.5, -1) - 0.1 \cdot (-2, -1) = (0.7, -0.9)$$" "\n\n"
            r"$$(0.5, -1) - 0.1 \cdot (-2, -1) = (0.7, -0.8)$$" "\n")
    assert verdicts(page) == ["valid", "invalid"]


def test_a_function_of_a_vector_at_another_vector_takes_its_entries():
    page = (r"For scores $\mathbf{z} \in \mathbb{R}^n$," "\n\n"
            r"$$\operatorname{LSE}(\mathbf{z}) = \log \sum_{i=1}^{n} e^{z_i}$$" "\n\n"
            r"$$\log \sum_{i=1}^{n} e^{z_i}e^{c} = c + \operatorname{LSE}(\mathbf{z})$$" "\n\n"
            # LSE(z + c1) was LSE(z): this wrong step was valid
            r"$$\operatorname{LSE}(\mathbf{z} + c\mathbf{1}) = \log \sum_{i=1}^{n} e^{z_i}$$" "\n")
    got = verdicts(page)
    assert got[0] == "valid" and got[1] != "valid"


def test_an_entry_of_a_function_family_written_bare_is_at_its_own_argument():
    # p_i(T) = softmax(z/T)_i: a bare p_k later is p_k(T), in the steps and in z̄'s body
    page = (r"$$p_i(T) = \frac{\exp(z_i/T)}{\sum_{j=1}^{n}\exp(z_j/T)}$$" "\n\n"
            r"With $\bar z = \sum_j p_j z_j$:" "\n\n"
            r"$$\frac{e^{z_k/T}\cdot\frac{1}{T}}{\sum_{j} e^{z_j/T}} = \frac{p_k}{T}$$" "\n\n"
            r"$$-\frac{z_i}{T^2} + \sum_{j=1}^{n} p_j\,\frac{z_j}{T^2} = "
            r"-\frac{z_i - \bar z}{T^2}$$" "\n\n"
            r"$$\frac{e^{z_k/T}}{\sum_{j} e^{z_j/T}} = \frac{p_k}{T}$$" "\n")
    assert verdicts(page) == ["valid", "valid", "invalid"]


def test_a_decimal_below_a_name_is_a_parameter_of_a_function():
    # S_{0,5}(−2): soft thresholding at λ = 0.5, never S_{1/2} times −2 (which a display
    # `S_{0,5}(−0,3) = 0` then made a hypothesis S_{1/2} = 0, refuting the next step)
    page = (r"$$S_{0{,}5}(1{,}2) = 0{,}7, \qquad S_{0{,}5}(-0{,}3) = 0, \qquad "
            r"S_{0{,}5}(-2) = -2 + 0{,}5 = -1{,}5$$" "\n")
    got = verdicts(page)
    assert "invalid" not in got and got[-1] == "valid"


def test_a_script_letter_before_parentheses_is_a_call():
    # 𝓛(2), the loss at temperature 2 beside 𝓛 defined without one, is no 2𝓛
    page = (r"$$\mathcal{L} = -\sum_{i=1}^{n} y_i \log p_i$$" "\n\n"
            r"$$\mathcal{L}(1) = -2 + \ln 11.10734 = 0.4076, \qquad "
            r"\mathcal{L}(2) = -\tfrac{2}{2} + \ln 5.36700 = 0.6803$$" "\n")
    got = steps(page)
    assert "invalid" not in [s.verdict for s in got]
    assert [s.verdict for s in got if s.lhs[:1].isdigit() or s.lhs.startswith("-")] == [
        "valid", "valid"]


def test_an_iterate_given_at_one_step_is_not_the_value_at_every_step():
    page = (r"Carry out one update for $\mathbf{w}_t = (0.5, -1.2)^\top$, $\eta = 0.1$ and "
            r"$\lambda = 0.01$." "\n\n"
            r"$$\mathbf{w}_{t+k} = (1-\eta\lambda)\,\mathbf{w}_{t+k-1} = "
            r"(1-\eta\lambda)^2\,\mathbf{w}_{t+k-2}$$" "\n")
    assert "invalid" not in verdicts(page)


def test_a_worked_number_against_names_the_page_gives_numbers_is_not_refuted_at_random():
    page = (r"At $\boldsymbol\theta = (0.1, 0.5)^\top$ the rates are "
            r"$\lambda_i = e^{\boldsymbol\theta^\top \mathbf{x}_i}$." "\n\n"
            r"$$\sum_i \lambda_i = 5.9315$$" "\n")
    assert verdicts(page) == ["unknown"]
    # an identity about names no example gives numbers is still refuted
    assert verdicts(r"$$\frac{e^z}{1+e^z} + \frac{1}{1+e^{z}} = 2 = 1 + 1$$") == [
        "invalid", "valid"]


def test_approximately_between_two_values_may_be_an_approximation():
    page = (r"With $\eta = 0.1$ and $\lambda = 0.01$:" "\n\n"
            r"$$\frac{0.6931}{0.0010005} \approx 692.8 \approx \frac{\ln 2}{\eta\lambda} = 693.1$$"
            "\n\n" r"$$\frac{0.6931}{0.0010005} \approx 650.8$$" "\n")
    got = verdicts(page)
    assert got[:3] == ["valid", "unknown", "valid"] and got[3] == "invalid"
    # digits swapped are a slip, ≈ or not: 0.6904 for 0.6940…
    swapped = verdicts(r"$$\frac{2}{e} - 1 + 2e^{-2/e} \approx 0.6904$$" "\n\n"
                       r"$$\frac{2}{e} - 1 + 2e^{-2/e} \approx 0.6940$$" "\n")
    assert swapped == ["invalid", "valid"]
