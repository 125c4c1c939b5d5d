"""Matrix forms: the gradients of the lectures written as matrices and vectors, as the
slides and textbooks write them (δ xᵀ, Wᵀδ, G Wᵀ, diag(a) − a aᵀ, (A + Aᵀ)x).

Each is a MatrixEquals claim: proved for all shapes by SymPy's matrix algebra where it
can, else entry by entry at every size 1–4 (the proof's scope says which). The index
forms of the same identities, proved for symbolic sizes, are the claims in `uses`.
Gradients are in the denominator layout (∂L/∂W shaped as W)."""
import sympy as sp

from derive import Source, SLIP
from derive.claim import Claim, MatrixEquals, part
from derive.notation import Diag, Hadamard, Indicator, PositivePart, Sigmoid, Trace, Transposed

SOURCE = Source("Matrix calculus", "gradients in matrix form")
n, m, k, c = (sp.Symbol(s, integer=True, positive=True) for s in "nmkc")


def name(text):
    """A matrix or vector name of the matrix reading: kept in its place in products."""
    return sp.Symbol(text, commutative=False)


A, B, W, X, G, V, W1, W2 = (name(t) for t in ("A", "B", "W", "X", "G", "V", "W_1", "W_2"))
x, b, g, z, y, b1, b2, e = (name(t) for t in ("x", "b", "g", "z", "y", "b_1", "b_2", "e"))
ONES = name(r"\mathbf{1}")


def T(e):
    return Transposed(e)


def grad(f, v):
    return sp.Derivative(f, v)


def equals(lhs, rhs, **shapes):
    return MatrixEquals(lhs, rhs, tuple((sp.Symbol(k, commutative=False), v)
                                        for k, v in shapes.items()))


# the upstream gradient g of a layer: L varies as gᵀ(output), so ∂L/∂(output) = g
LAYER = T(g) * (W * x + b)
SIGMA = Sigmoid(z)
DSIGMA = Hadamard(SIGMA, 1 - SIGMA)                       # σ'(z) = σ(z) ⊙ (1 − σ(z))
SOFTMAX = sp.exp(z) * (T(ONES) * sp.exp(z)) ** -1         # e^z / (1ᵀ e^z), 1 a column of ones
VEC = {"x": (n, 1), "b": (m, 1), "g": (m, 1), "W": (m, n)}

# the multiclass hinge loss of one example, e the one-hot vector of its class y:
# margins s − s_y 1 + 1 for s = Wx, summed over the classes j ≠ y where positive
MARGINS = W * x - (T(e) * W * x) * ONES + ONES
HINGE = T(ONES) * Hadamard(PositivePart(MARGINS), ONES - e)
ACTIVE = Hadamard(Indicator(MARGINS), ONES - e)          # h_j = I(margin_j > 0), j ≠ y

