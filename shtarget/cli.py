"""The command line: parse arguments, call the core, pick a renderer, choose the exit code.

This is the only module that prints, reads the environment or exits. Exit codes: 0 ok, 1 findings,
2 bad usage or unreadable / invalid input.
"""

from __future__ import annotations

import gc
import os
import shlex
import sys
from collections.abc import Callable, Mapping
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
import typer.core

from shtarget import __version__
from shtarget.model import Dataset, Finding, Status
from shtarget.render.messages import message

if TYPE_CHECKING:
    from shtarget.locate import DataFile
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


class ReportFormat(StrEnum):
    markdown = "markdown"
    html = "html"


class CheckFormat(StrEnum):
    text = "text"
    json = "json"
    github = "github"


StatusChoice = StrEnum("StatusChoice", {status.value: status.value for status in Status})  # type: ignore[misc]


COMPLETION_SHELLS = ("bash", "zsh", "fish", "powershell", "pwsh")


class _Commands(typer.core.TyperGroup):
    """The root group. Each command is turned into its Click command when it is first asked for, as Click's
    lazy loading does (Typer would turn all of them at every start, a third of a short run): a run builds
    only the command it runs, `--help` all of them. `shtarget -h status` asks for the help of `status`, as
    `shtarget status -h` does; `--show-completion zsh` and `--install-completion zsh` take the shell named
    (Typer's flags detect the shell and ignore it)."""

    def list_commands(self, ctx: Any) -> list[str]:  # ctx: click's Context (vendored by typer)
        return list(_registered())

    def get_command(self, ctx: Any, name: str) -> Any:
        if name not in self.commands and name in _registered():
            self.commands[name] = _built(_registered()[name])
        return self.commands.get(name)

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if len(args) >= 2 and args[0] in ("-h", "--help") and args[1] in _registered():
            args = [args[1], args[0], *args[2:]]
        _completion_for_shell(ctx, args, _registered())
        return super().parse_args(ctx, args)


def _registered() -> dict[str, Any]:
    """Every command and command group by name, in the order they are defined (`commands` below)."""
    named: dict[str, Any] = {}
    for info in commands.registered_commands:
        assert info.callback is not None
        named[info.name or typer.main.get_command_name(info.callback.__name__)] = info
    named |= {group.name: group for group in commands.registered_groups if group.name}
    return named


def _built(info: Any) -> Any:
    import typer.main

    if isinstance(info, typer.models.TyperInfo):
        return typer.main.get_group_from_info(
            info, pretty_exceptions_short=False, rich_markup_mode=None, suggest_commands=True
        )
    return typer.main.get_command_from_info(info, pretty_exceptions_short=False, rich_markup_mode=None)


def _completion_for_shell(ctx: Any, args: list[str], commands: Mapping[str, Any]) -> None:
    """Typer declares --show-completion and --install-completion as flags for the shell it detects from the
    process tree, so the shell a user names was never read (`--show-completion zsh` printed bash). A shell
    named after either option, before any command, is the one used; the callbacks exit."""
    for index, arg in enumerate(args):
        option, _, value = arg.partition("=")
        if option not in ("--show-completion", "--install-completion"):
            if not arg.startswith("-"):
                return  # a command: its own arguments follow
            continue
        shell = value or (args[index + 1] if index + 1 < len(args) else "")
        if shell not in COMPLETION_SHELLS:
            if value or (shell and not shell.startswith("-") and shell not in commands):
                _fail(f"{option}: unknown shell '{shell}' (one of {', '.join(COMPLETION_SHELLS)})")
            return  # the flag alone: the detected shell, Typer's way
        from typer.completion import install_callback, show_callback

        callback = show_callback if option == "--show-completion" else install_callback
        callback(ctx, None, shell)  # type: ignore[arg-type]


APP_SETTINGS: dict[str, Any] = {
    "cls": _Commands,
    "name": "shtarget",
    "help": "Track numeric policy targets against sourced actuals.\n\nExample: shtarget status --as-of 2023 --lang en",
    "no_args_is_help": True,
    "add_completion": True,  # --install-completion / --show-completion; ids complete from the data file
    "pretty_exceptions_enable": False,
    # Plain help and usage errors: Typer's Rich formatting imports Rich and Markdown (60 ms) on every --help.
    "rich_markup_mode": None,
    "context_settings": {"help_option_names": ["-h", "--help"]},
}
app = typer.Typer(**APP_SETTINGS)
# The commands, registered apart from the root so that each is built only when asked for (see `_Commands`).
commands = typer.Typer()

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
LangOption = Annotated[
    Lang,
    typer.Option("--lang", envvar="SHTARGET_LANG", help="language of names, numbers, words and messages"),
]
KnownAtOption = Annotated[
    str | None,
    typer.Option(
        "--known-at",
        metavar="DATE",
        help="only actuals whose source was published by DATE (YYYY, YYYY-MM or YYYY-MM-DD); baselines and goals count",
        show_default=False,
    ),
]
QuietOption = Annotated[
    bool,
    typer.Option("--quiet", "-q", help="do not say on stderr which data file is used or which file was written"),
]
ForceOption = Annotated[
    bool, typer.Option("--force", help="replace a read-only or hard-linked file all the same (see README)")
]


def _ids_in_data(kind: str, ctx: typer.Context, incomplete: str) -> list[str]:
    """Target, series, source or plan ids from the data file the command would use (its --file, when given
    before the word being completed), for shell completion. Only ids the loader accepts are offered: an id
    is pasted into the user's shell unquoted. Completion must never fail loudly, so an unreadable file
    completes nothing."""
    from shtarget.fileformat import ID_PATTERN
    from shtarget.load import load_file

    given = ctx.params.get("file")  # completion leaves parameters as typed: a string
    try:
        path, shown = _data_file(Path(given) if isinstance(given, str | Path) and given else None, quiet=True)
        dataset = load_file(path, shown, max_bytes=_max_bytes()).dataset
    except Exception:  # completion runs inside the user's shell: never a traceback there
        return []
    if dataset is None:
        return []
    ids = {
        "figure": [figure.id for figure in dataset.figures],
        "source": list(dataset.sources),
        "plan": list(dataset.plans),
    }[kind]
    return [i for i in ids if i.startswith(incomplete) and ID_PATTERN.match(i)]


