"""Real documents (SPEC §3.1): the five seed documents and the shared corpus of real
derivations, checked as they are, scored against their labels (bench/corpus.py).

The issue's bars are not all met yet; the tests below hold what is achieved (a ratchet:
a new false alarm, a slip site lost, fewer steps read fail them) and keep the bars
themselves as strict expected failures, which turn red the day they pass unnoticed.
"""
import importlib.util
import sys

import pytest

from tests.conftest import ROOT, SHARED

pytestmark = pytest.mark.skipif(not (SHARED / "seeds").is_dir()
                                or not (SHARED / "corpus").is_dir(),
                                reason=f"needs the seeds and corpus in {SHARED}")


def _bench():
    """bench/corpus.py as a module (registered, so its worker function pickles)."""
    if "bench_corpus" in sys.modules:
        return sys.modules["bench_corpus"]
    spec = importlib.util.spec_from_file_location("bench_corpus", ROOT / "bench" / "corpus.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_corpus"] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def scored():
    import json
    bench = _bench()
    results = json.loads(json.dumps(bench.run(2)))          # as the CLI's JSON
    seeds = bench.seed_table(results, json.loads((bench.SEEDS / "expected.json").read_text()))
    labels = json.loads((bench.CORPUS / "labels.json").read_text())
    corpus = bench.corpus_table(results, labels)
    corpus["matrix"] = bench.corpus_table(results, labels, bench.matrix_notation)
    return seeds, corpus


# what is achieved now (see README "Real documents"); change only by improving. False
# alarms cannot come from a slow machine (a time limit gives `unknown`, never `invalid`),
# so they are held exactly; what a time limit can turn into `unknown` (a valid step, a
# found slip) is held with a margin of two blocks / one site for a loaded CI machine.
SEED_ALARMS_AT_MOST = 0          # of 49 correct blocks (was 29): the bar
SEED_SLIPS_AT_LEAST = 9          # of 10 sites (was 2; 10 in a quiet run since ∇_W of a whole
#                                  matrix is compared entry by entry, 001 block 25)
SEED_ALL_VALID_AT_LEAST = 38     # of 49 (was 11; 40 now: defined names kept as names, a name
#                                  defined by its derivative ∂p_i/∂a_j = ∂(…)/∂a_j, a stated
#                                  case, an undefined name read as a function of its variable,
#                                  a restatement that drops a label no new definition, a
#                                  neuron's law a = σ(z) at each neuron of a layer, ∇_i S_j
#                                  as ∂S_j/∂x_i, a count the length of a vector written out)
CORPUS_ALARMS_AT_MOST = 0        # of 138 correct blocks (was 36): the bar
CORPUS_READ_AT_LEAST = 0.95      # of the labelled steps (was 0.34 by this measure; 0.98 now:
#                                  the bar. Labelled definitions and steps that name a
#                                  quantity read as definitions count as read; the step
#                                  across prose in a chain is the one the labels check)
CORPUS_ALL_VALID_AT_LEAST = 69   # of 138 correct blocks (was 9; 71 now: matrix notation
#                                  decided at sizes 1–3, written matrices entry by entry,
#                                  derivatives an earlier display or the prose states,
#                                  differentials, Jacobians, Hessians, rows of X and entries
#                                  of bold vectors, vectors as rows where columns cannot be,
#                                  a definition by the cases of a label's values, words as
#                                  names, a loss named by an acronym, a solution checked
#                                  against the equation set to zero above it, a function
#                                  defined by its derivative d/dz φ(z) = d/dz (…), the
#                                  entries Q_k of Q⃗ = W P⃗ + b⃗ and R⃗ = σ(Q⃗), the
#                                  differential in a named variable, \mathrm{d}_w f)
CORPUS_FOUND_AT_LEAST = 16       # of 45 wrong steps (was 8; 17 now: a sum over samples
#                                  y^{(i)} runs over them)
MATRIX_READ_AT_LEAST = 0.90      # the blocks in matrix notation (bench.matrix_notation), of
#                                  their labelled steps: issue 15's bar (0.97 now)


def test_seeds_hold_what_is_achieved(scored):
    seeds, _ = scored
    c = seeds["counts"]
    assert c["false_alarms"] <= SEED_ALARMS_AT_MOST, seeds["alarms"]
    assert c["slips_found"] >= SEED_SLIPS_AT_LEAST, seeds["missed"]
    assert c["all_valid"] >= SEED_ALL_VALID_AT_LEAST


def test_corpus_holds_what_is_achieved(scored):
    _, corpus = scored
    c = corpus["counts"]
    assert c["false_alarms"] <= CORPUS_ALARMS_AT_MOST, corpus["alarms"]
    assert c["read"] / c["labelled"] >= CORPUS_READ_AT_LEAST
    assert c["correct_all_valid"] >= CORPUS_ALL_VALID_AT_LEAST
    assert c["wrong_found"] >= CORPUS_FOUND_AT_LEAST, corpus["missed"]


def test_corpus_blocks_in_matrix_notation_meet_the_reading_bar(scored):
    _, corpus = scored
    c = corpus["matrix"]["counts"]
    assert c["read"] / c["labelled"] >= MATRIX_READ_AT_LEAST and c["false_alarms"] == 0


@pytest.mark.xfail(strict=True, reason="issue 15's bar not met yet: every labelled wrong "
                   "step of the blocks in matrix notation found (5 of 21)")
def test_corpus_blocks_in_matrix_notation_find_every_wrong_step(scored):
    _, corpus = scored
    c = corpus["matrix"]["counts"]
    assert c["wrong_found"] == c["wrong_steps"]


def test_seeds_meet_the_bar(scored):
    # issue 13's bar: 0 false alarms, ≥ 40 of 49 all valid, every slip site outside 001
    # blocks 21–25 (met since ∇_i S_j and a count fixed by a vector written out)
    seeds, _ = scored
    c = seeds["counts"]
    missed = [m for m in seeds["missed"] if m[0] != "001" or not set(m[1]) & {21, 22, 23, 24, 25}]
    assert c["false_alarms"] == 0 and c["all_valid"] >= 40 and not missed


def test_corpus_meets_the_reading_bar(scored):
    _, corpus = scored
    c = corpus["counts"]
    assert c["read"] / c["labelled"] >= 0.95 and c["false_alarms"] == 0


@pytest.mark.xfail(strict=True, reason="issue bar not met yet: corpus ≥ 85 % of correct "
                   "blocks all valid, every wrong step invalid")
def test_corpus_meets_the_bar(scored):
    _, corpus = scored
    c = corpus["counts"]
    assert c["correct_all_valid"] >= 0.85 * c["correct_blocks"]
    assert c["wrong_found"] == c["wrong_steps"]
