"""A JSON Schema (draft 2020-12) of targets.yaml, derived from the format's table (fileformat.py), for editors
(completion, validation) and tools.

It describes the shape; rules that need more than the shape (quotes found in files, units that convert,
years inside a plan's period) are `shtarget check`'s.
"""

from __future__ import annotations

from typing import Any

from shtarget.fileformat import DATE_PATTERN, ID_PATTERN, SCHEMA_VERSION, SECTIONS, YEAR_RANGE, Field, Section, Type

_TEXT = {"type": "string", "minLength": 1}
_YEAR = {"type": "integer", "minimum": YEAR_RANGE[0], "maximum": YEAR_RANGE[1]}


def targets_schema() -> dict[str, Any]:
    defs: dict[str, Any] = {
        "id": {"type": "string", "pattern": _anchored(ID_PATTERN.pattern)},
        "year": _YEAR,
        "quantity": {
            "description": "a number in the target's unit, or Chinese notation: '2.6万', '7328亿元', '突破2.6萬家'",
            "type": ["number", "string"],
        },
    }
    defs |= {name: _object(section) for name, section in SECTIONS.items() if name != "file"}
    # The rules that tie fields together, as the builder applies them.
    defs["source"]["oneOf"] = [{"required": ["path"]}, {"required": ["url"]}]
    defs["actual"]["oneOf"] = [{"required": ["value"]}, {"required": ["done"]}]
    defs["target"]["allOf"] = [
        {"if": _kind_is("milestone"), "else": {"required": ["unit"]}},
        {
            "if": {"anyOf": [{"not": {"required": ["kind"]}}, _kind_is("level")]},
            "then": {"properties": {"target": {"required": ["value"]}}},
        },
        {"if": _kind_is("growth"), "then": {"properties": {"target": {"required": ["rate"]}}}},
    ]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": f"shtarget targets file, schema {SCHEMA_VERSION}",
        **_object(SECTIONS["file"]),
        "$defs": defs,
    }


def _object(section: Section) -> dict[str, Any]:
    shape: dict[str, Any] = {"description": section.description, "type": "object", "additionalProperties": False}
    if section.required:
        shape["required"] = list(section.required)
    shape["properties"] = {field.name: _property(field) for field in section.fields}
    return shape


def _property(field: Field) -> dict[str, Any]:
    shape = _shape(field)
    if field.nullable:
        shape = {"oneOf": [shape, {"type": "null"}]}
    return {"description": field.description, **shape}


def _shape(field: Field) -> dict[str, Any]:
    kind = field.type
    if field.name == "schema" and kind is Type.INTEGER:
        return {"const": SCHEMA_VERSION}
    if kind in (Type.ID, Type.SOURCE):
        return {"$ref": "#/$defs/id"}
    if kind is Type.YEAR:
        return {"$ref": "#/$defs/year"}
    if kind is Type.QUANTITY:
        return {"$ref": "#/$defs/quantity"}
    if kind is Type.FLAG:
        return {"type": "boolean"}
    if kind is Type.URL:
        return {"type": "string", "pattern": "^https?://"}
    if kind is Type.SHA256:
        return {"type": "string", "pattern": "^[0-9a-f]{64}$"}
    if kind is Type.DATE:
        return {"anyOf": [{"type": "string", "pattern": _anchored(DATE_PATTERN.pattern)}, _YEAR]}
    if kind is Type.CHOICE:
        return {"enum": list(field.choices)} | ({"default": field.default} if field.default is not None else {})
    if kind is Type.TEXTS:
        return {"type": "array", "minItems": 1, "items": _TEXT}
    if kind is Type.PERIOD:
        return {"type": "array", "prefixItems": [_YEAR, _YEAR], "minItems": 2, "maxItems": 2}
    if kind is Type.SECTION:
        return {"$ref": f"#/$defs/{field.section}"}
    if kind is Type.LIST:
        items = {"type": "array", "items": {"$ref": f"#/$defs/{field.section}"}}
        return items | ({"minItems": int(field.minimum)} if field.minimum else {})
    if kind is Type.TABLE:
        return {
            "type": "object",
            "propertyNames": {"$ref": "#/$defs/id"},
            "additionalProperties": {"$ref": f"#/$defs/{field.section}"},
        }
    if kind in (Type.NUMBER, Type.INTEGER):
        shape: dict[str, Any] = {"type": "number" if kind is Type.NUMBER else "integer"}
        shape |= {"minimum": field.minimum} if field.minimum is not None else {}
        shape |= {"maximum": field.maximum} if field.maximum is not None else {}
        return shape | ({"default": field.default} if field.default is not None else {})
    return dict(_TEXT)


def _kind_is(kind: str) -> dict[str, Any]:
    return {"properties": {"kind": {"const": kind}}, "required": ["kind"]}


def _anchored(pattern: str) -> str:
    """A Python pattern ending in \\Z as JSON Schema writes it."""
    return "^" + pattern.removesuffix(r"\Z") + "$"