def _complete_figures(ctx: typer.Context, incomplete: str) -> list[str]:
    return _ids_in_data("figure", ctx, incomplete)


def _complete_sources(ctx: typer.Context, incomplete: str) -> list[str]:
    return _ids_in_data("source", ctx, incomplete)


def _complete_plans(ctx: typer.Context, incomplete: str) -> list[str]:
    return _ids_in_data("plan", ctx, incomplete)


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


@commands.command()
def status(
    file: FileOption = None,
    plan: Annotated[
        str | None, typer.Option("--plan", help="only the targets of this plan id", autocompletion=_complete_plans)
    ] = None,
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
    quiet: QuietOption = False,
    known_at: KnownAtOption = None,
) -> None:
    """Show progress, gaps, growth and a status for every target.

    The table fits the terminal's width ($COLUMNS when piped, default 100).

    Example: shtarget status --as-of 2023 --lang en --status on-track --status at-risk
    """
    from shtarget.assess import assess_dataset
    from shtarget.render import StatusReport, status_renderer, years_renderer

    dataset = _known(_load(file, quiet, lang=lang.value), known_at, lang)
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
        title, year, assessments, lang.value, _use_color(), _width(), series, dataset.settings, legend, dataset.plans
    )
    render = years_renderer(output_format.value) if years else status_renderer(output_format.value)
    _write(render(report))


@commands.command()
def check(
    files: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar="[FILE]...",
            help="data files to check; any other file (a seed) stands for the targets.yaml at or above it",
            show_default=False,
        ),
    ] = None,
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
    lang: LangOption = Lang.zh,
    quiet: QuietOption = False,
) -> None:
    """Check the data: structure, quantities, quotes, status gates.

    With FILEs (as a pre-commit hook passes them), each data file found is checked with its own directory
    as the root of its seeds; a seed stands for the targets.yaml at or above it. Without, the data file is
    --file, $SHTARGET_FILE or targets.yaml here or above; the bundled sample is never checked unless --file
    names it. Exits 0 when there are no errors (and, with --strict, no warnings), 1 when there are findings,
    2 when a file cannot be read (the worst of all files).

    Example: shtarget check --strict --fail-on missed --format github
    """
    from shtarget.check import CheckOptions, check_file
    from shtarget.model import Severity
    from shtarget.render.findings import FINDING_FORMATS, cap_findings

    statuses = frozenset(Status(choice.value) for choice in fail_on or ())
    options = CheckOptions(_year(as_of), statuses)
    findings: list[Finding] = []
    unreadable = False
    for path, shown in _files_to_check(files or [], file, quiet, lang.value):
        result = check_file(path, shown, options, max_bytes=_max_bytes())
        if not result.readable:
            unreadable = True
            if output_format is CheckFormat.text or len(files or []) < 2:
                _report_findings(result.findings, lang.value)
                continue  # one file that cannot be read: said on stderr, as every command says it
        findings += result.findings  # among several files, a tool reading the output must see which failed
    if unreadable and not findings:
        raise typer.Exit(EXIT_USAGE)
    _write(FINDING_FORMATS[output_format.value](cap_findings(tuple(findings)), lang.value))
    failing = [f for f in findings if f.severity is Severity.ERROR or (strict and f.fails_strict)]
    raise typer.Exit(EXIT_USAGE if unreadable else EXIT_FINDINGS if failing else EXIT_OK)


def _files_to_check(files: list[Path], file: Path | None, quiet: bool, lang: str) -> list[tuple[Path, str]]:
    """The data files `check` reads: each FILE that is YAML, the targets.yaml at or above any other, each once;
    without FILEs, the data file every command uses (never the bundled sample unless --file names it)."""
    from shtarget.locate import DATA_FILE_NAME, display_path

    if file is not None and files:
        _fail("give the data files as FILE arguments or one with --file, not both")
    if not files:
        return [_data_file(file, quiet, working=True, lang=lang)]
    cwd, found, chosen = Path.cwd(), set(), []
    for given in files:
        if not os.path.lexists(given):
            _fail(message("no-such-file", lang, file=given))
        data = given if given.suffix in (".yaml", ".yml") and not _is_seed(given) else _data_file_above(given)
        if data is None:
            _fail(f"no {DATA_FILE_NAME} at or above {given}; pass the data file itself")
        key = os.path.realpath(data)
        if key not in found:
            found.add(key)
            chosen.append((data, display_path(data if data.is_absolute() else cwd / data, cwd)))
    return chosen


def _is_seed(path: Path) -> bool:
    """Whether `path` lies in a `seeds/` directory beside a targets.yaml: a source document, whatever its
    name (seeds/table.yaml is a page of figures, not a data file)."""
    from shtarget.locate import DATA_FILE_NAME

    return any(d.name == "seeds" and (d.parent / DATA_FILE_NAME).is_file() for d in path.absolute().parents)


def _data_file_above(path: Path) -> Path | None:
    from shtarget.locate import DATA_FILE_NAME

    start = (path if path.is_dir() else path.parent).absolute()
    return next((d / DATA_FILE_NAME for d in (start, *start.parents) if (d / DATA_FILE_NAME).is_file()), None)


@commands.command()
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
    lang: LangOption = Lang.zh,
    quiet: QuietOption = False,
) -> None:
    """Compare with an earlier file: actuals, sources, statuses.

    A target moving to a worse status, or into missed from any status, is a regression.

    BASE is the file before the change, e.g. from git show origin/main:targets.yaml > /tmp/base.yaml

    Example: shtarget diff /tmp/base.yaml --format markdown
    """
    from shtarget.diff import diff_datasets
    from shtarget.render.diff_format import DIFF_FORMATS

    before = _load_compared(base, "the base file", quiet, lang.value)
    after = _load_compared(file, "the changed file", quiet, lang.value)
    changes = diff_datasets(before, after, _year(as_of))
    _write(DIFF_FORMATS[output_format.value](changes, lang.value))
    raise typer.Exit(EXIT_FINDINGS if fail_on_regression and changes.regressions else EXIT_OK)


