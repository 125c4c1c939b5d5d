"""Markdown / LaTeX files → front matter, headings and display-math blocks, in order.

Display math is `$$…$$`, `\\[…\\]`, or a top-level align/equation/gather environment.
Inline math, prose in any language and fenced code are skipped; nothing is interpreted.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

import yaml

from .macros import MacroError, MacroTable

_ENVS = r"(?:align|equation|gather|multline|eqnarray|aligned|gathered|flalign)\*?"
_TOKEN = re.compile(
    r"(?P<fence>^[ \t]*(```|~~~))"
    r"|(?P<heading>^[ \t]{0,3}(?P<hashes>#{1,6})[ \t]+[^\n]*)"
    r"|(?P<dollars>(?<!\\)\$\$)"
    r"|(?P<bracket>\\\[)"
    r"|(?P<begin>\\begin\{(?P<env>" + _ENVS + r")\})",
    re.M)


@dataclass
class Heading:
    level: int
    line: int
    title: str = ""
    # inline math in the title (`### Numerical check at $x = 1$`): read as the words are
    inline: list = field(default_factory=list)


@dataclass
class Block:
    number: int          # counts display-math blocks from 1
    line: int            # 1-based line where the block starts
    text: str            # the math inside the delimiters
    offset_line: int     # the line of text[0]
    error: str = ""      # a block that could not even be delimited (unterminated)


@dataclass
class Inline:
    """Inline math in the prose (`$…$` or `\\(…\\)`): a definition or a condition."""
    text: str
    line: int
    # "$y_k = 1$ for the true class $c$ and $0$ otherwise": the case the value holds in
    # (`c`, `k = c`) and the value in every other case (`0`), as written
    otherwise: tuple[str, str] | None = None
    # "$H = 0$ only if every token gets probability 1", "say $o_k = 1000$": a condition the
    # words state or a value supposed for a moment, no value the name is given
    conditional: bool = False
    # "maximise H(p) subject to $\sum_i p_i s_i = c$": a constraint — a fact where it is
    # met, never a definition of c (a Lagrangian's β(Σ p_i s_i − c) would vanish)
    constraint: bool = False
    # "Setting this to zero gives $w = a - \lambda$", "zero at $w = a + \lambda$", "at $r =
    # \delta$": a point — where an equation in the page's variable holds, or where a formula
    # is evaluated — never a definition of the variable
    point: bool = False
    # "For an active triplet, i.e. $d_p - d_n + m > 0$:": the formula the words end at, a
    # colon after it — what the display after it assumes, never a fact of the whole page
    leads: bool = False
    # "negative for $k(a) < \tau n$", «отрицательна при $k(a) < \tau n$»: a case the words
    # name after "for", "при" — an inequality there is that case, no fact of the page
    case: bool = False


# prose that opens by explaining the display above it: "where $y_i = σ(z_i)$ is …",
# "Здесь учли, что $σ(z_3^k) = A_3^k$", "где $a$ — …"
_EXPLAINS = re.compile(r"^[\s*>_(\-–—]*(where|here|with|since|using|because|in which|"
                       r"где|здесь|тут|при этом|так как|поскольку|учитывая|учли)(?![\w])",
                       re.IGNORECASE)


# "ignore $\epsilon$", "neglecting $\varepsilon$", "пренебрежём $\varepsilon$": a name left out
_IGNORED = re.compile(r"(?:\b(?:ignor|neglect|drop)(?:e|es|ed|ing)?|пренебре\w*|без\s+учёта|"
                      r"не\s+учитыва\w*)\s++(?:the\s+|term\s+|слагаемое\s+)?\$([^$\n]{1,40})\$",
                      re.IGNORECASE)
# inline math that gives a name a number: `T = 1`, `z = (1, 2)`
_NUMBER_GIVEN = re.compile(r"=\s*+(?:\\left)?\s*+[-+(\[]?\s*+\d")


@dataclass
class Prose:
    """The prose between two displays (or a heading and a display), with its inline math;
    `explains` when it opens by explaining the display above it ("where $…$ is …")."""
    line: int
    inline: list[Inline]
    explains: bool = False
    names: frozenset = frozenset()    # which σ the words name: "softmax", "sigmoid"
    layout: str | None = None         # the layout of derivatives the words fix, if one
    # "Call this $p_j$", "Обозначим это через $\delta$": the name the words give the value
    # the display above ends at
    calls: Inline | None = None
    tables: tuple = ()                # the Markdown tables in it (`Table`)
    # names the words say to leave out ("ignore $\epsilon$", "пренебрежём $\varepsilon$"):
    # 0 in the worked example that follows
    ignored: tuple = ()
    # what the words say a name is: ("one-hot", "y") for "$y$ the one-hot label", ("one-hot-at",
    # "y", "c") for "one-hot $y$ with a one at the correct class $c$",
    # ("probability", "\\theta") for "вероятность орла $\\theta$", ("count", "k", "n") for
    # "$n$ бросков, $k$ из них", ("distribution", "p", "K") for "$p = (p_1, \\dots, p_K)$ —
    # распределение" (its top, where the words write it)
    said: tuple = ()
    # "Setting both to zero … gives the normal equations:": the display after it is
    # equations imposed (a system the lines after it solve), not identities
    imposes: bool = False
    # "Пример: для батча $x = (1, 2, 3)$ …", "For example, …": the numbers it gives are its
    # section's, never those of the sections beside it
    example: bool = False
    # "I'm gonna rewrite $\hat{x}$ …:", «перепишем»: the display after it restates a name
    # in another form (a step to check), never gives it a new meaning
    rewrites: bool = False
    # "dropping constants, with $1/b = \lambda$:", «с точностью до константы», 省略常数: the
    # display after it equals what came before up to an additive constant
    drops_constants: bool = False


@dataclass
class Table:
    """A Markdown table in the prose: its header cells and rows as written (`$x_i$`, `2`)."""
    line: int
    header: list[str]
    rows: list[list[str]]


_TABLE_ROW = re.compile(r"^[ \t]*\|(.*)\|[ \t]*$")
_TABLE_RULE = re.compile(r"^[ \t]*\|?[ \t]*:?-{3,}:?[ \t]*(\|[ \t]*:?-{3,}:?[ \t]*)*\|?[ \t]*$")


def _tables(chunk: str, first_line: int) -> tuple:
    """The Markdown tables of a stretch of prose (a header row, a rule `|---|`, rows)."""
    lines = chunk.split("\n")
    found, at = [], 0
    while at + 2 < len(lines):
        head = _TABLE_ROW.match(lines[at])
        if not (head and _TABLE_RULE.match(lines[at + 1])):
            at += 1
            continue
        header = [c.strip() for c in head.group(1).split("|")]
        rows, end = [], at + 2
        while end < len(lines) and (row := _TABLE_ROW.match(lines[end])):
            rows.append([c.strip() for c in row.group(1).split("|")])
            end += 1
        found.append(Table(first_line + at, header, rows[:200]))
        at = end
    return tuple(found)


# prose that opens by naming the value the display above ends at
_CALLS = re.compile(r"^[\s*>_(\-–—]*(?:(?:we |let us |let's )?(?:call|denote|name) (?:this|it|that)"
                    r"(?: quantity| expression| value)?(?: by| as)?|(?:обозначим|назовём|назовем)"
                    r"(?: это| его| её| ее)?(?: через| как)?)\s*$", re.IGNORECASE)


# `$…$` on one line, not `$$`, not an escaped `\$`; `\(…\)`
# (`\\(…\\)`: the Markdown of Jekyll sites escapes the backslash of `\(…\)` so)
_INLINE = re.compile(r"(?<![\\$])\$(?!\$)([^$\n]{1,2000}?)(?<![\\$])\$(?!\$)|\\{1,2}\((.{1,2000}?)\\{1,2}\)"
                     r"|(?<!\\)\$\$([^$\n]{1,2000}?)(?<!\\)\$\$")     # (`$$…$$` in a sentence)
_CODE_SPAN = re.compile(r"`[^`\n]*`")


def _math_of(m) -> str:
    """The formula an `_INLINE` match holds, whichever delimiters it was written in."""
    return m.group(1) or m.group(2) or m.group(3) or ""

# a letter the words call one-hot, written just before or after the word
# "the probability of heads $\\theta$", "вероятность орла $\\theta$", "$p$ is the probability"
_PROBABILITY_OF = re.compile(
    r"(?:probability|вероятност\w*)(?:\s++(?!of\b|класс|of\s)[^\s$.,;]+){0,2}?\s*+\$\s*+"
    r"(\\[a-zA-Z]+|[a-zA-Z])\s*+\$|\$\s*+(\\[a-zA-Z]+|[a-zA-Z])\s*+\$\s*+(?:—|–|-|is|—\s*это)"
    r"\s*+(?:the\s++)?(?:probability|вероятность)\b", re.IGNORECASE)
# "$p$ and $q$ are discrete distributions", "$p = (p_1, \dots, p_K)$ и $q$ — распределения",
# "distributions $p$ and $q$": names of probability distributions (a density p(x) is none)
_NAMES = r"((?:\$[^$]{1,80}\$\s*+(?:,|and|и)?\s*+){1,3})"
_DISTRIBUTION_WORD = r"(?:distributions?\b|распределени[еяй]\b)"
_DISTRIBUTIONS = re.compile(
    _NAMES + r"(?:(?:—|–|-|are|is|be|это)\s*+)?(?:(?:the|a|two|both)\s++)?"
    r"(?:(?!of\b|has\b|имеет\b)[^\s$.,;]+\s++)?" + _DISTRIBUTION_WORD
    + "|" + _DISTRIBUTION_WORD + r"\s++" + _NAMES, re.IGNORECASE)
_DISTRIBUTION_NAME = re.compile(r"\$\s*+([a-zA-Z])\s*+(?:=\s*+\(\s*+\1_\{?[01]\}?\s*+,\s*+"
                                r"(?:\\[lc]?dots|\.\.\.)\s*+,\s*+\1_\{?([a-zA-Z])\}?\s*+\)\s*+)?\$")
# "$\eta$ is a small, positive parameter", "a positive constant $c$", «$\eta$ — положительный
# шаг»: a name the words make positive
_POSITIVE_WORD = (r"(?:strictly\s++)?(?:positive|положительн\w*)\b"
                  r"(?![\s-]*+(?:semi|definite|part|определ|часть))")
_POSITIVE = re.compile(
    r"\$\s*+(\\?[a-zA-Z]+)\s*+\$\s*+(?:is|are|be|—|–|-|это)\s++(?:a\s++|an\s++|some\s++)?"
    r"(?:(?!not\b|never\b|не\b)[a-zA-Zа-яё]+,?\s++){0,2}?" + _POSITIVE_WORD + "|"
    + _POSITIVE_WORD + r"\s++(?:(?!and\b|и\b)[a-zA-Zа-яё]+\s++){0,2}?\$\s*+(\\?[a-zA-Z]+)\s*+\$",
    re.IGNORECASE)
# `dD = \partial L / \partial D`, `dW = \frac{\partial L}{\partial W}`: dX named as X's gradient
_GRADIENT_NAME = re.compile(
    r"(?<![\\a-zA-Z])d([A-Za-z])\s*=\s*(?:\\frac\s*\{\s*\\partial\s*[A-Za-z]\s*\}\s*\{\s*"
    r"\\partial\s*\1\s*\}|\\partial\s*[A-Za-z]\s*/\s*\\partial\s*\1(?![a-zA-Z]))")
# "$k$ of them", "$k$ из них": a count of the things counted just before
_COUNT_OF = re.compile(r"\$\s*+([a-zA-Z])\s*+\$\s*+(?:из\s++них|of\s++them|of\s++these)\b",
                       re.IGNORECASE)
# ("one-hot vector $y$", "$y$ is one-hot"; never "(часто one-hot), а $q$ — …": the words
# between may not close a bracket or a clause)
_ONE_HOT = re.compile(r"one[- ]hot(?:(?!class|label|index|класс|метк)[^$.;,()]){0,40}?\$\s*+((?:\\mathbf\{)?[a-zA-Z]\}?)\s*+\$|"
                      r"\$\s*+((?:\\mathbf\{)?[a-zA-Z]\}?)\s*+\$[^$.;]{0,25}?one[- ]hot",
                      re.IGNORECASE)
# "a one-hot label $\mathbf y \in \mathbb R^v, y_k = 1$": a one-hot vector declared with its
# size (whatever word names it), and where the formula goes on, the entry that is one
_ONE_HOT_DECLARED = re.compile(
    r"one[- ]hot[^$.;()]{0,40}?\$\s*+(?:\\mathbf|\\boldsymbol|\\vec)?\s*+\{?\s*+([a-zA-Z])\s*+\}?"
    r"\s*+\\in\s*+\\mathbb\s*+\{?\s*+R\s*+\}?\s*+\^\s*+(?:\{[^{}$]*\}|\w)\s*+"
    r"(?:,\s*+\1\s*+_\s*+\{?\s*+([a-zA-Z])\s*+\}?\s*+=\s*+1\s*+)?\$", re.IGNORECASE)
# "one-hot vector $y$ with a one at the correct class $c$", «one-hot вектор $y$ с единицей на
# месте правильного класса $c$»: y_k = δ_kc
_ONE_HOT_AT = re.compile(r"one[- ]hot[^$.;]{0,40}?\$\s*+((?:\\mathbf\{)?[a-zA-Z]\}?)\s*+\$"
                         r"[^$.;]{0,40}?(?:with\s+(?:a\s+)?(?:one|1|\$\s*1\s*\$)|с\s+единиц\w*)"
                         r"[^$.;]{0,50}?(?:class|label|position|index|place|класс\w*|метк\w*|"
                         r"позици\w*|мест\w*|индекс\w*)\s*+\$\s*+([a-zA-Z])\s*+\$", re.IGNORECASE)
# "$y_c = 1$ and $y_i = 0$ for every other $i$", «$y_c = 1$, а $y_k = 0$ для остальных $k$»:
# the same one-hot vector, its entries given
_ONE_AND_ZEROS = re.compile(
    r"\$\s*+(?:\\mathbf\{)?([a-zA-Z])\}?\s*+_\s*+\{?\s*+([a-zA-Z])\s*+\}?\s*+=\s*+1\s*+\$"
    r"[^$.;]{0,20}?(?:and|,|и|а)\s*+\$\s*+(?:\\mathbf\{)?\1\}?\s*+_\s*+\{?\s*+[a-zA-Z]\s*+\}?"
    r"\s*+=\s*+0\s*+\$(?:[^$.;]{0,30}?(?:\bother|\botherwise|остальн|иначе|прочих|други)|"
    # ("… and $y_k = 0$ for $k \neq c$")
    r"\s*+(?:for|when|if|при|для|если)\s*+\$\s*+[a-zA-Z]\s*+(?:\\neq?|!=)\s*+\2\s*+\$)",
    re.IGNORECASE)
# the words after a value that make it hold in one case only ("for the true class $c$ and
# $0$ otherwise", "если $k = c$, и $0$ иначе")
_OTHERWISE = re.compile(
    r"\s*+,?\s*+(?:for|if|when|для|при|если)\b[^$.;]{0,60}?\$([^$]{1,80})\$\s*+,?\s*+"
    r"(?:and|или|и|,)\s*+(?:\$([^$]{1,40})\$|([-+]?\d+|zero|нулю|ноль))\s*+(?:for all others?|"
    r"otherwise|else(?:where)?|иначе|в\s++противном\s++случае|в\s++остальных\s++случаях)",
    re.IGNORECASE)


# the words that make random variables independent, or of one distribution each family
# ("i.i.d." says both); the names are the sentence's inline formulas
_INDEPENDENT = re.compile(r"\bindependen\w*|\bi\.\s?i\.\s?d\b|\biid\b|независим\w*|н\.\s?о\.\s?р\b",
                          re.IGNORECASE)
_IDENTICAL = re.compile(r"identically\s+distributed|\bi\.\s?i\.\s?d\b|\biid\b|"
                        r"одинаково\s+распредел\w*|н\.\s?о\.\s?р\b", re.IGNORECASE)
_CENTRED = re.compile(r"\bmean\s+(?:of\s+)?(?:zero|0\b|\$\s*0\s*\$)|\bzero[- ]mean\b|\bcent(?:e|re)red\b|"
                      r"нулев\w*\s+(?:средн|матожидан|математическ)\w*|центрирован\w*|"
                      r"симметричн\w*\s+относительно\s+нуля|symmetric\s+(?:about|around)\s+(?:zero|0)",
                      re.IGNORECASE)
_UNIT = re.compile(r"\bunit\s+variance|\bvariance\s+(?:of\s+)?(?:one\b|1\b|\$\s*1\s*\$)|"
                   r"единичн\w*\s+дисперси\w*|дисперси\w*\s+(?:1\b|\$\s*1\s*\$)", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<![.\s][a-zA-Z])[.!?](?=\s+[A-ZА-ЯЁ*]|\s*$)|\n\s*\n")
# a name as a formula lists it (`w_i`, `q_1`, `\mathbf{x}`, `\xi`, `\mathbf{q} \in \mathbb{R}^d`):
# its letter
_LISTED_NAME = re.compile(r"^\s*(?:\\mathbf\{|\\boldsymbol\{|\\vec\{)?(\\?[a-zA-Z]+)\}?"
                          r"\s*(?:_\s*(?:\{[^{}]*\}|[a-zA-Z0-9]))?\s*(?:\\in\b.*)?$")


# `$w_{ij} \sim \mathcal{N}(0, \sigma^2)$`, `$m_i \sim \mathrm{Bernoulli}(p)$`, `$w \sim U[-a, a]$`:
# the law of a family of random variables, as inline math gives it
_LAW = re.compile(r"^(?P<names>[^~]*?)\s*\\sim\s*(?:\\(?:mathcal|mathrm|operatorname|text|mathbb)\s*)?"
                  r"\{?\s*(?P<law>N|U|Uniform|Bernoulli|Bern|Be|Бернулли)\s*\}?\s*"
                  r"(?:\\left|\\big)?\s*[(\[](?P<params>.*)[)\]]\s*[.,;]?\s*$")
_LAWS = {"N": "normal", "U": "uniform", "Uniform": "uniform", "Bernoulli": "bernoulli",
         "Bern": "bernoulli", "Be": "bernoulli", "Бернулли": "bernoulli"}


def _laws(chunk: str) -> list:
    """("law", kind, parameter texts, letters…) for each inline formula that gives a
    family its distribution."""
    found = []
    for m in _INLINE.finditer(chunk):
        law = _LAW.match(_math_of(m).strip())
        if law is None:
            continue
        params = tuple(p.strip() for p in _top_level_split(law.group("params")))
        letters = [n.group(1) for n in map(_LISTED_NAME.match, law.group("names").split(","))
                   if n and n.group(1) not in ("\\dots", "\\ldots", "\\cdots")]
        if letters and all(params):
            found.append(("law", _LAWS[law.group("law")], params, *letters))
    return found


def _top_level_split(text: str) -> list:
    """The parts of a parameter list between its top-level commas (or semicolons)."""
    parts, depth, current = [], 0, ""
    for ch in text:
        depth += ch in "({[" and 1 or ch in ")}]" and -1 or 0
        if ch in ",;" and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += ch
    return parts + [current]


def _random_names(chunk: str) -> list:
    r"""("independent", letters…), ("identical", letters…), ("centred", letters…: mean
    zero) and ("unit", letters…: variance one) for each sentence that says so of the
    names its formulas list (`$w_i$ и $x_i$ независимы`, `the weights $w_i$ are i.i.d.`,
    `$q_1, \dots, q_d, k_1, \dots, k_d$ are independent`)."""
    found, start = [], 0
    for end in [m.end() for m in _SENTENCE_END.finditer(chunk)] + [len(chunk)]:
        sentence, start = chunk[start:end], end
        words = _INLINE.sub(lambda m: m.group(0) if re.fullmatch(r"\$\s*[01]\s*\$", m.group(0))
                            else " ", sentence)          # (`mean $0$`: the number stays)
        kinds = [k for k, pattern in (("independent", _INDEPENDENT), ("identical", _IDENTICAL),
                                      ("centred", _CENTRED), ("unit", _UNIT))
                 if pattern.search(words)]
        if not kinds:
            continue
        letters = []
        for m in _INLINE.finditer(sentence):
            for part in _math_of(m).split(","):
                name = _LISTED_NAME.match(part)
                if name and name.group(1) not in ("\\dots", "\\ldots", "\\cdots"):
                    letters.append(name.group(1))
        letters = list(dict.fromkeys(letters))
        found += [(kind, *letters) for kind in kinds if letters]
    return found


# the words that say which function σ (or f) is: lectures write σ for both
_FUNCTION_WORDS = {"softmax": re.compile(r"softmax|софтмакс", re.IGNORECASE),
                   "sigmoid": re.compile(r"sigmoid|logistic|сигмоид|логистич", re.IGNORECASE),
                   # the words fix the base of log at 2: "logs base 2", "in bits", "по
                   # основанию 2", "в битах"
                   "log2": re.compile(r"\blog(?:arithm)?s?\s+(?:are\s+)?(?:(?:to|in)\s+)?(?:the\s+)?"
                                      r"base[- ]?(?:2|two)\b|\bbase[- ](?:2|two)\s+log|"
                                      r"\bin\s+bits\b|по\s+основанию\s+(?:2|два|двум)\b|"
                                      r"\bв\s+битах\b", re.IGNORECASE),
                   # Einstein's convention: an index repeated in a product is summed over
                   # ("Einstein notation", "summation convention", "a dummy index",
                   # «правило Эйнштейна», «немой индекс», «по повторяющимся индексам»)
                   "einstein": re.compile(r"einstein|summation\s+convention|dummy\s+ind|"
                                          r"repeated\s+ind\w*\s+(?:are|is)\s+summed|"
                                          r"эйнштейн|нем\w+\s+индекс|"
                                          r"по\s+повторяющимся\s+индексам", re.IGNORECASE),
                   # the words speak of expected values: E(…) with round brackets is one
                   # ("the expected value of", «математическое ожидание», «матожидание»)
                   "expectation": re.compile(r"expected\s+value|expectation|"
                                             r"математическ\w+\s+ожидани|матожидани|期望",
                                             re.IGNORECASE),
                   # the loss −Σ_k y_k log a_k is a cross-entropy: y is a distribution
                   "cross-entropy": re.compile(r"cross[- ]?entrop|кросс[- ]?энтроп|"
                                               r"перекр[её]стн\w*\s+энтроп", re.IGNORECASE)}
SIGMA_WORDS = frozenset({"softmax", "sigmoid"})     # the names that fix what σ is


def named_in(words: str) -> frozenset:
    """The functions words name (`_FUNCTION_WORDS`)."""
    return frozenset(k for k, pattern in _FUNCTION_WORDS.items() if pattern.search(words))


# the words that fix the layout of matrix derivatives (∂L/∂W shaped as W, or as Wᵀ)
_LAYOUT_WORDS = {"numerator": re.compile(r"numerator[- ]layout|jacobian formulation|"
                                         r"раскладк\w* числител|числител\w* раскладк",
                                         re.IGNORECASE),
                 "denominator": re.compile(r"denominator[- ]layout|gradient formulation|"
                                           r"hessian formulation|раскладк\w* знаменател|"
                                           r"знаменател\w* раскладк|"
                                           # "the matrix of partials, of the same shape as X"
                                           r"same (?:shape|size|dimensions?) as|"
                                           r"(?:той же|такой же) (?:формы|размерности)|"
                                           r"того же размера", re.IGNORECASE)}


def layout_named(words: str) -> str | None:
    """"numerator" or "denominator" where the words name one layout (and not the other)."""
    found = [k for k, pattern in _LAYOUT_WORDS.items() if pattern.search(words)]
    return found[0] if len(found) == 1 else None


# the standard normal distribution function and density by their customary letters: "the
# standard normal CDF $\Phi$", "where $\phi = \Phi'$ is the standard normal density"
_NORMAL_CDF = re.compile(r"(?:normal|gaussian)\s+(?:cdf|c\.d\.f|cumulative\s+distribution|"
                         r"distribution\s+function)|функци\w+\s+(?:стандартного\s+)?"
                         r"нормального\s+распределения|функци\w+\s+лапласа", re.IGNORECASE)
_NORMAL_PDF = re.compile(r"(?:normal|gaussian)\s+(?:pdf|p\.d\.f|density|probability\s+density)|"
                         r"плотност\w+\s+(?:стандартного\s+)?нормального\s+распределения",
                         re.IGNORECASE)


def _normal_functions(chunk: str) -> list:
    """("normal-cdf", "\\Phi"), ("normal-pdf", "\\phi") where the words name them and a
    formula of theirs writes the letter."""
    math = " ".join(m.group(0) for m in _INLINE.finditer(chunk))
    found = [("normal-cdf", "\\Phi")] if _NORMAL_CDF.search(chunk) \
        and re.search(r"\\Phi(?![a-zA-Z])", math) else []
    letter = re.search(r"\\(?:var)?phi(?![a-zA-Z])", math)
    return found + ([("normal-pdf", letter.group(0))] if letter and _NORMAL_PDF.search(chunk)
                    else [])


def _said(chunk: str) -> tuple:
    """What the words say of single names (`Prose.said`)."""
    found = [("one-hot", m.group(1) or m.group(2)) for m in _ONE_HOT.finditer(chunk)]
    found += [("one-hot-at", m.group(1), m.group(2)) if m.group(2) else ("one-hot", m.group(1))
              for m in _ONE_HOT_DECLARED.finditer(chunk)]
    found += _normal_functions(chunk)
    found += [("one-hot-at", m.group(1), m.group(2)) for m in _ONE_HOT_AT.finditer(chunk)]
    found += [("one-hot-at", m.group(1), m.group(2)) for m in _ONE_AND_ZEROS.finditer(chunk)]
    found += [("probability", m.group(1) or m.group(2)) for m in _PROBABILITY_OF.finditer(chunk)]
    found += [("positive", m.group(1) or m.group(2)) for m in _POSITIVE.finditer(chunk)]
    found += [("distribution", n.group(1), n.group(2) or "")
              for m in _DISTRIBUTIONS.finditer(chunk)
              for n in _DISTRIBUTION_NAME.finditer(m.group(1) or m.group(2))]
    for m in _COUNT_OF.finditer(chunk):
        before = re.findall(r"\$\s*+([a-zA-Z])\s*+\$", chunk[:m.start()])
        if before and before[-1] != m.group(1):
            found.append(("count", m.group(1), before[-1]))
    found += [("square", m.group(1) or m.group(2)) for m in _SQUARE.finditer(chunk)]
    found += [("symmetric", m.group(1) or m.group(2) or m.group(3))
              for m in _SYMMETRIC.finditer(chunk)
              if not _NOT_BEFORE.search(chunk[max(0, m.start() - 16):m.start()])
              and not _NOT_AFTER.match(chunk, m.end())]
    found += _random_names(chunk) + _laws(chunk)
    return tuple(dict.fromkeys(found))


# "for square $A$", "a square matrix $\mathbf{S}$", "$A$ is square", «квадратная матрица
# $A$»: the matrix's two sizes are one (whatever shape a section before declared)
_NAME_IN_MATH = r"\$\s*+((?:\\[a-zA-Z]+\{\\?[A-Za-z]+\}|\\[A-Z][a-z]*|[A-Za-z])(?:_\{?[a-zA-Z0-9]{1,3}\}?)?)\s*+\$"
# "symmetric $A$", "the symmetry of $\Lambda$", "$A$ is symmetric", «симметричная матрица
# $A$» — not "symmetry of $A$ is not assumed", «несимметричная»
# (the name may come with its shape, "a symmetric weight matrix $\Omega \in \mathbb{R}^{n
# \times n}$", and a word or two between)
_NAME_DECLARED = _NAME_IN_MATH.replace(r"\s*+\$", r"\s*+(?:\\in\b[^$]*)?\$", 1)
_SYMMETRIC = re.compile(r"(?:\bsymmetric|(?<!не)симметричн\w*)\s++(?:positive\s+(?:semi-?)?definite\s+)?"
                        r"(?!(?:about|around|относительно)\b)(?:[^\s$.,;:]+\s++){0,2}?"
                        r"(?:(?:matrix|матриц\w*)\s++)?" + _NAME_DECLARED
                        + r"|"
                        r"(?:\bsymmetry\s+of|(?<!не)симметричност\w*)\s++" + _NAME_IN_MATH + r"|"
                        + _NAME_DECLARED + r"\s++(?:is|be)\s++(?:also\s+)?(?:an?\s+)?symmetric\b",
                        re.IGNORECASE)
_NOT_BEFORE = re.compile(r"\b(?:not|non|no)\b|\bне\b", re.IGNORECASE)
_NOT_AFTER = re.compile(r"[^.;]{0,20}?(?:не\s+предполага|is\s+not\s+assumed|not\s+assumed)",
                        re.IGNORECASE)
_SQUARE = re.compile(r"(?:\bsquare|квадратн\w*)\s++(?:(?:matrix|матриц\w*)\s++)?"
                     + _NAME_IN_MATH + r"|" + _NAME_IN_MATH
                     + r"\s++(?:is|be|—|-)\s++(?:a\s++)?(?:square|квадратн\w*)\b", re.IGNORECASE)


# a value for one case the words name, no math in it: "($y_j = 1$ for the correct class, $0$
# for the rest)", «$y_k = 1$ для верного класса»
_ONE_CASE = re.compile(r"\s*+,?\s*+(?:(?:for|at|in|of)\s++(?:the\s++|a\s++)?(?:correct|true|"
                       r"target|right|observed|actual)\s++(?:class|label|category|output)|"
                       r"(?:для|у|на)\s++(?:правильн|истинн|верн|целев)\w*\s++(?:класс|метк)\w*)",
                       re.IGNORECASE)
# the words after a formula that restrict it to some of its indices: "$Y_{il} = 0$ для всех
# $l \neq k$", "$y_j = 0$ for every $j \ne c$", "for $i < n$" — a case, never the value of
# every entry
_RESTRICTED = re.compile(r"\s*+,?\s*+(?:(?:for|when|if)(?:\s++(?:all|every|each|any))?|"
                         r"для(?:\s++(?:всех|каждого|любого|любых))?|при(?:\s++(?:всех|любых))?|"
                         r"если|когда)\s*+\$[^$]*?(?:\\neq?(?![a-zA-Z])|\\not\s*+=|≠|<|>|"
                         r"\\[lg]eq?(?![a-zA-Z])|\\in(?![a-zA-Z])|\\notin)[^$]*\$", re.IGNORECASE)
# a value supposed for the sake of the words just before it: "if some logit is large, say
# $o_k = 1000$", "for example $x = 2$", «например, $p = 0.3$» — no value the name has
_SUPPOSED = re.compile(r"(?:\bsay|\be\.\s*g\.|\bfor\s+(?:example|instance)|\bsuch\s+as|"
                       r"например|скажем)[\s,:]*+$", re.IGNORECASE)
# the words before a formula that make it a point: an equation's solution ("setting this to
# zero gives", "solving for w", "it vanishes at", «приравняв к нулю, получаем», «откуда»), or
# where a formula is evaluated ("at", "near", "в точке", «при»: «обращается в ноль при
# $σ^2 = …$»)
_AT_POINT = re.compile(r"(?:\bsetting\b[^$.;]{0,30}?\b(?:to\s+)?(?:zero|0)\b[^$.;]{0,20}?|"
                       r"\bsolv\w*[^$.;:\n]{0,30}?|(?<!\blook\s)(?<!\blooking\s)\bat|"
                       r"\bnear|\baround|\bclose\s+to|"
                       r"приравн\w*[^$.;]{0,30}?нул\w*[^$.;]{0,20}?|(?<!\w)реш\w*[^$.;:\n]{0,30}?|"
                       r"\bв\s+точке|\bпри)[\s,:]*+$", re.IGNORECASE)
# the words that lead into a display of equations imposed: "setting both to zero gives",
# "set the gradient equal to zero:", «приравнивая производные к нулю, получаем»
_IMPOSES = re.compile(r"\bset(?:ting)?\s+(?:(?:all|both|each|the|its|their)\s+)*(?:them|it|this|"
                      r"these|both|derivatives?|gradients?|partials?|partial\s+derivatives?)\b"
                      r".{0,60}?\b(?:to|equal\s+to)\s+(?:zero|0|\$\s*0\s*\$)(?![\w.])|"
                      r"\bset(?:ting)?\s+\$[^$]{0,60}(?:\\partial|\\nabla|\\frac\s*\{\s*d|')"
                      r"[^$]{0,60}=\s*0\s*\$|"
                      r"приравн\w*\s+(?:\S+\s+){0,3}?(?:производн|градиент|их|её|ее|это)\w*"
                      r".{0,60}?\bнул\w*", re.IGNORECASE | re.DOTALL)
_DROPS_CONSTANTS = re.compile(
    r"\b(?:drop|omit|ignor|discard|neglect)\w*\s+(?:the\s+|all\s+|any\s+)?(?:additive\s+)?"
    r"constants?\b|\bup\s+to\s+(?:an?\s+)?(?:additive\s+)?constant|"
    r"точностью\s+до\s+(?:аддитивной\s+)?(?:константы|постоянной)|"
    r"(?:отбрас|опуска|опуст|отброс)\w*\s+(?:\w+\s+)?(?:константу|константы|постоянн)|"
    r"省略常数|忽略常数|去掉常数|舍去常数", re.IGNORECASE)
_REWRITES = re.compile(r"\b(?:re-?writ\w*|equivalently|in\s+(?:an)?other\s+form|перепи\w*|"
                       r"эквивалентн\w*)", re.IGNORECASE)
# the words before a formula that make it a constraint: "subject to", "s.t.", «при условии»
_SUBJECT_TO = re.compile(r"\bsubject\s+to\b|\bs\.\s?t\.|\bconstraints?\b|при\s+услови\w*|"
                         r"ограничени\w*", re.IGNORECASE)
# the words just before a formula that make it a condition, never a definition nor a value:
# "the gradient vanishes exactly when $\sigma^2 = (x - \mu)^2$", «когда $p = q$» (a plain
# "if", «если», is left out: "find $f'$ if $f(x) = x^2$" gives the task its f)
_WHEN = re.compile(r"(?:\bexactly\s+when|\bonly\s+(?:if|when)|\bif\s+and\s+only\s+if|\bwhenever|"
                   r"\biff|\bwhen|тогда\s+и\s+только\s+тогда,?\s+когда|когда|"
                   # where a formula is not ("away from $w = 0$": w ≠ 0 there, no value)
                   r"\baway\s+from|\bвдали\s+от|"
                   # a goal or a requirement ("we want $\mathrm{Var}(y) = 1$", «чтобы
                   # $\mathrm{Var}(y) = \mathrm{Var}(x)$, нужно $n \mathrm{Var}(w) = 1$»; never
                   # "so that $y_c = e^{z_c}/\Sigma_C$", which names what follows)
                   r"\bin\s+order\s+that|\bwe\s+(?:want|require)|\brequires?|"
                   r"\bчтобы|\bнужно|\bнеобходимо|\bтребуется|"
                   # a case named in brackets ("Base case ($t = 1$)", «случай ($k = 1$)»):
                   # its value, never the name's for the page ("in this case, $o_i = …$"
                   # gives the name its meaning there)
                   r"\bcase\s*+\(|(?<!\w)случа[йяе]\s*+\()"
                   r"[\s,:]*+$", re.IGNORECASE)
_ONLY_IF = re.compile(r"[\s,]*+(?:only\s+(?:if|when)|if\s+and\s+only\s+if|iff|exactly\s+when|"
                      r"тогда\s+и\s+только\s+тогда|только\s+(?:если|когда|при))\b",
                      re.IGNORECASE)


def _otherwise(chunk: str, end: int) -> tuple[str, str] | None:
    """(the case, the other value) where the words after an inline formula end at
    "… and $0$ otherwise"; else None."""
    m = _OTHERWISE.match(chunk, end)
    if m is None:
        return None
    other = m.group(2) or m.group(3)
    return m.group(1).strip(), {"zero": "0", "нулю": "0", "ноль": "0"}.get(other.lower(),
                                                                          other.strip())


# a value in code, as notes on code write their examples: `x = -2`, `w = [2, -3, -3]` (a
# letter, maybe with digits, given a number or a list of numbers)
_CODE_VALUE = re.compile(r"`(\s*[a-zA-Z](?:_?\d+)?\s*=\s*)(?:(-?\d+(?:\.\d+)?)|\[(\s*-?\d+"
                         r"(?:\.\d+)?(?:\s*,\s*-?\d+(?:\.\d+)?)*\s*)\])(\s*)`")


def _code_values(text: str) -> str:
    """text with each value given in code written as inline math of the same length
    (`x = -2` as $x = -2$, a list in brackets as a tuple), every other code span blank:
    code is no formula, but the value it gives a letter is the example's."""
    def put(m):
        if m.group(2) is not None:
            return f"${m.group(1)}{m.group(2)}{m.group(4)}$"
        return f"${m.group(1)}({m.group(3)}){m.group(4)}$"
    return _CODE_SPAN.sub(lambda m: " " * len(m.group(0)), _CODE_VALUE.sub(put, text))


