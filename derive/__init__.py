"""derive: prove, check and export the mathematics of neural networks.

    >>> from derive import prove
    >>> from lemmas import catalogue
    >>> prove(catalogue()["sigmoid.derivative"]).status
    'proved'
"""
from .claim import (HOLDS, SLIP, Approx, Claim, Compare, Equals, Limit, Minimum, Part,
                    Source, ZeroIff, part)
from .prover import PROVED, REFUTED, UNKNOWN, Proof, prove, prove_many

__version__ = "0.1.0"

__all__ = ["Claim", "Part", "part", "Source", "Equals", "Compare", "Limit", "Minimum",
           "Approx", "ZeroIff", "HOLDS", "SLIP", "prove", "prove_many", "Proof",
           "PROVED", "REFUTED", "UNKNOWN", "__version__"]
