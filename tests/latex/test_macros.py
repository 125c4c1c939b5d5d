"""Macros: a document's \\newcommand and the course shorthands, expanded before reading;
expansion bounded."""
import time

import pytest

from derive.check import check_text
from derive.latex.macros import MacroError, MacroTable


def verdicts(text: str) -> list[str]:
    return [s.verdict for s in check_text(text).steps()]


def test_a_documents_newcommand_with_arguments_is_expanded_where_it_is_used():
    text = ("Notation: $\\newcommand{\\sq}[1]{{#1}^{2}}$ and "
            "$\\DeclareMathOperator{\\sgm}{sigmoid}$.\n\n"
            "$$ \\sq{x + 1} = x^2 + 2x + 1 $$\n\n$$ \\sgm(0) = \\frac{1}{2} $$\n")
    assert verdicts(text) == ["valid", "valid"]


def test_a_wrong_step_written_with_a_macro_is_still_invalid():
    assert verdicts("$$\\newcommand{\\sq}[1]{{#1}^{2}}$$\n$$ \\sq{x + 1} = x^2 + 1 $$\n") \
        == ["invalid"]


def test_course_shorthands_and_front_matter_macros():
    table = MacroTable()
    table.learn_mapping({"\\half": "\\frac{1}{2}"})
    assert table.expand(r"\EE[x \cond y] + \norm{w}_2 + \half") == \
        r"\mathbb{E}[x \mid y] + \| w \|_2 + \frac{1}{2}"
    text = "---\nmacros:\n  \\half: \\frac{1}{2}\n---\n$$ \\half + \\half = 1 $$\n"
    assert verdicts(text) == ["valid"]
    # a course's differential: `\dx(x^T x) = 2 x^T \dx x` is d(xᵀx) = 2xᵀ dx
    assert verdicts(r"$$ \dx(\mathbf{x}^T \mathbf{x}) = 2 \mathbf{x}^T \dx \mathbf{x} $$") \
        == ["valid"]


def test_tex_def_is_not_read_and_unknown_commands_are_named():
    [step] = check_text("$$ \\def\\x{1} \\x = 1 $$\n").steps()
    assert step.verdict == "unparsed"


@pytest.mark.parametrize("definition", [r"\newcommand{\a}{\a x}",            # recursive
                                        r"\newcommand{\a}{\b\b}\newcommand{\b}{\c\c}"
                                        r"\newcommand{\c}{\d\d}\newcommand{\d}{\a\a}"])
def test_recursive_or_exploding_macros_end_in_an_error_not_a_hang(definition):
    start = time.monotonic()
    [step] = check_text(f"$$ {definition} $$\n\n$$ \\a = 1 $$\n").steps()
    assert step.verdict == "unparsed" and "macro" in step.reason
    assert time.monotonic() - start < 5
    with pytest.raises(MacroError):
        table = MacroTable()
        table.learn(definition)
        table.expand(r"\a")


def test_thousands_in_english_and_a_decimal_comma_in_russian():
    english, russian = MacroTable(), MacroTable()
    english.learn("For typical values $n = 50{,}000$ the shrink factor is")
    russian.learn("Для типичных значений $p = 0{,}125$ имеем")
    assert english.expand(r"\frac{2.5}{50{,}000} + 1{,}000{,}000") == r"\frac{2.5}{50000} + 1000000"
    assert english.expand("0{,}5") == "0.5"                  # no group of three: a decimal
    assert russian.expand("2{,}125 + 50{,}000") == "2.125 + 50.000"
    # the worked number on an English page is fifty thousand
    doc = (r"With $\eta = 0.5$, $\lambda = 5.0$ and $n = 50{,}000$ the factor is" "\n\n"
           r"$$1 - \frac{\eta \lambda}{n} = 1 - \frac{0.5 \times 5.0}{50{,}000} = 0.99995$$")
    assert [s.verdict for s in check_text(doc, timeout=10).steps()] == ["valid", "valid"]
