"""Extracting recommendations: States, responses, numbering, treaty bodies, CSV/JSONL and the CLI.

Small fixtures in tests/fixtures/recommendations/; the real UPR reports of ../shared are used when
present (values checked by hand against the PDFs with pdftotext).
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from hrba.cli import main
from hrba.engine.recommendations import (
    Recommendation,
    classify_response,
    extract_path,
    parse_states,
    split_by_states,
)
from hrba.engine.states import canonical_state
from hrba.reporting.recommendations_export import write_recommendations

FIXTURES = Path(__file__).parent / "fixtures" / "recommendations"


@pytest.mark.parametrize("content, states", [
    ("Brazil", ["Brazil"]),
    ("Chile, Peru and Trinidad and Tobago", ["Chile", "Peru", "Trinidad and Tobago"]),
    ("United Kingdom of Great Britain and Northern Ireland", ["United Kingdom of Great Britain and Northern Ireland"]),
    ("Algeria, Egypt, Iran (Islamic Republic of)", ["Algeria", "Egypt", "Iran (Islamic Republic of)"]),
    ("Venezuela(Bolivarian Republic of)", ["Venezuela (Bolivarian Republic of)"]),
    ("Cote d’Ivoire", ["Côte d'Ivoire"]),
    ("the former Yugoslav Republic of Macedonia", ["North Macedonia"]),
    ("Russia Federation", ["Russian Federation"]),  # a misprint, accepted as a close match
    ("UK", ["United Kingdom of Great Britain and Northern Ireland"]),
])
def test_parse_states(content, states):
    assert parse_states(content) == states


@pytest.mark.parametrize("content", ["ICC", "OP-CAT", "CRC/C/15", "in particular women", "2010", "FUNAI", ""])
def test_parse_states_refuses_what_is_not_a_list_of_states(content):
    assert parse_states(content) is None


def test_canonical_state_maps_upr_info_spellings():
    assert canonical_state("Macedonia FYR") == "North Macedonia"
    assert canonical_state("Trinidad & Tobago") == "Trinidad and Tobago"
    assert canonical_state("DPR Korea") == "Democratic People's Republic of Korea"
    assert canonical_state("United States") == "United States of America"
    assert canonical_state("Atlantis") is None


def test_split_several_recommendations_in_one_item():
    pieces, tail = split_by_states("Ratify CED (Spain) (France); Consider the possibility of accession to CED "
                                   "(Paraguay (Argentina);")
    assert pieces == [("Ratify CED", ["Spain", "France"]),
                      ("Consider the possibility of accession to CED", ["Paraguay", "Argentina"])]
    assert tail == ""


def test_lower_case_text_after_states_extends_the_recommendation_for_the_later_states():
    pieces, _ = split_by_states("Sign and ratify the ICESCR (France, Netherlands) as well as the Optional "
                                "Protocols thereto (Portugal);")
    assert pieces == [("Sign and ratify the ICESCR", ["France", "Netherlands"]),
                      ("Sign and ratify the ICESCR as well as the Optional Protocols thereto", ["Portugal"])]


def test_acronyms_in_parentheses_stay_in_the_text_and_footnote_numbers_go():
    pieces, tail = split_by_states("Ratify the Optional Protocol (OP-CAT) (Switzerland)4 ;")
    assert pieces == [("Ratify the Optional Protocol (OP-CAT)", ["Switzerland"])]
    assert tail == ""
    pieces, tail = split_by_states("Cooperate with the ICC (Brazil) in all cases of")
    assert tail == "in all cases of"


@pytest.mark.parametrize("sentence, response", [
    ("The recommendations formulated during the interactive dialogue and listed below have been examined by "
     "Albania and enjoy the support of Albania:", "supported"),
    ("The following recommendations enjoy the support of Belgium, which considers that they are already "
     "implemented or in the process of implementation:", "supported"),
    ("Uzbekistan considers that recommendations below are already implemented or in the process of "
     "implementation:", "supported"),
    ("The following recommendations will be examined by Haiti which will provide responses in due time:",
     "to_be_examined"),
    ("The recommendations below did not enjoy the support of Andorra:", "noted"),
    ("The following recommendations do not enjoy the support of Jamaica:", "noted"),
    ("The following recommendations will be noted by Veloria:", "noted"),
    ("Les recommandations ci-après seront examinées par le Mali, qui y répondra en temps voulu :", "to_be_examined"),
    ("Las recomendaciones siguientes no contaron con el apoyo de Bolivia:", "noted"),
    ("Las recomendaciones siguientes cuentan con el apoyo de Bolivia:", "supported"),
    ("During the interactive dialogue, different countries have presented recommendations as follows:", None),
    ("Следующие рекомендации будут рассмотрены Велорией, которая представит ответы в надлежащее время:",
     "to_be_examined"),
    ("Следующие рекомендации не пользуются поддержкой Велории:", "noted"),
    ("التوصيات التالية تحظى بتأييد فيلوريا:", "supported"),
    ("下列建议未得到维罗里亚的支持：", "noted"),
    ("下列建议已经维罗里亚审议，得到维罗里亚的支持：", "supported"),
])
def test_classify_response(sentence, response):
    assert classify_response(sentence) == response


def test_upr_fixture():
    ex = extract_path(FIXTURES / "upr-report.html")
    assert ex.kind == "upr"
    got = [(r.number, r.states, r.response) for r in ex.recommendations]
    assert got == [
        ("90.1", ["Brazil", "Chile"], "supported"),
        ("90.2", ["Chile", "Peru", "Trinidad and Tobago"], "supported"),
        ("90.3", ["Spain", "France"], "supported"),
        ("90.3", ["Paraguay", "Argentina"], "supported"),
        ("90.4", ["France", "Netherlands"], "supported"),
        ("90.4", ["Portugal"], "supported"),
        ("90.5", ["United Kingdom of Great Britain and Northern Ireland"], "supported"),
        ("91.1", ["Iran (Islamic Republic of)", "Venezuela (Bolivarian Republic of)"], "to_be_examined"),
        ("92.1", ["Russian Federation"], "noted"),  # "1." numbering within paragraph 92
        ("92.2", ["United States of America"], "noted"),
    ]
    by_number = {r.number: r for r in ex.recommendations}
    # a recommendation broken over two blocks is joined; the footnote with the text as read is left out
    assert by_number["90.5"].text == ("Strengthen the independence of the national human rights institution in "
                                      "line with the Paris Principles and provide it with adequate resources")
    assert by_number["91.1"].response_text.startswith("The following recommendations will be examined")
    assert by_number["90.1"].session == 21
    assert "group.persons_with_disabilities" in by_number["90.2"].concepts
    # the pledge after the section is not a recommendation; a footnote tail is reported, not guessed
    assert not any("overdue" in r.text for r in ex.recommendations)
    assert [u.text for u in ex.unclassified] == ["programmes for everyone” (Canada)."]
    assert "footnote" in ex.unclassified[0].reason


@pytest.mark.parametrize("name, states", [
    ("upr-report-fr.html", [["Brésil", "Chili"], ["Pérou", "Côte d'Ivoire", "Trinité-et-Tobago"],
                            ["Iran (République islamique d')"], ["Fédération de Russie"]]),
    ("upr-report-zh.html", [["巴西", "智利"], ["秘鲁", "科特迪瓦"], ["法国"], ["俄罗斯联邦"]]),
])
def test_reports_in_french_and_chinese(name, states):
    """State names as printed (the list holds English ones); responses in the report's language; a
    parenthesis naming a committee stays in the text; Chinese full-width punctuation."""
    ex = extract_path(FIXTURES / name)
    assert [r.states for r in ex.recommendations] == states
    assert [r.response for r in ex.recommendations] == ["supported", "supported", "to_be_examined", "noted"]
    assert [r.number for r in ex.recommendations] == ["90.1", "90.2", "91.1", "92.1"]
    assert ex.unclassified == []
    assert "group.persons_with_disabilities" in ex.recommendations[1].concepts


def test_lenient_states_refuse_bodies_acronyms_and_numbers():
    assert parse_states("Comité des droits de l'enfant", lenient=True) is None
    assert parse_states("CRC", lenient=True) is None
    assert parse_states("Convention no 189", lenient=True) is None
    assert parse_states("en particulier les femmes", lenient=True) is None
    assert parse_states("Brésil, Chili et Pérou", lenient=True) == ["Brésil", "Chili", "Pérou"]
    assert parse_states("Brésil", lenient=False) is None


def test_concluding_observations_fixture():
    ex = extract_path(FIXTURES / "concluding-observations.html")
    assert ex.kind == "concluding_observations"
    assert {r.source for r in ex.recommendations} == {"Committee on the Rights of the Child"}
    got = {r.number: r.text for r in ex.recommendations}
    assert list(got) == ["13(a)", "13(b)", "13(c)", "14", "16(a)", "16(b)"]
    assert got["13(b)"] == "Ensure that Roma children have equal access to inclusive education"
    assert got["14"].startswith("While noting the new civil registry law, the Committee urges the State party")
    assert got["16(a)"] == "Increase the budget allocated to child protection"
    assert all(r.states == [] and r.response is None for r in ex.recommendations)
    # paragraph 12 states a concern (not a recommendation, not unclassified); 15 is neither
    assert [u.text[:40] for u in ex.unclassified] == ["The Committee draws the attention of the"]
    assert {"group.children", "right.education"} <= set(ex.recommendations[1].concepts)


def test_csv_cells_cannot_run_as_formulas():
    rec = Recommendation("1.1", '=HYPERLINK("http://x","y")', ["Brazil", "Chile"], response="supported",
                         concepts=["group.children", "right.education"], document="r.pdf")
    out = io.StringIO()
    assert write_recommendations([rec], out, "csv") == 1
    row = next(csv.DictReader(io.StringIO(out.getvalue())))
    assert row["text"].startswith("'=HYPERLINK")
    assert row["states"] == "Brazil; Chile"
    assert row["concepts"] == "group.children; right.education"
    out = io.StringIO()
    write_recommendations([rec], out, "jsonl")
    data = json.loads(out.getvalue())
    assert data["text"].startswith("=HYPERLINK") and data["states"] == ["Brazil", "Chile"]


def test_cli_writes_csv_and_jsonl_and_survives_a_bad_file(tmp_path):
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.4 not really")
    out = tmp_path / "recs.jsonl"
    result = CliRunner().invoke(main, ["recommendations", str(bad), str(FIXTURES / "upr-report.html"),
                                       "-o", str(out)])
    assert result.exit_code == 2, result.output
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 10 and rows[0]["states"] == ["Brazil", "Chile"]
    result = CliRunner().invoke(main, ["recommendations", str(FIXTURES / "upr-report.html"), "-q"])
    assert result.exit_code == 0
    table = list(csv.DictReader(io.StringIO(result.stdout)))
    assert table[0]["number"] == "90.1" and table[0]["response"] == "supported"


# --- the real UPR reports ---------------------------------------------------------------------------------
def test_real_report_numbered_within_paragraphs(upr_reports):
    ex = extract_path(upr_reports / "ecuador2008.pdf", tag=False)
    assert [r.number for r in ex.recommendations] == [f"60.{n}" for n in range(1, 11)]
    # paragraph 61 says after the list that all of them enjoy Ecuador's support
    assert {r.response for r in ex.recommendations} == {"supported"}
    assert ex.recommendations[7].states == ["Italy", "Mexico"]
    assert ex.recommendations[0].session == 1
    assert ex.unclassified == []


def test_real_report_with_several_recommendations_per_item(upr_reports):
    ex = extract_path(upr_reports / "switzerland2012.pdf", tag=False)
    first = [(r.number, r.text, r.states) for r in ex.recommendations[:2]]
    assert first == [("122.1", "Ratify CED", ["Spain", "France"]),
                     ("122.1", "Consider the possibility of accession to CED", ["Paraguay", "Argentina"])]
    responses = {r.response for r in ex.recommendations}
    assert responses == {"supported", "to_be_examined", "noted"}
    assert ex.recommendations[0].page == 15 and ex.recommendations[0].session == 14


def test_real_report_citing_recommendations_by_paragraph_of_the_dialogue(upr_reports):
    """Session 3: "The recommendations noted in the report in paragraphs 19(d), 19(e), 22(c)... did not enjoy
    the support of Colombia" -- each cited subparagraph is extracted with the State that made it."""
    ex = extract_path(upr_reports / "colombia2009.pdf", tag=False)
    cited = {r.number: r for r in ex.recommendations if "(" in (r.number or "")}
    assert list(cited) == ["19(d)", "19(e)", "22(c)", "23(b)", "23(d)", "23(e)", "35(c)", "37(a)", "37(c)",
                           "40(e)", "60(a)"]
    assert {r.response for r in cited.values()} == {"noted"}
    assert cited["19(d)"].states == ["Chile"] and cited["19(d)"].text.startswith("Repeal administrative measures")
    assert cited["35(c)"].states == ["Denmark"]
    assert cited["35(c)"].text == ("Ratify the Optional Protocol to the Convention against Torture and establish a "
                                   "national preventive mechanism")
    assert cited["37(a)"].text.endswith("ensure that recruitment methods allow it")  # its sentence only