CLAIMS = [
    Claim("matrix.quadratic-form", "The gradient of a quadratic form", SOURCE,
          (part(equals(grad(T(x) * A * x, x), (A + T(A)) * x, A=(n, n), x=(n, 1)),
                "∂(xᵀAx)/∂x = (A + Aᵀ)x"),),
          scope="all shapes", note="A need not be symmetric."),
    Claim("matrix.quadratic-form-symmetric-slip", "∂(xᵀAx)/∂x = 2Ax for any A", SOURCE,
          (part(equals(grad(T(x) * A * x, x), 2 * A * x, A=(n, n), x=(n, 1))),),
          expect=SLIP, corrects="matrix.quadratic-form",
          note="Holds only where A = Aᵀ."),
    Claim("matrix.linear-backward", "A linear layer's gradients in matrix form", SOURCE,
          (part(equals(grad(LAYER, W), g * T(x), **VEC), "∂L/∂W = δ xᵀ"),
           part(equals(grad(LAYER, x), T(W) * g, **VEC), "∂L/∂x = Wᵀ δ"),
           part(equals(grad(LAYER, b), g, **VEC), "∂L/∂b = δ"),
           part(equals(grad(Trace(T(G) * X * V), X), G * T(V),
                       X=(k, n), V=(n, m), G=(k, m)), "batched: ∂L/∂X = G Wᵀ"),
           part(equals(grad(Trace(T(G) * X * V), V), T(X) * G,
                       X=(k, n), V=(n, m), G=(k, m)), "batched: ∂L/∂W = Xᵀ G")),
          scope="all shapes", uses=("linear.backward",),
          note="δ = g is the upstream gradient: L varies as gᵀ(Wx + b); batched, Y = XW "
               "and L varies as tr(Gᵀ Y)."),
    Claim("matrix.backprop", "The four backpropagation equations in vector form", SOURCE,
          (part(equals(grad(sp.Rational(1, 2) * T(SIGMA - y) * (SIGMA - y), z),
                       Hadamard(SIGMA - y, DSIGMA), z=(n, 1), y=(n, 1)),
                "BP1: δ = ∂C/∂a ⊙ σ'(z) at the output, C = ‖a − y‖²/2"),
           part(equals(grad(T(g) * (W * Sigmoid(z) + b), z), Hadamard(T(W) * g, DSIGMA),
                       z=(n, 1), g=(m, 1), W=(m, n), b=(m, 1)),
                "BP2: δ = (Wᵀ δ of the next layer) ⊙ σ'(z)"),
           part(equals(grad(T(g) * (W * Sigmoid(z) + b), b), g,
                       z=(n, 1), g=(m, 1), W=(m, n), b=(m, 1)), "BP3: ∂C/∂b = δ"),
           part(equals(grad(T(g) * (W * Sigmoid(z) + b), W), g * T(Sigmoid(z)),
                       z=(n, 1), g=(m, 1), W=(m, n), b=(m, 1)), "BP4: ∂C/∂W = δ aᵀ")),
          scope="all shapes", uses=("backprop.bp1-bp4",),
          note="g is the next layer's error δ: C varies as gᵀ(W σ(z) + b)."),
    Claim("matrix.softmax-jacobian", "The softmax Jacobian in matrix form", SOURCE,
          (part(equals(grad(SOFTMAX, z), Diag(SOFTMAX) - SOFTMAX * T(SOFTMAX), z=(n, 1)),
                "∂a/∂z = diag(a) − a aᵀ"),
           part(equals((Diag(x) - x * T(x)) * g, Hadamard(x, g - (T(x) * g) * ONES),
                       x=(n, 1), g=(n, 1)),
                "its vector–Jacobian product: a ⊙ (g − ⟨g, a⟩)")),
          scope="all shapes", uses=("softmax.jacobian",), note="a = softmax(z) = e^z / (1ᵀe^z), 1 the vector of ones; the Jacobian is "
          "symmetric, so both layouts agree."),
    Claim("matrix.hinge-gradient", "The multiclass hinge loss: its gradient in matrix form",
          SOURCE,
          (part(equals(grad(HINGE, W), (ACTIVE - (T(ONES) * ACTIVE) * e) * T(x),
                       W=(c, n), x=(n, 1), e=(c, 1)),
                "∂L/∂W = (h − (1ᵀh) e) xᵀ: row j ≠ y gets I(s_j − s_y + 1 > 0) xᵀ, "
                "row y minus their sum"),),
          scope="sizes 1–4", uses=("linear.hinge-gradient",),
          note="L = Σ_{j≠y} max(0, s_j − s_y + 1), s = Wx, e the one-hot vector of the class "
               "y (the identity holds for any e); h = I(s − s_y 1 + 1 > 0) ⊙ (1 − e). At a "
               "margin of exactly 0 the gradient is a convention."),
    Claim("matrix.hinge-gradient-row-y-slip", "∂L/∂W = h xᵀ: the hinge gradient without row y",
          SOURCE,
          (part(equals(grad(HINGE, W), ACTIVE * T(x), W=(c, n), x=(n, 1), e=(c, 1))),),
          expect=SLIP, corrects="matrix.hinge-gradient",
          note="s_y is in every margin: row y of the gradient is −(1ᵀh) xᵀ, not 0."),
    Claim("matrix.two-layers-collapse", "Two linear layers without activation are one",
          SOURCE,
          (part(equals(W2 * (W1 * x + b1) + b2, (W2 * W1) * x + (W2 * b1 + b2),
                       W_2=(c, m), W_1=(m, n), x=(n, 1), b_1=(m, 1), b_2=(c, 1)),
                "W₂(W₁x + b₁) + b₂ = (W₂W₁)x + (W₂b₁ + b₂)"),
           part(equals(T(A * B), T(B) * T(A), A=(m, n), B=(n, k)), "(AB)ᵀ = BᵀAᵀ")),
          scope="all shapes", uses=("linear.no-activation-collapse",)),
    Claim("matrix.transpose-order-slip", "(AB)ᵀ = AᵀBᵀ", SOURCE,
          (part(equals(T(A * B), T(A) * T(B), A=(n, n), B=(n, n))),),
          expect=SLIP, corrects="matrix.two-layers-collapse",
          note="The factors of a transposed product change places."),
]
