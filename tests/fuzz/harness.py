"""A seeded mutation fuzzer for hrba's inputs: documents of every format and rule/review files.

Cases come from small seed files (tests/fixtures generators, examples/, tests/rules) changed by
byte-level mutators (bit flips, truncation, chunk deletion/duplication, hostile insertions),
XML-level mutators inside DOCX/ODT zips, ZIP-header mutators, structural HTML/Markdown
generators and YAML rule-file mutators. Each case runs in a forked child with a time limit and
an address-space cap and ends in one outcome class:

- ``ok``: read and scored (or the rule file loaded and scored a document);
- ``clean_error``: refused with hrba's own error (InputError/RuleError, or an error entry);
- ``traceback``: any other exception, or an "unexpected error" entry (a bug);
- ``timeout``: over the time limit; ``memory``: MemoryError or the child killed by the cap;
- ``crash``: the child died otherwise (a C library).

``python bench/fuzz.py --minutes N`` runs a campaign; tests/fuzz/test_fuzz.py runs a fixed-seed
slice and every saved regression case (tests/fuzz/cases/).
"""

from __future__ import annotations

import io
import multiprocessing
import os
import random
import re
import resource
import signal
import struct
import sys
import tempfile
import time
import traceback
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]
REPO = TESTS.parent
CASES_DIR = Path(__file__).resolve().parent / "cases"
if str(TESTS) not in sys.path:
    sys.path.insert(0, str(TESTS))

OUTCOMES = ("ok", "clean_error", "traceback", "timeout", "memory", "crash")
BAD = ("traceback", "timeout", "memory", "crash")
MB = 1024 * 1024

# Hostile snippets the byte mutators insert (entity bombs, expansion bombs, escapes, regex food).
HOSTILE = [
    b'<text:s text:c="500000000"/>', b'<!DOCTYPE a [<!ENTITY a "aaaa">]>', b"&a;&a;&a;", b"\x00" * 8,
    b"\x1b[31m\x1b]0;x\x07", b"<script>alert(1)</script>", b"=cmd|' /C calc'!A0", b"#" * 7 + b" x",
    b" " * 3000, b"<div>" * 2000, b"\xef\xbb\xbf", b"\xff\xfe", b"%PDF-1.7", b"PK\x03\x04", b"\r\n" * 50,
    "中华人民共和国人权".encode("gb18030"), "Права человека".encode("cp1251"), b"\xd0\xcf\x11\xe0",
    b'table:number-columns-repeated="100000000"', b"<w:t>" + b"x" * 4000 + b"</w:t>", b"(a|a)*b",
]


@dataclass
class Case:
    """One input: its kind (document format or "rules"/"review"), a name, the bytes, the file suffix."""

    kind: str
    name: str
    data: bytes
    suffix: str

    @property
    def filename(self) -> str:
        return re.sub(r"[^\w.-]+", "_", self.name)[:80] + self.suffix


@dataclass
class Outcome:
    outcome: str
    detail: str = ""
    seconds: float = 0.0
    peak_mb: float = 0.0


@dataclass
class Tally:
    """Outcomes per class and per kind, and the failing cases."""

    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    failures: list[tuple[Case, Outcome]] = field(default_factory=list)
    slowest: tuple[float, str] = (0.0, "")
    peak_mb: tuple[float, str] = (0.0, "")

    def add(self, case: Case, out: Outcome) -> None:
        per = self.counts.setdefault(case.kind, dict.fromkeys(OUTCOMES, 0))
        per[out.outcome] += 1
        if out.outcome in BAD:
            self.failures.append((case, out))
        if out.seconds > self.slowest[0]:
            self.slowest = (out.seconds, case.name)
        if out.peak_mb > self.peak_mb[0] and len(case.data) < 10 * MB:
            self.peak_mb = (out.peak_mb, case.name)

    def total(self, outcome: str) -> int:
        return sum(per[outcome] for per in self.counts.values())

    def table(self) -> str:
        head = f"{'kind':10}" + "".join(f"{o:>12}" for o in OUTCOMES) + f"{'total':>8}"
        rows = [head]
        for kind in sorted(self.counts):
            per = self.counts[kind]
            rows.append(f"{kind:10}" + "".join(f"{per[o]:>12}" for o in OUTCOMES) + f"{sum(per.values()):>8}")
        rows.append(f"{'all':10}" + "".join(f"{self.total(o):>12}" for o in OUTCOMES)
                    + f"{sum(self.total(o) for o in OUTCOMES):>8}")
        rows.append(f"slowest case: {self.slowest[0]:.1f} s ({self.slowest[1]}); "
                    f"peak memory (inputs < 10 MB): {self.peak_mb[0]:.0f} MB ({self.peak_mb[1]})")
        return "\n".join(rows)