@commands.command()
def show(
    target_id: Annotated[
        str,
        typer.Argument(
            metavar="ID",
            help="a target or context series id, e.g. sei-gdp-share or gdp",
            autocompletion=_complete_figures,
        ),
    ],
    file: FileOption = None,
    as_of: AsOfOption = None,
    lang: LangOption = Lang.zh,
    output_format: Annotated[
        ShowFormat, typer.Option("--format", help="text for people, json for tools")
    ] = ShowFormat.text,
    quiet: QuietOption = False,
    known_at: KnownAtOption = None,
) -> None:
    """Show one target or series in depth: figures, sources, why.

    Figures are printed exactly as recorded, with the rounded reading beside them.

    Example: shtarget show high-tech-enterprises --as-of 2023 --lang en
    """
    import difflib

    from shtarget.assess import assess
    from shtarget.check import locate_quotes
    from shtarget.render.show_format import SeriesView, TargetView, render_json, render_text

    dataset = _known(_load(file, quiet, lang=lang.value), known_at, lang)
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


class _OptionsAfterDoubleDash(typer.core.TyperCommand):
    """`record gdp 2024 -- -5 --source web`: the arguments after `--`, up to the first of the command's own
    options, are positional (so a VALUE may start with `-`); the options after them still count."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:  # ctx: click's Context (vendored by typer)
        return super().parse_args(ctx, self._positional_after_dashes(args))

    def _positional_after_dashes(self, args: list[str]) -> list[str]:
        names = {name for param in self.params for name in param.opts if name.startswith("-")}
        takes_value = {
            name
            for param in self.params
            if isinstance(param, typer.core.TyperOption) and not param.is_flag
            for name in param.opts
        }
        index = 0
        while index < len(args):  # find the `--` that is not the value of an option such as --note
            if args[index] == "--":
                tail = args[index + 1 :]
                split = next((i for i, arg in enumerate(tail) if arg.split("=", 1)[0] in names), len(tail))
                return args[:index] + tail[split:] + ["--"] + tail[:split]
            index += 2 if args[index] in takes_value else 1
        return args


@commands.command(cls=_OptionsAfterDoubleDash)
def record(
    target_id: Annotated[
        str, typer.Argument(metavar="TARGET_ID", help="a target or series id", autocompletion=_complete_figures)
    ],
    year: Annotated[int, typer.Argument(metavar="YEAR", help="the year the figure is for")],
    value: Annotated[
        str, typer.Argument(metavar="VALUE", help="e.g. 24.8, 2.4万多, 10641.19亿元; done or not-done for a milestone")
    ],
    source: Annotated[
        str,
        typer.Option("--source", help="a source id (see `shtarget sources add`)", autocompletion=_complete_sources),
    ],
    quote: Annotated[str | None, typer.Option("--quote", help="the words that carry the figure")] = None,
    note: Annotated[str | None, typer.Option("--note", help="a remark kept with the figure")] = None,
    months: Annotated[
        int | None,
        typer.Option("--months", help="a part-year figure covering the first N months (1-11) of YEAR", min=1, max=11),
    ] = None,
    scope: Annotated[str | None, typer.Option("--scope", help="the figure's statistical scope, e.g. 规模以上")] = None,
    breaks: Annotated[bool, typer.Option("--break", help="the statistical basis changed from this figure on")] = False,
    replace: Annotated[
        bool, typer.Option("--replace", help="overwrite the figure already recorded for YEAR (and --months)")
    ] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="print the change as a unified diff; write nothing")
    ] = False,
    strict: Annotated[
        bool, typer.Option("--strict", help="refuse to write when check would warn about the new figure")
    ] = False,
    force: ForceOption = False,
    file: FileOption = None,
    as_of: AsOfOption = None,
    lang: LangOption = Lang.zh,
    quiet: QuietOption = False,
) -> None:
    """Record a figure: validated, written keeping every comment.

    Refused (exit 2, file untouched) when the value's unit does not convert, the target, source or year is
    wrong, a file source's quote is not in the file, or the year is recorded already (unless --replace).
    The warnings `check` would give about the new figure are shown first; --strict refuses to write then.
    A VALUE that starts with "-" goes after "--": shtarget record gdp 2024 -- -5 --source web

    Example: shtarget record high-tech-enterprises 2024 "突破2.6万家" --source stats-2024 --quote "突破2.6万家"
    """
    from shtarget.record import RecordRequest, record_actual

    request = RecordRequest(target_id, year, value, source, quote, note, replace, months, scope, breaks, lang.value)
    _edit(
        file,
        dry_run,
        lambda text, path, shown: record_actual(text, path, shown, request, _year(as_of)),
        force=force,
        strict=strict,
        quiet=quiet,
        lang=lang.value,
    )


sources_app = typer.Typer(help="Manage the documents figures are quoted from.", no_args_is_help=True)
commands.add_typer(sources_app, name="sources")


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
    force: ForceOption = False,
    file: FileOption = None,
    lang: LangOption = Lang.zh,
    quiet: QuietOption = False,
) -> None:
    """Register a source: a file in the repository (pinned) or a URL.

    Example: shtarget sources add stats-2024 --url https://example.org/2024 --title "2024年统计公报" --kind official
    """
    from shtarget.record import SourceRequest, add_source_entry

    if (path is None) == (url is None):
        _fail("give exactly one of --path or --url")
    request = SourceRequest(source_id, title, path, url, kind.value if kind is not None else None, lang.value)
    _edit(
        file,
        dry_run,
        lambda text, data_path, shown: add_source_entry(text, data_path, shown, request),
        force=force,
        quiet=quiet,
        lang=lang.value,
    )


@sources_app.command("pin")
def sources_pin(
    source_id: Annotated[
        str, typer.Argument(metavar="ID", help="a file source's id", autocompletion=_complete_sources)
    ],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="print the change as a unified diff; write nothing")
    ] = False,
    strict: Annotated[
        bool, typer.Option("--strict", help="refuse to write when a quote citing the source is not in the file")
    ] = False,
    force: ForceOption = False,
    file: FileOption = None,
    lang: LangOption = Lang.zh,
    quiet: QuietOption = False,
) -> None:
    """Re-pin a file source to its edited file's sha256.

    Shows the old and the new sha256, and warns of each quote citing the source that the file no longer
    holds (--strict: nothing written then). A URL source or an unknown id is exit 2; a source already pinned
    to its file's hash is left as it is (exit 0).

    Example: shtarget sources pin sei-plan --dry-run
    """
    from shtarget.record import pin_source_entry

    _edit(
        file,
        dry_run,
        lambda text, data_path, shown: pin_source_entry(text, data_path, shown, source_id, lang.value),
        force=force,
        strict=strict,
        quiet=quiet,
        lang=lang.value,
    )


OutputOption = Annotated[
    Path | None,
    typer.Option("--output", "-o", help="write to this regular file (atomically) instead of stdout", dir_okay=False),
]


@commands.command()
def export(
    output_format: Annotated[ExportFormat, typer.Option("--format", help="json, toml or csv")] = ExportFormat.json,
    output: OutputOption = None,
    actual_rows: Annotated[
        bool, typer.Option("--actuals", help="csv: one row per actual instead of per target")
    ] = False,
    bom: Annotated[
        bool, typer.Option("--bom", help="csv: start with a UTF-8 byte order mark (for Excel on Windows)")
    ] = False,
    force: ForceOption = False,
    file: FileOption = None,
    as_of: AsOfOption = None,
    quiet: QuietOption = False,
    known_at: KnownAtOption = None,
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
    dataset = _known(_load(file, quiet), known_at, Lang.en)
    year = _year(as_of)
    data = Export(dataset, year, assess_dataset(dataset, year), evaluate_relations(dataset), actual_rows, bom)
    _emit(EXPORT_FORMATS[output_format.value](data), output, dataset, force, quiet)


@commands.command()
def report(
    file: FileOption = None,
    as_of: AsOfOption = None,
    lang: LangOption = Lang.zh,
    plan: Annotated[str | None, typer.Option("--plan", help="only the targets of this plan id")] = None,
    include_drafts: Annotated[
        bool, typer.Option("--include-drafts", help="also report targets proposed by extract, not yet reviewed")
    ] = False,
    output: OutputOption = None,
    output_format: Annotated[
        ReportFormat,
        typer.Option(
            "--format", help="markdown (GitHub, Mermaid charts) or html (one self-contained page, SVG charts)"
        ),
    ] = ReportFormat.markdown,
    force: ForceOption = False,
    quiet: QuietOption = False,
    known_at: KnownAtOption = None,
) -> None:
    """Write a progress report. Scorecard, status table, a section per target with a chart and linked
    evidence, context series, sources, method and glossary. Links to seed files are relative to the
    report's location (from the bundled sample data, as if the report sat in a working copy: never into the
    installed package).

    Example: shtarget report --as-of 2025 --lang en --format html -o report.html
    """
    import hashlib
    import os.path

    from shtarget import __version__
    from shtarget.assess import assess_dataset
    from shtarget.check import locate_quotes
    from shtarget.relations import evaluate_relations
    from shtarget.render.report import REPORT_FORMATS, ReportContext

    located, _ = _locate(file)
    path = located.path
    dataset = _known(_load(file, quiet, lang=lang.value), known_at, lang)
    if plan is not None and plan not in dataset.plans:
        _fail(f"unknown plan '{plan}' (plans: {', '.join(sorted(dataset.plans))})")
    year = _year(as_of)
    if not include_drafts:  # a draft is no figure of the data until someone reviews it: the report never sees it
        dataset = dataset.reviewed()
    assessments = tuple(a for a in assess_dataset(dataset, year) if plan is None or a.target.plan == plan)
    report_dir = (output.parent if output is not None else Path.cwd()).resolve()
    # Links from the bundled data would lead into site-packages; they are written as in a working copy.
    data_dir = report_dir if located.bundled else dataset.root.resolve()
    relative = os.path.relpath(data_dir, report_dir)
    context = ReportContext(
        dataset=dataset,
        as_of=year,
        assessments=assessments,
        data_name=path.name if located.bundled else os.path.relpath(path.resolve(), report_dir),
        data_sha256=hashlib.sha256(path.read_bytes()).hexdigest(),
        version=__version__,
        quote_lines=locate_quotes(dataset),
        relation_results=evaluate_relations(dataset),
        lang=lang.value,
        link_prefix="" if relative == "." else relative.replace(os.sep, "/") + "/",
    )
    _emit(REPORT_FORMATS[output_format.value](context), output, dataset, force, quiet)


@commands.command()
def schema() -> None:
    """Print the JSON Schema of targets.yaml, for editors and tools.

    Example: shtarget schema > schema/targets.schema.json
    """
    import json

    from shtarget.schema import targets_schema

    _write(json.dumps(targets_schema(), ensure_ascii=False, indent=2) + "\n")


@commands.command()
def init(
    directory: Annotated[
        Path,
        typer.Argument(metavar="[DIR]", help="where to create it (default: here)", file_okay=False, show_default=False),
    ] = Path("."),
    force: Annotated[
        bool, typer.Option("--force", help="use a DIR that is not empty; files already there are kept")
    ] = False,
    with_ci: Annotated[
        bool, typer.Option("--with-ci", help="also write the GitHub Actions workflow of docs/ci.md")
    ] = False,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="do not list what was created or kept (errors are still said)")
    ] = False,
    lang: LangOption = Lang.zh,
) -> None:
    """Create a working copy to edit. It holds targets.yaml, seeds/, schema/ and a .gitignore.

    Refuses a DIR with anything in it but .git, unless --force (files already there are then kept).
    record and sources add never edit the bundled copy; they edit the working copy this makes.

    Example: shtarget init shanghai-targets --with-ci
    """
    from shtarget.locate import WORKFLOW_PATH, gitignore_text, working_copy_files
    from shtarget.safe import visible
    from shtarget.store import Refused, prepare, write_file

    shown = visible(str(directory))
    if directory.exists() and not directory.is_dir():
        _fail(f"{shown} is not a directory")
    present = sorted(entry.name for entry in directory.iterdir() if entry.name != ".git") if directory.is_dir() else []
    if present and not force:
        sample = ", ".join(visible(name) for name in present[:3]) + (", …" if len(present) > 3 else "")
        _fail(f"{shown} is not empty ({sample}); use --force to add a working copy to it (files there are kept)")
    created, kept = [], []
    try:
        for relative, content in working_copy_files(with_ci):
            destination = directory / relative
            destination.parent.mkdir(parents=True, exist_ok=True)
            if os.path.lexists(destination):
                if relative != ".gitignore":
                    kept.append(relative)
                    continue
                existing = prepare(destination)
                if isinstance(existing, Refused):
                    _fail(existing.message)
                old = existing.read_bytes().decode("utf-8", "surrogateescape")
                content = gitignore_text(old).encode("utf-8", "surrogateescape")
                if content == existing.read_bytes():
                    continue
            refusal = write_file(destination, content)
            if refusal is not None:
                _fail(refusal.message)
            created.append(relative)
    except OSError as exc:
        _fail(f"cannot create the working copy in {shown}: {exc.strerror or exc}")
    if quiet:
        return
    if created:
        _write(message("created", lang.value, dir=shown, files=_file_list(created)) + "\n")
    if kept:
        _write(message("kept", lang.value, files=_file_list(kept)) + "\n")
    if with_ci and WORKFLOW_PATH in created:
        _write(message("replace-owner", lang.value, workflow=WORKFLOW_PATH) + "\n")
    where = "" if directory == Path(".") else f"cd {shown} && "
    _write(message("next", lang.value, cd=where) + "\n")


class ExtractFormat(StrEnum):
    yaml = "yaml"
    json = "json"
    table = "table"


@commands.command()
def extract(
    file: Annotated[
        Path,
        typer.Argument(metavar="FILE", help="a plan's text or HTML page, UTF-8", exists=True, dir_okay=False),
    ],
    plan: Annotated[
        str | None, typer.Option("--plan", help="plan id (default: the plan citing FILE, else a new one)")
    ] = None,
    year_default: Annotated[
        int, typer.Option("--year-default", help="the year for targets that state none", min=1900, max=2200)
    ] = 2025,
    output_format: Annotated[
        ExtractFormat, typer.Option("--format", help="yaml to paste into targets.yaml, json for tools, table to read")
    ] = ExtractFormat.yaml,
    into: Annotated[
        Path | None, typer.Option("--into", help="append the candidates to this targets file as drafts", dir_okay=False)
    ] = None,
    milestones: Annotated[bool, typer.Option("--milestones", help="also propose qualitative goals")] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="with --into: print the change as a unified diff; write nothing")
    ] = False,
    lang: LangOption = Lang.zh,
) -> None:
    """Propose draft targets from a plan's text. One per quantified target, with its quote, line and why.

    Exits 0 with candidates, 1 when the text states none, 2 when FILE cannot be read (missing, a directory,
    not UTF-8) or --into cannot be written. --into adds the candidates not already in the file, marked
    `draft: true`, registering FILE as a source (and a plan for it) when it is not one yet.

    Example: shtarget extract seeds/002_ac65027d67ea128d.txt --format table
    """
    from shtarget.drafts import DraftRequest, append_drafts, suggest_placement
    from shtarget.extract import ExtractOptions, document_title, extract, plan_period
    from shtarget.load import load_file
    from shtarget.record import Change
    from shtarget.render.extract_format import EXTRACT_FORMATS, ExtractReport
    from shtarget.safe import visible

    if dry_run and into is None:
        _fail("--dry-run goes with --into")
    try:
        if not file.is_file() or file.stat().st_size > _max_bytes():
            _fail(f"{file} is not a regular file of at most {_max_bytes()} bytes")
        raw = file.read_bytes()
    except OSError as exc:
        _fail(f"cannot read {file}: {exc.strerror or exc}")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        _fail(f"{file} is not UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start}); convert it first")
    extraction = extract(text, ExtractOptions(year_default, milestones), str(file))
    _report_findings(extraction.findings)  # a clause cut short, say
    candidates = extraction.candidates
    if not candidates:
        print(f"shtarget: no quantified targets found in {visible(str(file))}", file=sys.stderr)
        raise typer.Exit(EXIT_FINDINGS)
    title, period = document_title(text) or file.name, plan_period(text, year_default)
    if into is not None:
        request = DraftRequest(file, candidates, title, period, plan)
        made: list[Change] = []

        def change_for(data: str, path: Path, shown: str) -> Change | list[Finding]:
            change = append_drafts(data, path, shown, request, _year(None))
            made.extend([change] if isinstance(change, Change) else [])
            return change

        _edit(into, dry_run, change_for, lang=lang.value)
        if dry_run and made and made[0].new_text == made[0].old_text:
            _write(made[0].summary + "\n")  # an empty diff says nothing: say why
        return
    data, _ = _locate(None)
    dataset = None  # the sample data bundled with shtarget is no place to register a document: `init` first
    if not data.bundled:
        loaded = load_file(_data_file(None, quiet=True)[0], max_bytes=_max_bytes())  # FILE's source id, if any
        dataset = None if loaded.errors else loaded.dataset
    placement = suggest_placement(dataset, file, plan, period)
    registration = placement.registration(title)
    if registration and data.bundled:
        registration = f"shtarget init (a working copy here), then {registration}"
    report = ExtractReport(str(file), placement.source_id, placement.plan_id, candidates, registration)
    _write(EXTRACT_FORMATS[output_format.value](report))


class ListFormat(StrEnum):
    table = "table"
    json = "json"


@commands.command("list")
def list_targets(
    file: FileOption = None,
    plan: Annotated[str | None, typer.Option("--plan", help="only the targets of this plan id")] = None,
    lang: LangOption = Lang.zh,
    output_format: Annotated[
        ListFormat, typer.Option("--format", help="table for people, json for tools")
    ] = ListFormat.table,
    quiet: QuietOption = False,
) -> None:
    """List every target and series: id, name, plan, unit, year.

    Example: shtarget list --lang en --plan sei-14fyp
    """
    from shtarget.render.list_format import Listing, render_json, render_table

    dataset = _load(file, quiet, lang=lang.value)
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
    quiet: QuietOption = False,
) -> None:
    """List the source documents: id, kind, date, title, place.

    Example: shtarget sources list --format json
    """
    from shtarget.render.list_format import Listing, render_sources_json, render_sources_table

    listing = Listing(_load(file, quiet, working=True, lang=lang.value), None, lang.value, _use_color(), _width())
    _write(render_sources_json(listing) if output_format is ListFormat.json else render_sources_table(listing))


class ScanFormat(StrEnum):
    table = "table"
    json = "json"


@commands.command()
def scan(
    document: Annotated[Path, typer.Argument(metavar="FILE", help="a bulletin or press release, text or HTML, UTF-8")],
    file: FileOption = None,
    year: Annotated[
        int | None,
        typer.Option("--year", help="the year of figures the text gives no year for", min=1900, max=2200),
    ] = None,
    output_format: Annotated[
        ScanFormat, typer.Option("--format", help="table for people, json for tools")
    ] = ScanFormat.table,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="also list the figures not proposed, and why")
    ] = False,
    into: Annotated[
        Path | None,
        typer.Option("--into", help="add the new figures to this targets file as draft actuals", dir_okay=False),
    ] = None,
    source: Annotated[
        str | None,
        typer.Option("--source", help="with --into: the source id they cite (default: FILE, registered if need be)"),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="with --into: print the change as a unified diff; write nothing")
    ] = False,
    lang: LangOption = Lang.zh,
    quiet: QuietOption = False,
) -> None:
    """Propose actuals for the tracked targets from a bulletin.

    Reads a bulletin or press release and, for each figure found for a target or series in the data, gives
    the target it measures, its year and months, its value in the target's unit, the quote and its line,
    and whether it is new, the same as recorded or a conflict.

    Exits 0 when FILE was read (whatever was found), 2 when it cannot be read. --into writes the new figures as
    actuals marked `draft: true` (shown, not assessed until `shtarget review accept`); a figure that differs
    from one recorded is never written.

    Example: shtarget scan bulletin-2025.txt --verbose
    """
    from shtarget.render.scan_format import SCAN_FORMATS, ScanReport
    from shtarget.review import ScanInto, scan_into
    from shtarget.scan import scan_text

    if dry_run and into is None:
        _fail("--dry-run goes with --into")
    if source is not None and into is None:
        _fail("--source goes with --into")
    text = _read_document(document)
    if into is not None:
        request = ScanInto(document, text, source, year)
        change_for = lambda data, path, shown: scan_into(data, path, shown, request, _year(None))  # noqa: E731
        _edit(into, dry_run, change_for, quiet=quiet, lang=lang.value)
        return
    result = scan_text(text, _load(file, quiet, lang=lang.value), year)
    _write(SCAN_FORMATS[output_format.value](ScanReport(str(document), result, lang.value, verbose, _width())))


def _read_document(document: Path) -> str:
    """A document to read, as text: exit 2 when it is missing, not a regular file, too large or not UTF-8."""
    try:
        if not document.exists():
            _fail(f"{document}: no such file")
        if document.is_dir():
            _fail(f"{document} is a directory")
        if not document.is_file() or document.stat().st_size > _max_bytes():
            _fail(f"{document} is not a regular file of at most {_max_bytes()} bytes")
        raw = document.read_bytes()
    except OSError as exc:
        _fail(f"cannot read {document}: {exc.strerror or exc}")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        _fail(f"{document} is not UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start}); convert it first")


review_app = typer.Typer(
    help="List the draft actuals `scan --into` wrote; accept or drop them.", invoke_without_command=True
)
commands.add_typer(review_app, name="review")


@review_app.callback()
def review(
    ctx: typer.Context,
    file: FileOption = None,
    output_format: Annotated[
        ListFormat, typer.Option("--format", help="table for people, json for tools")
    ] = ListFormat.table,
    lang: LangOption = Lang.zh,
    quiet: QuietOption = False,
) -> None:
    """List the draft actuals (written by `shtarget scan --into`): shown, never assessed until accepted.

    Example: shtarget review, then shtarget review accept sei-gdp-share 2025 (or drop, or --all)
    """
    if ctx.invoked_subcommand is not None:
        return
    from shtarget.render.scan_format import DraftListing, render_drafts_json, render_drafts_table
    from shtarget.review import drafts_of

    dataset = _load(file, quiet, lang=lang.value)
    listing = DraftListing(str(dataset.path.name), drafts_of(dataset), lang.value, _width())
    _write(render_drafts_json(listing) if output_format is ListFormat.json else render_drafts_table(listing))


ReviewIdArgument = Annotated[
    str | None,
    typer.Argument(
        metavar="[ID]", help="the target or series id", autocompletion=_complete_figures, show_default=False
    ),
]
ReviewYearArgument = Annotated[
    int | None, typer.Argument(metavar="[YEAR]", help="the draft's year", show_default=False)
]
ReviewMonthsOption = Annotated[
    int | None, typer.Option("--months", help="the draft is a part-year figure of N months (1-11)", min=1, max=11)
]
ReviewAllOption = Annotated[bool, typer.Option("--all", help="every draft actual")]
DryRunOption = Annotated[bool, typer.Option("--dry-run", help="print the change as a unified diff; write nothing")]


@review_app.command("accept")
def review_accept(
    target_id: ReviewIdArgument = None,
    year: ReviewYearArgument = None,
    months: ReviewMonthsOption = None,
    everything: ReviewAllOption = False,
    file: FileOption = None,
    dry_run: DryRunOption = False,
    lang: LangOption = Lang.zh,
    quiet: QuietOption = False,
) -> None:
    """Accept a draft actual (remove its `draft: true`): from now on it is assessed.

    Example: shtarget review accept gdp 2024 --months 9
    """
    _review("accept", target_id, year, months, everything, file, dry_run, quiet, lang.value)


@review_app.command("drop")
def review_drop(
    target_id: ReviewIdArgument = None,
    year: ReviewYearArgument = None,
    months: ReviewMonthsOption = None,
    everything: ReviewAllOption = False,
    file: FileOption = None,
    dry_run: DryRunOption = False,
    lang: LangOption = Lang.zh,
    quiet: QuietOption = False,
) -> None:
    """Drop a draft actual (delete it from the file).

    Example: shtarget review drop sei-gdp-share 2025
    """
    _review("drop", target_id, year, months, everything, file, dry_run, quiet, lang.value)


def _review(
    action: str,
    target_id: str | None,
    year: int | None,
    months: int | None,
    everything: bool,
    file: Path | None,
    dry_run: bool,
    quiet: bool,
    lang: str,
) -> None:
    from shtarget.review import ReviewRequest, review_drafts

    if everything and (target_id is not None or year is not None or months is not None):
        _fail("give ID and YEAR, or --all, not both")
    if not everything and (target_id is None or year is None):
        _fail(
            f"give the draft's ID and YEAR (`shtarget review` lists them), or --all: shtarget review {action} ID YEAR"
        )
    request = ReviewRequest(action, target_id, year, months, everything)
    change_for = lambda text, path, shown: review_drafts(text, path, shown, request, _year(None))  # noqa: E731
    _edit(file, dry_run, change_for, quiet=quiet, lang=lang)


def _load_compared(file: Path | None, role: str, quiet: bool, lang: str) -> Dataset:
    """`diff` reads two files: when one cannot be loaded, say which, and how to see why."""
    from shtarget.load import load_file

    path, shown = _data_file(file, quiet, working=True, lang=lang)
    result = load_file(path, shown, max_bytes=_max_bytes())
    _report_findings(result.findings)
    if result.dataset is None or result.errors:
        errors = len(result.errors)
        noun = "error" if errors == 1 else "errors"
        hint = shlex.join(["shtarget", "check", "--file", shown])
        _fail(f"{role} {shown} has {errors} {noun}; nothing compared (see '{hint}')")
    return result.dataset


def _check_plan(dataset: Dataset, plan: str | None) -> None:
    """Exit 2 when `--plan` names no plan of the data set."""
    if plan is not None and plan not in dataset.plans:
        _fail(f"unknown plan '{plan}' (plans: {', '.join(sorted(dataset.plans))})")


# --- helpers -----------------------------------------------------------------------------------------


def _file_list(paths: list[str]) -> str:
    """Relative paths for a summary line, the seed files counted rather than named."""
    seeds = [path for path in paths if path.startswith("seeds/")]
    others = [path for path in paths if not path.startswith("seeds/")]
    counted = [f"seeds/ ({len(seeds)} file{'s' if len(seeds) != 1 else ''})"] if seeds else []
    return ", ".join(others[:1] + counted + others[1:])


def _locate(file: Path | None, working: bool = False, lang: str | None = None) -> tuple[DataFile, str]:
    """The targets file to use (and how it was found), and how to name it in messages. A command that checks
    or changes the data (`working`) never falls back to the bundled sample: a check of the sample would pass
    whatever the user's own file says."""
    from shtarget.locate import Origin, display_path, find_data_file

    cwd = Path.cwd()
    data = find_data_file(file, os.environ.get("SHTARGET_FILE"), cwd)
    if working and data.origin is Origin.BUNDLED:
        _fail(message("no-data-file", lang or _lang_setting()))
    return data, display_path(data.path, cwd)