# prose that opens a worked example: "Пример: …", "Example.", "For example, …", «Например»
_EXAMPLE_OPENS = re.compile(r"^[\s*_>#]*(?:пример\w*|example|for\s+example|for\s+instance|например|"
                            r"e\.\s?g\.)(?![\w])", re.IGNORECASE)
# a sentence about a special case of what the page says in general: "For one-hot $p$ (…)
# we get $H(p) = 0$", «Для one-hot $p$ имеем $H(p) = 0$» — its formulas hold in that case only
_SPECIAL_CASE = re.compile(r"(?:^|(?<=[.!?:])\s|\n)\s*+(?:for|для|if|если|при|in\s+the\s+case\s+of|"
                           r"в\s+случае)\s++(?:an?\s+)?one[- ]hot[^.!?]*+", re.IGNORECASE)


# the words after a formula that make the display before it its special case: "This is
# just the cost $C = \frac{1}{2n}\sum_x …$ in the special case of one neuron", «в частном
# случае» — the general form, no new meaning of the name
_GENERAL_FORM = re.compile(r"[^.!?$]{0,40}?(?:\bin\s+the\s+special\s+case|\bas\s+a\s+special\s+case|"
                           r"\bspecial\s+case\s+of|частн\w*\s+случа\w*)", re.IGNORECASE)


