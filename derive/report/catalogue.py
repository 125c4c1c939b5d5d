"""The catalogue report: every lemma with its proof, as HTML, LaTeX (and PDF) and JSON.

Also written: kernels.py, the exported module of every kernel whose formulas are proved
(its functions are shown beside their lemmas and draw the figures). The claims, their
proofs, the kernel specs and the figures' data are handed in (the CLI takes them from
`lemmas`). Nothing in the output depends on the clock unless `timings` is asked for, so
two runs write the same bytes.
"""
from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ..claim import SLIP, tex
from ..prover import PROVED, REFUTED, UNKNOWN
from . import notebook  # noqa: F401  (registers how a Proof shows itself in Jupyter)
from .render import html_env, tex_env

STATUSES = (PROVED, REFUTED, UNKNOWN)


@dataclass
class Row:
    """One lemma as the templates show it."""
    claim: object
    proof: object
    kernels: list = field(default_factory=list)      # [(name, source)]
    corrected: object = None                         # for a slip: the claim it corrects

    @property
    def slip(self) -> bool:
        return self.claim.expect == SLIP

    @property
    def statements(self) -> list[tuple[str, str]]:
        return statements(self.claim)

    @property
    def corrected_statements(self) -> list[tuple[str, str]]:
        return statements(self.corrected) if self.corrected else []


def statements(claim) -> list[tuple[str, str]]:
    """(label, LaTeX) for each part of a claim, the part's own hypotheses appended."""
    out = []
    for part in claim.parts:
        latex = part.relation.latex()
        if part.hypotheses:
            latex += r"\quad (" + ", ".join(tex(h) for h in part.hypotheses) + ")"
        out.append((part.label, latex))
    return out


def rows_of(claims, proofs, kernel_sources=None) -> list[Row]:
    by_id = {p.claim_id: p for p in proofs}
    claims_by_id = {c.id: c for c in claims}
    sources = kernel_sources or {}
    return [Row(c, by_id[c.id], sources.get(c.id, []), claims_by_id.get(c.corrects))
            for c in claims]


def topics(rows) -> dict:
    out: dict = {}
    for r in rows:
        out.setdefault(r.claim.source.lecture, []).append(r)
    return out


def counts(rows) -> dict:
    found = Counter(r.proof.status for r in rows)
    return {s: found[s] for s in STATUSES if found[s]}


def exported_kernels(kernels, claims, proofs, out: Path, jobs: int = 0):
    """Write out/kernels.py (the kernels whose formulas, claims of `claims`, are proved);
    return (module, {claim id: [(name, source)]})."""
    from ..kernels import export
    status = export.kernel_status(kernels, {c.id: c for c in claims}, jobs, known=proofs)
    proved = [k for k in kernels if status[k.name] == PROVED]
    path = out / "kernels.py"
    path.write_text(export.module_source(proved, status), encoding="utf-8")
    sources: dict = {}
    for k in proved:
        for claim in k.claims:
            sources.setdefault(claim, []).append((k.name, k.source(status[k.name]).strip()))
    for w in export.wrappers_in(proved, status):
        sources.setdefault(w.claim, []).append((w.name, w.source.strip()))
    return export.load(path), sources


@dataclass
class Written:
    """What write_reports wrote, and what it left out with why ({file name: reason})."""
    paths: list[Path]
    skipped: dict = field(default_factory=dict)


def write_reports(claims, proofs, out: Path, kernels, figure_data: dict, jobs: int = 0,
                  timings: bool = False, pdf: bool = True) -> Written:
    """Write index.html, lemmas.tex (and lemmas.pdf when pdflatex is there), proofs.json,
    kernels.py (of the kernel specs given) and figures/ (of figure_data, see
    figures.draw) under out."""
    from .figures import draw
    from .pdf import compile_pdf, has_pdflatex
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    module, sources = exported_kernels(kernels, claims, proofs, out, jobs)
    svgs = draw(module, out, figure_data)
    rows = rows_of(claims, proofs, sources)
    context = {"rows": rows, "topics": topics(rows), "counts": counts(rows),
               "timings": timings, "figures": svgs, "pdf": pdf and has_pdflatex(),
               "topic_counts": {t: counts(rs) for t, rs in topics(rows).items()}}
    written = [out / "kernels.py"] + sorted((out / "figures").glob("*.pdf"))
    for env, name in ((html_env(), "index.html"), (tex_env(), "lemmas.tex")):
        path = out / name
        path.write_text(env.get_template(name + ".j2").render(**context), encoding="utf-8")
        written.append(path)
    path = out / "proofs.json"
    path.write_text(json.dumps([_plain(p.to_json(), timings) for p in proofs], indent=1,
                               ensure_ascii=False) + "\n", encoding="utf-8")
    written.append(path)
    skipped = {}
    if pdf and has_pdflatex():
        written.append(compile_pdf(out / "lemmas.tex"))
    elif pdf:
        skipped["lemmas.pdf"] = "pdflatex is not installed"
    return Written(written, skipped)


def _plain(data: dict, timings: bool) -> dict:
    """A proof's JSON without its timings (unless asked for): reports are reproducible."""
    if not timings:
        data.pop("seconds", None)
        for part in data["parts"]:
            part.pop("seconds", None)
    return data