# -- seeds -------------------------------------------------------------------------------------------

def seeds() -> dict[str, list[bytes]]:
    """Seed inputs per kind, all generated or in the repository (no ../shared needed)."""
    from fixtures.officegen import docx_bytes, odt_bytes
    from fixtures.pdfgen import build_pdf, un_report_pages

    example = (REPO / "examples" / "veloria-cca.md").read_bytes()
    return {
        "pdf": [build_pdf(un_report_pages())],
        "docx": [docx_bytes()],
        "odt": [odt_bytes()],
        "html": [_html_page(random.Random(0), depth=4)],
        "markdown": [example[:6000]],
        "text": [example[:4000].replace(b"#", b"")],
        "rules": [_rule_seed()],
        "review": [b"document: plan.md\nreviewer: A. Reviewer\ndate: 2026-11-27\ndecisions:\n"
                   b"  - {criterion: MINI-01, level: meets, note: fine}\n  - {criterion: MINI-02}\n"],
    }


def _rule_seed() -> bytes:
    text = (TESTS / "rules" / "mini.yaml").read_text(encoding="utf-8")
    return text.replace("[vocab.yaml]", f'["{TESTS / "rules" / "vocab.yaml"}"]').encode()


SUFFIX = {"pdf": ".pdf", "docx": ".docx", "odt": ".odt", "html": ".html", "markdown": ".md", "text": ".txt",
          "rules": ".yaml", "review": ".review.yaml"}


# -- byte mutators -----------------------------------------------------------------------------------