_FOR_CASE = re.compile(r"(?:\bfor|\bwhen|\bif|(?<!\w)при|(?<!\w)если|(?<!\w)когда)\s*+$",
                       re.IGNORECASE)
# a colon, and nothing but blanks and emphasis, after the last formula of the words
_LEADS = re.compile(r"[\s*_)]*:[\s*_]*")


def _prose(text: str, start: int, end: int, line_of) -> Prose | None:
    chunk = _code_values(text[start:end])
    special = [m.span() for m in _SPECIAL_CASE.finditer(chunk)]
    found = [Inline(_math_of(m).strip(),
                    line_of(start + m.start()),
                    _otherwise(chunk, m.end()), bool(
                        any(a <= m.start() < b for a, b in special)
                        or _ONLY_IF.match(chunk, m.end()) or _ONE_CASE.match(chunk, m.end())
                        or _RESTRICTED.match(chunk, m.end())
                        or _GENERAL_FORM.match(chunk, m.end())
                        or _SUPPOSED.search(chunk[max(0, m.start() - 30):m.start()])
                        or _WHEN.search(chunk[max(0, m.start() - 40):m.start()])),
                    bool(_SUBJECT_TO.search(chunk[max(0, m.start() - 80):m.start()])),
                    bool(_AT_POINT.search(chunk[max(0, m.start() - 60):m.start()])),
                    bool(_LEADS.fullmatch(chunk, m.end())),
                    bool(_FOR_CASE.search(chunk[max(0, m.start() - 12):m.start()])))
             for m in _INLINE.finditer(chunk)]
    found = [f for f in found if f.text]
    words = _INLINE.sub(" ", chunk)
    names = named_in(words)
    layout = layout_named(words)
    opening = chunk[:chunk.find("$")] if found else ""
    calls = found[0] if found and _CALLS.match(opening) else None
    tables = _tables(chunk, line_of(start)) if "|" in chunk else ()
    ignored = tuple(Inline(m.group(1).strip(), line_of(start + m.start()))
                    for m in _IGNORED.finditer(chunk))
    said = _said(_blank_spans(chunk, special))
    explains = _EXPLAINS.match(chunk.lstrip()[:80])
    if explains and explains.group(1).lower() == "with" and found \
            and _NUMBER_GIVEN.search(found[0].text):
        explains = None       # "With two logits $z = (1, 2)$ …": a worked example, after
    last = _SENTENCE_END.split(chunk.strip())[-1] if chunk.strip() else ""
    imposes = bool(_IMPOSES.search(last))
    rewrites = bool(_REWRITES.search(last))
    example = bool(_EXAMPLE_OPENS.match(chunk))
    drops = bool(_DROPS_CONSTANTS.search(last))
    return Prose(line_of(start), found, bool(explains), names, layout, calls, tables,
                 ignored, said, imposes, example, rewrites, drops) \
        if found or names or layout or imposes or rewrites or drops else None


