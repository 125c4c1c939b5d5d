"""Reports of the catalogue: one set of claim/proof objects, several printers.

The same `rows` feed every template; templates live in templates/. Output is
deterministic: no timestamps or timings, so `reports/` can be compared byte for byte.
"""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape


def _rows(claims, proofs):
    by_id = {p.claim_id: p for p in proofs}
    rows = []
    for c in claims:
        p = by_id[c.id]
        rows.append({"claim": c, "proof": p, "statement": c.statement(),
                     "hypotheses": c.hypotheses_latex()})
    return rows


def _topics(rows):
    topics: dict = {}
    for r in rows:
        topics.setdefault(r["claim"].source.lecture, []).append(r)
    return topics


def _tex_escape(text: str) -> str:
    table = {"&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_", "{": r"\{",
             "}": r"\}", "~": r"\textasciitilde{}", "^": r"\^{}", "\\": r"\textbackslash{}"}
    return "".join(table.get(ch, ch) for ch in text)


def write_reports(claims, proofs, out: Path) -> list[Path]:
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    rows = _rows(claims, proofs)
    counts = Counter(r["proof"].status for r in rows)
    context = {"rows": rows, "topics": _topics(rows), "counts": dict(sorted(counts.items()))}
    html = Environment(loader=PackageLoader("derive.report"), autoescape=select_autoescape())
    tex = Environment(loader=PackageLoader("derive.report"), autoescape=False,
                      block_start_string="((*", block_end_string="*))",
                      variable_start_string="(((", variable_end_string=")))",
                      comment_start_string="((#", comment_end_string="#))")
    tex.filters["esc"] = _tex_escape
    written = []
    for env, name in ((html, "index.html"), (tex, "lemmas.tex")):
        path = out / name
        path.write_text(env.get_template(name + ".j2").render(**context), encoding="utf-8")
        written.append(path)
    data = [{k: v for k, v in p.to_json().items() if k != "seconds"} for p in proofs]
    for item in data:
        for part in item["parts"]:
            part.pop("seconds", None)
    path = out / "proofs.json"
    path.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    written.append(path)
    return written