def _data_file(
    file: Path | None, quiet: bool = False, working: bool = False, lang: str | None = None
) -> tuple[Path, str]:
    """The targets file to use and how to name it in messages; says on stderr which it is, unless it is
    ./targets.yaml, was named with --file, or `quiet`. A command that checks or changes the data (`working`)
    never falls back to the bundled sample: a check of the sample would pass whatever the user's file says."""
    data, shown = _locate(file, working, lang)
    if not quiet:
        _announce(data, lang)
    return data.path, shown


def _announce(data: DataFile, lang: str | None = None) -> None:
    from shtarget.locate import announcement
    from shtarget.safe import visible

    said = announcement(data, Path.cwd())
    if said is not None:
        key, shown = said
        print(f"shtarget: {visible(message(key, lang or _lang_setting(), file=shown))}", file=sys.stderr)


def _load(file: Path | None, quiet: bool = False, working: bool = False, lang: str | None = None) -> Dataset:
    """Load the data file or exit 2, printing every finding to stderr."""
    from shtarget.load import load_file

    path, shown = _data_file(file, quiet, working, lang)
    result = load_file(path, shown, max_bytes=_max_bytes())
    _report_findings(result.findings)
    if result.dataset is None or result.errors:
        errors = len(result.errors)
        _fail(f"{errors} error{'s' if errors != 1 else ''} in {shown}; nothing assessed (run 'shtarget check')")
    return result.dataset


