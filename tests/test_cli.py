"""The command line: list, prove --json, exit codes."""
import json

from typer.testing import CliRunner

from derive.cli import app
from tests.conftest import ROOT

runner = CliRunner()


def test_list_shows_every_claim(catalogue):
    result = runner.invoke(app, ["list"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    assert "softmax.jacobian" in result.output


def test_prove_json_for_a_true_claim_and_a_slip():
    result = runner.invoke(app, ["prove", "sigmoid.derivative", "sigmoid.derivative.lecture-slip",
                                 "--json", "--jobs", "1"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    by_id = {d["id"]: d for d in data}
    assert by_id["sigmoid.derivative"]["status"] == "proved"
    assert by_id["sigmoid.derivative"]["steps"]
    slip = by_id["sigmoid.derivative.lecture-slip"]
    assert slip["status"] == "refuted" and slip["counterexample"]
    for d in data:
        assert {"id", "status", "method", "scope", "seconds", "steps"} <= set(d)


def test_unknown_id_is_unusable_input():
    result = runner.invoke(app, ["prove", "no.such.claim"])
    assert result.exit_code == 2


SAMPLE = ROOT / "examples" / "homework"


def test_check_json_follows_the_spec():
    result = runner.invoke(app, ["check", str(SAMPLE / "softmax-cases.md"), "--json"])
    assert result.exit_code == 1                      # it has an invalid step
    data = json.loads(result.output)
    assert set(data) == {"files", "summary"}
    assert set(data["summary"]) == {"valid", "invalid", "unknown", "unparsed"}
    step = data["files"][0]["derivations"][1]["steps"][1]
    assert step["verdict"] == "invalid" and step["counterexample"]
    assert {"step", "lhs", "rhs", "verdict", "reason", "counterexample", "seconds"} <= set(step)


def test_check_exit_codes(tmp_path):
    good = tmp_path / "good.md"
    good.write_text("$$\n2x = x + x\n$$\n")
    assert runner.invoke(app, ["check", str(good)]).exit_code == 0
    assert runner.invoke(app, ["check", str(tmp_path / "missing.md")]).exit_code == 2
    assert runner.invoke(app, ["check", str(good), "--context", "nope"]).exit_code == 2
    assert runner.invoke(app, ["check", str(good), "--define", "no equals sign"]).exit_code == 2


def test_check_options_give_definitions_and_hypotheses(tmp_path):
    doc = tmp_path / "hw.md"
    doc.write_text("$$\n\\frac{\\partial C}{\\partial z_i} = a_i - y_i\n$$\n")
    args = ["check", str(doc), "--json",
            "--define", r"a_j=\frac{e^{z_j}}{\sum_{k=1}^{n} e^{z_k}}",
            "--define", r"C=-\sum_{j=1}^{n} y_j \ln a_j"]
    without = json.loads(runner.invoke(app, args).output)
    assert without["summary"]["invalid"] == 1            # needs Σ y = 1
    with_h = json.loads(runner.invoke(app, args + ["--assume", r"\sum_{j=1}^{n} y_j = 1"]).output)
    assert with_h["summary"]["valid"] == 1


def test_bad_limits_are_unusable_input(tmp_path):
    good = tmp_path / "good.md"
    good.write_text("$$\n2x = x + x\n$$\n")
    for opt in (["--timeout", "nan"], ["--timeout", "inf"], ["--timeout", "0"],
                ["--timeout", "-1"], ["--memory", "1"]):
        assert runner.invoke(app, ["check", str(good)] + opt).exit_code == 2, opt


def test_export_selects_kernels_and_wrappers_by_name_or_claim(tmp_path):
    out = tmp_path / "k.py"
    result = runner.invoke(app, ["export", "linear.backward", "-o", str(out), "--jobs", "1"])
    assert result.exit_code == 0, result.output
    assert "def linear_backward" in out.read_text() and "def softmax(" not in out.read_text()
    result = runner.invoke(app, ["export", "softmax", "-o", str(out), "--jobs", "1"])
    assert result.exit_code == 0 and "def linear_backward" not in out.read_text()
    assert runner.invoke(app, ["export", "no.such", "-o", str(out)]).exit_code == 2


def test_check_html_writes_the_homework_report(tmp_path):
    out = tmp_path / "hw.html"
    result = runner.invoke(app, ["check", str(ROOT / "examples/homework/graph-add-mul.md"),
                                 "--html", str(out)])
    assert result.exit_code == 0, result.output
    html = out.read_text()
    assert html.startswith("<!doctype html>") and 'class="step valid"' in html
    assert "<math" in html


def test_check_html_is_not_for_batches(tmp_path):
    result = runner.invoke(app, ["check", str(ROOT / "examples/homework"), "--out",
                                 str(tmp_path / "r.jsonl"), "--html", str(tmp_path / "r.html")])
    assert result.exit_code == 2 and "--html" in result.output


# --- the first hour: what a new user meets ------------------------------------------------

def test_version_is_printed():
    from derive import __version__
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.stdout.strip() == f"derive {__version__}"


def test_help_shows_no_type_tags_and_every_option_has_help():
    for command in ([], ["check"], ["prove"], ["report"], ["export"], ["list"]):
        result = runner.invoke(app, command + ["--help"], env={"COLUMNS": "100"})
        assert result.exit_code == 0, result.output
        assert "<bool>" not in result.stdout and "<list[" not in result.stdout, command
    text = runner.invoke(app, ["report", "--help"], env={"COLUMNS": "100"}).stdout
    assert "worker processes" in text and "time budget per claim" in text


def test_errors_go_to_stderr_never_into_json(tmp_path):
    good = tmp_path / "good.md"
    good.write_text("$$\n2x = x + x\n$$\n")
    result = runner.invoke(app, ["check", str(good), "--json", "--timeout", "0"])
    assert result.exit_code == 2 and result.stdout == "" and "--timeout" in result.stderr
    result = runner.invoke(app, ["check", str(tmp_path / "missing.md"), "--json"])
    assert result.exit_code == 2 and result.stdout == "" and "no such file" in result.stderr
    result = runner.invoke(app, ["prove", "no.such.claim", "--json"])
    assert result.exit_code == 2 and result.stdout == "" and "no.such.claim" in result.stderr


def test_html_says_where_it_wrote_and_json_stays_json(tmp_path):
    out = tmp_path / "hw.html"
    doc = ROOT / "examples/homework/graph-add-mul.md"
    result = runner.invoke(app, ["check", str(doc), "--html", str(out)])
    assert f"wrote {out}" in result.stdout
    result = runner.invoke(app, ["check", str(doc), "--html", str(out), "--json"])
    assert json.loads(result.stdout)["summary"]["valid"] and f"wrote {out}" in result.stderr


def test_nothing_checkable_is_unusable_input_with_a_reason(tmp_path):
    cases = {"prose.md": ("# Notes\n\nOnly prose, and $x = 1$ inline.\n", "no display math found"),
             "unread.md": ("$$\n\\frac{ = \\sqrt{\n$$\n", "nothing could be read"),
             "nochain.md": ("$$\nx^2 + 1\n$$\n", "no derivation found")}
    for name, (text, said) in cases.items():
        path = tmp_path / name
        path.write_text(text)
        result = runner.invoke(app, ["check", str(path)])
        assert result.exit_code == 2, (name, result.output)
        assert said in result.stderr, (name, result.stderr)
    # one checkable file among them is enough for a normal exit
    good = tmp_path / "good.md"
    good.write_text("$$\n2x = x + x\n$$\n")
    assert runner.invoke(app, ["check", str(good), str(tmp_path / "nochain.md")]).exit_code == 0


def test_counterexamples_read_as_assignments_in_the_table_and_the_prover_json():
    result = runner.invoke(app, ["check", str(SAMPLE / "slips-sigmoid.md")])
    assert result.exit_code == 1
    assert "at z = " in result.stdout and "{'z'" not in result.stdout
    result = runner.invoke(app, ["prove", "sigmoid.derivative.lecture-slip", "--json",
                                 "--jobs", "1"])
    (proof,) = json.loads(result.stdout)
    assert isinstance(proof["counterexample"], dict) and "z" in proof["counterexample"]
    latex = [s["latex"] for s in proof["steps"]]
    assert any(text.startswith("z = ") for text in latex) and not any("{'" in t for t in latex)


def test_piped_tables_fold_rather_than_cut_and_name_each_column_once():
    result = runner.invoke(app, ["check", str(SAMPLE / "slips-sigmoid.md")])
    assert "…" not in result.stdout
    header = next(line for line in result.stdout.splitlines() if "verdict" in line)
    cells = [c.strip() for c in header.strip("┃│ ").split("┃")]
    assert len(cells) == len(set(cells)), cells
