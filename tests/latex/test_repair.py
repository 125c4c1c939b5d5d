"""A stray ")" is read only where every place its "(" could have opened reads the same,
and the verdict says how it was read; otherwise the step stays unread."""
from derive.check import check_text
from derive.latex.parser import ParseError, read_chain
from derive.latex.repair import stray_closer


def _at(text):
    try:
        read_chain(text)
    except ParseError as err:
        return err.position
    raise AssertionError("read without error")


def test_a_stray_closer_in_a_product_has_one_reading():
    text = r"d = -\frac{1}{s} s) (1 - s) x"
    dropped, note = stray_closer(text, _at(text), read_chain)
    assert dropped == r"d = -\frac{1}{s} s (1 - s) x"
    assert "unmatched ')'" in note


def test_a_stray_closer_that_could_group_a_sum_is_not_guessed():
    text = r"a - b c) d = a - b c d"
    assert stray_closer(text, _at(text), read_chain) is None


def test_the_step_with_a_stray_closer_is_decided_and_says_how_it_was_read():
    page = (r"$$L(w) = \log\left(1 + \exp(-y w x)\right)$$" "\n\n"
            r"$$\frac{\partial L}{\partial w} = \frac{1}{1 + e^{y w x}} \cdot (-y x)) "
            r"= -y x \sigma(-y w x)$$" "\n\n"
            # the slip of a real solution: (1 − σ(−ywx)) for σ(−ywx), a stray ")" beside it
            r"$$\frac{\partial L}{\partial w} = -\frac{1}{\sigma(-y w x)} \sigma(-y w x)) "
            r"\left( 1 - \sigma(-y w x) \right) (-y x)$$" "\n\n"
            r"$$a - b c) d = a - b c d$$" "\n")
    got = check_text(page, timeout=10).steps()
    assert [s.verdict for s in got] == ["valid", "valid", "invalid", "unparsed"]
    assert all("unmatched ')'" in s.reading for s in got[:3])
