"""The HTML reports in a real browser: the math is laid out, nothing is fetched, nothing
of the LaTeX source shows, and a 390-px phone screen needs no sideways scrolling."""
import re
import subprocess
import sys

import pytest

from tests.conftest import ROOT

RAW_LATEX = re.compile(r"\\(frac|sum|left|right|partial|sigma|begin|text|mathrm|cdot)\b|\$\$")
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1200, "height": 900}


def open_page(browser, path, viewport, shot):
    page = browser.new_page(viewport=viewport)
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(path.as_uri())
    page.screenshot(path=str(shot), full_page=False)
    return page, requests


def assert_math_rendered(page, requests, path, width):
    assert requests == [path.as_uri()], f"requests beyond the page itself: {requests}"
    boxes = page.evaluate("""Array.from(document.querySelectorAll('math')).map(m => {
        const r = m.getBoundingClientRect(); return [r.width, r.height]; })""")
    assert len(boxes) > 0
    empty = [b for b in boxes if b[0] <= 0 or b[1] <= 0]
    assert not empty, f"{len(empty)} of {len(boxes)} math elements have no size"
    # MathML elements are laid out as MathML, not as unknown inline elements
    display = page.evaluate("getComputedStyle(document.querySelector('math mfrac, math msub, "
                            "math msup') || document.querySelector('math')).display")
    assert display.startswith("block math") or display in ("math", "inline math"), display
    text = page.inner_text("body")
    assert not RAW_LATEX.search(text), RAW_LATEX.search(text).group(0)
    assert page.evaluate("document.querySelectorAll('code.tex').length") == 0
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    return len(boxes)


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_catalogue_report_renders_offline(browser, viewport, tmp_path):
    path = ROOT / "reports" / "index.html"
    shot = tmp_path / "catalogue.png"
    page, requests = open_page(browser, path, viewport, shot)
    count = assert_math_rendered(page, requests, path, viewport["width"])
    assert count > 300                         # every statement and proof step
    assert shot.stat().st_size > 10_000
    # both figures are there, drawn inline
    sizes = page.evaluate("""Array.from(document.querySelectorAll('figure svg')).map(s => {
        const r = s.getBoundingClientRect(); return r.width * r.height; })""")
    assert len(sizes) == 2 and min(sizes) > 10_000
    page.close()


@pytest.fixture(scope="module")
def homework_report(tmp_path_factory):
    out = tmp_path_factory.mktemp("hw") / "homework.html"
    done = subprocess.run([sys.executable, "-m", "derive.cli", "check", "--html", str(out),
                           str(ROOT / "examples/homework/bce-bias-slip.md"),
                           str(ROOT / "examples/homework/softmax-cases.md")],
                          capture_output=True, text=True)
    assert done.returncode == 1, done.stderr           # an invalid step: exit 1
    return out


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_homework_report_marks_the_invalid_step(browser, homework_report, viewport,
                                                tmp_path):
    shot = tmp_path / "homework.png"
    page, requests = open_page(browser, homework_report, viewport, shot)
    assert_math_rendered(page, requests, homework_report, viewport["width"])
    invalid = page.locator(".step.invalid")
    assert invalid.count() >= 1
    first = invalid.first
    assert "counterexample" in first.inner_text()
    assert first.locator("math").count() >= 1 and first.bounding_box()["height"] > 0
    assert page.locator(".step.valid").count() >= 1
    page.close()


def test_hostile_homework_cannot_inject_markup(browser, tmp_path):
    hostile = tmp_path / "hostile.md"
    hostile.write_text("$$\\text{<img src=x onerror=alert(1)>} = \\frac{<script>1</script>}{2}$$\n"
                       "$$x = x + \\text{</math><script>window.pwned=1</script>}$$\n")
    out = tmp_path / "hostile.html"
    subprocess.run([sys.executable, "-m", "derive.cli", "check", "--html", str(out),
                    str(hostile)], capture_output=True)
    page = browser.new_page()
    page.goto(out.as_uri())
    assert page.evaluate("document.querySelectorAll('script, img').length") == 0
    assert page.evaluate("window.pwned") is None
    page.close()
