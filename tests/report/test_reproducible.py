"""`reports/` is the output of `derive report`: regenerated here, byte for byte."""
import pytest

from derive.cli import run_proofs
from derive.report import write_reports
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def fresh(tmp_path_factory):
    from lemmas import catalogue
    claims = list(catalogue().values())
    out = tmp_path_factory.mktemp("reports")
    write_reports(claims, run_proofs(claims, jobs=0, budget=60.0, progress=False), out)
    return out


def _files(folder):
    return sorted(p.relative_to(folder) for p in folder.rglob("*") if p.is_file())


def test_report_files_are_the_committed_ones(fresh):
    assert _files(fresh) == _files(ROOT / "reports")


@pytest.mark.parametrize("name", [str(p) for p in _files(ROOT / "reports")])
def test_report_is_byte_identical(fresh, name):
    new, old = (fresh / name).read_bytes(), (ROOT / "reports" / name).read_bytes()
    assert new == old, f"reports/{name} differs from `derive report`: regenerate reports/"


def test_timings_only_when_asked(fresh):
    html = (fresh / "index.html").read_text()
    assert " s.</p>" not in html and "seconds" not in (fresh / "proofs.json").read_text()
