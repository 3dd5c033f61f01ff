"""The command line: parse arguments, call the core, pick a renderer, choose the exit code.

This is the only module that prints, reads the environment or exits. Exit codes: 0 ok, 1 findings,
2 bad usage or unreadable / invalid input.
"""

from __future__ import annotations

import datetime
import gc
import os
import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

from shtarget import __version__
from shtarget.model import Dataset, Finding, Status

if TYPE_CHECKING:
    from shtarget.record import Change

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2
MIN_WIDTH, DEFAULT_WIDTH, MAX_WIDTH = 40, 100, 1000  # terminal columns for the width-aware layouts


class Lang(StrEnum):
    zh = "zh"
    en = "en"


class StatusFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


class DiffFormat(StrEnum):
    text = "text"
    markdown = "markdown"
    json = "json"


class ExportFormat(StrEnum):
    json = "json"
    csv = "csv"
    toml = "toml"


class ShowFormat(StrEnum):
    text = "text"
    json = "json"


class SourceKind(StrEnum):
    official = "official"
    press = "press"
    repost = "repost"


class CheckFormat(StrEnum):
    text = "text"
    json = "json"
    github = "github"


StatusChoice = StrEnum("StatusChoice", {status.value: status.value for status in Status})  # type: ignore[misc]

APP_SETTINGS: dict[str, Any] = {
    "name": "shtarget",
    "help": "Track numeric policy targets against sourced actuals.\n\nExample: shtarget status --as-of 2023 --lang en",
    "no_args_is_help": True,
    "pretty_exceptions_enable": False,
    # Plain help and usage errors: Typer's Rich formatting imports Rich and Markdown (60 ms) on every --help.
    "rich_markup_mode": None,
    "context_settings": {"help_option_names": ["-h", "--help"]},
}
app = typer.Typer(**APP_SETTINGS)

FileOption = Annotated[
    Path | None,
    typer.Option(
        "--file",
        "-f",
        help="targets file (default: $SHTARGET_FILE, else targets.yaml here or in a parent, else the bundled copy)",
        show_default=False,
        dir_okay=False,
    ),
]
AsOfOption = Annotated[
    int | None,
    typer.Option(
        "--as-of", help="assess with the figures known up to this year (default: the current year)", min=1900, max=2200
    ),
]
LangOption = Annotated[Lang, typer.Option("--lang", help="language of names, numbers and status words")]


def _version(value: bool) -> None:
    if value:
        print(f"shtarget {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="print the version and exit")
    ] = False,
) -> None:
    """Track numeric policy targets against sourced actuals.

    Example: shtarget status --as-of 2023 --lang en
    """


@app.command()
def status(
    file: FileOption = None,
    plan: Annotated[str | None, typer.Option("--plan", help="only the targets of this plan id")] = None,
    as_of: AsOfOption = None,
    lang: LangOption = Lang.zh,
    output_format: Annotated[
        StatusFormat, typer.Option("--format", help="table for people; json or csv for tools")
    ] = StatusFormat.table,
    only: Annotated[
        list[StatusChoice] | None,
        typer.Option("--status", help="only targets with this status (repeatable)", show_default=False),
    ] = None,
    with_series: Annotated[bool, typer.Option("--series", help="also show the context series (GDP, R&D, ...)")] = False,
    years: Annotated[
        bool, typer.Option("--years", help="a panel: one column per year, each cell the recorded figure")
    ] = False,
    legend: Annotated[
        bool, typer.Option("--legend/--no-legend", help="explain signs and columns under the table")
    ] = True,
) -> None:
    """Show progress, gaps, growth and a status for every target.

    The table fits the terminal's width ($COLUMNS when piped, default 100).

    Example: shtarget status --as-of 2023 --lang en --status on-track --status at-risk
    """
    from shtarget.assess import assess_dataset
    from shtarget.render import StatusReport, status_renderer, years_renderer

    dataset = _load(file)
    _check_plan(dataset, plan)
    year = _year(as_of)
    wanted = {Status(choice.value) for choice in only or ()}
    assessments = tuple(
        assessment
        for assessment in assess_dataset(dataset, year)
        if (plan is None or assessment.target.plan == plan) and (not wanted or assessment.status in wanted)
    )
    series = dataset.series if with_series else ()
    title = dataset.display_title(lang.value)
    report = StatusReport(
        title, year, assessments, lang.value, _use_color(), _width(), series, dataset.settings, legend
    )
    render = years_renderer(output_format.value) if years else status_renderer(output_format.value)
    _write(render(report))


