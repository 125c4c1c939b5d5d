"""The prover: strategies tried in order, refutation by counterexample, cross-check."""
from .loop import crosscheck, prove, prove_many, prove_part, refute
from .result import PROVED, REFUTED, UNKNOWN, CrossCheck, PartResult, Proof, Step

__all__ = ["prove", "prove_many", "prove_part", "refute", "crosscheck", "Proof",
           "PartResult", "Step", "CrossCheck", "PROVED", "REFUTED", "UNKNOWN"]
