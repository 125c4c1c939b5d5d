"""Floating-point ranges, from the IEEE 754 formats' exponent and mantissa widths."""
import sympy as sp

from derive import Approx, Claim, Source, SLIP, part

SOURCE = Source("Numerical stability", "floating-point range and overflow")


def largest(mantissa_bits: int, max_exponent: int) -> sp.Expr:
    """The largest finite IEEE 754 number: (2 − 2^{-p}) · 2^{e_max}."""
    return (2 - sp.Integer(2) ** -mantissa_bits) * sp.Integer(2) ** max_exponent


FLOAT32_MAX = largest(23, 127)
FLOAT64_MAX = largest(52, 1023)

CLAIMS = [
    Claim("numerics.float-range", "The largest float32 and float64 numbers", SOURCE,
          (part(Approx(FLOAT32_MAX, sp.Float("3.40e38"), sp.Float("0.005e38"), r"\text{float32 max}"),
                "float32 ≈ 3.40·10^38"),
           part(Approx(FLOAT64_MAX, sp.Float("1.80e308"), sp.Float("0.005e308"), r"\text{float64 max}"),
                "float64 ≈ 1.80·10^308")),
          scope="IEEE 754 binary32 and binary64"),
    Claim("numerics.float-range.lecture-slip", "float64's largest value given as about 10^38",
          SOURCE,
          (part(Approx(FLOAT64_MAX, sp.Float("1e38"), sp.Float("9e38"), r"\text{float64 max}"),
                "float64 ≈ 10^38"),),
          scope="IEEE 754 binary64", expect=SLIP, corrects="numerics.float-range",
          lecture=r"\text{float64 reaches about } 10^{38}",
          note="10^38 is float32's range; float64 reaches about 1.8·10^308."),
]
