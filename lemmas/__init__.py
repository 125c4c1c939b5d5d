"""The lemma catalogue: every claim of the lectures (SPEC §1), one module per topic.

Each module lists its claims in `CLAIMS`; a lecture's wrong form is a claim with
expect=SLIP that must be refuted, beside the right one it `corrects`.
"""
from __future__ import annotations

from importlib import import_module

TOPICS = ["sigmoid", "softmax", "crossentropy", "information", "bce", "mse", "backprop",
          "graph", "linear", "twolayer", "activations", "experiments", "numerics", "matrixforms"]


def claims() -> list:
    """Every claim, in catalogue order."""
    out = []
    for topic in TOPICS:
        out += import_module(f"lemmas.{topic}").CLAIMS
    return out


def catalogue() -> dict:
    """Claims by id."""
    found = {}
    for c in claims():
        if c.id in found:
            raise ValueError(f"duplicate claim id {c.id}")
        found[c.id] = c
    return found


def kernel_specs() -> list:
    """The kernels `derive export` and the report write (lemmas/kernels.py)."""
    return list(import_module("lemmas.kernels").KERNELS)


def figure_data() -> dict:
    """What the report's figures draw, as plain data: the learning-slowdown experiment's
    set-up and the cross-entropy table (derive.report.figures.draw)."""
    return {"slowdown": import_module("lemmas.experiments").SLOWDOWN,
            "xent-table": import_module("lemmas.crossentropy").XENT_TABLE}
