"""The claim checker's rules file, parsed claims, and the precision rules drawn from real prose.

The sentences here are written for the tests (a development set); the measure is the real-text
set in eval/claims/real (docs/claim-checking.md).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from igokit.analysis.claims import check_text
from igokit.analysis.claims.lexicon import default_rules_path, validate_rules
from igokit.api import KnowledgeBase

ALARMS = {"contradicted", "outdated"}


@pytest.fixture(scope="module")
def kb(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeBase:
    return KnowledgeBase(tmp_path_factory.mktemp("kb") / "kb.sqlite")


def claims(kb: KnowledgeBase, text: str, as_of: str, **kw: object) -> list:
    return check_text(kb, text, as_of=as_of, **kw).claims


def test_shipped_rules_load_without_problems() -> None:
    assert validate_rules(default_rules_path()) == []


def test_a_bad_pattern_in_the_rules_is_reported_with_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "cues.yaml"
    shutil.copy(default_rules_path(), bad)
    text = bad.read_text(encoding="utf-8").replace("'observer\\w*'", "'observer(\\w*'", 1)
    bad.write_text(text, encoding="utf-8")
    problems = validate_rules(bad)
    assert problems and problems[0].startswith("cues.yaml:")
    assert "observer(" in problems[0]


def test_every_claim_has_a_parsed_form_and_a_reason(kb: KnowledgeBase) -> None:
    out = claims(kb, "The SCO has eight member states. Afghanistan is a dialogue partner.",
                 "2024-03-01")
    assert [c.verdict for c in out] == ["outdated", "contradicted"]
    count, status = out
    assert count.parsed.subjects == ["SCO"] and count.parsed.relation == "count"
    assert status.parsed.subjects == ["AFG"] and status.parsed.relation == "dialogue_partner"
    assert status.parsed.time_source == "reference date"
    assert "observer" in status.reason and "2024-03-01" in status.reason
    assert "2017-06-09" in count.reason  # when eight was true
    d = status.to_dict()
    assert d["parsed"]["subjects"] == ["AFG"] and d["reason"] and d["read_as"]


def test_every_item_of_a_list_is_judged(kb: KnowledgeBase) -> None:
    out = claims(kb, "Afghanistan, Belarus, India and Mongolia are observers of the SCO.",
                 "2019-03-01")
    by = {c.parsed.subjects[0]: c.verdict for c in out}
    assert by == {"AFG": "supported", "BLR": "supported", "IND": "outdated",
                  "MNG": "supported"}


def test_a_date_binds_only_within_its_clause(kb: KnowledgeBase) -> None:
    out = claims(kb, "India and Pakistan became members of the SCO on 9 June 2017, and on "
                     "4 July 2023 the leaders welcomed another state.", "2024-01-01")
    joined = [c for c in out if c.type == "status_date"]
    assert {c.parsed.subjects[0] for c in joined} == {"IND", "PAK"}
    assert all(c.verdict == "supported" and c.parsed.time == "2017-06-09" for c in joined)


@pytest.mark.parametrize("text", [
    "In 2015 the heads of state decided to start the procedure for India's admission as a "
    "member of the SCO.",
    "A memorandum of obligations for Belarus as a member of the SCO was signed in 2023.",
    "Iran applied to become a member of the SCO in 2008.",
])
def test_accession_steps_are_not_statuses(kb: KnowledgeBase, text: str) -> None:
    out = claims(kb, text, "2024-01-01")
    assert not [c for c in out if c.verdict in ALARMS]
    assert not [c for c in out if c.type in ("status", "status_date")]


def test_headlines_and_possessive_noun_phrases_are_not_claims(kb: KnowledgeBase) -> None:
    assert claims(kb, "Iran's Membership in the SCO", "2020-01-01") == []
    out = claims(kb, "Tehran pressed its bid for Iran's membership of the SCO.", "2020-01-01")
    assert not [c for c in out if c.verdict in ALARMS]


def test_the_organisations_name_is_not_a_place(kb: KnowledgeBase) -> None:
    out = claims(kb, "The Shanghai Cooperation Organisation meets for its summit on 4 July "
                     "2024 in Astana.", "2024-07-05")
    assert not [c for c in out if c.verdict in ALARMS]


def test_the_person_who_chaired_a_meeting_is_not_a_country_chair(kb: KnowledgeBase) -> None:
    out = claims(kb, "Tokayev, who chaired the SCO summit, said Belarus is joining the "
                     "organisation as a full member.", "2024-07-04")
    assert not [c for c in out if c.type == "chair"]


def test_reported_speech_is_recorded(kb: KnowledgeBase) -> None:
    out = claims(kb, "The ministry said that Iran is an observer of the SCO.", "2022-01-01")
    assert out and out[0].attributed and out[0].parsed.attribution == "said"
    assert out[0].verdict == "supported"


def test_the_sources_status_words_after_the_2025_reform(kb: KnowledgeBase) -> None:
    # Laos was made a partner at Tianjin; the declaration still says "dialogue partner"
    out = claims(kb, "Laos received the status of an SCO dialogue partner.", "2025-09-02")
    assert [c.verdict for c in out] == ["supported"]
    # before the reform, a dialogue partner is not an observer
    out = claims(kb, "Afghanistan is a dialogue partner of the SCO.", "2024-03-01")
    assert [c.verdict for c in out] == ["contradicted"]


def test_a_count_before_the_founding_is_not_corrected(kb: KnowledgeBase) -> None:
    out = claims(kb, "In 1996 the SCO had five member states.", "2024-01-01")
    assert [c.verdict for c in out] == ["unverifiable"]
    assert out[0].correction is None and "before the SCO was founded" in out[0].reason


def test_a_summit_missing_from_the_knowledge_base_is_not_an_alarm(kb: KnowledgeBase) -> None:
    out = claims(kb, "The 2026 SCO summit in Bishkek opened the new season.", "2026-11-23")
    assert not [c for c in out if c.verdict in ALARMS]


def test_read_later_a_report_is_judged_at_its_own_date(kb: KnowledgeBase) -> None:
    text = "Leaders welcomed India and Pakistan as members of the SCO."
    past = claims(kb, text, "2026-11-23", doc_date="2015-07-10")
    assert [c.verdict for c in past][:1] == ["contradicted"]
    # judged at the text's own date: "held at some time up to 2015-07-10" — it had not
    assert past[0].parsed.time_source == "past" and past[0].parsed.time == "2015-07-10"
    present = claims(kb, "Belarus is an observer of the SCO.", "2026-11-23",
                     doc_date="2016-01-01")
    assert [c.verdict for c in present] == ["outdated"]


def test_a_text_is_dated_by_what_most_of_its_claims_say(kb: KnowledgeBase) -> None:
    report = check_text(kb, "The SCO has eight member states. India is a member. Iran is an "
                            "observer. Afghanistan is a dialogue partner.", as_of="2026-11-23")
    # eight members, India a member and Iran an observer hold together 2017-06-09..2023-07-03;
    # Afghanistan (a "partner" since 2025) does not fit them
    assert report.dating.startswith("3 of 4 present-tense statements hold together")
    assert report.dating_intervals == [["2017-06-09", "2023-07-04"]]


def test_the_html_check_page_shows_the_parsed_claim_and_why(kb: KnowledgeBase) -> None:
    from igokit.report.check_html import render_check_html

    report = check_text(kb, "Afghanistan is a dialogue partner of the SCO.", as_of="2024-03-01")
    html = render_check_html(report, "t.txt")
    assert "Read as" in html and "AFG dialogue_partner SCO" in html
    assert "Afghanistan: observer from 2012-06-07" in html  # the reason, with the history


def test_a_summit_announced_as_still_to_come_dates_the_text_before_it(kb: KnowledgeBase) -> None:
    # the Ufa summit was held 2015-07-09..10: a preview was written in the year before it
    # (up to its last day), never after it
    report = check_text(kb, "Leaders of the member states will gather for the SCO summit in Ufa "
                            "later this week.", as_of="2026-11-23")
    assert report.dating.startswith("it names a meeting as still to come or under way")
    assert report.dating_intervals == [["2014-07-09", "2015-07-11"]]
    # the same summit reported as held is a floor instead
    held = check_text(kb, "The leaders met at the Ufa summit.", as_of="2026-11-23")
    assert held.dating_intervals[0][0] == "2015-07-09"


def test_announcements_narrow_each_other_and_the_statements(kb: KnowledgeBase) -> None:
    # Astana hosted four summits; the day in the second sentence picks the 2011 one
    report = check_text(kb, "Предстоящий саммит ШОС пройдет в Астане. По данным МИД, 15 июня в "
                            "Астане состоится встреча глав государств.", as_of="2026-11-23")
    assert report.dating_intervals == [["2010-06-14", "2011-06-16"]]
    # Belarus was an observer 2015-07-10..2024-07-04; Qingdao hosted the 2018 summit
    both = check_text(kb, "Belarus is an observer. Its president will attend the summit in "
                          "Qingdao.", as_of="2026-11-23")
    assert both.dating_intervals == [["2017-06-09", "2018-06-11"]]
    assert "meetings still to come or under way" in both.dating


def test_a_chairmanship_counted_by_ordinal_dates_the_text_after_that_term_began(
    kb: KnowledgeBase,
) -> None:
    # Kyrgyzstan's fourth term began 2025-09-02: "for the fourth time" was written after that
    report = check_text(kb, "Kyrgyzstan chairs the SCO for the fourth time.", as_of="2026-11-23")
    assert report.dating_intervals and report.dating_intervals[0][0] == "2025-09-02"
    # a wrong count dates nothing
    wrong = check_text(kb, "Kyrgyzstan chairs the SCO for the fifth time.", as_of="2026-11-23")
    assert [c.verdict for c in wrong.claims if c.type == "chair"] == ["contradicted"]
    assert wrong.dating_intervals == []


def test_a_title_belongs_to_the_name_next_to_it_not_to_the_host(kb: KnowledgeBase) -> None:
    text = "President Tokayev received Secretary-General Zhang Ming, who took office on 1 January."
    dated = claims(kb, text, "2026-11-23", doc_date="2022-03-01")
    assert [(c.verdict, c.parsed.subjects) for c in dated] == [
        ("supported", ["person:zhang-ming"])
    ]
    # with no date for the text, "1 January" has no year: no alarm is raised on a guessed one
    undated = claims(kb, text, "2026-11-23")
    assert not [c for c in undated if c.verdict in ALARMS]


def test_a_hedging_adjective_hedges_only_the_noun_it_qualifies(kb: KnowledgeBase) -> None:
    # "future" qualifies "development", not the organization's six members
    text = "The new charter gives a legal base for the future development of the six-nation SCO."
    got = claims(kb, text, "2026-11-23", doc_date="2002-06-07")
    assert [(c.type, c.verdict) for c in got] == [("member_count", "outdated")]
    # right before the status noun it hedges the claim, in Russian as in English
    for future in ("Moscow backs the future SCO members India and Pakistan.",
                   "Москва поддерживает будущих членов ШОС — Индию и Пакистан."):
        verdicts = {c.verdict for c in claims(kb, future, "2026-11-23", doc_date="2015-07-10")}
        assert verdicts == {"unverifiable"}
    # an adverbial "in the future" still hedges the whole clause
    for later in ("В будущем Иран является членом ШОС.",
                  "Иран болашақта ШЫҰ-ға мүше болып табылады."):
        verdicts = {c.verdict for c in claims(kb, later, "2026-11-23", doc_date="2015-07-10")}
        assert verdicts == {"unverifiable"}


def test_a_summit_reported_as_under_way_dates_the_text_to_its_days(kb: KnowledgeBase) -> None:
    # Tashkent hosted the 2016 summit on 23-24 June (and the 2010 one): the day picks 2016
    report = check_text(kb, "24 июня в Ташкенте проходит саммит ШОС.", as_of="2026-11-23")
    assert report.dating_intervals == [["2016-06-23", "2016-06-25"]]
    kk = check_text(kb, "Ташкентте 24 маусымда ШЫҰ мемлекет басшылары кеңесі өтіп жатыр.",
                    as_of="2026-11-23")
    assert kk.dating_intervals == [["2016-06-23", "2016-06-25"]]
