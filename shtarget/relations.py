"""Identities between figures, such as `sei-gdp-share = 100 * sei-value-added / gdp`.

Expressions allow numbers, figure ids, `+ - * /` and parentheses, and nothing else: they are parsed here by a
small recursive-descent parser, never handed to `eval`. An id runs from a letter through letters, digits and
hyphens, so a minus sign needs a space before it (`a - b`; `a-b` is one id).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from shtarget.model import Dataset, Relation

_TOKEN = re.compile(r"\s*(?:(?P<number>\d+(?:\.\d+)?)|(?P<name>[a-z](?:[a-z0-9-]*[a-z0-9])?)|(?P<op>[-+*/()]))")


@dataclass(frozen=True)
class Number:
    value: float


@dataclass(frozen=True)
class Name:
    id: str


@dataclass(frozen=True)
class Negate:
    operand: Expr


@dataclass(frozen=True)
class Binary:
    op: str
    left: Expr
    right: Expr


Expr = Number | Name | Negate | Binary


@dataclass(frozen=True)
class ExpressionError:
    message: str


def parse(text: str) -> Expr | ExpressionError:
    tokens = _tokenize(text)
    if isinstance(tokens, ExpressionError):
        return tokens
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


@dataclass(frozen=True)
class RelationResult:
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
    """Every numeric figure by id and year: target baselines and actuals, and series actuals."""
    values: dict[str, dict[int, float]] = {}
    for target in dataset.targets:
        by_year = values.setdefault(target.id, {})
        if target.baseline is not None and target.baseline.value is not None:
            by_year[target.baseline.year] = target.baseline.value.value
        for actual in target.actuals:
            if actual.value is not None:
                by_year[actual.year] = actual.value.value
    for series in dataset.series:
        values[series.id] = {a.year: a.value.value for a in series.actuals if a.value is not None}
    return values


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
