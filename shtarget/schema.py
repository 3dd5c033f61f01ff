"""A JSON Schema (draft 2020-12) of targets.yaml schema 1, for editors (completion, validation) and tools.

It describes the shape; rules that need more than the shape (quotes found in files, units that convert,
years inside a plan's period) are `shtarget check`'s.
"""

from __future__ import annotations

from typing import Any

from shtarget.load import ID_PATTERN, SOURCE_KINDS, YEAR_RANGE
from shtarget.model import Kind, Op


def targets_schema() -> dict[str, Any]:
    identifier = {"type": "string", "pattern": "^" + ID_PATTERN.pattern.removesuffix(r"\Z") + "$"}
    year = {"type": "integer", "minimum": YEAR_RANGE[0], "maximum": YEAR_RANGE[1]}
    text = {"type": "string", "minLength": 1}
    quantity = {
        "description": "a number in the target's unit, or Chinese notation such as '2.6万', '7328亿元', '突破2.6萬家'",
        "type": ["number", "string"],
    }
    citation = {"source": {"$ref": "#/$defs/id", "description": "an id under `sources`"}, "quote": text}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "shtarget targets file, schema 1",
        "type": "object",
        "additionalProperties": False,
        "required": ["schema", "title", "sources", "plans", "targets"],
        "properties": {
            "schema": {"const": 1},
            "title": text,
            "title_en": text,
            "settings": {
                "type": "object",
                "additionalProperties": False,
                "properties": {
                    name: {"type": "number", "minimum": 0, "maximum": 1, "default": default}
                    for name, default in (("on_track", 0.95), ("at_risk", 0.60), ("tolerance", 0.05))
                },
            },
            "sources": {
                "type": "object",
                "propertyNames": {"$ref": "#/$defs/id"},
                "additionalProperties": {"$ref": "#/$defs/source"},
            },
            "plans": {
                "type": "object",
                "propertyNames": {"$ref": "#/$defs/id"},
                "additionalProperties": {"$ref": "#/$defs/plan"},
            },
            "targets": {"type": "array", "items": {"$ref": "#/$defs/target"}},
            "series": {"type": "array", "items": {"$ref": "#/$defs/series"}},
            "relations": {"type": "array", "items": {"$ref": "#/$defs/relation"}},
        },
        "$defs": {
            "id": identifier,
            "year": year,
            "quantity": quantity,
            "source": {
                "type": "object",
                "additionalProperties": False,
                "oneOf": [{"required": ["path"]}, {"required": ["url"]}],
                "properties": {
                    "path": {**text, "description": "relative to the directory of targets.yaml"},
                    "url": {"type": "string", "pattern": "^https?://"},
                    "sha256": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
                    "title": text,
                    "kind": {"enum": list(SOURCE_KINDS)},
                    "published": {
                        "type": "string",
                        "pattern": "^[12][0-9]{3}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$",
                        "description": "publication date: YYYY, YYYY-MM or YYYY-MM-DD",
                    },
                },
            },
            "plan": {
                "type": "object",
                "additionalProperties": False,
                "required": ["name"],
                "properties": {
                    "name": text,
                    "name_en": text,
                    "period": {"type": "array", "prefixItems": [year, year], "minItems": 2, "maxItems": 2},
                    "source": {"$ref": "#/$defs/id"},
                },
            },
            "actual": {
                "type": "object",
                "additionalProperties": False,
                "required": ["year", "source"],
                "oneOf": [{"required": ["value"]}, {"required": ["done"]}],
                "properties": {
                    "year": {"$ref": "#/$defs/year"},
                    "value": {"$ref": "#/$defs/quantity"},
                    "done": {"type": "boolean"},
                    **citation,
                    "note": text,
                    "months": {
                        "type": "integer",
                        "minimum": 1,
                        "maximum": 11,
                        "description": "a part-year figure: it covers the first N months of its year",
                    },
                    "scope": {**text, "description": "statistical scope, e.g. 规模以上"},
                    "break": {"type": "boolean", "description": "the statistical basis changed from this figure on"},
                },
            },
            "series": {
                "description": "a context figure with no target of its own",
                "type": "object",
                "additionalProperties": False,
                "required": ["id", "name", "unit"],
                "properties": {
                    "id": {"$ref": "#/$defs/id"},
                    "name": text,
                    "name_en": text,
                    "unit": text,
                    "note": text,
                    "actuals": {"type": ["array", "null"], "items": {"$ref": "#/$defs/actual"}},
                },
            },
            "relation": {
                "description": "an identity between figures, e.g. 'share = 100 * value / gdp'",
                "type": "object",
                "additionalProperties": False,
                "required": ["id", "holds", "tolerance"],
                "properties": {
                    "id": {"$ref": "#/$defs/id"},
                    "holds": {"type": "string", "pattern": "^[^=]+=[^=]+$"},
                    "tolerance": {"type": "number", "minimum": 0},
                    "note": text,
                },
            },
            "target": {
                "type": "object",
                "additionalProperties": False,
                "required": ["id", "plan", "name", "target", "evidence"],
                "properties": {
                    "id": {"$ref": "#/$defs/id"},
                    "plan": {"$ref": "#/$defs/id"},
                    "name": text,
                    "name_en": text,
                    "unit": text,
                    "kind": {"enum": [kind.value for kind in Kind], "default": Kind.LEVEL.value},
                    "note": text,
                    "flow": {"type": "boolean", "description": "the figure adds up over a year (output, revenue)"},
                    "scope": {**text, "description": "statistical scope, e.g. 规模以上"},
                    "draft": {"type": "boolean", "description": "proposed by `shtarget extract`; not yet reviewed"},
                    "baseline": {
                        "type": "object",
                        "additionalProperties": False,
                        "required": ["year"],
                        "properties": {
                            "year": {"$ref": "#/$defs/year"},
                            "value": {"oneOf": [{"$ref": "#/$defs/quantity"}, {"type": "null"}]},
                            **citation,
                            "note": text,
                        },
                    },
                    "target": {
                        "type": "object",
                        "additionalProperties": False,
                        "required": ["year"],
                        "properties": {
                            "year": {"$ref": "#/$defs/year"},
                            "value": {"$ref": "#/$defs/quantity"},
                            "rate": {"type": "number", "description": "percent per year, for growth targets"},
                            "op": {"enum": [op.value for op in Op], "default": Op.AT_LEAST.value},
                        },
                    },
                    "evidence": {
                        "type": "array",
                        "minItems": 1,
                        "items": {
                            "type": "object",
                            "additionalProperties": False,
                            "required": ["source"],
                            "properties": {**citation, "note": text},
                        },
                    },
                    "actuals": {"type": ["array", "null"], "items": {"$ref": "#/$defs/actual"}},
                },
                "allOf": [
                    {
                        "if": {"properties": {"kind": {"const": "milestone"}}, "required": ["kind"]},
                        "else": {"required": ["unit"]},
                    },
                    {
                        "if": {
                            "anyOf": [
                                {"not": {"required": ["kind"]}},
                                {"properties": {"kind": {"const": "level"}}, "required": ["kind"]},
                            ]
                        },
                        "then": {"properties": {"target": {"required": ["value"]}}},
                    },
                    {
                        "if": {"properties": {"kind": {"const": "growth"}}, "required": ["kind"]},
                        "then": {"properties": {"target": {"required": ["rate"]}}},
                    },
                ],
            },
        },
    }
