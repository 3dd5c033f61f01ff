"""The report formats: one registry, each renderer taking a `ReportContext` and returning the page as text."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType

from shtarget.render import report_html, report_md
from shtarget.render.report_doc import ReportContext

REPORT_FORMATS: Mapping[str, Callable[[ReportContext], str]] = MappingProxyType(
    {"markdown": report_md.render, "html": report_html.render}
)

__all__ = ["REPORT_FORMATS", "ReportContext"]