def _blank_spans(text: str, spans) -> str:
    for a, b in spans:
        text = text[:a] + " " * (b - a) + text[b:]
    return text


@dataclass
class Document:
    front: dict = field(default_factory=dict)
    front_error: str = ""
    events: list = field(default_factory=list)      # Heading, Prose and Block, in order

    @property
    def blocks(self) -> list[Block]:
        return [e for e in self.events if isinstance(e, Block)]

    def formulas(self, lone_letters: bool = True) -> list[str]:
        """The text of every display read and of every inline formula in the words; without
        the inline ones that are one letter or command alone (`$p$`) if not `lone_letters`."""
        return [b.text for b in self.blocks if not b.error] + [
            i.text for e in self.events if isinstance(e, Prose) for i in e.inline
            if lone_letters or not re.fullmatch(r"\s*\\?[a-zA-Z]+\s*", i.text)]

    def always_applied(self) -> frozenset:
        """Letters the document writes only before a bracket, at least twice (`\\phi(z)`,
        `l(\\mathbf{w})`, never a bare φ or φ_j): functions of theirs, even where no display
        defines them — read as a product, φ(z) would be φ times z. A Latin letter counts
        only written tight against its bracket (`y (w x + b)` is a product); letters
        customary as coefficients (α, λ, η, …), e, d, i, j, k, and f, g, h (read both ways
        where they are not defined) keep the usual reading — unless f, g or h is written
        primed before its bracket too (`f'(x)`): only a function has a derivative."""
        total, called, plain, primed = {}, {}, set(), set()
        # (a letter alone in the words, "where $p$ is the data density", names the function)
        texts = self.formulas(lone_letters=False)
        for text in texts:
            text = _WORDED.sub(" ", text)
            for m in _LETTER.finditer(text):
                name = m.group(1).lstrip("\\")
                if m.group(1).startswith("\\") and name not in _FUNCTION_GREEK \
                        or not m.group(1).startswith("\\") and name in _NOT_FUNCTIONS:
                    continue
                capital = name.isupper() and len(name) == 1
                if capital and _AN_ARGUMENT.match(text[:m.start()][::-1]) \
                        and _ARGUMENT_END.match(text, m.end()):
                    continue          # H(P, Q), D(P \| Q): the distribution P passed whole
                total[name] = total.get(name, 0) + 1
                bracket = _BEFORE_BRACKET.match(text, m.end()) or capital \
                    and _BEFORE_SQUARE.match(text, m.end())
                if bracket and (m.group(1).startswith("\\")
                                or not text[m.end():m.end() + 1].isspace()):
                    called[name] = called.get(name, 0) + 1
                    if _PLAIN_ARGUMENTS.match(text, bracket.end()) \
                            or _PLAIN_SQUARE.match(text, bracket.end()):
                        plain.add(name)           # φ(z), l(w), y(x, w), H[P]: a signature
                    if "'" in bracket.group(0):
                        primed.add(name)
        return frozenset(n for n, c in called.items() if c == total[n] and c >= 2
                         and n in plain and (n not in _BOTH_WAYS or n in primed))


    def written_bare(self) -> frozenset:
        """Letters (and commands, as `sigma`) the document writes somewhere with no bracket
        after them (`\\sigma' = \\sigma(1 - \\sigma)`, `f = W_3 x`): where it never does,
        f(…) is only ever its function's value, never f times (…)."""
        out = set()
        for text in self.formulas():
            text = _WORDED.sub(" ", text)
            for m in _LETTER.finditer(text):
                if not _BEFORE_BRACKET.match(text, m.end()):
                    out.add(m.group(1).lstrip("\\"))
        return frozenset(out)

    def coefficients(self, letters) -> frozenset:
        """Of `letters` (commands, as `eta`), those the document writes bare somewhere and
        never before a bracket of names only (`\\eta(x)`): a step size or a rate, so that
        `\\eta \\left(g + \\lambda\\theta\\right)` is a product, never η at a point."""
        bare, called = set(), set()
        for text in self.formulas():
            text = _WORDED.sub(" ", text)
            for m in _LETTER.finditer(text):
                name = m.group(1).lstrip("\\")
                if name not in letters:
                    continue
                bracket = _BEFORE_BRACKET.match(text, m.end())
                if not bracket:
                    bare.add(name)
                elif _PLAIN_ARGUMENTS.match(text, bracket.end()) or "'" in bracket.group(0):
                    called.add(name)
        return frozenset(bare - called)

    def gradient_names(self) -> frozenset:
        """Letters X the document names the gradient of as dX (`$dD = \\partial L / \\partial
        D$`, `dW = \\frac{\\partial L}{\\partial W}`), as code does: dX is then one name,
        never d times X nor the differential of X."""
        return frozenset(m.group(1) for text in self.formulas()
                         for m in _GRADIENT_NAME.finditer(text))

    def numbered_only(self) -> frozenset:
        """Letters the document writes only with a number below them (z_1, w_2, θ_0), never
        bare nor at a letter index (z_j): z_1 is then a name of its own — `z_1 = w_1 x`
        defines it, as `q = w_1 x` would — not the first entry of a vector z."""
        seen: dict = {}
        texts = self.formulas()
        for text in texts:
            text = _WORDED.sub(" ", text)
            for m in _SUBSCRIPTED.finditer(text):
                name = m.group(1).lstrip("\\")
                if m.group(1).startswith("\\") and name not in _GREEK_LETTERS:
                    continue
                sub = (m.group(3) or m.group(4) or "").strip()
                if sub == "e":
                    continue                # H_e beside H_2: a name, as the 2 makes one
                kind = "bare" if m.group(2) is None else (
                    "numbered" if sub.isdigit() else "lettered")
                seen.setdefault(m.group(1), set()).add(kind)
        return frozenset(n for n, kinds in seen.items() if kinds == {"numbered"}
                         or kinds == {"bare", "numbered"} and _built_on(n, texts))

    def label_subscripts(self) -> frozenset:
        """(name, letter) pairs, as `a_o`, where the letter below the name is a name of its
        own on the page (`o_t`, `z_t`, `h_{t-1}`) that no sum runs over, and the name is
        never written at an index a sum runs over (p_k beside Σ_k makes p_y an entry of p):
        the letter names whose a_o is (the output gate's), as in an LSTM's gates — a label,
        so a_o and a_i are two names, never entries that may coincide. A Greek letter
        below a name (`q_\\theta` beside θ_i) is a label in any case."""
        texts = [_WORDED.sub(" ", t) for t in self.formulas()]
        bases, below, single = set(), {}, {}
        for text in texts:
            for m in _SUBSCRIPTED.finditer(text):
                sub = (m.group(3) or m.group(4) or "").strip()
                letter = not m.group(1).startswith("\\") or m.group(1)[1:] in _GREEK_LETTERS
                if not letter or text[:m.start()].rstrip().endswith(("^", "^{")):
                    continue                # (\nabla_x, \sum^K_{k=1}: no name's label)
                if m.group(2) is not None:
                    bases.add(m.group(1))
                    below.setdefault(m.group(1), set()).update(
                        re.findall(r"\\[a-zA-Z]+|[a-zA-Z]", sub))
                    if re.fullmatch(r"[a-zA-Z]|\\[a-zA-Z]+", sub):
                        single.setdefault(m.group(1), set()).add(sub)
        summed = {m.group(1) for t in texts for m in _SUMMED_OVER.finditer(t)}
        # (a letter the page writes bold, \mathbf{p}, is a vector of its own: d_p, the
        # distance to p, beside d_n — two names, never two entries of a vector d)
        bold = {m.group(1) or m.group(2) for t in texts for m in _BOLD_LETTER.finditer(t)}
        out = set()
        for name, letters in single.items():
            running = bool(below[name] & summed)
            for letter in letters & ((bases | bold) - summed):
                if letter.startswith("\\") and letter[1:] in _GREEK_LETTERS or not running \
                        or letter in bold:
                    out.add(f"{name.lstrip(chr(92))}_{letter.lstrip(chr(92))}")
        return frozenset(out)

    def dot_pairs(self) -> frozenset:
        """"a,b:lo:hi" for each `a \\cdot b` written between two letters whose entries a sum
        of the page multiplies together over one range (`q \\cdot k` beside Σ_{i=1}^d q_i
        k_i): vectors, and the dot between them their dot product, never a product of two
        numbers."""
        texts = [_WORDED.sub(" ", t) for t in self.formulas()]
        summed: dict = {}
        for text in texts:
            for m in _SUM_OF_ENTRIES.finditer(text):
                if m.group("i") == m.group("j") == m.group("k"):
                    span = (m.group("lo"), m.group("hi") or m.group("hi1"))
                    summed.setdefault(frozenset((_letter(m.group("a")),
                                                 _letter(m.group("b")))), set()).add(span)
        out = set()
        for text in texts:
            for m in _DOT.finditer(text):
                a, b = _letter(m.group("a")), _letter(m.group("b"))
                spans = summed.get(frozenset((a, b)), set())
                if a != b and len(spans) == 1:          # (one range: the vectors' length)
                    lo, hi = next(iter(spans))
                    out.add(f"{a},{b}:{lo}:{hi}")
        return frozenset(out)

    def labelled_functions(self) -> frozenset:
        """(name, label as written) for a name with a number or a Greek letter below it
        that the document writes only before a bracket, or before the colon of its
        signature (`f_\\theta : \\mathcal{X} \\to …`), at least twice and once on plain
        arguments (`\\gamma_1(x) := …`, then `\\gamma_1(2)`): a function of its own, one of a
        family its label picks — never γ_1 times 2."""
        seen: dict = {}
        # (a name also written with a Latin letter below it before a bracket, f_K(s) beside
        # f_1(s), is one function whose subscript is an argument: not a name of its own)
        lettered = set()
        for text in (_WORDED.sub(" ", t) for t in self.formulas()):
            for m in _SUBSCRIPTED.finditer(text):
                name, sub = m.group(1).lstrip("\\"), (m.group(3) or m.group(4) or "").strip()
                if m.group(2) is None or not name[:1].islower() \
                        or m.group(1).startswith("\\") and name not in _GREEK_LETTERS:
                    continue
                called = text.startswith("(", m.end())
                if re.fullmatch(r"[a-zA-Z]", sub):
                    if called:
                        lettered.add(name)
                    continue
                if not re.fullmatch(r"\d+|\\[a-zA-Z]+", sub):
                    continue
                uses = seen.setdefault((name, sub), [])
                if called:
                    uses.append("plain" if _PLAIN_ARGUMENTS.match(text, m.end() + 1)
                                else "called")
                elif not re.match(r"\s*:(?!=)", text[m.end():]):
                    uses.append("bare")
        return frozenset(key for key, uses in seen.items() if key[0] not in lettered
                         and "plain" in uses and "bare" not in uses and len(uses) >= 2)

    def layered(self) -> frozenset:
        """Letters the document writes to the power 1 (`z^1 = w^1 x + b^1`, `a^1_k`), where
        two letters or more are: nobody writes a first power, so a number above these
        letters is a layer's label (z^2 the second layer's z, never z squared). A letter
        also written to the power 0 (`x^0, x^1, x^2`: a polynomial) is left out."""
        first, zero = set(), set()
        for text in self.formulas():
            text = _WORDED.sub(" ", text)
            for m in _NUMBER_ABOVE.finditer(text):
                if m.group(1) != "e":
                    (first if (m.group(2) or m.group(3)) == "1" else zero).add(m.group(1))
        return frozenset(first - zero) if len(first - zero) >= 2 else frozenset()

    def letter_layers(self) -> bool:
        """Whether the document numbers layers with a letter above its names (`z^l = w^l
        a^{l-1} + b^l`, `\\delta^L`): two letters or more written with l (or L) above them,
        one of them with l − 1 or l + 1 — a layer and its neighbour, never powers."""
        bases, shifted = set(), False
        for text in self.formulas():
            braced = re.sub(r"\^\s*([a-zA-Z0-9])", r"^{\1}", _WORDED.sub(" ", text))
            for m in _LETTER_ABOVE.finditer(braced):   # (`w^la^{l-1}`: w^{l} a^{l-1})
                bases.add(m.group(1))
                shifted = shifted or bool(m.group(2))
        return len(bases) >= 2 and shifted

    def from_zero(self) -> frozenset:
        """Letters the document writes with entry 0 (`x_0, \\dots, x_{N-1}`, `w_0`, `g_0`)
        and never as a run from 1: a vector written out (`$x = (1, 2, -1, 3)$`) then gives
        x_0 first."""
        zero, one = set(), set()
        texts = [_WORDED.sub(" ", t) for t in self.formulas()]
        # index letters that run from 0: `\sum_{k=0}^{2}`, "for $i = 0, 1, 2$"
        starts = {m.group(1) or m.group(2) for t in texts for m in _INDEX_FROM_ZERO.finditer(t)}
        for text in texts:
            for m in _SUBSCRIPTED.finditer(text):
                sub = (m.group(3) or m.group(4) or "").strip()
                if sub == "0" or starts and set(re.split(r"\s*\+\s*", sub)) <= starts:
                    # w_k, x_{i+k} with i and k from 0: w_0, x_0 first
                    zero.add(m.group(1))
            for m in _RUN_FROM_ONE.finditer(text):
                one.add(m.group(1))
        return frozenset(zero - one)

    def variance_d(self) -> bool:
        """Whether the document writes the variance as a plain D, as Russian texts do
        (`D\\xi`, `D(c\\bar\\xi)`, `DX`): D before a random variable's Greek letter, a
        bar or a bracket of one, and D never a count (`\\mathbb{R}^D`, `\\sum^D`, `D = 5`)."""
        texts = [_WORDED.sub(" ", t) for t in self.formulas()]
        return any(_VARIANCE_D.search(t) for t in texts) \
            and not any(_D_COUNT.search(t) for t in texts)

    def log_base_2(self) -> bool:
        """Whether the words say that log is to base 2 ("logs base 2 so everything comes out
        in bits"): log₂ is then a reading of the steps false with the natural log."""
        return any("log2" in e.names for e in self.events if isinstance(e, Prose))

    def einstein(self) -> bool:
        """Whether the words fix Einstein's convention ("a dummy index", "summation
        convention"): then an index repeated in a product is summed over everywhere."""
        return any("einstein" in e.names for e in self.events if isinstance(e, Prose))

    def expectation_in_words(self) -> bool:
        """Whether the words speak of expected values: then `E(x_i)` is one, as `E[x_i]`
        is anywhere (`derive.latex.parser.EXPECTATION_ROUND`)."""
        return any("expectation" in e.names for e in self.events if isinstance(e, Prose))

    def names_a_constant(self, constant: str) -> bool:
        """Whether the document names a quantity with a constant's letter (`\\pi`, `e`): a
        formula opening `\\pi = …` or `e = …` with more than a number after it (`\\pi =
        e^a/(e^a + 1) = \\sigma(a)`, an error `e = y - \\hat{y}`), or π written as a
        probability is (`1 - \\pi`, `p(x \\mid \\pi)`, `\\pi^x`)."""
        naming = _NAMING[constant]
        quantity = _PI_A_QUANTITY if constant == "\\pi" else None
        return any(naming.match(t) or quantity and quantity.search(t) for t in self.formulas())

    def upper_bounds(self) -> frozenset:
        """(index, upper bound) of every Σ and Π the document writes with both (`\\sum_{k=1}^K`:
        (k, K)): a Σ_k with no bounds runs over the one range the document gives k."""
        texts = self.formulas()
        out = set()
        for t in texts:
            for m in _UPPER_BOUND.finditer(t):
                index = m.group(1) or m.group(2)
                out.add((index, next(g for g in m.groups()[2:] if g)))
        return frozenset(out)


