"""Reports: the catalogue (HTML, LaTeX/PDF, JSON, figures, kernels) and homework (HTML).

One set of claim/proof/step objects feeds every printer; the Jinja2 templates live in
templates/. Output is reproducible: no timestamps or timings unless asked for.
"""
from .catalogue import write_reports
from .homework import write_homework

__all__ = ["write_reports", "write_homework"]
