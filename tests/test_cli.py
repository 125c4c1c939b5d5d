"""The command line: list, prove --json, exit codes."""
import json

from typer.testing import CliRunner

from derive.cli import app

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