def bit_flips(rng: random.Random, data: bytes) -> bytes:
    buf = bytearray(data)
    for _ in range(rng.randint(1, max(1, len(buf) // 200))):
        i = rng.randrange(len(buf))
        buf[i] ^= 1 << rng.randrange(8)
    return bytes(buf)


def truncate(rng: random.Random, data: bytes) -> bytes:
    return data[: rng.randrange(max(1, len(data)))]


def delete_chunk(rng: random.Random, data: bytes) -> bytes:
    i = rng.randrange(len(data))
    return data[:i] + data[i + rng.randint(1, max(1, len(data) // 8)):]


def duplicate_chunk(rng: random.Random, data: bytes) -> bytes:
    i = rng.randrange(len(data))
    chunk = data[i:i + rng.randint(1, max(1, len(data) // 8))]
    j = rng.randrange(len(data))
    return data[:j] + chunk * rng.choice((1, 2, 50)) + data[j:]


def insert_hostile(rng: random.Random, data: bytes) -> bytes:
    i = rng.randrange(len(data) + 1)
    return data[:i] + rng.choice(HOSTILE) * rng.choice((1, 1, 3, 100)) + data[i:]


BYTE_MUTATORS: list[Callable[[random.Random, bytes], bytes]] = [bit_flips, truncate, delete_chunk,
                                                                   duplicate_chunk, insert_hostile]


# -- ZIP and XML mutators (DOCX, ODT) ----------------------------------------------------------------

_XML_ELEMENT = re.compile(rb"<([A-Za-z][\w:.-]*)\b[^<>]*>[^<>]{0,200}</\1>")
_XML_ATTR = re.compile(rb'([\w:-]+)="([^"]*)"')
XML_HOSTILE = [b'<text:s text:c="400000000"/>', b"<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>",
               b"&e;", b'<w:p><w:pPr><w:outlineLvl w:val="99999999999"/></w:pPr><w:r><w:t>x</w:t></w:r></w:p>',
               b'<text:h text:outline-level="-5">h</text:h>', b"<w:tbl>" * 500,
               b'<table:table-row table:number-rows-repeated="1048576"><table:table-cell/></table:table-row>',
               b"<![CDATA[" + b"x" * 1000 + b"]]>", b"<?pi x?>", b"\x00", b"</w:body>"]


def _members(data: bytes) -> list[tuple[zipfile.ZipInfo, bytes]] | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            return [(info, zf.read(info)) for info in zf.infolist()]
    except Exception:  # noqa: BLE001 - not a readable zip: nothing to mutate at XML level
        return None


def _rezip(members: list[tuple[zipfile.ZipInfo, bytes]]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for info, body in members:
            zf.writestr(info, body)
    return buf.getvalue()


def xml_mutation(rng: random.Random, data: bytes) -> bytes:
    """Change one XML member of a DOCX/ODT: duplicate or drop elements, hostile attributes, insertions."""
    members = _members(data)
    if not members:
        return insert_hostile(rng, data)
    xml = [i for i, (info, _) in enumerate(members) if info.filename.endswith(".xml")]
    if not xml:
        return insert_hostile(rng, data)
    k = rng.choice(xml)
    info, body = members[k]
    elements = list(_XML_ELEMENT.finditer(body))
    op = rng.randrange(6)
    if op == 0 and elements:  # duplicate an element many times
        m = rng.choice(elements)
        body = body[:m.end()] + m.group() * rng.choice((2, 100, 5000)) + body[m.end():]
    elif op == 1 and elements:  # drop an element
        m = rng.choice(elements)
        body = body[:m.start()] + body[m.end():]
    elif op == 2:  # an attribute value becomes huge, negative or junk
        attrs = list(_XML_ATTR.finditer(body))
        if attrs:
            m = rng.choice(attrs)
            value = rng.choice((b"999999999999", b"-1", b"", b"NaN", b"1e308", b"x" * 5000, b"&#0;"))
            body = body[:m.start(2)] + value + body[m.end(2):]
    elif op == 3:  # hostile markup at a tag boundary
        cut = [m.start() for m in re.finditer(rb"<", body)] or [0]
        i = rng.choice(cut)
        body = body[:i] + rng.choice(XML_HOSTILE) + body[i:]
    elif op == 4 and elements:  # nest an element inside itself, deeply
        m = rng.choice(elements)
        name = m.group(1)
        depth = rng.choice((50, 2000))
        body = body[:m.start()] + b"<" + name + b">" * 1 + (b"<" + name + b">") * depth + b"x" \
            + (b"</" + name + b">") * (depth + 1) + body[m.end():]
    else:  # byte-level damage inside the member (the zip itself stays valid)
        body = rng.choice(BYTE_MUTATORS)(rng, body) if body else body
    members[k] = (info, body)
    if rng.random() < 0.1:  # drop or reorder members too
        if rng.random() < 0.5 and len(members) > 1:
            members.pop(rng.randrange(len(members)))
        else:
            rng.shuffle(members)
    return _rezip(members)


def zip_header_mutation(rng: random.Random, data: bytes) -> bytes:
    """Rewrite a central-directory entry: encrypted flag, unknown/lying compression, sizes."""
    buf = bytearray(data)
    entries = [m.start() for m in re.finditer(rb"PK\x01\x02", data)]
    if not entries:
        return bit_flips(rng, data)
    at = rng.choice(entries)
    field_at, value = rng.choice([(8, 1), (8, 0x41), (10, 99), (10, 8), (10, 14), (10, 12), (20, 0xFFFFFFFF),
                                  (24, 0xFFFFFFFF), (24, 0), (20, 1)])
    fmt = "<H" if field_at in (8, 10) else "<I"
    if at + field_at + struct.calcsize(fmt) <= len(buf):
        struct.pack_into(fmt, buf, at + field_at, value)
    return bytes(buf)


# -- structural generators ---------------------------------------------------------------------------

_TAGS = ["div", "p", "span", "li", "ul", "ol", "table", "tr", "td", "h1", "h2", "h3", "section", "a", "b",
         "blockquote", "pre", "script", "style", "br", "aside", "footer"]
_WORDS = ("the plan will collect data disaggregated by sex age and disability rights holders participate "
          "in complaint mechanisms accountability non-discrimination droits de l'homme derechos humanos "
          "права человека حقوق الإنسان 人权 数据 按性别分列").split()


def _words(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(_WORDS) for _ in range(n))


def _html_page(rng: random.Random, depth: int) -> bytes:
    def node(d: int) -> str:
        if d <= 0 or rng.random() < 0.3:
            return _words(rng, rng.randint(1, 30)) + rng.choice(["", ".", "<br>", "&amp;", "&#0;", "&bogus;"])
        tag = rng.choice(_TAGS)
        attrs = "".join(f' a{i}="{rng.choice(["x", "footnote", "<", "javascript:alert(1)"])}"'
                        for i in range(rng.choice((0, 0, 1, 3, 1500))))
        inner = "".join(node(d - 1) for _ in range(rng.randint(1, 4)))
        close = "" if rng.random() < 0.15 else f"</{tag}>"
        return f"<{tag}{attrs}>{inner}{close}"

    head = rng.choice(["<!doctype html>", "", "<?xml version='1.0'?>", '<meta charset="koi8-r">',
                       '<meta charset="bogus-enc">'])
    return f"{head}<html><body>{''.join(node(depth) for _ in range(rng.randint(1, 6)))}</body></html>".encode()


def html_generated(rng: random.Random, _seed: bytes) -> bytes:
    page = _html_page(rng, depth=rng.choice((3, 6, 12)))
    if rng.random() < 0.2:
        page = page.replace(b"<body>", b"<body>" + b"<div>" * rng.choice((500, 20000)), 1)
    return page


def markdown_generated(rng: random.Random, _seed: bytes) -> bytes:
    lines = []
    for _ in range(rng.randint(5, 60)):
        r = rng.random()
        if r < 0.15:
            lines.append("#" * rng.randint(1, 8) + " " * rng.choice((1, 2, 300)) + _words(rng, 4)
                         + " " * rng.choice((0, 500)) + "#" * rng.choice((0, 3)))
        elif r < 0.3:
            lines.append(rng.choice(["-", "*", "+", "1.", "12)", "999."]) + " " + _words(rng, 8))
        elif r < 0.4:
            lines.append("| " + " | ".join(_words(rng, 2) for _ in range(rng.randint(1, 5))) + " |")
        elif r < 0.45:
            lines.append("```")
        elif r < 0.5:
            lines.append(" " * rng.choice((10, 5000)) + rng.choice(["x", "#", "1.", "I."]))
        else:
            lines.append(_words(rng, rng.randint(1, 80)) + rng.choice([".", "", " (a)", "\ufffe"]))
        lines.append("" if rng.random() < 0.6 else lines[-1])
    return "\n".join(lines).encode(rng.choice(["utf-8", "utf-8", "utf-16", "gb18030"]), errors="replace")


# -- YAML rule-file mutators -------------------------------------------------------------------------

_YAML_VALUES = ["'(a|a)*b'", "'(.*a){12}b'", ".nan", ".inf", "-.inf", "1e400", "99999999999999999999", "~",
                "[]", "{}", "&x [1, 2]", "*x", "!!python/object:os.system 'true'", "'\\x00'", "yes", "0x1F",
                "2026-13-45", "'" + "x" * 3000 + "'", "[*x, *x, *x]", "'\\u202e'"]


def yaml_mutation(rng: random.Random, data: bytes) -> bytes:
    lines = data.decode("utf-8", errors="replace").splitlines()
    op = rng.randrange(7)
    i = rng.randrange(len(lines))
    if op == 0:
        del lines[i]
    elif op == 1:
        lines.insert(i, lines[rng.randrange(len(lines))])
    elif op == 2 and ":" in lines[i]:  # a value changes type or becomes hostile
        key = lines[i].split(":", 1)[0]
        lines[i] = f"{key}: {rng.choice(_YAML_VALUES)}"
    elif op == 3 and ":" in lines[i]:  # the key becomes an int, a bool, a null, a duplicate
        indent = len(lines[i]) - len(lines[i].lstrip())
        value = lines[i].split(":", 1)[1]
        lines[i] = " " * indent + rng.choice(["1", "true", "~", "'a'", "[1, 2]", "? [x]"]) + ":" + value
    elif op == 4:  # an alias bomb at the top
        bomb = ['l0: &l0 ["x","x","x","x","x","x","x","x","x"]']
        bomb += [f"l{k}: &l{k} [" + ",".join([f"*l{k - 1}"] * 9) + "]" for k in range(1, rng.choice((3, 9)))]
        lines = bomb + lines
    elif op == 5:  # a regex on a signal
        for j, line in enumerate(lines):
            if line.strip().startswith("concepts:") and line.startswith("        "):
                lines.insert(j + 1, f"        regex: {rng.choice(_YAML_VALUES[:2] + [repr(_regex(rng))])}")
                break
    else:
        return rng.choice(BYTE_MUTATORS)(rng, data)
    return ("\n".join(lines) + "\n").encode()


def _regex(rng: random.Random) -> str:
    atoms = ["a", "\\w", "\\s", ".", "[ab]", "(?:a|b)", "(a|aa)", "\\d", "x"]
    out = ""
    for _ in range(rng.randint(1, 5)):
        atom = rng.choice(atoms)
        out += atom + rng.choice(["", "*", "+", "?", "{2,5}", "{0,200}"])
        if rng.random() < 0.2:
            out = f"({out})" + rng.choice(["*", "+", "{3}"])
    return out


# -- generation --------------------------------------------------------------------------------------

MUTATORS = {
    "pdf": BYTE_MUTATORS,
    "docx": [xml_mutation, xml_mutation, xml_mutation, zip_header_mutation, *BYTE_MUTATORS],
    "odt": [xml_mutation, xml_mutation, xml_mutation, zip_header_mutation, *BYTE_MUTATORS],
    "html": [html_generated, html_generated, *BYTE_MUTATORS],
    "markdown": [markdown_generated, markdown_generated, *BYTE_MUTATORS],
    "text": BYTE_MUTATORS,
    "rules": [yaml_mutation, yaml_mutation, yaml_mutation, *BYTE_MUTATORS],
    "review": [yaml_mutation, yaml_mutation, *BYTE_MUTATORS],
}


def generate(seed: int, kinds: tuple[str, ...] = tuple(MUTATORS)) -> Iterator[Case]:
    """An endless, reproducible stream of cases: kinds in turn, one to three mutations each."""
    rng = random.Random(seed)
    pool = seeds()
    n = 0
    while True:
        for kind in kinds:
            data = rng.choice(pool[kind])
            names = []
            for _ in range(rng.choice((1, 1, 2, 3))):
                mutator = rng.choice(MUTATORS[kind])
                data = mutator(rng, data) or b" "
                names.append(mutator.__name__)
            n += 1
            yield Case(kind, f"{kind}-{seed}-{n}-{'+'.join(names)}", data, SUFFIX[kind])


# -- running -----------------------------------------------------------------------------------------

_ENGINE = None


def engine():
    """The engine every case is scored with (built once; forked children share it)."""
    global _ENGINE
    if _ENGINE is None:
        from hrba.reporting.render import preload_templates

        from helpers import mini_engine

        _ENGINE = mini_engine()
        preload_templates()
    return _ENGINE


DOC_TEXT = ("# Plan\n\n## Data\n\nData will be disaggregated by sex, age and disability (a|a) "
            + "aaaa " * 400 + "\n\n## B\n\n" + " " * 3000 + "x\n")


def _run_case(case: Case, folder: Path) -> str:
    """What the CLI does with the case, in-process; returns the outcome class (raises on a bug)."""
    from hrba.engine.batch import BatchSettings, Job, score_job
    from hrba.engine.errors import HrbaError
    from hrba.engine.ingest import Limits, read_document

    path = folder / case.filename
    path.write_bytes(case.data)
    if case.kind in ("rules", "review"):
        from hrba.engine.pipeline import Engine
        from hrba.engine.review import load_review
        from hrba.engine.rules import load_checklist
        from hrba.engine.vocabulary import Vocabulary

        try:
            if case.kind == "review":
                load_review(path)
                return "ok"
            rules = Engine([load_checklist(path, Vocabulary())])
        except HrbaError as exc:
            _check_message(str(exc))
            return "clean_error"
        doc = folder / "doc.md"
        doc.write_text(DOC_TEXT, encoding="utf-8")
        entry = score_job(rules, Job(str(doc)), BatchSettings())
        return _entry_outcome(entry)
    try:
        read_document(path, limits=Limits(max_bytes=50 * MB))
    except HrbaError as exc:
        _check_message(str(exc))
        return "clean_error"
    out = folder / "out"
    settings = BatchSettings(limits=Limits(max_bytes=50 * MB), formats=["json", "md", "html", "csv"],
                             output_dir=str(out))
    return _entry_outcome(score_job(engine(), Job(str(path), report_base="doc"), settings))


def _entry_outcome(entry: dict) -> str:
    if entry["status"] == "ok":
        return "ok"
    if entry["error"]["code"] == "internal":
        raise RuntimeError(entry["error"]["message"])
    _check_message(entry["error"]["message"])
    return "clean_error"


def _check_message(message: str) -> None:
    """An error message must be one line, short, without control characters."""
    if len(message) > 600 or re.search(r"[\x00-\x1f\x7f-\x9f]", message):
        raise AssertionError(f"bad error message ({len(message)} chars): {message[:200]!r}")


def _child(conn, case: Case, max_memory: int) -> None:
    import faulthandler

    faulthandler.disable()
    resource.setrlimit(resource.RLIMIT_AS, (max_memory, max_memory))
    started = time.monotonic()
    try:
        with tempfile.TemporaryDirectory(prefix="hrba-fuzz-") as folder:
            outcome, detail = _run_case(case, Path(folder)), ""
    except MemoryError:
        outcome, detail = "memory", "MemoryError"
    except BaseException as exc:  # noqa: BLE001 - this is what the fuzzer looks for
        outcome, detail = "traceback", "".join(traceback.format_exception(exc))[-2000:]
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    conn.send((outcome, detail, time.monotonic() - started, peak))
    conn.close()


def run(case: Case, timeout_s: float = 60.0, max_memory: int = 2048 * MB) -> Outcome:
    """The case in a forked child under ``timeout_s`` and an address-space cap of ``max_memory``."""
    engine()  # built in the parent: children inherit it
    ctx = multiprocessing.get_context("fork")
    recv, send = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(send, case, max_memory), daemon=True)
    started = time.monotonic()
    proc.start()
    send.close()
    try:
        if not recv.poll(timeout_s):
            proc.kill()
            return Outcome("timeout", f"over {timeout_s:.0f} s", time.monotonic() - started)
        try:
            outcome, detail, seconds, peak = recv.recv()
        except EOFError:
            proc.join(5)
            code = proc.exitcode
            how = signal.Signals(-code).name if code and code < 0 else f"exit {code}"
            kind = "memory" if code == -signal.SIGKILL else "crash"
            return Outcome(kind, f"child died ({how})", time.monotonic() - started)
    finally:
        recv.close()
        proc.join(5)
        if proc.is_alive():
            proc.kill()
    return Outcome(outcome, detail, seconds, peak)


def save_failure(case: Case, out: Outcome, folder: Path = CASES_DIR) -> Path:
    """Keep a failing input as a regression fixture (tests/fuzz/cases/<kind>/<name>)."""
    target = folder / case.kind / case.filename
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(case.data)
    target.with_name(target.name + ".outcome").write_text(f"{out.outcome}: {out.detail[-500:]}\n", encoding="utf-8")
    return target


def saved_cases(folder: Path = CASES_DIR) -> list[Case]:
    """Every saved regression input (each must now end ok or as a clean error)."""
    cases = []
    for path in sorted(folder.glob("*/*")):
        if path.suffix == ".outcome" or not path.is_file():
            continue
        kind = path.parent.name
        suffix = SUFFIX.get(kind, path.suffix)
        cases.append(Case(kind, path.name.removesuffix(suffix), path.read_bytes(), suffix))
    return cases


def campaign(seconds: float, seed: int = 1, timeout_s: float = 60.0, kinds: tuple[str, ...] = tuple(MUTATORS),
             save: bool = True, progress: Callable[[Case, Outcome], None] | None = None,
             max_cases: int | None = None, max_input: int | None = None) -> Tally:
    """Run generated cases until ``seconds`` have passed (or ``max_cases``); failures saved as fixtures.
    ``max_input`` skips generated inputs larger than that many bytes (quick slices)."""
    tally = Tally()
    deadline = time.monotonic() + seconds
    n = 0
    for case in generate(seed, kinds):
        if time.monotonic() > deadline or (max_cases is not None and n >= max_cases):
            break
        if max_input is not None and len(case.data) > max_input:
            continue
        n += 1
        out = run(case, timeout_s)
        tally.add(case, out)
        if out.outcome in BAD and save:
            save_failure(case, out)
        if progress:
            progress(case, out)
    return tally


if __name__ == "__main__":  # pragma: no cover
    print(campaign(float(os.environ.get("HRBA_FUZZ_SECONDS", "20")), save=False).table())
