"""Every criterion cites paragraphs of A/HRC/49/68 that exist, and checklists/README.md's table says which."""

import re
from pathlib import Path

import pytest

from hrba.engine.citations import REPORT_PARAGRAPHS, cited_paragraphs, paragraph_table
from hrba.engine.rules import builtin_checklist_paths, load_checklist, load_profiles
from hrba.engine.vocabulary import load_vocabulary

VOCABULARY = load_vocabulary()
CHECKLISTS = [load_checklist(p, VOCABULARY) for p in builtin_checklist_paths()]
README = Path(__file__).resolve().parent.parent / "checklists" / "README.md"


@pytest.mark.parametrize(("basis", "paragraphs"), [
    ("A/HRC/49/68 para 14(a), 8", [14, 8]),
    ("A/HRC/49/68 paras 15-17, 20, 29-33, 50", [15, 16, 17, 20, 29, 30, 31, 32, 33, 50]),
    ("A/HRC/49/68 para 14 (a)-(f), 18, 36", [14, 18, 36]),
    ("A/HRC/49/68 para 9(f), 10", [9, 10]),
    ("UN Statement of Common Understanding on the HRBA (2003), to which A/HRC/49/68 para 14(b) refers", [14]),
    ("A/HRC/49/68 para 540", [540]),  # parsed as written, so the range test below can refuse it
    ("A/HRC/49/68", []),
])
def test_cited_paragraphs_are_read_as_written(basis, paragraphs):
    assert cited_paragraphs(basis) == paragraphs


def _bases():
    profiles, _ = load_profiles()
    for checklist in CHECKLISTS:
        yield checklist.id, checklist.basis
        for principle in checklist.principles:
            yield f"{checklist.id}/{principle.id}", principle.basis
        for crit in checklist.criteria:
            yield crit.id, crit.basis


@pytest.mark.parametrize(("where", "basis"), list(_bases()), ids=lambda v: str(v)[:40])
def test_every_basis_cites_paragraphs_in_the_report_range(where, basis):
    paragraphs = cited_paragraphs(basis)
    assert paragraphs, f"{where}: no A/HRC/49/68 paragraph in {basis!r}"
    outside = [n for n in paragraphs if n not in REPORT_PARAGRAPHS]
    assert not outside, f"{where}: paragraphs {outside} are outside the report's 1-53 ({basis!r})"


def test_corrected_citations():
    crit = {c.id: c for checklist in CHECKLISTS for c in checklist.criteria}
    assert cited_paragraphs(crit["PM-03"].basis) == [29, 30]  # NHRIs, Paris Principles
    assert cited_paragraphs(crit["PM-09"].basis) == [21, 50]  # national mechanisms for implementation, reporting, follow-up
    assert "Statement of Common Understanding" in crit["CF-HRBA-02"].basis  # the terms are not the report's own
    assert cited_paragraphs(crit["PM-10"].basis) == [33]  # parliaments
    assert cited_paragraphs(crit["PM-11"].basis) == [16]


def test_readme_table_matches_the_rule_files():
    text = README.read_text(encoding="utf-8")
    section = text.split("## Which paragraph of the report each criterion cites", 1)[1].split("\n## ", 1)[0]
    table = {}
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 3 and cells[0].isdigit():
            table[int(cells[0])] = re.findall(r"\b[A-Z]+(?:-[A-Z]+)*-\d+\b", cells[2])
    expected = paragraph_table((c.id, c.basis) for checklist in CHECKLISTS for c in checklist.criteria)
    assert table == expected