_NAMING = {c: re.compile(rf"\s*+{re.escape(c)}(?![a-zA-Z^{'' if sub else '_'}]){sub}\s*+(?::=|=)"
                         r"(?!\s*+[-+]?[\d.,{}\s]*+(?:$|\\approx|,))")
           # (a policy's `\pi_1 = e^{\theta_1}/…`, `\pi_\theta(a) = …` names π too)
           for c, sub in (("\\pi", r"(?:\s*_\s*(?:\{[^{}]*\}|\w|\\[a-zA-Z]+)\s*(?:\([^()]*\))?)?"),
                          ("e", ""))}
# π as a probability, as Bernoulli's parameter is written: its complement 1 − π, a law
# conditioned on it, p(x | π), or raised to a variable's power, π^x — never the constant
_PI_A_QUANTITY = re.compile(r"(?<![\d.])1\s*-\s*\\pi(?![a-zA-Z_])|(?:\\mid|\|)\s*\\pi(?![a-zA-Z_])"
                            r"|(?<![)}])\\pi\s*\^\s*\{?\s*[a-zA-Z]")
_VARIANCE_D = re.compile(r"(?<![a-zA-Z\\])D\s*(?:\\left\s*)?\(?\s*(?:c\s*)?"
                         r"\\(?:xi|eta|zeta|bar\s*\{?\s*\\?(?:xi|eta|zeta|[XY]))(?![a-zA-Z])")