def _known(dataset: Dataset, known_at: str | None, lang: Lang) -> Dataset:
    """The data as published by `--known-at` (all of it without); says on stderr what was left out."""
    if known_at is None:
        return dataset
    from shtarget.known import date_problem, left_out_note
    from shtarget.known import known_at as filter_known

    problem = date_problem(known_at)
    if problem is not None:
        _fail(problem)
    result = filter_known(dataset, known_at)
    note = left_out_note(result, known_at, lang.value)
    if note is not None:
        print(f"shtarget: {note}", file=sys.stderr)
    return result.dataset


def _edit(
    file: Path | None,
    dry_run: bool,
    change_for: Callable[[str, Path, str], Change | list[Finding]],
    *,
    force: bool = False,
    strict: bool = False,
    quiet: bool = False,
    lang: str = "zh",
) -> None:
    """Read the data file, compute the change, show its warnings, then print it (--dry-run: no lock, no
    write) or, under the directory's lock, write it atomically through store.py's rules."""
    import contextlib

    from shtarget.load import read_regular_file
    from shtarget.safe import visible
    from shtarget.store import Refused, locked, prepare, remove_stale_temporaries, write_atomic

    data, shown = _locate(file, working=True, lang=lang)
    if data.bundled:
        _fail(
            f"{visible(str(data.path))} is the sample data bundled with shtarget, which shtarget does not edit;"
            " run `shtarget init` to make a working copy here, then record into it"
        )
    if not quiet:
        _announce(data, lang)
    target = prepare(data.path, force=force or dry_run, follow_any_link=True, name=shown)
    if isinstance(target, Refused):
        _fail(f"{target.message}; nothing written")
    with contextlib.ExitStack() as lock:
        if not dry_run:
            try:
                lock.enter_context(locked(target.parent))
            except OSError as exc:
                _fail(f"cannot lock the directory of {shown}: {exc.strerror or exc}; nothing written")
            remove_stale_temporaries(target)
        raw = read_regular_file(target, _max_bytes())
        if isinstance(raw, str):
            _fail(f"{shown}: {raw}; nothing written")
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            _fail(f"{shown} is not UTF-8; nothing written")
        change = change_for(text, data.path, shown)
        if isinstance(change, list):
            _report_findings(tuple(change), lang)
            _fail(message("nothing-written", lang, file=shown))
        _report_findings(change.warnings, lang)
        if strict and any(f.fails_strict for f in change.warnings):
            count = sum(f.fails_strict for f in change.warnings)
            _fail(message("strict-refused", lang, count=count, s="s" * (count != 1), file=shown))
        if change.new_text == change.old_text:  # nothing to change: the file is left untouched
            _write(change.summary + "\n")
            return
        if dry_run:
            _write(change.diff(shown))
            return
        try:
            write_atomic(target, change.new_text.encode("utf-8"))
        except OSError as exc:
            _fail(f"cannot write {shown}: {exc.strerror or exc}; nothing written")
    _write(change.summary + "\n")


