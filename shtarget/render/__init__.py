"""Output formats. Each renderer is a module with `render(report: StatusReport) -> str`; none of them prints.

The registry names modules rather than importing them, so asking for JSON never pays for importing Rich.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import NamedTuple

from shtarget.model import Assessment, Plan, Series, Settings

STATUS_FORMATS: Mapping[str, str] = MappingProxyType(
    {"table": "shtarget.render.table", "json": "shtarget.render.json_format", "csv": "shtarget.render.csv_format"}
)
# `status --years`: the same formats, one module holding all three.
YEARS_FORMATS: Mapping[str, str] = MappingProxyType(
    {"table": "render_table", "json": "render_json", "csv": "render_csv"}
)


class StatusReport(NamedTuple):
    """What `shtarget status` shows. `color`, `width` and `legend` matter to the terminal table only."""

    title: str
    as_of: int
    assessments: tuple[Assessment, ...]
    lang: str = "zh"
    color: bool = False
    width: int = 100
    series: tuple[Series, ...] = ()  # context figures, shown only when asked for
    settings: Settings = Settings()  # the thresholds the legend states
    legend: bool = True
    plans: Mapping[str, Plan] = MappingProxyType({})  # names for the table's plan headings


def status_renderer(name: str) -> Callable[[StatusReport], str]:
    module = importlib.import_module(STATUS_FORMATS[name])
    render: Callable[[StatusReport], str] = module.render
    return render


def years_renderer(name: str) -> Callable[[StatusReport], str]:
    module = importlib.import_module("shtarget.render.years_format")
    render: Callable[[StatusReport], str] = getattr(module, YEARS_FORMATS[name])
    return render
