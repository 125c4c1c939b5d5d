"""What the fuzzers feed derive: formulas in the SPEC §3 notation, mutated homework files,
and hostile strings that try to run code, read files, or exhaust time and memory."""
from __future__ import annotations

import random

from hypothesis import strategies as st

ATOMS = ["x", "y", "z", "w", "b", "n", "2", "1", r"\frac{1}{2}", "0.5", "z_i", "a_j", "y_k",
         "w_{jk}", "a_j^L", "z_i^{(L)}", "a_k^{L-1}", "y^{(i)}", r"\delta_{ij}", "I(k = l)",
         "C", "e", r"\pi", "W^T", "x_1"]
UNARY = [r"\sigma({})", r"\tanh({})", r"\ln({})", r"\log({})", r"\exp({})", "e^{{{}}}",
         r"\sqrt{{{}}}", "-{}", r"\left({}\right)", "({})", r"\sigma'({})", "f({})",
         r"\frac{{\partial {}}}{{\partial z_i}}", r"\frac{{d}}{{dx}}\left({}\right)",
         r"\sum_{{j=1}}^{{n}} {}", r"\sum_j {}", r"\sum_{{j \neq i}} {}",
         r"\sum_{{\substack{{j=1\\ j\neq i}}}}^{{n}} {}", r"\max(0, {})", "{}^2",
         r"\text{{note}} {}"]
BINARY = ["{} + {}", "{} - {}", r"{} \cdot {}", r"{} \times {}", "{} {}", r"\frac{{{}}}{{{}}}",
          "{}^{{{}}}", r"\max({}, {})", "f({}, {})"]
RELATIONS = ["=", "&=", r"\le", "<", r"\ge", ">", r"\neq", r"= \\ &=", r"\textcircled{=}"]

PYTHON = "__import__('os').system('touch {canary}')"
HOSTILE = [
    PYTHON, "eval(\"open('{canary}', 'w')\")", "exec('import os')", "lambda: 0",
    r"\def\x{{1}} \x = 1", r"\input{{/etc/passwd}} = 0", r"\include{{{canary}}}",
    r"\write18{{touch {canary}}}", r"\immediate\write18{{touch {canary}}}",
    r"\openout1={canary} \write1{{x}}", r"\catcode`\^=13", r"\newcommand{{\x}}{{1}} \x = 1",
    "{{{{ ''.__class__.__mro__[1].__subclasses__() }}}}", "${{7*7}}",
    r"10^{{10^{{10}}}} = 10^{{10^{{10}}}} + 1", r"2^{{2^{{2^{{2^{{2^{{2}}}}}}}}}}",
    "x^{{99999999999999999999999}} = x", "9" * 5000 + " = 1", "(" * 2000 + "x" + ")" * 2000,
    "{{" * 1000 + "x" + "}}" * 1000, r"\frac{{1}}{{" * 300 + "x" + "}}" * 300,
    " + ".join(["x_i"] * 3000), r"\sum_{{j=1}}^{{10^{{100}}}} j", "1000000!",
    "\x00\x01\x02", "\ufeff x = x", "x = x\u202e", "\\" * 500, "$" * 500, "&" * 500,
    r"\begin{{cases}}" * 50, r"\end{{align}}" * 50, "\r\n" * 100, "\t" * 100,
    # shapes that were slow before any limit was checked: runs of spaces, environments
    # opened thousands of times, big literals inside a piecewise definition
    "x =" + " " * 50_000 + "y", r"\begin{{cases}} " * 5000, "x = " + r"\\ " * 5000,
    r"f(x) = \begin{{cases}} " + r"\cdot ".join(["9^{{9999}}"] * 300)
    + r", & x > 0 \\ 0, & x \le 0 \end{{cases}}",
]
BIG = r" \cdot ".join(["9^{{9999}}"] * 300)
FRONT = [
    "---\ncontext: softmax\n---\n", "---\ndefine:\n  \"f(x)\": \"x^2\"\n---\n",
    "---\n!!python/object/apply:os.system [\"touch {canary}\"]\n---\n",
    "---\ncontext: !!python/name:os.system\n---\n", "---\nassume: [\"x > 0\"]\n---\n",
    "---\ndefine: [1, 2]\n---\n", "---\n: : :\n---\n", "---\ncontext: nope\n---\n",
    "---\ndefine:\n  \"__import__('os')\": \"1\"\n---\n",
    # a "billion laughs": aliases of aliases (refused), and a big literal to read
    "---\na: &a [x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a]\n"
    "c: &c [*b, *b, *b, *b, *b, *b, *b, *b]\nassume: [*c, *c, *c, *c, *c, *c, *c, *c]\n---\n",
    "---\ndefine:\n  g: '" + BIG + "'\n---\n",
]


def formulas(max_leaves: int = 12):
    """Random formulas of lecture notation: atoms joined by unary and binary forms."""
    return st.recursive(
        st.sampled_from(ATOMS),
        lambda inner: st.one_of(
            st.tuples(st.sampled_from(UNARY), inner).map(lambda t: t[0].format(t[1])),
            st.tuples(st.sampled_from(BINARY), inner, inner).map(
                lambda t: t[0].format(t[1], t[2]))),
        max_leaves=max_leaves)


def chains():
    """E0 rel E1 [rel E2 …]: what a derivation block holds."""
    return st.tuples(formulas(), st.lists(st.tuples(st.sampled_from(RELATIONS), formulas()),
                                          min_size=1, max_size=3)).map(
        lambda t: t[0] + "".join(f" {r} {e}" for r, e in t[1]))


def hostile(canary) -> list[str]:
    return [h.format(canary=canary) for h in HOSTILE]


TOKENS = ["{", "}", "\\\\", "$$", "&=", "=", "-", "+", "^", "_", r"\frac", r"\left(",
          r"\right)", r"\begin{cases}", r"\end{cases}", r"\begin{align}", r"\end{align}",
          r"\sum", r"\partial", "\n# heading\n", "\n---\n", r"\text{", "%", "#", "(", ")",
          "^{999999999}", r"\def", r"\input{/etc/passwd}", "\ufffd", "\x00"]


def mutate(text: str, rng: random.Random, edits: int = 3, extra: list[str] = ()) -> str:
    """A few random edits: a character dropped, a token inserted, a sign flipped, a span
    repeated, a line cut off — what a hurried student or a hostile one writes."""
    tokens = TOKENS + list(extra)
    for _ in range(edits):
        if not text:
            text = rng.choice(tokens)
            continue
        pos = rng.randrange(len(text))
        op = rng.randrange(6)
        if op == 0:
            text = text[:pos] + text[pos + 1:]
        elif op == 1:
            text = text[:pos] + rng.choice(tokens) + text[pos:]
        elif op == 2:
            flips = {"+": "-", "-": "+", "i": "j", "j": "i", "2": "3", "a": "y", "y": "a"}
            if text[pos] in flips:
                text = text[:pos] + flips[text[pos]] + text[pos + 1:]
        elif op == 3:
            end = min(len(text), pos + rng.randrange(1, 80))
            text = text[:end] + text[pos:end] + text[end:]
        elif op == 4:
            text = text[:pos] + text[pos:].split("\n", 1)[-1]
        else:
            text = text[:pos] + rng.choice(tokens) + text[pos + 1:]
    return text
