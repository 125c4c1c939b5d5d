"""`derive report` is reproducible: two runs into temporary folders write the same files,
byte for byte, and every claim ends with the status `reports/proofs.json` records.

(The committed `reports/` are not compared byte for byte: the PDF, and the link to it,
exist only where pdflatex is installed.)
"""
import json

import pytest

from derive.cli import run_proofs
from derive.report import write_reports
from derive.report.pdf import has_pdflatex
from lemmas import catalogue, figure_data, kernel_specs
from tests.conftest import ROOT


def _run(out):
    claims = list(catalogue().values())
    proofs = run_proofs(claims, jobs=0, budget=60.0, progress=False)
    return write_reports(claims, proofs, out, kernel_specs(), figure_data())


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    folders = [tmp_path_factory.mktemp(f"reports{n}") for n in (1, 2)]
    return folders, [_run(folder) for folder in folders]


def _files(folder):
    return sorted(p.relative_to(folder) for p in folder.rglob("*") if p.is_file())


def test_two_runs_write_the_same_files(runs):
    (first, second), _ = runs
    assert _files(first) == _files(second)
    for name in _files(first):
        assert (first / name).read_bytes() == (second / name).read_bytes(), \
            f"{name} differs between two runs of `derive report`"


def test_the_files_are_the_committed_ones(runs):
    (first, _), (written, _) = runs
    pdf = {"lemmas.pdf"} if not has_pdflatex() else set()
    assert {str(p) for p in _files(first)} == {str(p) for p in _files(ROOT / "reports")} - pdf
    assert {p.relative_to(first) for p in written.paths} == set(_files(first))


def test_every_claim_has_its_committed_status(runs):
    (first, _), _ = runs
    new = {p["id"]: p["status"] for p in json.loads((first / "proofs.json").read_text())}
    old = {p["id"]: p["status"] for p in json.loads((ROOT / "reports" / "proofs.json")
                                                   .read_text())}
    assert new == old, "claim statuses differ from reports/proofs.json: regenerate reports/"


def test_a_skipped_pdf_is_said(runs):
    _, (written, _) = runs
    if has_pdflatex():
        assert not written.skipped
    else:
        assert written.skipped == {"lemmas.pdf": "pdflatex is not installed"}


def test_the_committed_kernels_have_the_exported_functions(runs):
    (first, _), _ = runs
    defined = [{line.split("(")[0][4:] for line in (folder / "kernels.py").read_text()
                .splitlines() if line.startswith("def ") and not line.startswith("def _")}
               for folder in (first, ROOT / "reports")]
    assert defined[0] == defined[1] and len(defined[0]) == 14


def test_timings_only_when_asked(runs):
    (first, _), _ = runs
    html = (first / "index.html").read_text()
    assert " s.</p>" not in html and "seconds" not in (first / "proofs.json").read_text()