@app.command()
def check(
    file: FileOption = None,
    strict: Annotated[bool, typer.Option("--strict", help="treat warnings as failures too")] = False,
    output_format: Annotated[
        CheckFormat, typer.Option("--format", help="text for people, json for tools, github for Actions annotations")
    ] = CheckFormat.text,
    fail_on: Annotated[
        list[StatusChoice] | None,
        typer.Option("--fail-on", help="make targets in this status errors (repeatable)", show_default=False),
    ] = None,
    as_of: AsOfOption = None,
) -> None:
    """Verify the data: structure, quantities, provenance of every quote, and optional status gates.

    Exits 0 when there are no errors (and, with --strict, no warnings), 1 when there are findings,
    2 when the file cannot be read.

    Example: shtarget check --strict --fail-on missed --format github
    """
    from shtarget.check import CheckOptions, check_file
    from shtarget.model import Severity
    from shtarget.render.findings import FINDING_FORMATS, cap_findings

    path, shown = _data_file(file)
    statuses = frozenset(Status(choice.value) for choice in fail_on or ())
    result = check_file(path, shown, CheckOptions(_year(as_of), statuses), fast=_fast(), max_bytes=_max_bytes())
    if not result.readable:
        _report_findings(result.findings)
        raise typer.Exit(EXIT_USAGE)
    findings = result.findings
    _write(FINDING_FORMATS[output_format.value](cap_findings(findings)))
    failing = [f for f in findings if strict or f.severity is Severity.ERROR]
    raise typer.Exit(EXIT_FINDINGS if failing else EXIT_OK)


@app.command()
def diff(
    base: Annotated[Path, typer.Argument(metavar="BASE", help="the targets file before the change", dir_okay=False)],
    file: FileOption = None,
    output_format: Annotated[
        DiffFormat, typer.Option("--format", help="text; markdown for a pull-request comment; json")
    ] = DiffFormat.text,
    fail_on_regression: Annotated[
        bool, typer.Option("--fail-on-regression", help="exit 1 when any target moves to a worse status")
    ] = False,
    as_of: AsOfOption = None,
) -> None:
    """Show what a change to the data does: actuals, sources and statuses that changed.

    A target moving to a worse status, or into missed from any status, is a regression.

    BASE is the file before the change, e.g. from git show origin/main:targets.yaml > /tmp/base.yaml

    Example: shtarget diff /tmp/base.yaml --format markdown
    """
    from shtarget.diff import diff_datasets
    from shtarget.render.diff_format import DIFF_FORMATS

    before = _load_compared(base, "the base file")
    after = _load_compared(file, "the changed file")
    changes = diff_datasets(before, after, _year(as_of))
    _write(DIFF_FORMATS[output_format.value](changes))
    raise typer.Exit(EXIT_FINDINGS if fail_on_regression and changes.regressions else EXIT_OK)


