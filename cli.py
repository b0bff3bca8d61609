"""The hrba command line: parses arguments and calls the library (exit codes 0 ok, 1 findings, 2 errors)."""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from . import __version__
from .engine.errors import HrbaError, RuleError, terminal_safe

LEVEL_CHOICE = click.Choice(["missing", "approaches", "meets", "exceeds"])
FORMAT_CHOICE = click.Choice(["json", "md", "html", "csv"])
PROFILE_CHOICE = click.Choice(["cca", "cooperation-framework", "serp", "hno", "rrp"])
UN_LANGUAGES = "ar, en, es, fr, ru or zh"
PROFILE_HELP = ("Kind of document, which chooses the checklists: cca, cooperation-framework, serp, hno or rrp "
                "(default: all four checklists; criteria for one kind only are then not applicable).")
CHECKLIST_HELP = "Checklist id (see `hrba checklists list`) or rule file (repeatable; replaces --profile's choice)."
LANG_HELP = f"Language of the documents, skipping detection: {UN_LANGUAGES}."
REPORT_LANG_HELP = (f"Language of the report: {UN_LANGUAGES} (a regional code such as fr-CA uses fr). Rule text "
                    "not yet translated is shown in English, marked.")


def fail(message: str) -> None:
    """Print an error to stderr and exit 2."""
    click.echo(terminal_safe(f"hrba: error: {message}"), err=True)
    raise click.exceptions.Exit(2)


def safe_echo(message: object = None, **kwargs) -> None:
    """click.echo without terminal escape sequences (file names and document text are untrusted)."""
    click.echo(terminal_safe(message) if isinstance(message, str) else message, **kwargs)


@contextmanager
def collector_paused_for_imports() -> Iterator[None]:
    """Import with the cyclic garbage collector paused: modules' functions and classes live as long as
    the process, so collections during the imports only rescan them (~7 ms of a start-up). Afterwards
    they go straight to the collector's oldest generation."""
    from .engine.diskcache import make_old

    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        make_old()
        if enabled:
            gc.enable()


def run_and_exit(run, options) -> None:
    """Call a library command that returns an exit code; an HrbaError exits 2 with its message."""
    try:
        code = run(options, echo=safe_echo)
    except HrbaError as exc:
        fail(str(exc))
    raise click.exceptions.Exit(code)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="hrba")
def main() -> None:
    """hrba: screen UN plans and analyses against human-rights-based approach checklists (A/HRC/49/68).

    Automated screening finds evidence of mention, not proof of quality: review every result.
    """


@main.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--profile", "-p", type=PROFILE_CHOICE, help=PROFILE_HELP)
@click.option("--checklist", "-c", "checklists", multiple=True, metavar="ID|PATH", help=CHECKLIST_HELP)
@click.option("--format", "-f", "formats", multiple=True, type=FORMAT_CHOICE, help="Output format (repeatable).")
@click.option("--output", "-o", type=click.Path(path_type=Path), help="Output file (one format) or directory.")
@click.option("--fail-under", type=LEVEL_CHOICE, help="Exit 1 when a document's overall level is below this.")
@click.option("--lang", help=LANG_HELP)
@click.option("--password", help="Password for encrypted PDFs.")
@click.option("--max-evidence", type=int, default=None,
              help="Quotes shown per criterion in HTML/Markdown (default 5; JSON keeps all).")
@click.option("--report-lang", default="en", show_default=True, help=REPORT_LANG_HELP)
@click.option("--csv-rows", type=click.Choice(["criteria", "evidence"]), default="criteria", show_default=True,
              help="CSV: one row per document x criterion, or one per evidence item.")