def _lang_setting() -> str:
    """The language of a message given before a command's --lang is read: $SHTARGET_LANG, else Chinese."""
    return "en" if os.environ.get("SHTARGET_LANG") == "en" else "zh"


def _max_bytes() -> int:
    """The largest data file read: SHTARGET_MAX_BYTES, or 256 MiB (a larger file is refused, not read)."""
    from shtarget.load import DEFAULT_MAX_BYTES

    setting = os.environ.get("SHTARGET_MAX_BYTES")
    if setting is None:
        return DEFAULT_MAX_BYTES
    limit = int(setting) if setting.isascii() and setting.isdecimal() else 0
    if limit <= 0:
        _fail(f"SHTARGET_MAX_BYTES must be a positive whole number of bytes, got '{setting}'")
    return limit


def _usable_streams() -> None:
    """Output that can be written whole: a closed stdout (`>&-`) is a clear exit 2, and a stdout left
    non-blocking by the program that gave it (a writer would stop after 64 KiB) is made blocking."""
    if sys.stderr is None:  # nowhere to say anything: write into the void rather than fail on a message
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - kept open for the whole run
    if sys.stdout is None:
        print("shtarget: error: standard output is closed; nothing can be written", file=sys.stderr)
        sys.exit(EXIT_USAGE)
    try:
        descriptor = sys.stdout.fileno()
        if not os.get_blocking(descriptor):
            os.set_blocking(descriptor, True)
    except (OSError, ValueError, AttributeError):
        pass  # not a file descriptor (a test's capture): nothing to change


