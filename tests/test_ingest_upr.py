"""The 24 real UN UPR reports in ../shared: pages, running heads, headings, paragraphs, text.

Pinned values were checked by hand against the PDFs (pdftotext -f N -l N).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest

from hrba.engine.ingest import read_document

needs_poppler = pytest.mark.skipif(
    shutil.which("pdftotext") is None or shutil.which("pdfinfo") is None, reason="poppler-utils not installed"
)
_WORD = re.compile(r"\w+")
_RUNNING_LINE = re.compile(r"GE\.\S+\s*\d*|\d+\s*GE\.\S+|\d+|Page \d+")


def _pdfinfo_pages(path: Path) -> int:
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[-1] for line in out.splitlines() if line.startswith("Pages:")))


def _pdftotext(path: Path) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True).stdout.decode()


def _symbol(path: Path) -> str:
    """The document symbol printed at the top of every page, e.g. A/HRC/23/6."""
    out = subprocess.run(["pdftotext", "-f", "3", "-l", "3", str(path), "-"], capture_output=True, check=True)
    return re.search(r"A/HRC/\d+/\d+(?:/Add\.\d)?", out.stdout.decode()).group(0)


@needs_poppler
def test_all_reports_ingest(upr_reports: Path) -> None:
    failures = []
    files = sorted(upr_reports.glob("*.pdf"))
    assert len(files) == 24
    for path in files:
        doc = read_document(path)
        problems = []
        if doc.pages != _pdfinfo_pages(path):
            problems.append(f"pages {doc.pages} != pdfinfo")
        if doc.lang != "en":
            problems.append(f"lang {doc.lang}")
        # running heads: the symbol is printed on every page, hrba keeps at most the cover's copy
        symbol = _symbol(path)
        heads_kept = [b for b in doc.blocks if b.page and b.page > 1 and (
            (b.text.startswith(symbol) and len(b.text) < len(symbol) + 15) or _RUNNING_LINE.fullmatch(b.text))]
        if heads_kept:
            problems.append(f"running head {symbol} kept on pages {[b.page for b in heads_kept]}")
        heads = [b for b in doc.blocks if b.kind == "heading"]
        romans = [b for b in heads if re.match(r"^(I|II|III)\. ", b.text) and b.level == 1]
        letters = [b for b in heads if re.match(r"^[AB]\. ", b.text) and b.level == 2]
        if len(romans) < 2 or len(letters) < 2:
            problems.append(f"headings: {len(romans)} roman, {len(letters)} letter")
        numbers = [int(b.paragraph) for b in doc.blocks if b.kind == "paragraph" and (b.paragraph or "").isdigit()]
        if not numbers or numbers[:3] != [1, 2, 3] or max(numbers) < 50:
            problems.append(f"paragraph numbers {numbers[:5]}...")
        if any(b2 < b1 for b1, b2 in zip(numbers, numbers[1:], strict=False)):
            problems.append("paragraph numbers go backwards")
        # pdftotext keeps the running heads and page numbers that hrba drops on purpose: leave those
        # lines out of the reference, then nearly every word must be in common, both ways.
        body = [line for line in _pdftotext(path).splitlines()
                if line.strip() != symbol and not _RUNNING_LINE.fullmatch(line.strip())]
        ref = Counter(_WORD.findall("\n".join(body).lower()))
        ours = Counter(_WORD.findall(doc.text.lower()))
        common = sum((ref & ours).values())
        if common / sum(ref.values()) < 0.99 or common / sum(ours.values()) < 0.99:
            problems.append(f"words in common {common / sum(ref.values()):.4f} / {common / sum(ours.values()):.4f}")
        if problems:
            failures.append(f"{path.name}: {'; '.join(problems)}")
    assert not failures, "\n".join(failures)


def test_mali_pinned(upr_reports: Path) -> None:
    doc = read_document(upr_reports / "mali2013.pdf")
    assert doc.pages == 23
    heads = {b.text: b for b in doc.blocks if b.kind == "heading"}
    one = heads["I. Summary of the proceedings of the review process"]
    assert (one.page, one.level, one.section) == (3, 1, ())
    a = heads["A. Presentation by the State under review"]
    assert (a.page, a.level, a.section) == (3, 2, ("I. Summary of the proceedings of the review process",))
    assert heads["II. Conclusions and/or recommendations"].page == 13  # printed with "**", a footnote sign
    assert heads["III. Voluntary pledges and commitments"].page == 22
    p57 = next(b for b in doc.blocks if b.paragraph == "57")
    assert p57.page == 9 and p57.text.startswith("57. Concerning the efficacy of the measures adopted")
    assert p57.section == ("I. Summary of the proceedings of the review process",
                           "B. Interactive dialogue and responses by the State under review")
    rec = next(b for b in doc.blocks if b.paragraph == "110.1")
    assert rec.kind == "list_item" and rec.page == 13
    assert rec.text == ("110.1 Continue the process of ratifying the international human rights treaties "
                        "to which is not yet a party. (Burkina Faso);")
    sub = next(b for b in doc.blocks if b.paragraph == "3 (a)")
    assert sub.text.startswith("(a) A national report submitted/written presentation")
    notes = [b.text for b in doc.blocks if b.kind == "footnote"]
    assert "** Conclusions and recommendations have not been edited." in notes
    assert "awareness-raising" in doc.text and "GE.13-11815" not in doc.text[200:]


def test_ecuador_uppercase_headings_pinned(upr_reports: Path) -> None:
    doc = read_document(upr_reports / "ecuador2008.pdf")
    heads = [(b.page, b.level, b.text) for b in doc.blocks if b.kind == "heading" and b.page > 1]
    assert heads == [
        (3, 1, "Introduction"),  # a plain line in this PDF, made a heading because the contents list it
        (3, 1, "I. SUMMARY OF THE PROCEEDINGS OF THE REVIEW PROCESS"),
        (3, 2, "A. Presentation by the State under review"),
        (5, 2, "B. Interactive dialogue and responses by the State under review"),
        (11, 1, "II. CONCLUSIONS AND/OR RECOMMENDATIONS"),
        (12, 1, "III. VOLUNTARY PLEDGES AND COMMITMENTS"),
        (13, 1, "Annex"),  # plain lines too, made headings by the annex and participants cues
        (13, 2, "Composition of the delegation *"),
    ]
    p30 = next(b for b in doc.blocks if b.paragraph == "30")
    assert p30.page == 7 and p30.text.startswith("30. In response to the last questions, the delegation of Ecuador")