_D_COUNT = re.compile(r"\^\s*\{?\s*D\b|(?<![a-zA-Z\\])D\s*=|\\times\s*D\b|\bD\s*\\times")
_UPPER_BOUND = re.compile(r"\\(?:sum|prod)\s*(?:\\limits\s*)?_\s*(?:\{\s*([a-zA-Z])\s*="
                          r"[^{}]*\}|([a-zA-Z]))\s*"
                          r"\^\s*(?:\{\s*\\?([A-Za-z]+)\s*\}|\\([A-Za-z]+)|([A-Za-z]))")


# one Latin letter or Greek command, not part of a word or a longer command
_LETTER = re.compile(r"(\\[a-zA-Z]+|(?<![a-zA-Z\\])[a-zA-Z](?![a-zA-Z]))")
_BOLD_LETTER = re.compile(r"\\(?:mathbf|boldsymbol|bm|vec)\s*\{\s*([a-zA-Z])\s*\}|"
                          r"\\(?:mathbf|boldsymbol|bm|vec)\s+([a-zA-Z])(?![a-zA-Z])")
# a capital's square bracket, H[P] (entropy, as d2l writes it); its argument list; a letter
# alone between a call's brackets or commas (read reversed before it: `(`, `[`, `,`, `\|`)
_BEFORE_SQUARE = re.compile(r"\s*\[")
_PLAIN_SQUARE = re.compile(r"\s*(?:\\[a-zA-Z]+\s*\{[^{}]*\}|\\[a-zA-Z]+|[a-zA-Z0-9_^{}\s,;])*?\s*\]")
_AN_ARGUMENT = re.compile(r"\s*(?:[(\[,]|\|\\)")
_ARGUMENT_END = re.compile(r"\s*(?:[)\],]|\\\|)")
_BEFORE_BRACKET = re.compile(r"\s*(?:'+\s*)?(?:\\left\s*|\\[bB]igl?\s*)?(?:\(|\{\s*\()")
# the argument list of a call: names only (z, \\mathbf{w}, x_i, z^{(i)}), not y(wx + b)
_PLAIN_ARGUMENTS = re.compile(r"\s*(?:\\[a-zA-Z]+\s*\{[^{}]*\}|\\[a-zA-Z]+|[a-zA-Z0-9_^{}()\s,;])*?"
                              r"\s*(?:\\right\s*)?\)")
