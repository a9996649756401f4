"""Claim checking: verdicts users rely on, the evaluation floor, the CLI and the HTML page."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from igokit.analysis.claims import check_text
from igokit.api import KnowledgeBase, extract_events
from igokit.cli import main
from igokit.report.check_html import render_check_html

SCRIPT = Path(__file__).resolve().parents[1] / "eval" / "claims" / "score.py"


@pytest.mark.parametrize(
    ("text", "as_of", "type_", "verdict"),
    [
        ("The SCO has eight member states.", "2024-03-01", "member_count", "outdated"),
        ("The SCO has 9 Member States, 3 Observer States and 14 Dialogue Partners.",
         "2024-03-01", "member_count", "supported"),
        ("Afghanistan is a dialogue partner of the SCO.", "2024-03-01", "status",
         "contradicted"),
        ("Belarus is an observer state of the SCO.", "2025-03-01", "status", "outdated"),
        ("Turkey is expected to become a member of the SCO.", "2024-03-01", "status",
         "unverifiable"),
        ("Turkmenistan is not a member of the SCO.", "2024-03-01", "status", "supported"),
        ("Pakistan joined the SCO in 2015.", "2024-03-01", "status_date", "contradicted"),
        ("The SCO was founded in 1996 in Shanghai.", "2024-03-01", "founding", "contradicted"),
        ("The 2004 SCO summit was held in Astana.", "2024-03-01", "summit", "contradicted"),
        ("Kazakhstan chairs the SCO.", "2025-03-01", "chair", "outdated"),
        ("Zhang Ming is the SCO Secretary-General.", "2025-03-01", "official", "outdated"),
        ("RATS is headquartered in Bishkek.", "2024-03-01", "seat", "contradicted"),
        ("ШОС объединяет восемь государств-членов.", "2024-03-01", "member_count", "outdated"),
        ("ШЫҰ-ға мүше мемлекеттердің саны онға жетті.", "2025-01-01", "member_count",
         "supported"),
        ("Казахстан председательствовал в ШОС в четвертый раз.", "2024-03-01", "chair",
         "supported"),
        ("ШЫҰ хатшылығы Бейжіңде орналасқан.", "2024-03-01", "seat", "supported"),
        # the RATS head's other title, in English and Russian
        ("Chairman of the Executive Committee of the SCO Regional Anti-Terrorist Structure "
         "Yevgeny Sysoyev attended.", "2016-05-24", "official", "supported"),
        ("Председатель Исполнительного комитета РАТС ШОС Евгений Сысоев проводит встречу.",
         "2023-05-24", "official", "outdated"),
    ],
)
def test_claims_verdicts(kb: KnowledgeBase, text: str, as_of: str, type_: str,
                         verdict: str) -> None:
    report = check_text(kb, text, as_of=as_of)
    claims = [c for c in report.claims if c.type == type_]
    assert claims, [c.to_dict() for c in report.claims]
    assert claims[0].verdict == verdict
    assert text[claims[0].start:claims[0].end] == claims[0].text


def test_an_executive_committee_chairman_without_the_rats_claims_nothing(
        kb: KnowledgeBase) -> None:
    """Other bodies have executive committees with chairmen: the title counts for the RATS
    only when the RATS is named in it."""
    text = "Chairman of the CIS Executive Committee Yevgeny Sysoyev attended."
    assert not [c for c in check_text(kb, text, as_of="2016-05-24").claims
                if c.type == "official"]


def test_claims_outdated_gives_interval_evidence_and_correction(kb: KnowledgeBase) -> None:
    (claim,) = check_text(kb, "The SCO has eight member states.", as_of="2024-03-01").claims
    assert claim.valid_during == ["2017-06-09 .. 2023-07-03"]
    assert claim.correction == "on 2024-03-01 the SCO had 9 member states"
    assert claim.evidence and all(e.sources for e in claim.evidence)


def test_a_past_count_is_explained_by_when_it_held_not_by_todays_count(
        kb: KnowledgeBase) -> None:
    """"The leaders of the eight member states met" is true of some time up to the reference
    date: the reason says so and shows that time's states, not today's ten."""
    text = "In Qingdao the leaders of the eight member states gathered for the summit."
    (claim,) = check_text(kb, text, as_of="2026-11-24").claims
    assert claim.verdict == "supported"
    assert claim.parsed is not None and claim.parsed.time_source == "past"
    assert claim.expected == "8 member states during 2017-06-09 .. 2023-07-03"
    assert claim.reason.startswith("holds at some time up to 2026-11-24")
    names = " ".join(e.text for e in claim.evidence)
    assert "India" in names and "Iran" not in names and len(claim.evidence) == 8


def test_a_status_dated_by_the_memorandum_that_put_it_into_effect_is_not_an_error(
        kb: KnowledgeBase) -> None:
    """Egypt's and Qatar's dialogue partnerships were decided in September 2021 and put into
    effect by memoranda signed in September 2022 (Saudi Arabia's approved in March 2023):
    sources date them either way."""
    text = "Egypt, Qatar and Saudi Arabia became dialogue partners of the SCO in 2022."
    claims = check_text(kb, text, as_of="2024-03-01").claims
    assert [c.verdict for c in claims] == ["supported"] * 3
    assert "memorandum was signed on 2022-09-14" in claims[0].reason
    (wrong,) = check_text(kb, "Qatar became an SCO dialogue partner in 2020.",
                          as_of="2024-03-01").claims
    assert wrong.verdict == "contradicted" and wrong.expected == "2021-09-17"


def test_claims_dating_a_text(kb: KnowledgeBase) -> None:
    text = "The SCO has eight member states. Kazakhstan chairs the organisation."
    report = check_text(kb, text, as_of="2024-03-01")
    # eight members: 2017-06-09 .. 2023-07-03; Kazakhstan in the chair until 2017-06-09
    assert report.dating == ("2 of 2 present-tense statements hold together: written between "
                             "2017-06-09 .. 2017-06-09")
    assert report.dating_intervals == [["2017-06-09", "2017-06-10"]]


def test_claims_reference_date_source(kb: KnowledgeBase) -> None:
    assert check_text(kb, "Nothing here.", as_of="2024").as_of == "2024-12-31"
    dated = check_text(kb, "ASTANA, 4 July 2024 – The SCO now has ten member states.")
    assert (dated.as_of, dated.as_of_source) == ("2024-07-04", "dateline")
    assert check_text(kb, "The SCO has ten members.").as_of_source == "today"


def test_claims_evaluation_floor(kb: KnowledgeBase) -> None:
    spec = importlib.util.spec_from_file_location("claims_score", SCRIPT)
    assert spec and spec.loader
    scorer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scorer)
    items = scorer.load_items()
    result = scorer.score(items, scorer.predict(kb, items))
    assert result["caught_contradicted_or_outdated"] >= 0.9
    assert result["false_alarms_on_true_hedged_or_none"] <= 0.05


def test_claims_html_escapes_document_text(kb: KnowledgeBase) -> None:
    text = "<script>alert(1)</script> The SCO has eight member states."
    html = render_check_html(check_text(kb, text, as_of="2024-03-01"), "<b>t</b>")
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert 'class="outdated"' in html and "http" not in html.split("<body>")[0]


def test_cli_check_json_and_html(kb: KnowledgeBase, tmp_path: Path) -> None:
    doc = tmp_path / "a.txt"
    doc.write_text("Afghanistan is a dialogue partner of the SCO.", encoding="utf-8")
    out = tmp_path / "a.html"
    result = CliRunner().invoke(main, ["--db", str(kb.path), "check", str(doc), "--as-of",
                                       "2024-03-01", "--json", "--html", str(out)])
    assert result.exit_code == 0, result.stderr
    payload = json.loads(result.stdout)
    assert payload["as_of"] == "2024-03-01" and payload["as_of_source"] == "argument"
    (claim,) = payload["claims"]
    assert {"start", "end", "text", "type", "verdict", "expected", "evidence"} <= set(claim)
    assert claim["verdict"] == "contradicted" and out.exists()


def test_a_day_without_its_year_in_an_undated_text_is_not_this_year(kb: KnowledgeBase) -> None:
    """Read as of today with no date of its own, the text's "4 July" could be any year: no
    alarm, and no event dated this year."""
    text = "On 4 July, Iran became a full member of the SCO."
    today = check_text(kb, text)
    assert today.as_of_source == "today"
    assert [c.verdict for c in today.claims if c.type.startswith("status")] == ["supported"]
    events = extract_events("Vladimir Norov took office as SCO Secretary-General on January 1 "
                            "this year.", kb=kb)
    assert [(e.type, e.date) for e in events] == [("official_appointed", None)]


@pytest.mark.parametrize("text", [
    "Some analysts wrongly say Turkey is an SCO member.",
    "Некоторые эксперты ошибочно утверждают, что Турция является членом ШОС.",
])
def test_a_claim_the_text_calls_wrong_raises_no_alarm(kb: KnowledgeBase, text: str) -> None:
    claims = [c for c in check_text(kb, text, as_of="2024-03-01").claims if c.type == "status"]
    assert claims and all(c.verdict == "unverifiable" for c in claims)
    assert "calls this wrong" in claims[0].reason and claims[0].correction is None
    (plain,) = check_text(kb, "Turkey is an SCO member.", as_of="2024-03-01").claims
    assert plain.verdict == "contradicted"  # the same claim made by the text is an alarm


def test_an_ordinal_counted_from_elsewhere_is_not_checked(kb: KnowledgeBase) -> None:
    (rel,) = check_text(kb, "The first SCO summit after the founding was held in St Petersburg "
                            "in 2002.", as_of="2024-03-01").claims
    assert rel.verdict == "supported"
    (wrong,) = check_text(kb, "The first SCO summit was held in St Petersburg in 2002.",
                          as_of="2024-03-01").claims
    assert wrong.verdict == "contradicted"
    assert wrong.reason.endswith("it was the meeting no. 2, not 1")


def test_an_alarm_after_the_knowledge_bases_horizon_is_corrected_as_of_that_day(
        kb: KnowledgeBase) -> None:
    """The curated facts are checked against sources up to a day (data/coverage): a correction
    for a later reference date is stated for that day, which is a true sentence even if
    something changed since; before it, the correction speaks of the reference date."""
    from igokit.kb.layers import checked_until

    horizon = checked_until(kb.conn, "SCO")
    assert horizon is not None
    later = (horizon.replace(year=horizon.year + 1)).isoformat()
    (claim,) = check_text(kb, "The SCO has eight member states.", as_of=later).claims
    assert claim.verdict == "outdated"
    assert claim.correction == f"by {horizon}, the SCO had 10 member states"
    assert f"checked against sources up to {horizon}" in claim.reason
    (before,) = check_text(kb, "The SCO has eight member states.", as_of="2024-03-01").claims
    assert before.correction == "on 2024-03-01 the SCO had 9 member states"
    assert "checked against sources" not in before.reason


def test_who_chairs_a_year_after_the_latest_hand_over_the_kb_knows_is_not_judged(
        kb: KnowledgeBase) -> None:
    """The chairmanship passes at each yearly summit: read after the day the knowledge base was
    checked to and a year after the latest hand-over it knows, the current chair may have
    handed over and a state outside the round's recent chairs may chair; a state that chaired
    in the round (Kazakhstan, 2023-24) cannot chair yet and is judged as usual."""
    import datetime as dt

    from igokit.kb.layers import checked_until

    horizon = checked_until(kb.conn, "SCO")
    assert horizon is not None
    (current,) = kb.chair("SCO", horizon.isoformat())
    later = max(horizon, dt.date.fromisoformat(current.start) + dt.timedelta(days=400))
    for state in (current.name, "Pakistan"):
        (claim,) = check_text(kb, f"{state} chairs the SCO.", as_of=later.isoformat()).claims
        assert claim.verdict == "unverifiable" and "yearly summit" in claim.reason, state
    (kaz,) = check_text(kb, "Kazakhstan chairs the SCO.", as_of=later.isoformat()).claims
    assert kaz.verdict == "outdated"
    (then,) = check_text(kb, "Pakistan chairs the SCO.", as_of=horizon.isoformat()).claims
    assert then.verdict == "contradicted"  # on the day the knowledge base was checked to


def test_a_count_in_the_older_status_word_read_after_the_reform_is_outdated(
        kb: KnowledgeBase) -> None:
    """Read after the 2025 reform, "14 dialogue partners" counts the status in the source's own
    word: true until the reform, so outdated (today's 17 partners do not contradict it); a
    count of "partners" is read in the new sense."""
    (old,) = check_text(kb, "There are 14 dialogue partners in the SCO.",
                        as_of="2025-12-01").claims
    assert old.verdict == "outdated" and old.valid_during
    (new,) = check_text(kb, "The SCO has 14 partners.", as_of="2025-12-01").claims
    assert new.verdict == "contradicted"


@pytest.mark.parametrize(("text", "type_"), [
    # "now" marks the present: the founding year is not the count's time
    ("The SCO, founded in 2001, now has ten members after Belarus joined in 2024.",
     "member_count"),
    # an opening "since" phrase says from when, not when
    ("Since Iran's accession in 2023 and Belarus's in 2024, the bloc counts ten member states.",
     "member_count"),
    # "now" after a founding participle: a count of today's members, not of the founders
    ("2001 жылы құрылған ШЫҰ қазір он мемлекетті біріктіреді.", "member_count"),
])
def test_another_dates_clause_does_not_situate_a_present_count(kb: KnowledgeBase, text: str,
                                                               type_: str) -> None:
    claims = [c for c in check_text(kb, text, as_of="2025-03-01").claims if c.type == type_]
    assert claims and all(c.verdict == "supported" for c in claims), [c.reason for c in claims]


def test_a_summit_named_relative_to_a_date_is_not_dated_by_it(kb: KnowledgeBase) -> None:
    text = ("India became a full member in 2017, two years after the Ufa summit launched its "
            "accession.")
    report = check_text(kb, text, as_of="2025-03-01")
    assert not [c for c in report.claims if c.verdict in ("contradicted", "outdated")]
    (wrong,) = check_text(kb, "The 2017 SCO summit was held in Ufa.", as_of="2025-03-01").claims
    assert wrong.verdict == "contradicted"  # a summit the date does name is still checked


def test_a_present_marker_in_the_next_clause_leaves_a_dated_count_alone(
        kb: KnowledgeBase) -> None:
    text = "In 2005 the SCO had six members; today it has ten."
    claims = [c for c in check_text(kb, text, as_of="2025-03-01").claims
              if c.text.startswith("six")]
    assert claims and claims[0].verdict == "supported" and claims[0].reference == "2005"
