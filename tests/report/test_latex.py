"""The LaTeX report compiles with a real pdflatex, with no undefined references, and its
first page renders (pdftoppm)."""
import shutil
import subprocess

import pytest

from tests.conftest import ROOT


def test_lemmas_tex_compiles_and_renders(tmp_path):
    for tool in ("pdflatex", "pdftoppm"):
        if not shutil.which(tool):
            pytest.fail(f"{tool} is not installed: run scripts/install-system-packages")
    shutil.copy(ROOT / "reports" / "lemmas.tex", tmp_path)
    shutil.copytree(ROOT / "reports" / "figures", tmp_path / "figures")
    for _ in range(4):                     # until the references have settled
        done = subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error",
                               "lemmas.tex"], cwd=tmp_path, capture_output=True, timeout=300)
        assert done.returncode == 0, done.stdout.decode(errors="replace")[-2000:]
        log = (tmp_path / "lemmas.log").read_text(errors="replace")
        if "Rerun to get" not in log:
            break
    assert "undefined" not in log.lower(), [l for l in log.splitlines() if "ndefined" in l]
    assert "Rerun to get" not in log
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1",
                    str(tmp_path / "lemmas.pdf"), str(tmp_path / "page")], check=True)
    pages = list(tmp_path.glob("page*.png"))
    assert len(pages) == 1 and pages[0].stat().st_size > 5_000
