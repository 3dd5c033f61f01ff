"""Identities between figures, such as `sei-gdp-share = 100 * sei-value-added / gdp`.

Expressions allow numbers, figure ids, `+ - * /` and parentheses, and nothing else: they are parsed here by a
small recursive-descent parser, never handed to `eval`. An id runs from a letter through letters, digits and
hyphens, so a minus sign needs a space before it (`a - b`; `a-b` is one id).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import NamedTuple

from shtarget.model import Actual, Dataset, Relation

_TOKEN = re.compile(r"\s*(?:(?P<number>\d+(?:\.\d+)?)|(?P<name>[a-z](?:[a-z0-9-]*[a-z0-9])?)|(?P<op>[-+*/()]))")


class Number(NamedTuple):
    value: float


class Name(NamedTuple):
    id: str


class Negate(NamedTuple):
    operand: Expr


class Binary(NamedTuple):
    op: str
    left: Expr
    right: Expr


Expr = Number | Name | Negate | Binary


class ExpressionError(NamedTuple):
    message: str


# Evaluating and inspecting an expression recurse once per level; no level exists without a token, so a
# cap on tokens is a cap on depth, far below Python's recursion limit.
MAX_TOKENS = 400


def parse(text: str) -> Expr | ExpressionError:
    tokens = _tokenize(text)
    if isinstance(tokens, ExpressionError):
        return tokens
    if len(tokens) > MAX_TOKENS:
        return ExpressionError(f"expression too long ({len(tokens)} parts; at most {MAX_TOKENS})")
    parser = _Parser(tokens)
    try:
        expr = parser.expression()
        if parser.position != len(tokens):
            return ExpressionError(f"unexpected '{tokens[parser.position][1]}' in '{text}'")
        return expr
    except _Stop as stop:
        return ExpressionError(f"{stop.args[0]} in '{text}'")
    except RecursionError:
        return ExpressionError("expression nested too deeply")


def names(expr: Expr) -> frozenset[str]:
    if isinstance(expr, Name):
        return frozenset({expr.id})
    if isinstance(expr, Negate):
        return names(expr.operand)
    if isinstance(expr, Binary):
        return names(expr.left) | names(expr.right)
    return frozenset()


def evaluate(expr: Expr, values: Mapping[str, float]) -> float | ExpressionError:
    """The value of `expr` given every id's value; division by zero is an error value, not an exception."""
    if isinstance(expr, Number):
        return expr.value
    if isinstance(expr, Name):
        return values[expr.id]
    if isinstance(expr, Negate):
        inner = evaluate(expr.operand, values)
        return inner if isinstance(inner, ExpressionError) else -inner
    left, right = evaluate(expr.left, values), evaluate(expr.right, values)
    if isinstance(left, ExpressionError):
        return left
    if isinstance(right, ExpressionError):
        return right
    if expr.op == "+":
        return left + right
    if expr.op == "-":
        return left - right
    if expr.op == "*":
        return left * right
    if right == 0:
        return ExpressionError("division by zero")
    return left / right


def render(expr: Expr) -> str:
    if isinstance(expr, Number):
        return f"{expr.value:g}"
    if isinstance(expr, Name):
        return expr.id
    if isinstance(expr, Negate):
        return f"-{render(expr.operand)}"
    return f"({render(expr.left)} {expr.op} {render(expr.right)})"


class _Stop(Exception):
    """Raised inside the parser only; `parse` turns it into an ExpressionError."""


def _tokenize(text: str) -> list[tuple[str, str]] | ExpressionError:
    tokens: list[tuple[str, str]] = []
    position = 0
    stripped = text.rstrip()
    while position < len(stripped):
        match = _TOKEN.match(stripped, position)
        if not match or match.end() == position:
            return ExpressionError(f"unexpected '{stripped[position:].strip()[:12]}' in '{text}'")
        kind = match.lastgroup or "op"
        tokens.append((kind, match[kind]))
        position = match.end()
    if not tokens:
        return ExpressionError("empty expression")
    return tokens


class _Parser:
    """expression := term (('+'|'-') term)*; term := factor (('*'|'/') factor)*;
    factor := '-' factor | number | name | '(' expression ')'"""

    def __init__(self, tokens: list[tuple[str, str]]) -> None:
        self.tokens = tokens
        self.position = 0

    def peek(self) -> tuple[str, str] | None:
        return self.tokens[self.position] if self.position < len(self.tokens) else None

    def take(self) -> tuple[str, str]:
        token = self.peek()
        if token is None:
            raise _Stop("expression ends too early")
        self.position += 1
        return token

    def expression(self) -> Expr:
        expr = self.term()
        while (token := self.peek()) is not None and token[1] in "+-" and token[0] == "op":
            self.take()
            expr = Binary(token[1], expr, self.term())
        return expr

    def term(self) -> Expr:
        expr = self.factor()
        while (token := self.peek()) is not None and token[1] in "*/" and token[0] == "op":
            self.take()
            expr = Binary(token[1], expr, self.factor())
        return expr

    def factor(self) -> Expr:
        kind, text = self.take()
        if kind == "number":
            return Number(float(text))
        if kind == "name":
            return Name(text)
        if text == "-":
            return Negate(self.factor())
        if text == "(":
            inner = self.expression()
            if self.take()[1] != ")":
                raise _Stop("missing ')'")
            return inner
        raise _Stop(f"unexpected '{text}'")