def _year(as_of: int | None) -> int:
    import time

    return as_of if as_of is not None else time.localtime().tm_year


def _report_findings(findings: tuple[Finding, ...], lang: str = "en") -> None:
    if not findings:
        return
    from shtarget.render.findings import cap_findings, finding_line
    from shtarget.safe import visible

    for finding in cap_findings(findings):
        print(visible(finding_line(finding, lang)), file=sys.stderr)


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
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        raise  # the reader went away: `main` ends quietly
    except OSError as exc:  # a full disk, a closed descriptor
        _fail(f"cannot write the output: {exc.strerror or exc}")


def _emit(text: str, output: Path | None, dataset: Dataset, force: bool = False, quiet: bool = False) -> None:
    """Print, or write to `output` by store.py's rules: a regular file or a new one, never a file the command
    reads, a link only to a regular file in the working copy; a refusal is exit 2, not a traceback."""
    if output is None:
        _write(text)
        return
    from shtarget.locate import is_inside_package_data
    from shtarget.safe import visible
    from shtarget.store import write_file

    reads = [(dataset.path, "the data file")]
    reads += [(dataset.root / s.path, f"the file of source '{s.id}'") for s in dataset.sources.values() if s.path]
    links_within = Path.cwd() if is_inside_package_data(dataset.path) else dataset.root
    refusal = write_file(output, text.encode("utf-8"), force=force, protected=reads, links_within=links_within)
    if refusal is not None:
        _fail(refusal.message)
    if not quiet:
        print(f"wrote {visible(str(output))}", file=sys.stderr)


def main() -> None:
    # A run is short and a large file builds a million objects without reference cycles; the cyclic
    # collector would only rescan them again and again (a quarter of the time on 10,000 targets).
    gc.disable()
    _usable_streams()
    try:
        app()
    except BrokenPipeError:
        # The reader (`| head`) went away; stop quietly rather than print a traceback.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(EXIT_OK)
    except KeyboardInterrupt:
        sys.exit(130)