@app.command()
def show(
    target_id: Annotated[
        str, typer.Argument(metavar="ID", help="a target or context series id, e.g. sei-gdp-share or gdp")
    ],
    file: FileOption = None,
    as_of: AsOfOption = None,
    lang: LangOption = Lang.zh,
    output_format: Annotated[
        ShowFormat, typer.Option("--format", help="text for people, json for tools")
    ] = ShowFormat.text,
) -> None:
    """Show one target or context series in depth: every figure, its source, the status and why.

    Figures are printed exactly as recorded, with the rounded reading beside them.

    Example: shtarget show high-tech-enterprises --as-of 2023 --lang en
    """
    import difflib

    from shtarget.assess import assess
    from shtarget.check import locate_quotes
    from shtarget.render.show_format import SeriesView, TargetView, render_json, render_text

    dataset = _load(file)
    targets = {target.id: target for target in dataset.targets}
    series = {item.id: item for item in dataset.series}
    view: TargetView | SeriesView
    if target_id in targets:
        assessment = assess(targets[target_id], _year(as_of), dataset.settings)
        view = TargetView(dataset, assessment, locate_quotes(dataset), lang.value)
    elif target_id in series:
        view = SeriesView(dataset, series[target_id], locate_quotes(dataset), lang.value)
    else:
        known = [*targets, *series]
        close = difflib.get_close_matches(target_id, known, n=3, cutoff=0.4)
        hint = f"; did you mean {', '.join(close)}?" if close else "; 'shtarget list' shows every id"
        _fail(f"unknown target or series '{target_id}'{hint}")
    _write(render_json(view) if output_format is ShowFormat.json else render_text(view))


@app.command()
def record(
    target_id: Annotated[str, typer.Argument(metavar="TARGET_ID", help="a target or series id")],
    year: Annotated[int, typer.Argument(metavar="YEAR", help="the year the figure is for")],
    value: Annotated[
        str, typer.Argument(metavar="VALUE", help="e.g. 24.8, 2.4万多, 10641.19亿元; done or not-done for a milestone")
    ],
    source: Annotated[str, typer.Option("--source", help="a source id (see `shtarget sources add`)")],
    quote: Annotated[str | None, typer.Option("--quote", help="the words that carry the figure")] = None,
    note: Annotated[str | None, typer.Option("--note", help="a remark kept with the figure")] = None,
    replace: Annotated[bool, typer.Option("--replace", help="overwrite the figure already recorded for YEAR")] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="print the change as a unified diff; write nothing")
    ] = False,
    file: FileOption = None,
    as_of: AsOfOption = None,
) -> None:
    """Record an actual figure: validated first, then written atomically, keeping every comment and line.

    Refused (exit 2, file untouched) when the value's unit does not convert, the target, source or year is
    wrong, a file source's quote is not in the file, or the year is recorded already (unless --replace).

    Example: shtarget record high-tech-enterprises 2024 "突破2.6万家" --source stats-2024 --quote "突破2.6万家"
    """
    from shtarget.record import RecordRequest, record_actual

    request = RecordRequest(target_id, year, value, source, quote, note, replace)
    _edit(file, dry_run, lambda text, path, shown: record_actual(text, path, shown, request, _year(as_of)))


sources_app = typer.Typer(help="Manage the documents figures are quoted from.", no_args_is_help=True)
app.add_typer(sources_app, name="sources")


@sources_app.command("add")
def sources_add(
    source_id: Annotated[str, typer.Argument(metavar="ID", help="a new source id, e.g. stats-2024")],
    title: Annotated[str, typer.Option("--title", help="the document's title")],
    path: Annotated[str | None, typer.Option("--path", help="a file in the repository (its sha256 is pinned)")] = None,
    url: Annotated[str | None, typer.Option("--url", help="a public URL")] = None,
    kind: Annotated[SourceKind | None, typer.Option("--kind", help="what the document is")] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="print the change as a unified diff; write nothing")
    ] = False,
    file: FileOption = None,
) -> None:
    """Register a source document: a file in the repository (sha256 pinned) or a URL.

    Example: shtarget sources add stats-2024 --url https://example.org/2024 --title "2024年统计公报" --kind official
    """
    from shtarget.record import SourceRequest, add_source_entry

    if (path is None) == (url is None):
        _fail("give exactly one of --path or --url")
    request = SourceRequest(source_id, title, path, url, kind.value if kind is not None else None)
    _edit(file, dry_run, lambda text, data_path, shown: add_source_entry(text, data_path, shown, request))


