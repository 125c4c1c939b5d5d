"""Named contexts that homework can ask for (`context: softmax`): definitions and
hypotheses, written in LaTeX as the lectures write them and read by the same parser."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class NamedContext:
    name: str
    about: str
    define: tuple[tuple[str, str], ...] = ()
    assume: tuple[str, ...] = ()


CONTEXTS = {c.name: c for c in [
    NamedContext("sigmoid", "the logistic function",
                 define=((r"\sigma(z)", r"\frac{1}{1+e^{-z}}"),)),
    NamedContext("sigmoid-bce", "one sigmoid neuron with binary cross-entropy",
                 define=((r"\sigma(z)", r"\frac{1}{1+e^{-z}}"),
                         ("z", r"w x + b"), ("a", r"\sigma(z)"),
                         ("C", r"-\left(y \ln a + (1-y)\ln(1-a)\right)"))),
    NamedContext("sigmoid-mse", "one sigmoid neuron with the quadratic cost",
                 define=((r"\sigma(z)", r"\frac{1}{1+e^{-z}}"),
                         ("z", r"w x + b"), ("a", r"\sigma(z)"),
                         ("C", r"\frac{(y - a)^2}{2}"))),
    NamedContext("softmax", "a softmax layer with cross-entropy; y a probability vector",
                 define=(("a_j", r"\frac{e^{z_j}}{\sum_{k=1}^{n} e^{z_k}}"),
                         ("C", r"-\sum_{j=1}^{n} y_j \ln a_j")),
                 assume=(r"\sum_{j=1}^{n} y_j = 1", r"y_j \ge 0")),
    NamedContext("graph", "the computational-graph examples",
                 define=(("q", "x + y"), ("f", "q z"))),
    NamedContext("information", "entropy, cross-entropy and KL divergence of p and q",
                 define=((r"\text{H}", r"-\sum_{i=1}^{n} p_i \ln p_i"),
                         (r"\text{CE}", r"-\sum_{i=1}^{n} p_i \ln q_i"),
                         (r"\text{KL}", r"\sum_{i=1}^{n} p_i \ln \frac{p_i}{q_i}")),
                 assume=(r"p_i > 0", r"q_i > 0", r"\sum_{i=1}^{n} p_i = 1",
                         r"\sum_{i=1}^{n} q_i = 1")),
]}
