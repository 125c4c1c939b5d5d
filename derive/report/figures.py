"""The report's pictures, computed with the exported kernels (never typed in).

- the learning-slowdown experiment (SPEC §1): one sigmoid neuron trained by gradient
  descent on the quadratic and on the cross-entropy cost from both starting points;
  its gradients are the exported sigmoid, sigmoid_grad and bce_with_logits kernels;
- the cross-entropy table as a curve over a_1, by the exported softmax_cross_entropy
  (the logits ln a have softmax a), with the lecture's table and the minimum marked.

What they draw — the experiment's set-up, the lecture's table — is handed in as plain data
from the catalogue (`lemmas.figure_data()`): {"slowdown": slowdown's keywords,
"xent-table": xent_curve's keywords}.

Each figure is written as SVG (inlined in the HTML, text as paths: no fonts) and as PDF
(for the LaTeX report), with no dates in either, so reports are byte-identical.
"""
from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import sympy as sp

COLORS = {"quadratic": "#b42318", "cross-entropy": "#1a5fb4"}


def slowdown(kernels, x, target, rate, epochs, starts) -> dict:
    """{(cost, start): (outputs, costs)} per epoch, gradient descent with the kernels: one
    neuron, input x, target output, learning rate, epochs, starting (w, b) pairs."""
    x, y, rate = float(x), np.array([float(target)]), float(rate)
    runs = {}
    for cost in ("quadratic", "cross-entropy"):
        for start in starts:
            w, b = np.array([float(start[0])]), np.array([float(start[1])])
            outputs, costs = [], []
            for _ in range(epochs):
                z = w * x + b
                if cost == "quadratic":       # ∂C/∂z = (a − y) σ'(z), mse.sigmoid-gradients
                    dz = (kernels.sigmoid(z) - y) * kernels.sigmoid_grad(z)
                else:                         # ∂C/∂z = σ(z) − y, bce.gradients
                    _, dz = kernels.bce_with_logits(z, y)
                w, b = w - rate * dz * x, b - rate * dz
                z = w * x + b
                a = kernels.sigmoid(z)
                outputs.append(a[0])
                costs.append(((a - y) ** 2 / 2)[0] if cost == "quadratic"
                             else kernels.bce_with_logits(z, y)[0][0])
            runs[cost, (str(start[0]), str(start[1]))] = (np.array(outputs), np.array(costs))
    return runs


def xent_curve(kernels, variable, probabilities, target, table, points: int = 999) -> dict:
    """C(variable) over (0, 1) for the target distribution and the probabilities (formulas
    in the variable), e.g. the lecture's y = (1/2, 1/3, 1/6), a = (a_1, 2(1−a_1)/3,
    (1−a_1)/3); table: the lecture's {a_1: C}."""
    grid = np.linspace(0.001, 0.999, points)
    probs = np.stack([np.asarray(sp.lambdify(variable, e, "numpy")(grid) * np.ones_like(grid))
                      for e in probabilities], axis=-1)
    target = np.broadcast_to(np.array([float(v) for v in target]), probs.shape)
    loss, _ = kernels.softmax_cross_entropy(np.log(probs), target)
    best = int(np.argmin(loss))
    return {"a1": grid, "C": loss, "argmin": (grid[best], loss[best]),
            "table": [(float(q), float(v)) for q, v in table.items()]}


def draw(kernels, out: Path, data: dict) -> dict[str, str]:
    """Write figures/NAME.pdf under out; return {NAME: SVG text} for the HTML. data:
    {"slowdown": slowdown's keywords, "xent-table": xent_curve's keywords}."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    plt.rcParams.update({"svg.hashsalt": "derive", "svg.fonttype": "path",
                         "font.size": 9, "axes.spines.top": False,
                         "axes.spines.right": False})
    folder = Path(out) / "figures"
    folder.mkdir(parents=True, exist_ok=True)
    svgs = {}
    first = data["slowdown"]["starts"][0]
    for name, figure in (
            ("slowdown", _slowdown_figure(plt, slowdown(kernels, **data["slowdown"]), first)),
            ("xent-table", _table_figure(plt, xent_curve(kernels, **data["xent-table"])))):
        figure.savefig(folder / f"{name}.pdf", metadata={"CreationDate": None,
                                                        "ModDate": None, "Producer": None})
        text = io.StringIO()
        figure.savefig(text, format="svg", metadata={"Date": None})
        plt.close(figure)
        svg = text.getvalue()
        svgs[name] = svg[svg.index("<svg"):]        # inline: no XML declaration, no DOCTYPE
    return svgs


def _slowdown_figure(plt, runs, first_start):
    first = tuple(str(v) for v in first_start)
    figure, (left, right) = plt.subplots(1, 2, figsize=(7.5, 2.9), layout="constrained")
    for (cost, start), (outputs, costs) in runs.items():
        style = "-" if start == first else "--"
        label = f"{cost}, (w, b) = ({_decimal(start[0])}, {_decimal(start[1])})"
        epochs = np.arange(1, len(outputs) + 1)
        left.plot(epochs, outputs, style, color=COLORS[cost], label=label, linewidth=1.4)
        right.plot(epochs, costs, style, color=COLORS[cost], label=label, linewidth=1.4)
    left.set(xlabel="epoch", ylabel="output a", title="output of the neuron", ylim=(0, None))
    right.set(xlabel="epoch", ylabel="cost", title="cost", ylim=(0, None))
    right.legend(frameon=False, fontsize=7, loc="upper right")
    return figure


def _table_figure(plt, curve):
    figure, axes = plt.subplots(figsize=(5.5, 3.0), layout="constrained")
    axes.plot(curve["a1"], curve["C"], color=COLORS["cross-entropy"], linewidth=1.4,
              label="C(a₁) by the exported kernel")
    qs, vs = zip(*curve["table"])
    axes.plot(qs, vs, "o", color="#333333", markersize=3.5, label="the lecture's table")
    x, c = curve["argmin"]
    axes.plot([x], [c], "*", color=COLORS["quadratic"], markersize=10,
              label=f"minimum: a₁ = {x:.3f}, C = {c:.4f}")
    axes.set(xlabel="a₁", ylabel="cross-entropy C", ylim=(0.8, 3.0), xlim=(0, 1),
             title="C for y = (1/2, 1/3, 1/6), a = (a₁, 2(1−a₁)/3, (1−a₁)/3)")
    axes.legend(frameon=False, fontsize=7)
    return figure


def _decimal(text: str) -> str:
    return str(float(sp.Rational(text))).rstrip("0").rstrip(".")