OutputOption = Annotated[
    Path | None,
    typer.Option("--output", "-o", help="write to this file (atomically) instead of stdout", dir_okay=False),
]


@app.command()
def export(
    output_format: Annotated[ExportFormat, typer.Option("--format", help="json, toml or csv")] = ExportFormat.json,
    output: OutputOption = None,
    actual_rows: Annotated[
        bool, typer.Option("--actuals", help="csv: one row per actual instead of per target")
    ] = False,
    bom: Annotated[
        bool, typer.Option("--bom", help="csv: start with a UTF-8 byte order mark (for Excel on Windows)")
    ] = False,
    file: FileOption = None,
    as_of: AsOfOption = None,
) -> None:
    """Export the full data and its assessment as JSON, TOML or CSV.

    TOML has no null, so figures that cannot be computed are left out there. In CSV, a text cell that a
    spreadsheet would run as a formula (starting with = + - @) gets a leading ', and numbers stay numbers.

    Example: shtarget export --format toml -o targets-2025.toml --as-of 2025
    """
    from shtarget.assess import assess_dataset
    from shtarget.relations import evaluate_relations
    from shtarget.render.export_format import EXPORT_FORMATS, Export

    if (actual_rows or bom) and output_format is not ExportFormat.csv:
        _fail("--actuals and --bom apply to --format csv only")
    dataset = _load(file)
    year = _year(as_of)
    data = Export(dataset, year, assess_dataset(dataset, year), evaluate_relations(dataset), actual_rows, bom)
    _emit(EXPORT_FORMATS[output_format.value](data), output)


@app.command()
def report(
    file: FileOption = None,
    as_of: AsOfOption = None,
    lang: LangOption = Lang.zh,
    plan: Annotated[str | None, typer.Option("--plan", help="only the targets of this plan id")] = None,
    output: OutputOption = None,
) -> None:
    """Write a Markdown progress report: scorecard, status table, a section per target with a chart and
    linked evidence, context series, sources. Links to seed files are relative to the report's location.

    Example: shtarget report --as-of 2025 --lang en -o REPORT.md
    """
    import hashlib
    import os.path

    from shtarget import __version__
    from shtarget.assess import assess_dataset
    from shtarget.check import locate_quotes
    from shtarget.relations import evaluate_relations
    from shtarget.render.report_md import ReportContext, render

    path, _ = _data_file(file)
    dataset = _load(file)
    if plan is not None and plan not in dataset.plans:
        _fail(f"unknown plan '{plan}' (plans: {', '.join(sorted(dataset.plans))})")
    year = _year(as_of)
    assessments = tuple(a for a in assess_dataset(dataset, year) if plan is None or a.target.plan == plan)
    report_dir = (output.parent if output is not None else Path.cwd()).resolve()
    relative = os.path.relpath(dataset.root.resolve(), report_dir)
    context = ReportContext(
        dataset=dataset,
        as_of=year,
        assessments=assessments,
        data_name=os.path.relpath(path.resolve(), report_dir),
        data_sha256=hashlib.sha256(path.read_bytes()).hexdigest(),
        version=__version__,
        quote_lines=locate_quotes(dataset),
        relation_results=evaluate_relations(dataset),
        lang=lang.value,
        link_prefix="" if relative == "." else relative.replace(os.sep, "/") + "/",
    )
    _emit(render(context), output)


@app.command()
def schema() -> None:
    """Print the JSON Schema (draft 2020-12) of targets.yaml, for editors and other tools.

    Example: shtarget schema > schema/targets.schema.json
    """
    import json

    from shtarget.schema import targets_schema

    _write(json.dumps(targets_schema(), ensure_ascii=False, indent=2) + "\n")


class ListFormat(StrEnum):
    table = "table"
    json = "json"


