"""README's examples are ones the program runs as written: its `>>>` examples print what
README shows, every `$ derive …` line is a command derive accepts, and the counterexamples
README quotes for the lectures' slips are the ones derive prints."""
import doctest
import re
import shlex
import subprocess
import sys

import pytest
import typer
from typer.testing import CliRunner

from derive import prove_many
from derive.cli import app
from derive.prover.loop import point_text
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _blocks(lang: str):
    """(line, text) of every fenced block of the language."""
    for m in re.finditer(rf"^```{lang}\n(.*?)^```", README, re.S | re.M):
        yield README[:m.start()].count("\n") + 2, m.group(1)


def _commands():
    """Every `$ derive …` line of the console blocks: continuations joined, comments and
    README's [optional] parts dropped."""
    for line, block in _blocks("console"):
        for command in re.sub(r"\\\n\s*", " ", block).splitlines():
            if command.startswith("$ derive"):
                words = shlex.split(command[2:], comments=True)
                yield line, [w for w in words if not re.fullmatch(r"\[.*\]", w)]


PYTHON = [pytest.param(text, id=f"README.md:{line}") for line, text in _blocks("python")
          if ">>>" in text]
COMMANDS = [pytest.param(words, id=" ".join(words)) for _, words in _commands()]


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    """The folder where `derive export -o kernels.py` wrote the kernels README imports."""
    folder = tmp_path_factory.mktemp("readme")
    subprocess.run([sys.executable, "-c", "from derive.cli import main; main()", "export",
                    "softmax_cross_entropy", "-o", "kernels.py", "--jobs", "1"],
                   cwd=folder, check=True, capture_output=True, timeout=300)
    return folder


@pytest.mark.parametrize("text", PYTHON)
def test_readme_python_examples_print_what_readme_shows(text, exported, monkeypatch):
    monkeypatch.chdir(ROOT)                       # README's paths are the repository's
    monkeypatch.syspath_prepend(str(exported))
    sys.modules.pop("kernels", None)
    test = doctest.DocTestParser().get_doctest(text, {}, "README.md", str(ROOT / "README.md"), 0)
    assert test.examples
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    failures: list[str] = []
    runner.run(test, out=failures.append)
    assert not failures, "".join(failures)


def test_readme_has_examples_of_every_command():
    assert PYTHON and {words[1] for words in (p.values[0] for p in COMMANDS)
                       if len(words) > 1} >= {"list", "prove", "check", "export", "report"}


@pytest.mark.parametrize("words", COMMANDS)
def test_readme_console_lines_are_commands_derive_accepts(words):
    if words[1].startswith("-"):                          # `derive --version`: run it
        assert CliRunner().invoke(app, words[1:]).exit_code == 0
        return
    group = typer.main.get_command(app)
    with group.make_context("derive", [words[1]]) as ctx:
        command = group.get_command(ctx, words[1])
        assert command is not None, f"no command {words[1]!r}"
        command.make_context(words[1], words[2:], parent=ctx)   # raises on what it lacks


SLIP_ROW = re.compile(r"^\| `([\w.-]+\.lecture-slip)`: .*? \| (.+?) \|$", re.M)


def test_readme_slip_table_quotes_the_counterexamples_derive_prints(catalogue):
    quoted = dict(SLIP_ROW.findall(README))
    assert len(quoted) >= 4, "the slip table of README is not where this test looks"
    proofs = {p.claim_id: p for p in prove_many([catalogue[i] for i in quoted], jobs=2)}
    for claim_id, cell in quoted.items():
        printed = point_text(proofs[claim_id].counterexample)
        parts = [part.strip(" ,") for part in cell.split("…")]
        at = 0
        for part in parts:                               # "…" stands for what is left out
            found = printed.find(part, at)
            assert found >= 0, f"{claim_id}: README quotes {cell!r}, derive prints {printed!r}"
            at = found + len(part)
        assert printed.startswith(parts[0]) and printed.endswith(parts[-1]), (claim_id, printed)