@click.option("--quiet", "-q", is_flag=True, help="No summary on stdout, no progress bar.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None, help="Parallel workers (default: all cores).")
@click.option("--incremental", is_flag=True,
              help="Skip documents unchanged since the last run into -o DIR (file hash + checklist versions).")
@click.option("--review", "reviews", multiple=True, type=click.Path(path_type=Path), metavar="FILE",
              help="Reviewer decisions (repeatable; default: DOC.review.yaml next to each document).")
@click.option("--max-mb", type=float, default=200, show_default=True, help="Refuse files larger than this.")
@click.option("--max-pages", type=int, default=5000, show_default=True, help="Refuse PDFs with more pages.")
@click.option("--isolate/--no-isolate", default=None,
              help="Read and score each file in a child process with memory and time limits "
                   "(default: on when an input is a directory).")
@click.option("--timeout", type=float, default=300, show_default=True,
              help="With --isolate: seconds per file (reading and scoring).")
@click.option("--recommendations", "recommendations", multiple=True, type=click.Path(path_type=Path), metavar="FILE",
              help="UPR report, concluding observations, or CSV/JSONL from hrba recommendations (repeatable): "
                   "adds a cross-check of the plan against them.")
def score(inputs, profile, checklists, formats, output, fail_under, lang, password, max_evidence, report_lang,
          csv_rows, quiet, jobs, incremental, reviews, max_mb, max_pages, isolate, timeout, recommendations) -> None:
    """Score documents (files or directories, recursively) and write reports; with several, a portfolio."""
    with collector_paused_for_imports():
        from .engine.ingest import Limits
        from .reporting.score_command import ScoreOptions, run_score

    options = ScoreOptions(inputs=list(inputs), profile=profile, checklists=list(checklists), formats=list(formats),
                           output=output, fail_under=fail_under, lang=lang, password=password,
                           max_evidence=max_evidence, report_lang=report_lang, csv_rows=csv_rows, quiet=quiet,
                           jobs=jobs, incremental=incremental, reviews=list(reviews),
                           recommendations=list(recommendations),
                           limits=Limits(max_bytes=int(max_mb * 1024 * 1024), max_pages=max_pages, isolate=isolate,
                                         timeout_s=timeout))
    run_and_exit(run_score, options)


@main.group()
def checklists() -> None:
    """List, show, validate and test checklists."""


@checklists.command("list")
def checklists_list() -> None:
    """List the built-in checklists and profiles."""
    from .engine.rules import load_profiles, resolve_checklists

    try:
        for cl in resolve_checklists([p.stem for p in _builtin()]):
            click.echo(f"{cl.id:32} {cl.version:8} {len(cl.criteria):3} criteria  {cl.title}")
        profiles, default = load_profiles()
    except RuleError as exc:
        fail(str(exc))
    click.echo("\nProfiles (--profile):")
    for pid, prof in profiles.items():
        click.echo(f"  {pid:24} {prof.title}: {', '.join(prof.checklists)}")
    click.echo(f"  {'(none)':24} default: {', '.join(default)}")


def _builtin():
    from .engine.rules import builtin_checklist_paths

    return builtin_checklist_paths()


@checklists.command("show")
@click.argument("ref")
def checklists_show(ref: str) -> None:
    """Show a checklist's principles and criteria, with levels and signals."""
    from .engine.rules import resolve_checklists
    from .reporting.rules_text import describe_checklist

    try:
        (cl,) = resolve_checklists([ref])
    except RuleError as exc:
        fail(str(exc))
    click.echo(describe_checklist(cl))


@checklists.command("validate")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
def checklists_validate(paths) -> None:
    """Validate checklist and vocabulary files (default: all built-in ones)."""
    from .engine.selftest import validate_paths

    ok, errors = validate_paths(list(paths) or None)
    for path in ok:
        click.echo(f"ok      {path}")
    for err in errors:
        click.echo(f"ERROR   {err}", err=True)
    click.echo(f"{len(ok)} valid, {len(errors)} invalid")
    raise click.exceptions.Exit(2 if errors else 0)


@checklists.command("test")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--verbose", "-v", is_flag=True, help="Show passing examples too.")
def checklists_test(paths, verbose: bool) -> None:
    """Run every criterion's inline examples (expected vs actual levels), the block-role examples and,
    with the built-in rules, every vocabulary sense rule's examples (kept or dropped) and the sentence
    modifiers' cases."""
    from .engine.selftest import run_all_examples, run_modifier_cases, run_sense_examples
    from .engine.vocabulary import load_vocabulary

    try:
        outcomes = run_all_examples(list(paths) or None)
        cases = run_modifier_cases() if not paths else []
        if not paths:
            outcomes += run_sense_examples(load_vocabulary())
    except RuleError as exc:
        fail(str(exc))
    failed = [o for o in outcomes if not o.passed]
    for c in cases:
        if not c.passed or verbose:
            click.echo(f"{'PASS' if c.passed else 'FAIL'} modifiers case {c.index + 1} [{c.lang}] (line {c.line}): {c.text[:100]}")
            for problem in c.problems:
                click.echo(f"     {problem}")
    failed_cases = sum(1 for c in cases if not c.passed)
    if cases:
        click.echo(f"modifiers: {len(cases) - failed_cases} cases passed, {failed_cases} failed")
    for o in outcomes:
        if o.passed and not verbose:
            continue
        mark = "PASS" if o.passed else "FAIL"
        click.echo(f"{mark} {o.criterion} example {o.index + 1} [{o.lang or '?'}] ({o.source}:{o.line}): "
                   f"expected {o.expected}, got {o.actual}")
        if not o.passed:
            click.echo(f"     text: {o.text[:160]}")
            click.echo(f"     why:  {o.reason[:300]}")
    click.echo(f"{len(outcomes) - len(failed)} passed, {len(failed)} failed")
    raise click.exceptions.Exit(1 if failed or failed_cases else 0)


@main.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--criterion", "criterion_id", required=True, help="Criterion id, e.g. DATA-02.")
@click.option("--profile", "-p", type=PROFILE_CHOICE, help=PROFILE_HELP)
@click.option("--checklist", "-c", "checklists", multiple=True, metavar="ID|PATH", help=CHECKLIST_HELP)
@click.option("--lang", help=LANG_HELP)
@click.option("--password", help="Password for encrypted PDFs.")
def explain(file, criterion_id, profile, checklists, lang, password) -> None:
    """Show every match, window and suppression behind one criterion's level."""
    from .reporting.explain import explain_criterion

    try:
        text = explain_criterion(file, criterion_id, profile=profile, checklists=list(checklists), lang=lang,
                                 password=password)
    except HrbaError as exc:
        fail(str(exc))
    click.echo(text)


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "-f", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Reading-order text (one block per paragraph) or the full Document as JSON.")
@click.option("--lang", help=LANG_HELP)
@click.option("--password", help="Password for encrypted PDFs.")
@click.option("--max-mb", type=float, default=200, show_default=True, help="Refuse files larger than this.")
@click.option("--max-pages", type=int, default=5000, show_default=True, help="Refuse PDFs with more pages.")
@click.option("--jobs", "-j", type=int, default=1, show_default=True, help="Read files in parallel processes.")
@click.option("--isolate", is_flag=True, help="Read each file in a child process (survives crashing/looping files).")
@click.option("--timeout", type=float, default=300, show_default=True, help="With --isolate: seconds per file.")
def extract(files, fmt, lang, password, max_mb, max_pages, jobs, isolate, timeout) -> None:
    """Show what hrba read from FILES: blocks with page, section, paragraph and language."""
    from .engine.ingest import Limits
    from .engine.ingest.extract import ExtractOptions, run_extract

    limits = Limits(max_bytes=int(max_mb * 1024 * 1024), max_pages=max_pages, isolate=isolate, timeout_s=timeout)
    options = ExtractOptions(paths=list(files), format=fmt, lang=lang, password=password, limits=limits, jobs=jobs)
    raise click.exceptions.Exit(run_extract(options))

@main.command()
@click.argument("input_path", metavar="INPUT", type=click.Path(path_type=Path))
@click.option("--text-column", default="text", show_default=True, help="CSV column / JSONL key holding the text.")
@click.option("--id-column", default="id", show_default=True, help="CSV column / JSONL key holding the row id.")
@click.option("--format", "-f", "fmt", type=click.Choice(["csv", "jsonl"]),
              help="Output format (default: jsonl for JSONL input, csv otherwise).")
@click.option("--output", "-o", type=click.Path(path_type=Path), help="Output file (default: stdout).")
@click.option("--evidence", is_flag=True, help="Add the matched spans (offsets, text, term, concepts).")
@click.option("--family", "families", multiple=True, metavar="FAMILY",
              help="Only concepts of this family, e.g. group or data.ground (repeatable).")
@click.option("--lang", help=f"Language of a document input, skipping detection: {UN_LANGUAGES}.")
@click.option("--mentions", is_flag=True,
              help="Tag every concept mentioned: skip the topic rules (checklists/tagging/topic-rules.yaml).")
def tag(input_path, text_column, id_column, fmt, output, evidence, families, lang, mentions) -> None:
    """Tag each row of a CSV/JSONL file (or each paragraph of a document) with the concepts it evidences."""
    from .engine.tagging import tag_file

    try:
        if output is None:
            tag_file(input_path, sys.stdout, text_column=text_column, id_column=id_column, fmt=fmt,
                     evidence=evidence, families=families, lang=lang, topics=not mentions)
        else:
            with output.open("w", encoding="utf-8", newline="") as out:
                tag_file(input_path, out, text_column=text_column, id_column=id_column, fmt=fmt,
                         evidence=evidence, families=families, lang=lang, topics=not mentions)
    except HrbaError as exc:
        fail(str(exc))
    except BrokenPipeError:  # e.g. piped into head: stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except OSError as exc:
        fail(f"{exc.filename or output}: {exc.strerror}")


@main.command()
@click.argument("old", type=click.Path(path_type=Path))
@click.argument("new", type=click.Path(path_type=Path))
@click.option("--output", "-o", type=click.Path(path_type=Path), help="Write the comparison here (.html, .md, .json).")
@click.option("--format", "-f", "fmt", type=click.Choice(["text", "html", "md", "json"]),
              help="Output format (default: from -o's suffix, else text on stdout).")
@click.option("--profile", "-p", type=PROFILE_CHOICE, help=PROFILE_HELP)
@click.option("--checklist", "-c", "checklists", multiple=True, metavar="ID|PATH", help=CHECKLIST_HELP)
@click.option("--lang", help=LANG_HELP)
@click.option("--password", help="Password for encrypted PDFs.")
@click.option("--report-lang", default="en", show_default=True, help=REPORT_LANG_HELP)
@click.option("--fail-on-regression", is_flag=True, help="Exit 1 when any criterion regressed.")
@click.option("--quiet", "-q", is_flag=True, help="No summary when writing a file.")
def compare(old, new, output, fmt, profile, checklists, lang, password, report_lang, fail_on_regression,
            quiet) -> None:
    """Compare two versions of a plan (or two plans): criteria improved, regressed or unchanged.

    OLD and NEW are documents, or one-document JSON reports from `hrba score -f json`. Shows the
    evidence that appeared or disappeared; reviewer decisions next to each document count.
    """
    from .reporting.compare import CompareOptions, run_compare

    options = CompareOptions(old=old, new=new, output=output, format=fmt, profile=profile,
                             checklists=list(checklists), lang=lang, password=password,
                             fail_on_regression=fail_on_regression, quiet=quiet, report_lang=report_lang)
    run_and_exit(run_compare, options)


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "-f", "fmt", type=click.Choice(["csv", "jsonl"]),
              help="Output format (default: jsonl for a .jsonl output, else csv).")