_WORDED = re.compile(r"\\(?:text|textrm|operatorname\*?|mathrm|mbox|label|tag|begin|end)"
                     r"\s*\{[^{}]*\}")
_FUNCTION_GREEK = {"zeta", "theta", "vartheta", "kappa", "nu", "xi", "rho", "varrho", "tau",
                   "upsilon", "phi", "varphi", "chi", "psi", "omega"}
# e, d and the indices; f, g, h are read both ways (derive.homework.document._CALLED); the
# expectation E, big-O, the identity I and the transpose T are no document's functions
_NOT_FUNCTIONS = set("edijkEIOT")
_GREEK_LETTERS = {"alpha", "beta", "gamma", "delta", "epsilon", "varepsilon", "zeta", "eta",
                  "theta", "vartheta", "kappa", "lambda", "mu", "nu", "xi", "pi", "rho",
                  "sigma", "tau", "phi", "varphi", "chi", "psi", "omega"}
# Σ_i q_i k_i: a sum over i of the product of two letters' entries at i
_ENTRY = r"(?:\\mathbf\s*\{\s*|\\vec\s*\{?\s*|\\boldsymbol\s*\{\s*)?([a-zA-Z])\s*\}?"
_SUM_OF_ENTRIES = re.compile(
    r"\\sum\s*(?:\\limits\s*)?_\s*\{\s*(?P<i>[a-zA-Z])\s*=\s*(?P<lo>[0-9a-zA-Z]+)\s*\}"
    r"\s*\^\s*(?:\{\s*(?P<hi>[^{}]*?)\s*\}|(?P<hi1>[a-zA-Z0-9]))\s*"
    r"(?P<a>" + _ENTRY + r")\s*_\s*\{?\s*(?P<j>[a-zA-Z])\s*\}?\s*(?:\\,|\\cdot)?\s*"
    r"(?P<b>" + _ENTRY + r")\s*_\s*\{?\s*(?P<k>[a-zA-Z])(?![a-zA-Z])")
# a \cdot between two bare letters, bold or not, with no script of their own
_DOT = re.compile(r"(?<![a-zA-Z\\_^])(?P<a>" + _ENTRY + r")(?!\s*[_^])\s*\\cdot\s*"
                  r"(?P<b>" + _ENTRY + r")(?![a-zA-Z_^(])")


def _letter(written: str) -> str:
    return re.sub(r"[^a-zA-Z]|mathbf|vec|boldsymbol", "", written)


# a letter a sum, a product or a maximum runs over: `\sum_{k=1}`, `\sum_k`, `\prod_{i}`
_SUMMED_OVER = re.compile(r"\\(?:sum|prod|max|min|bigcup|bigcap)\s*(?:\\limits\s*)?_\s*"
                          r"\{?\s*([a-zA-Z])(?![a-zA-Z])")
# a letter and what is below it: `_{12}`, `_1`, `_j`, `_{ij}`, `_\theta`; none for a bare letter
def _built_on(letter: str, texts) -> bool:
    """Whether a display defines the letter from itself numbered — `C = C_0 + \\frac{λ}{2n}
    \\sum_w w^2`, a regularized cost on the unregularized one: C_0 is then a name of its
    own, never an entry of the number C."""
    numbered = re.compile(rf"{re.escape(letter)}\s*_\s*(\{{\s*\d+\s*\}}|\d)")
    for text in texts:
        head = re.match(rf"\s*{re.escape(letter)}\s*(=|:=)(.*)", text, re.S)
        body = head.group(2) if head else ""
        if numbered.search(body) and "," not in body and not re.match(
                r"\s*(\(|\[|\\left|\\begin|\\\{|\\big)", body):
            return True         # (never `x = (x_1, x_2, x_3)`: a vector by its entries)
    return False


_SUBSCRIPTED = re.compile(r"(\\[a-zA-Z]+|(?<![a-zA-Z\\])[a-zA-Z])(?![a-zA-Z])"
                          r"(\s*_\s*(?:\{([^{}]*)\}|([a-zA-Z0-9]|\\[a-zA-Z]+(?![a-zA-Z]))))?")
# a letter to the power 1 or 0, as written: `z^1`, `w^{1}`, `a^1_k`, `x^0`
_LETTER_ABOVE = re.compile(r"(\\[a-zA-Z]+|(?<![a-zA-Z\\])[a-zA-Z])(?![a-zA-Z])\s*(?:_\s*(?:\{[^{}]*\}|\w)\s*)?"
                           r"\^\s*\{\s*[lL]\s*(?:([-+])\s*1\s*)?\}")
_NUMBER_ABOVE = re.compile(r"(\\[a-zA-Z]+|(?<![a-zA-Z\\])[a-zA-Z])(?![a-zA-Z])"
                           r"\s*\^\s*(?:\{\s*([01])\s*\}|([01])(?![0-9]))")