@app.command("list")
def list_targets(
    file: FileOption = None,
    plan: Annotated[str | None, typer.Option("--plan", help="only the targets of this plan id")] = None,
    lang: LangOption = Lang.zh,
    output_format: Annotated[
        ListFormat, typer.Option("--format", help="table for people, json for tools")
    ] = ListFormat.table,
) -> None:
    """List every target and context series: id, name, plan, kind, unit and target year, one line each.

    Example: shtarget list --lang en --plan sei-14fyp
    """
    from shtarget.render.list_format import Listing, render_json, render_table

    dataset = _load(file)
    _check_plan(dataset, plan)
    listing = Listing(dataset, plan, lang.value, _use_color(), _width())
    _write(render_json(listing) if output_format is ListFormat.json else render_table(listing))


@sources_app.command("list")
def sources_list(
    file: FileOption = None,
    lang: LangOption = Lang.zh,
    output_format: Annotated[
        ListFormat, typer.Option("--format", help="table for people, json for tools")
    ] = ListFormat.table,
) -> None:
    """List the source documents: id, kind, date, how many figures cite each, title and where it is.

    Example: shtarget sources list --format json
    """
    from shtarget.render.list_format import Listing, render_sources_json, render_sources_table

    listing = Listing(_load(file), None, lang.value, _use_color(), _width())
    _write(render_sources_json(listing) if output_format is ListFormat.json else render_sources_table(listing))


def _load_compared(file: Path | None, role: str) -> Dataset:
    """`diff` reads two files: when one cannot be loaded, say which, and how to see why."""
    from shtarget.load import load_file

    path, shown = _data_file(file)
    result = load_file(path, shown, fast=_fast())
    _report_findings(result.findings)
    if result.dataset is None or result.errors:
        errors = len(result.errors)
        noun = "error" if errors == 1 else "errors"
        _fail(f"{role} {shown} has {errors} {noun}; nothing compared (see 'shtarget check --file {shown}')")
    return result.dataset


def _check_plan(dataset: Dataset, plan: str | None) -> None:
    """Exit 2 when `--plan` names no plan of the data set."""
    if plan is not None and plan not in dataset.plans:
        _fail(f"unknown plan '{plan}' (plans: {', '.join(sorted(dataset.plans))})")


# --- helpers -----------------------------------------------------------------------------------------


def _data_file(file: Path | None) -> tuple[Path, str]:
    """The targets file to use and how to name it in messages."""
    from shtarget.locate import display_path, find_data_file

    cwd = Path.cwd()
    path = find_data_file(file, os.environ.get("SHTARGET_FILE"), cwd)
    return path, display_path(path, cwd)


def _load(file: Path | None) -> Dataset:
    """Load the data file or exit 2, printing every finding to stderr."""
    from shtarget.load import load_file

    path, shown = _data_file(file)
    result = load_file(path, shown, fast=_fast(), max_bytes=_max_bytes())
    _report_findings(result.findings)
    if result.dataset is None or result.errors:
        errors = len(result.errors)
        _fail(f"{errors} error{'s' if errors != 1 else ''} in {shown}; nothing assessed (run 'shtarget check')")
    return result.dataset


def _edit(file: Path | None, dry_run: bool, change_for: Callable[[str, Path, str], Change | list[Finding]]) -> None:
    """Under the data file's lock: read it, compute the change, then print it (--dry-run) or write it atomically."""
    from shtarget.store import locked, remove_stale_temporaries, write_atomic

    path, shown = _data_file(file)
    try:
        with locked(path):
            remove_stale_temporaries(path)
            raw = path.read_bytes()
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError:
                _fail(f"{shown} is not UTF-8; nothing written")
            change = change_for(text, path, shown)
            if isinstance(change, list):
                _report_findings(tuple(change))
                _fail(f"nothing written to {shown}")
            if dry_run:
                _write(change.diff(shown))
                return
            write_atomic(path, change.new_text.encode("utf-8"))
    except OSError as exc:
        _fail(f"cannot update {shown}: {exc.strerror or exc}")
    _write(change.summary + "\n")


