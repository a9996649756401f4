"""Accession steps judged by their own record: the decision that granted a status, the launch of
the procedure and the memorandum of obligations are never read as the status itself, and an
alarm is raised only when nothing else in the record could be what the text means."""

from __future__ import annotations

import pytest

from igokit.analysis.claims import check_text
from igokit.api import KnowledgeBase

GRANTED = "The SCO foreign ministers have decided to grant Iran full membership of the group."


def _steps(kb: KnowledgeBase, text: str, as_of: str) -> list:
    return [c for c in check_text(kb, text, as_of=as_of).claims if c.type == "accession"]


def test_an_admission_decided_before_it_happened_is_contradicted(kb: KnowledgeBase) -> None:
    (claim,) = _steps(kb, GRANTED, "2022-08-03")
    assert claim.verdict == "contradicted"
    assert claim.parsed is not None and claim.parsed.relation == "admission_approved"
    assert claim.parsed.subjects == ["IRN"]
    # no date of its own: it says the decision was taken at some time up to the text's date
    assert (claim.parsed.time, claim.parsed.time_source) == ("2022-08-03", "past")
    # the correction is a true sentence: when the decision came, and what had happened by then
    assert claim.correction == ("Iran's admission decision came on 2023-07-04; by 2022-08-03: "
                                "accession procedure launch 2021-09-17")
    assert claim.evidence and all(ev.sources for ev in claim.evidence)


def test_the_same_words_after_the_decision_are_supported(kb: KnowledgeBase) -> None:
    (claim,) = _steps(kb, GRANTED, "2023-07-10")
    assert claim.verdict == "supported"


def test_words_written_just_after_another_step_are_not_judged(kb: KnowledgeBase) -> None:
    """Three days after the procedure was launched, "decided to grant membership" is how many
    reports put the launch: not an alarm."""
    (claim,) = _steps(kb, GRANTED, "2021-09-20")
    assert claim.verdict == "unverifiable"
    assert "accession procedure launch on 2021-09-17" in claim.reason


@pytest.mark.parametrize(("text", "verdict"), [
    ("In July 2022 the SCO decided to grant Iran full membership.", "contradicted"),
    ("In July 2023 the SCO decided to grant Iran full membership.", "supported"),
    # 2022 holds the memorandum of obligations: the text may call that step so
    ("In 2022 the SCO decided to grant Iran full membership.", "unverifiable"),
])
def test_a_step_with_its_own_date_is_judged_at_that_date(kb: KnowledgeBase, text: str,
                                                           verdict: str) -> None:
    (claim,) = _steps(kb, text, "2024-03-01")
    assert claim.verdict == verdict, claim.reason


def test_russian_wording_is_read_the_same_way(kb: KnowledgeBase) -> None:
    (claim,) = _steps(kb, "Главы МИД ШОС решили предоставить Ирану полноправное членство.",
                      "2022-08-03")
    assert claim.verdict == "contradicted" and claim.parsed.subjects == ["IRN"]


def test_a_memorandum_is_judged_only_when_said_to_be_signed(kb: KnowledgeBase) -> None:
    memo = "The memorandum of obligations of India as a member state "
    signed = _steps(kb, memo + "was signed in June 2016.", "2024-03-01")
    wrong = _steps(kb, memo + "was signed in 2014.", "2024-03-01")
    approved = _steps(kb, "In May 2016 the foreign ministers approved the memorandum of "
                          "obligations of India as a member state.", "2024-03-01")
    assert [c.verdict for c in signed] == ["supported"]
    assert [c.verdict for c in wrong] == ["contradicted"]
    assert wrong[0].correction == "India's memorandum signing was on 2016-06-24"
    assert [c.verdict for c in approved] == ["unverifiable"]
    assert "not said to be signed" in approved[0].reason


def test_a_range_of_days_still_dates_a_step(kb: KnowledgeBase) -> None:
    (claim,) = _steps(kb, "The memorandum of obligations of Iran as a member state was signed "
                          "on 15-16 September 2022.", "2024-03-01")
    assert claim.verdict == "supported", claim.reason


def test_a_range_of_years_does_not_date_a_step(kb: KnowledgeBase) -> None:
    """"the programme for 2022-2024 and the launch of Iran's admission": the range is the
    programme's."""
    (claim,) = _steps(kb, "The leaders approved the programme for 2022-2024 and decided to grant "
                          "Iran full membership.", "2023-07-10")
    assert claim.verdict == "supported"
    assert claim.reason == "Iran: admission decision on 2023-07-04, before 2023-07-10"


def test_a_step_the_record_does_not_date_stays_unverifiable(kb: KnowledgeBase) -> None:
    (claim,) = _steps(kb, "The heads of state invited India as an observer in 2004.",
                      "2024-03-01")
    assert claim.verdict == "unverifiable"
    assert "records no such step" in claim.reason


def test_a_nominalized_grant_names_a_topic(kb: KnowledgeBase) -> None:
    report = check_text(kb, "The road map on granting India full membership was discussed.",
                        as_of="2024-03-01")
    assert report.claims == []


def test_starting_the_process_of_admitting_is_not_a_membership(kb: KnowledgeBase) -> None:
    """The day after the procedure was launched, "agreed to start the process of admitting Iran
    as a full member" is the launch, not a claim that Iran was a member (a false alarm once)."""
    report = check_text(kb, "Leaders agreed to start the process of admitting Iran as a full "
                            "member.", as_of="2021-09-18")
    assert [(c.type, c.verdict, c.parsed.relation) for c in report.claims] == [
        ("accession", "supported", "procedure_started")]


@pytest.mark.parametrize(("text", "verdict"), [
    ("В 2017 году Индии было предоставлено полноправное членство.", "supported"),
    ("В 2015 году Индии было предоставлено полноправное членство.", "contradicted"),
    ("The SCO granted Turkey dialogue partner status in 2012.", "supported"),
    ("The SCO granted India observer status in 2004.", "contradicted"),
])
def test_a_granted_status_with_a_date_is_a_start_date(kb: KnowledgeBase, text: str,
                                                       verdict: str) -> None:
    (claim,) = check_text(kb, text, as_of="2024-03-01").claims
    assert (claim.type, claim.verdict) == ("status_date", verdict), claim.reason


@pytest.mark.parametrize(("text", "as_of", "type_", "verdicts"), [
    # a city whose name ends in a soft sign or й changes it with the case ending
    ("Саммит ШОС в 2025 году прошел в Тяньцзине.", "2025-09-05", "summit", ["supported"]),
    ("Саммит ШОС 2025 года прошел в Шанхае.", "2025-09-05", "summit", ["contradicted"]),
    # Kazakh "observer states" / "member states" as one status phrase, a list after a dash
    ("ШЫҰ-ның бақылаушы мемлекеттері – Ауғанстан мен Моңғолия.", "2024-08-01", "status",
     ["supported", "supported"]),
    ("ШЫҰ-ның бақылаушы мемлекеттері – Ауғанстан мен Үндістан.", "2024-08-01", "status",
     ["supported", "outdated"]),  # India was an observer until 2017
    # the organization's possessive between a state and its status
    ("Belarus became the organisation's tenth full member at the Astana summit.",
     "2024-07-05", "status", ["supported"]),
])
def test_wordings_found_by_hand(kb: KnowledgeBase, text: str, as_of: str, type_: str,
                                verdicts: list[str]) -> None:
    claims = [c for c in check_text(kb, text, as_of=as_of).claims if c.type == type_]
    assert [c.verdict for c in claims] == verdicts, [c.reason for c in claims]
