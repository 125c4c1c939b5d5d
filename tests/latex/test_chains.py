"""Blocks and chains: how lecture notes lay derivations out."""
import re

from derive.latex.blocks import read_document
from derive.latex.chains import chains_of

DOC = """---
context: softmax
---
# Title

Inline $a = b$ is prose math, and code is skipped:

```
$$ x = y $$
```

$$
a = b
$$

## Section

\\[ c = d \\]

\\begin{align}
e &= f \\\\
  &= g
\\end{align}
"""


def test_front_matter_blocks_and_headings():
    doc = read_document(DOC)
    assert doc.front == {"context": "softmax"}
    blocks = doc.blocks
    assert [b.number for b in blocks] == [1, 2, 3]
    assert [b.line for b in blocks] == [12, 18, 20]
    assert [type(e).__name__ for e in doc.events] == ["Heading", "Prose", "Block", "Heading",
                                                      "Block", "Block"]
    assert [i.text for i in doc.events[1].inline] == ["a = b"]   # not the $$ in the code


def test_unterminated_display_math_is_one_broken_block():
    doc = read_document("$$ x = \n")
    assert doc.blocks[0].error


def test_invalid_front_matter_is_reported_not_fatal():
    doc = read_document("---\ndefine: [unclosed\n---\n$$ x $$\n")
    assert doc.front_error and len(doc.blocks) == 1


def _texts(block):
    return [" ".join(c.text.split()) for c in chains_of(block)]


def test_row_break_equals_is_one_sign():
    assert _texts("a &= b = \\\\ &= c") == ["a = b = c"]


def test_quad_and_comma_split_chains():
    assert _texts(r"q = x + y \quad \frac{\partial q}{\partial x} = 1, \frac{\partial q}{\partial y} = 1") == \
        ["q = x + y", r"\frac{\partial q}{\partial x} = 1", r"\frac{\partial q}{\partial y} = 1"]
    assert _texts(r"f = \max(0, x)") == [r"f = \max(0, x)"]
    assert _texts(r"a\, b = c") == [r"a\, b = c"]


def test_implications_end_chains_and_enumerators_go():
    assert _texts(r"1) a = b \Rightarrow c = d") == ["a = b", "c = d"]
    assert _texts(r"a \textcircled{=} b") == ["a = b"]


def test_continuations_and_comments():
    chain, = chains_of(r"= x + 1 \text{ by the chain rule} =")
    assert chain.continues == "=" and chain.open_end == "="
    assert " ".join(chain.text.split()) == "x + 1"


def test_cases_rows_with_conditions():
    rows = chains_of(r"D = \begin{cases} a, & i = j \\ b, & \text{if } i \neq j \end{cases}")
    assert [" ".join(r.text.split()) for r in rows] == ["D = a", "D = b"]
    assert [r.condition for r in rows] == ["i = j", r"i \neq j"]


def test_cases_after_a_quad_belong_to_what_follows_the_quad():
    # `∂p_i/∂a_j = p_i(δ_ij − p_j) \quad δ_ij = {1 if i = j, 0 if i ≠ j}`: the cases
    # define δ; the formula before the \quad is a chain of its own
    text = (r"\frac{\partial p_i}{\partial a_j} = p_i(\delta_{ij} - p_j) \quad \delta_{ij} = "
            r"\begin{cases} 1 & \text{if } i = j \\ 0 & \text{if } i \neq j \end{cases}")
    first, *rows = chains_of(text)
    assert first.text.endswith(r"p_i(\delta_{ij} - p_j)") and not first.condition
    assert [" ".join(r.text.split()) for r in rows] == [r"\delta_{ij} = 1", r"\delta_{ij} = 0"]
    assert [r.condition for r in rows] == ["i = j", r"i \neq j"]
    # after an implication arrow the cases follow from what comes before: one head, as before
    arrow = chains_of(r"y = 0 \Rightarrow \begin{cases} a = 1 \\ b = 2 \end{cases}")
    assert len(arrow) == 2


def test_a_definition_recalled_inside_a_chain_is_bridged():
    [chain] = chains_of(r"L = -\log \sigma(z) = \left\{ \sigma(z) = \frac{1}{1+e^{-z}} \right\}"
                        r" = \log(1 + e^{-z})")
    assert chain.text.split() == ["L", "=", "-\\log", "\\sigma(z)", "=", "\\log(1", "+", "e^{-z})"]
    [kept] = chains_of(r"f = \left\{ x \right\} = 2")          # no relation inside: a set
    assert "\\left\\{" in kept.text


def test_a_reminder_between_aligned_rows_is_bridged():
    # `= \\ &= \left\{ σ(z) = … \right\} = \\ &=`: the step runs across the reminder
    text = ("A &= \\frac{1}{1+\\exp(-z)}\n=\\\\\n&=\n\\left\\{\n\\sigma(z) = "
            "\\frac{1}{1 + \\exp(-z)}\n\\right\\}\n=\\\\\n&=\n\\sigma(z)")
    [chain] = chains_of(text)
    assert re.sub(r"\s+", " ", chain.text).strip() == "A = \\frac{1}{1+\\exp(-z)} = \\sigma(z)"


def test_words_between_two_equations_part_them():
    # `… = 1 \textrm{ or equivalently } σ = …`: two equations, never 1·σ
    chains = chains_of(r"\frac{1}{2} (a + b) \sigma^2 = 1 \textrm{ or equivalently } "
                       r"\sigma = \sqrt{\frac{2}{a + b}}")
    assert [c.text.strip() for c in chains] == [r"\frac{1}{2} (a + b) \sigma^2 = 1",
                                                r"\sigma = \sqrt{\frac{2}{a + b}}"]
    # a condition stays with its equation
    (row,) = chains_of(r"f(x) = 1 \text{ if } x > 0")
    assert "x > 0" in row.text or row.condition