def _fast() -> bool:
    """The yaml-rs fast path for large files, unless SHTARGET_FAST=0 (for comparing, or if it misbehaves)."""
    return os.environ.get("SHTARGET_FAST", "1") != "0"


def _max_bytes() -> int:
    """The largest data file read: SHTARGET_MAX_BYTES, or 256 MiB (a larger file is refused, not read)."""
    from shtarget.load import DEFAULT_MAX_BYTES

    setting = os.environ.get("SHTARGET_MAX_BYTES", "")
    return int(setting) if setting.isdigit() else DEFAULT_MAX_BYTES


def _year(as_of: int | None) -> int:
    return as_of if as_of is not None else datetime.date.today().year


def _report_findings(findings: tuple[Finding, ...]) -> None:
    if not findings:
        return
    from shtarget.render.findings import cap_findings
    from shtarget.safe import visible

    for finding in cap_findings(findings):
        print(visible(str(finding)), file=sys.stderr)


def _fail(message: str) -> NoReturn:
    from shtarget.safe import visible

    # The message may echo an argument or a name from the data: shown, never obeyed by the terminal.
    print(f"shtarget: error: {visible(message)}", file=sys.stderr)
    raise typer.Exit(EXIT_USAGE)


def _use_color() -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return sys.stdout.isatty() and os.environ.get("TERM") != "dumb"


def _width() -> int:
    """The width to lay tables out in: $COLUMNS when it is a usable number, else the terminal's, else 100
    (piped output). A width below 40 is laid out at 40 and one above 1000 at 1000: a value such as
    COLUMNS=0 must not make the output vanish."""
    columns = os.environ.get("COLUMNS", "")
    width = int(columns) if columns.isascii() and columns.isdecimal() else 0
    if width <= 0:
        try:
            width = os.get_terminal_size(sys.stdout.fileno()).columns
        except (OSError, ValueError):
            width = 0
    return min(max(width, MIN_WIDTH), MAX_WIDTH) if width > 0 else DEFAULT_WIDTH


def _write(text: str) -> None:
    sys.stdout.write(text)
    sys.stdout.flush()


def _emit(text: str, output: Path | None) -> None:
    """Print, or write atomically to `output`; a file that cannot be written is exit 2, not a traceback."""
    if output is None:
        _write(text)
        return
    from shtarget.store import write_atomic

    try:
        write_atomic(output, text.encode("utf-8"))
    except OSError as exc:
        _fail(f"cannot write {output}: {exc.strerror or exc}")
    print(f"wrote {output}", file=sys.stderr)


def app_for(argv: list[str]) -> typer.Typer:
    """The app with only the command `argv` invokes. Typer turns every command's signature into options at
    each start (a third of a short run for all of them); the root help, a completion request or anything
    unrecognised gets the full app."""
    wanted = next((arg for arg in argv if not arg.startswith("-")), None)
    if wanted is None or any(name.endswith("_COMPLETE") for name in os.environ):
        return app
    single = typer.Typer(**APP_SETTINGS)
    single.registered_callback = app.registered_callback
    commands = [c for c in app.registered_commands if c.callback and _command_name(c.callback) == wanted]
    groups = [g for g in app.registered_groups if g.name == wanted]
    if not commands and not groups:
        return app
    single.registered_commands, single.registered_groups = commands, groups
    return single


def _command_name(callback: Callable[..., Any]) -> str:
    return callback.__name__.lower().replace("_", "-")


def main() -> None:
    # A run is short and a large file builds a million objects without reference cycles; the cyclic
    # collector would only rescan them again and again (a quarter of the time on 10,000 targets).
    gc.disable()
    try:
        app_for(sys.argv[1:])()
    except BrokenPipeError:
        # The reader (`| head`) went away; stop quietly rather than print a traceback.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(EXIT_OK)
    except KeyboardInterrupt:
        sys.exit(130)