# --- relations over a data set ----------------------------------------------------------------------------


class RelationResult(NamedTuple):
    """One relation in one year: both sides' values, or why they could not be computed."""

    relation: Relation
    year: int
    left: float | None
    right: float | None
    error: str | None = None

    @property
    def holds(self) -> bool:
        if self.left is None or self.right is None:
            return False
        return abs(self.left - self.right) <= self.relation.tolerance + 1e-9


def figure_values(dataset: Dataset) -> dict[str, dict[int, float]]:
    """Every numeric full-year figure by id and year: target baselines and actuals, and series actuals. A
    part-year figure is not the year's value, so identities never use one."""
    values: dict[str, dict[int, float]] = {}
    for target in dataset.targets:
        by_year = values.setdefault(target.id, {})
        if target.baseline is not None and target.baseline.value is not None:
            by_year[target.baseline.year] = target.baseline.value.value
        by_year.update(_full_years(target.actuals))
    for series in dataset.series:
        values[series.id] = _full_years(series.actuals)
    return values


def _full_years(actuals: tuple[Actual, ...]) -> dict[int, float]:
    """Reviewed full-year values by year: a draft is not a figure of the data until it is accepted."""
    return {a.year: a.value.value for a in actuals if a.value is not None and a.full_year and not a.draft}


def evaluate_relations(dataset: Dataset) -> tuple[RelationResult, ...]:
    """Each relation in every year where all of its figures have a value."""
    values = figure_values(dataset)
    results = []
    for relation in dataset.relations:
        left, right = parse(relation.left), parse(relation.right)
        if isinstance(left, ExpressionError) or isinstance(right, ExpressionError):
            continue  # the loader has reported it
        needed = names(left) | names(right)
        years = set.intersection(*(set(values.get(name, {})) for name in needed)) if needed else set()
        for year in sorted(years):
            in_year = {name: values[name][year] for name in needed}
            left_value, right_value = evaluate(left, in_year), evaluate(right, in_year)
            problem = next((v.message for v in (left_value, right_value) if isinstance(v, ExpressionError)), None)
            results.append(
                RelationResult(
                    relation,
                    year,
                    None if isinstance(left_value, ExpressionError) else left_value,
                    None if isinstance(right_value, ExpressionError) else right_value,
                    problem,
                )
            )
    return tuple(results)


# --- solving a relation for one figure --------------------------------------------------------------------


class _Mobius(NamedTuple):
    """(a·x + b) / (c·x + d): any expression in which the unknown x appears once has this form."""

    a: float
    b: float
    c: float
    d: float


def solve_for(relation: Relation, unknown: str, values: Mapping[str, float]) -> float | None:
    """The value of `unknown` that makes the relation hold exactly, given every other figure's value.

    Used to say what targets imply for a context figure (20% share and 1万亿元 value imply 5万亿元 GDP).
    None when `unknown` appears more than once or nowhere, or the equation has no single solution.
    """
    left, right = parse(relation.left), parse(relation.right)
    if isinstance(left, ExpressionError) or isinstance(right, ExpressionError):
        return None
    count = _occurrences(left, unknown) + _occurrences(right, unknown)
    if count != 1:
        return None
    with_unknown, other = (left, right) if _occurrences(left, unknown) else (right, left)
    constant = evaluate(other, values)
    form = _as_mobius(with_unknown, unknown, values)
    if isinstance(constant, ExpressionError) or form is None:
        return None
    # (a x + b) / (c x + d) = k  ⇒  x = (k d − b) / (a − k c)
    denominator = form.a - constant * form.c
    if denominator == 0:
        return None
    return (constant * form.d - form.b) / denominator


def _occurrences(expr: Expr, name: str) -> int:
    if isinstance(expr, Name):
        return int(expr.id == name)
    if isinstance(expr, Negate):
        return _occurrences(expr.operand, name)
    if isinstance(expr, Binary):
        return _occurrences(expr.left, name) + _occurrences(expr.right, name)
    return 0


def _as_mobius(expr: Expr, unknown: str, values: Mapping[str, float]) -> _Mobius | None:
    if isinstance(expr, Name) and expr.id == unknown:
        return _Mobius(1.0, 0.0, 0.0, 1.0)
    if isinstance(expr, Negate):
        inner = _as_mobius(expr.operand, unknown, values)
        return None if inner is None else _Mobius(-inner.a, -inner.b, inner.c, inner.d)
    if not isinstance(expr, Binary):
        return None
    unknown_on_left = _occurrences(expr.left, unknown) > 0
    form = _as_mobius(expr.left if unknown_on_left else expr.right, unknown, values)
    constant = evaluate(expr.right if unknown_on_left else expr.left, values)
    if form is None or isinstance(constant, ExpressionError):
        return None
    a, b, c, d, k = form.a, form.b, form.c, form.d, constant
    if expr.op == "+":
        return _Mobius(a + k * c, b + k * d, c, d)
    if expr.op == "-":
        return _Mobius(a - k * c, b - k * d, c, d) if unknown_on_left else _Mobius(k * c - a, k * d - b, c, d)
    if expr.op == "*":
        return _Mobius(k * a, k * b, c, d)
    if unknown_on_left:  # form / k
        return None if k == 0 else _Mobius(a, b, k * c, k * d)
    return _Mobius(k * c, k * d, a, b)  # k / form