@click.option("--output", "-o", type=click.Path(path_type=Path), help="Output file (default: stdout).")
@click.option("--lang", help="Language of the documents (skip detection), e.g. fr.")
@click.option("--quiet", "-q", is_flag=True, help="No per-file summary on stderr.")
def recommendations(files, fmt, output, lang, quiet) -> None:
    """Extract the recommendations of UPR Working Group reports or treaty bodies' concluding observations."""
    from .reporting.recommendations_export import RecommendationsOptions, run_recommendations

    run_and_exit(run_recommendations, RecommendationsOptions(inputs=list(files), fmt=fmt, output=output, lang=lang,
                                                             quiet=quiet))


@main.group()
def review() -> None:
    """Reviewer decisions that overrule automated levels (DOC.review.yaml)."""


@review.command("init")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--output", "-o", type=click.Path(path_type=Path), help="Default: FILE's name + .review.yaml, beside it.")
@click.option("--reviewer", default="", help="Your name, written as the default reviewer.")
@click.option("--profile", "-p", type=PROFILE_CHOICE, help=PROFILE_HELP)
@click.option("--checklist", "-c", "checklists", multiple=True, metavar="ID|PATH", help=CHECKLIST_HELP)
@click.option("--lang", help=LANG_HELP)
@click.option("--password", help="Password for encrypted PDFs.")
@click.option("--report-lang", default="en", show_default=True,
              help=f"Language of the criterion titles written as comments: {UN_LANGUAGES} (English where a "
                   "checklist has no translation).")
@click.option("--force", is_flag=True, help="Overwrite an existing review file.")
def review_init(file, output, reviewer, profile, checklists, lang, password, report_lang, force) -> None:
    """Write a review template for FILE listing every criterion with its automated level."""
    from .engine.pipeline import Engine
    from .engine.review import init_review
    from .reporting.i18n import catalog

    try:
        titles_lang = catalog(report_lang).lang
        engine = Engine.from_options(list(checklists) or None, profile)
        target, error = init_review(file, engine, output, reviewer=reviewer, force=force, lang=lang,
                                    password=password, report_lang=titles_lang)
    except HrbaError as exc:
        fail(str(exc))
    if error:
        click.echo(f"hrba: warning: {error}; the template lists criteria without automated levels", err=True)
    click.echo(f"wrote {target}")


def run() -> None:  # pragma: no cover
    main(prog_name="hrba")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