_BOTH_WAYS = set("fgh")
_INDEX_FROM_ZERO = re.compile(r"\\sum\s*+_\s*+\{\s*+([a-z])\s*+=\s*+0\s*+\}|"
                              r"(?<![a-zA-Z\\])([a-z])\s*+=\s*+0\s*+,\s*+(?:1\b|\\l?dots)")
# `x_1, \dots, x_n`, `x_1, x_2, \ldots`: a letter's entries counted from 1
_RUN_FROM_ONE = re.compile(r"(\\[a-zA-Z]+|(?<![a-zA-Z\\])[a-zA-Z])\s*+_\s*+\{?\s*+1\s*+\}?\s*+[,;]\s*+"
                           r"(?:\\[lc]?dots|\\ldots|\.\.\.?|\1\s*+_\s*+\{?\s*+2)")


def _line_of(text: str, pos: int) -> int:
    return text.count("\n", 0, pos) + 1


class _Lines:
    """Line numbers of positions read in order, counted on from the last one: counting
    from the start each time is quadratic in a megabyte file of thousands of blocks."""

    def __init__(self, text: str):
        self.text, self.pos, self.line = text, 0, 1

    def __call__(self, pos: int) -> int:
        if pos < self.pos:
            return _line_of(self.text, pos)
        self.line += self.text.count("\n", self.pos, pos)
        self.pos = pos
        return self.line


MAX_FRONT_MATTER = 16_384      # characters of YAML between the --- lines


class _NoAliases(yaml.SafeLoader):
    """Safe YAML without anchors and aliases: `*a` repeated through a few levels expands
    a few hundred bytes into gigabytes (a "billion laughs"), and front matter never needs
    them."""

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(None, None, "aliases (*name) are not allowed "
                                              "in front matter", event.start_mark)
        return super().compose_node(parent, index)


def _front_matter(text: str):
    """(front matter dict, error, body offset)."""
    m = re.match(r"\A---[ \t]*\n(.*?\n)---[ \t]*(\n|\Z)", text, re.S)
    if not m:
        return {}, "", 0
    if len(m.group(1)) > MAX_FRONT_MATTER:
        return {}, (f"front matter too long ({len(m.group(1))} characters, limit "
                    f"{MAX_FRONT_MATTER})"), m.end()
    try:
        data = yaml.load(m.group(1), Loader=_NoAliases) or {}
    except yaml.composer.ComposerError as exc:
        mark = exc.problem_mark
        return {}, f"front matter (line {mark.line + 2}): {exc.problem}", m.end()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 2})" if mark else ""
        return {}, f"front matter is not valid YAML{where}", m.end()
    if not isinstance(data, dict):
        return {}, "front matter must be a mapping (context:, define:, assume:)", m.end()
    return data, "", m.end()


_HTML_PAGE = re.compile(r"<(?:p|div|span|body|html|h[1-6]|em|li|br)\b[^<>]*>", re.IGNORECASE)
_ENTITY = re.compile(r"&(?:#\d+|#[xX][0-9a-fA-F]+|[a-zA-Z]+\d*);")


def _html_entities(text: str) -> str:
    """An HTML page's entities as the characters they stand for (`0 &lt; x`, `&amp; =
    &amp;` in an eqnarray), each padded with spaces to its written length so that every
    line and column stays the page's own; a Markdown file's text as it is."""
    if not _HTML_PAGE.search(text):
        return text

    def put(m):
        char = html.unescape(m.group(0))
        return m.group(0) if char == m.group(0) or "\n" in char \
            else char + " " * (len(m.group(0)) - len(char))
    return _ENTITY.sub(put, text)


def read_document(text: str) -> Document:
    """Split a Markdown or LaTeX document into front matter, headings and math blocks,
    with the document's macros (latex.macros) expanded in every formula."""
    doc = Document()
    text = _html_entities(text)
    doc.front, doc.front_error, pos = _front_matter(text)
    macros = MacroTable()
    if isinstance(doc.front.get("macros"), dict):
        macros.learn_mapping(doc.front["macros"])
    text = text[:pos] + macros.learn(text[pos:])       # definitions anywhere, blanked out
    doc.events = _events(text, pos, _Lines(text))
    for event in doc.events:
        try:
            if isinstance(event, Block) and not event.error:
                event.text = macros.expand(event.text)
            elif isinstance(event, Prose):
                for item in event.inline:
                    item.text = macros.expand(item.text)
        except MacroError as exc:
            if isinstance(event, Block):
                event.error = str(exc)
            else:
                event.inline = []
    return doc


def _explained_apart(text: str, start: int, end: int) -> list:
    """The spans of one stretch of prose: where it opens by explaining the display above
    ("where the sum is over the examples $x$. To get a feeling for it, take $\\eta =
    0.5$ …"), that first sentence apart from the rest of its paragraph — it is read with
    the display, the rest after it, as written. A stretch with a paragraph break in it is
    left whole."""
    chunk = text[start:end]
    if not _EXPLAINS.match(chunk.lstrip()[:80]):
        return [(start, end)]
    opening = len(chunk) - len(chunk.lstrip())
    paragraph = re.search(r"\n\s*\n", chunk[opening:].rstrip())
    if paragraph is not None:
        return [(start, end)]   # (a paragraph of its own after it: read as it always was)
    for m in _SENTENCE_END.finditer(chunk, opening):
        before = chunk[:m.start()]
        if len(re.findall(r"(?<!\\)\$", before)) % 2 == 0 and before.count("\\(") == \
                before.count("\\)"):
            rest = chunk[m.end():]
            if not rest.strip() or _EXPLAINS.match(rest.lstrip()[:80]):
                return [(start, end)]      # ("… . Here $b = …$": still explaining it)
            return [(start, start + m.end()), (start + m.end(), end)]
    return [(start, end)]


_DOLLARS = re.compile(r"(?<!\\)\$\$")
_LINE_MARKS = re.compile(r"\s*(?:>\s*)*(?:(?:[-*+]|\d+[.)])\s+)?(?:>\s*)*")
# one name, its scripts and its arguments: `y_i`, `o_i`, `\\hat{y}_j`, `MSE(C)`, `p(x \\mid z)`
_A_NAME = re.compile(r"\s*(?:\\[a-zA-Z]+\s*(?:\{[^{}]*\})?|[a-zA-Z]+)"
                     r"(?:\s*[_^]\s*(?:\{[^{}]*\}|\w|\\[a-zA-Z]+))*\s*(?:\([^()]*\))?\s*")


def _in_sentence(text: str, m) -> int | None:
    """Where a `$$…$$` written inside a sentence ends (words before it on its line, closed
    on that line: kramdown's inline math, `samples ($$y_i=1$$)`, `when $$p=q$$`), when it
    states no step — nothing, a name, or a name given its value or formula — else None:
    it is numbered as a display, and read as the inline math of its sentence."""
    start = text.rfind("\n", 0, m.start()) + 1
    if _LINE_MARKS.fullmatch(text[start:m.start()]):
        return None          # (a display in a quote or a list item: `> $$ … $$`, `- $$ … $$`)
    close = _DOLLARS.search(text, m.end())
    if close is None or "\n" in text[m.end():close.start()]:
        return None
    inner, depth, tops = text[m.end():close.start()], 0, []
    for k, ch in enumerate(inner):
        depth += ch in "({[" and 1 or ch in ")}]" and -1 or 0
        if ch == "=" and depth == 0:
            tops.append(k)
    if len(tops) > 1 or tops and not _A_NAME.fullmatch(inner[:tops[0]]):
        return None                  # `$$\frac{\partial}{\partial z} φ(z) = φ(z)(1 − φ(z))$$`,
    return close.end()               # `so $$y^2 z = y z$$`: a claim, a display's step


def _events(text: str, pos: int, line_of) -> list:
    """Headings, prose with inline math, and display blocks, from `pos` on."""
    doc = Document()
    number = 0
    while True:
        m = _TOKEN.search(text, pos)
        while m and m.group("dollars") and (words_end := _in_sentence(text, m)) is not None:
            number += 1          # `positive samples ($$y_i=1$$)`: numbered, read as words
            m = _TOKEN.search(text, words_end)
        end = m.start() if m else len(text)
        for a, b in _explained_apart(text, pos, end):
            prose = _prose(text, a, b, line_of)
            if prose is not None:
                doc.events.append(prose)
        if not m:
            break
        if m.group("fence"):
            close = re.compile(r"^[ \t]*" + re.escape(m.group(2)), re.M)
            end = close.search(text, m.end())
            pos = end.end() if end else len(text)
            continue
        if m.group("heading"):
            title = m.group("heading").strip().lstrip("#").strip()
            words = _prose(text, m.start(), m.end(), line_of)
            doc.events.append(Heading(len(m.group("hashes")), line_of(m.start()), title,
                                      words.inline if words is not None else []))
            pos = m.end()
            continue
        number += 1
        if m.group("dollars"):
            closer = re.compile(r"(?<!\\)\$\$")
        elif m.group("bracket"):
            closer = re.compile(r"\\\]")
        else:
            closer = re.compile(r"\\end\{" + re.escape(m.group("env")) + r"\}")
        end = closer.search(text, m.end())
        start_line = line_of(m.start())
        if end is None:
            doc.events.append(Block(number, start_line, text[m.end():], start_line,
                                    error="display math is never closed"))
            break
        inner = text[m.end():end.start()]
        doc.events.append(Block(number, start_line, inner, start_line))
        pos = end.end()
    return doc.events
