"""What `derive export` writes and says: the functions it counts are the functions in the
module, anything proved but left out says why, and `--check` checks every function or
says why not."""
import pytest
from typer.testing import CliRunner

from derive.cli import app
from derive.kernels import export
from derive.kernels.verify import public_functions, verify_module
from lemmas.kernels import KERNELS

BY_NAME = {k.name: k for k in KERNELS}


@pytest.fixture
def all_proved(monkeypatch):
    """kernel_status without the proofs (tests/kernels/test_kernels.py proves them)."""
    def status(kernels, catalogue, jobs=0, known=()):
        out = {k.name: "proved" for k in kernels}
        for w in export.WRAPPERS.values():
            out[w.name] = "proved" if w.needs is None or w.needs in out else f"needs {w.needs}"
        return out
    monkeypatch.setattr(export, "kernel_status", status)


def test_the_functions_counted_are_the_functions_written(tmp_path, all_proved):
    done = export.export(tmp_path / "k.py", KERNELS, {})
    assert sorted(done.functions) == sorted(public_functions(export.load(done.path)))
    assert len(done.functions) == len(done.status) == len(KERNELS) + len(export.WRAPPERS)
    assert not done.left_out


def test_a_selection_brings_the_kernel_its_wrapper_needs(tmp_path, all_proved):
    done = export.export(tmp_path / "k.py", KERNELS, {}, ["softmax_cross_entropy_int"])
    assert done.functions == ["softmax_cross_entropy", "softmax_cross_entropy_int"]
    with pytest.raises(KeyError):
        export.export(tmp_path / "k.py", KERNELS, {}, ["no_such_kernel"])


def test_numba_says_what_it_leaves_out(tmp_path, all_proved):
    from derive.kernels.compiled import COMPILED
    done = export.export(tmp_path / "k.py", KERNELS, {}, backend="numba")
    assert sorted(done.functions) == sorted(COMPILED)
    assert set(done.left_out) == set(done.status) - set(COMPILED)
    assert all("no numba version" in why for why in done.left_out.values())


def test_cli_counts_agree(tmp_path, all_proved):
    result = CliRunner().invoke(app, ["export", "-o", str(tmp_path / "k.py")])
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    assert sum(line.endswith(": proved") for line in lines) == 14
    assert lines[-1].endswith("(14 functions)")


def test_check_says_why_a_function_was_not_checked(tmp_path):
    path = tmp_path / "k.py"
    path.write_text(export.module_source([BY_NAME["sigmoid"]], {}) + "\n\ndef extra(x):\n"
                    "    return x\n\n\ndef softmax_cross_entropy_int(z, labels):\n"
                    "    return z\n")
    reports = verify_module(export.load(path), [BY_NAME["sigmoid"]])
    said = {r.name: r.skipped for r in reports}
    assert said["sigmoid"] == ""
    assert said["extra"] == "no kernel spec has this name"
    assert said["softmax_cross_entropy_int"] == "needs the softmax_cross_entropy kernel spec"
    assert all(r.ok for r in reports)


def test_check_finds_a_wrong_wrapper(tmp_path):
    path = tmp_path / "k.py"
    path.write_text(export.module_source([], {}) + "\n\ndef linear_backward(x, W, G):\n"
                    "    return G @ W.swapaxes(-1, -2), x.swapaxes(-1, -2) @ G * 1.001\n")
    reports = verify_module(export.load(path), KERNELS)
    assert [r.name for r in reports] == ["linear_backward", "linear_backward"]
    assert all("dW: relative error" in " ".join(r.problems) for r in reports)


def test_cli_check_lists_every_function(tmp_path):
    path = tmp_path / "k.py"
    path.write_text(export.module_source([BY_NAME["relu"]], {}) + "\n\ndef extra(x):\n"
                    "    return x\n")
    result = CliRunner().invoke(app, ["export", "--check", str(path)])
    assert result.exit_code == 0, result.output
    assert "checked 1 of 2 functions; not checked: extra" in result.output
