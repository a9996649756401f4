"""The claim checker's cue words, compiled from the rules file ``data/claims/cues.v1.yaml``.

The words themselves are data a domain expert edits (docs/claim-rules.md); this module only
reads, checks and compiles them. No library recognises "мүше мемлекет" as a membership status
or "күтілуде" as a hedge, so the lists are curated by hand. Patterns are matched on lower-cased
sentences (ё read as е).

A bad rules file raises :class:`~igokit.errors.DataError` naming ``file:line`` and the fragment.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from igokit.errors import DataError
from igokit.kb.freshness import data_dir
from igokit.kb.yamlfile import Record, load_mapping

LANGS = ("en", "ru", "kk")
_BOUNDS = {
    "both": (r"(?<![\w-])(?:", r")(?![\w-])"),
    "left": (r"(?<![\w-])(?:", ")"),
    "none": ("(?:", ")"),
}


def default_rules_path() -> Path:
    return data_dir() / "claims" / "cues.v1.yaml"


@dataclass(frozen=True, slots=True)
class AccessionCue:
    relation: str
    pattern: re.Pattern[str]


@dataclass(frozen=True, slots=True)
class StatusMerger:
    org: str
    day: dt.date
    merged: frozenset[str]
    into: str


class Rules:
    """Every group of the rules file, checked and compiled."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or default_rules_path()
        data, problems = load_mapping(self.path, self.path.name)
        if data is None:
            raise DataError(problems)
        self.problems = problems
        self.data = data
        self.name = self.path.name

    # -- reading -------------------------------------------------------------------------------
    def where(self, node: Any) -> str:
        return node.where if isinstance(node, Record) else f"{self.name}:1"

    def group(self, key: str, default_boundary: str = "both") -> str:
        """The group's fragments as one alternation (not compiled), wrapped as it says."""
        node = self.data.get(key)
        if not isinstance(node, Record):
            self.problems.append(f"{self.name}:1: group {key!r} is missing")
            return "(?!)"
        return self._alternation(node, key, default_boundary)

    def _alternation(self, node: Record, key: str, default_boundary: str = "both") -> str:
        boundary = node.get("boundary", default_boundary)
        if boundary not in _BOUNDS:
            self.problems.append(f"{node.where}: {key}: boundary must be both, left or none")
            boundary = "both"
        frags = [f for lang in LANGS for f in self._fragments(node, lang, key)]
        out = []
        if frags:
            left, right = _BOUNDS[boundary]
            out.append(left + "|".join(frags) + right)
        out += self._fragments(node, "raw", key)
        for unknown in set(node) - {*LANGS, "raw", "boundary"}:
            self.problems.append(f"{node.where}: {key}: unknown key {unknown!r}")
        return "|".join(out) if out else "(?!)"

    def _fragments(self, node: Record, lang: str, key: str) -> list[str]:
        value = node.get(lang) or []
        if not isinstance(value, list):
            self.problems.append(f"{node.where}: {key}.{lang} must be a list of patterns")
            return []
        good = []
        for i, frag in enumerate(value, 1):
            try:
                re.compile(str(frag))
            except re.error as exc:
                self.problems.append(f"{node.where}: {key}.{lang} pattern {i} {frag!r}: {exc}")
                continue
            good.append(str(frag))
        return good

    def compile(self, key: str, default_boundary: str = "both") -> re.Pattern[str]:
        return re.compile(self.group(key, default_boundary))

    def ordered(self, key: str, label: str) -> list[tuple[str, str]]:
        """(value, alternation) pairs of a list group such as ``status_nouns``."""
        out = []
        for item in self.data.get(key) or []:
            if not isinstance(item, Record) or not isinstance(item.get(label), str):
                self.problems.append(f"{self.where(item)}: {key}: each entry needs a {label!r}")
                continue
            frags = [f for lang in LANGS for f in self._fragments(item, lang, key)]
            if frags:
                out.append((item[label], "|".join(frags)))
        return out

    def mapping(self, key: str) -> dict[str, Any]:
        node = self.data.get(key)
        if not isinstance(node, dict):
            self.problems.append(f"{self.name}:1: group {key!r} must be a mapping")
            return {}
        return dict(node)

    def check(self) -> None:
        if self.problems:
            raise DataError(self.problems)


def _load(path: Path | None = None) -> dict[str, Any]:
    r = Rules(path)
    out: dict[str, Any] = {}
    out["STATUS_PATTERNS"] = r.ordered("status_nouns", "status")
    out["STATUS_RE"] = re.compile(
        r"(?<![\w-])(?:"
        + "|".join(f"(?P<s{i}>{p})" for i, (_, p) in enumerate(out["STATUS_PATTERNS"]))
        + ")"
    )
    out["ACCESSION"] = [
        AccessionCue(rel, re.compile(r"(?<![\w-])(?:" + p + ")"))
        for rel, p in r.ordered("accession_events", "relation")
    ]
    for name, key, boundary in [
        ("JOINED_RE", "joined", "left"),
        ("GRANTED_MEMBERSHIP_RE", "granted_membership", "left"),
        ("MEMBERSHIP_NOUN_RE", "membership_noun", "left"),
        ("SIGNED_RE", "signed", "left"),
        ("JOIN_RE", "join_verbs", "left"),
        ("ATTRIBUTION_RE", "attribution", "both"),
        ("NEGATION_RE", "negation", "both"),
        ("HEDGE_RE", "hedge", "both"),
        ("HEDGE_ADJECTIVE_RE", "hedge_adjectives", "both"),
        ("PREDICTION_RE", "prediction", "both"),
        ("PAST_RE", "past", "both"),
        ("PAST_VERB_RE", "past_verb", "both"),
        ("PRESENT_RE", "present", "both"),
        ("CURRENT_RE", "current", "both"),
        ("NOT_YET_RE", "not_yet", "both"),
        ("CHAIR_RE", "chair", "left"),
        ("CHAIR_VERB_RE", "chair_verb", "left"),
        ("HANDOVER_RE", "handover", "left"),
        ("PRESIDING_PERSON_RE", "presiding_person", "both"),
        ("CHAIR_TITLE_AFTER_RE", "chair_title_after", "none"),
        ("COUNT_TIMES_RE", "count_times", "both"),
        ("SUMMIT_RE", "summit", "left"),
        ("UPCOMING_RE", "upcoming", "both"),
        ("ONGOING_RE", "ongoing", "both"),
        ("HEADS_OF_GOVERNMENT_RE", "heads_of_government", "none"),
        ("FOUNDING_RE", "founding", "left"),
        ("FOUNDER_RE", "founder", "left"),
        ("PREDECESSOR_RE", "predecessor", "none"),
        ("SEAT_RE", "seat", "left"),
        ("SECRETARY_GENERAL_RE", "secretary_general", "left"),
        ("HEADS_RE", "heads", "left"),
        ("FIRST_RE", "first", "both"),
        ("ORDINAL_RELATIVE_RE", "ordinal_relative", "none"),
        ("REBUTTAL_RE", "rebuttal", "both"),
        ("NOW_RE", "now", "both"),
        ("RELATIVE_TIME_RE", "relative_time", "both"),
        ("SINCE_PHRASE_RE", "since_phrase", "both"),
        ("DIRECTOR_RE", "director", "left"),
        ("PARTITIVE_BEFORE_RE", "partitive_before", "none"),
        ("PARTITIVE_AFTER_RE", "partitive_after", "none"),
        ("UNITES_RE", "unites", "left"),
        ("MEMBER_LIST_RE", "member_list_verbs", "both"),
        ("COMPOUND_COUNT_RE", "compound_count", "none"),
        ("COUNT_PREDICATE_RE", "count_predicates", "left"),
        ("GOVERNING_BEFORE_RE", "governing_before", "none"),
        ("GOVERNING_ENDING_RE", "governing_ending", "none"),
        ("PERFECT_SINCE_RE", "perfect_since", "left"),
        ("CLAUSE_BREAK_RE", "clause_breaks", "none"),
        ("NOT_A_PLACE_RE", "not_a_place_after", "none"),
        ("DEADLINE_BEFORE_RE", "deadline_before", "none"),
        ("DEADLINE_AFTER_RE", "deadline_after", "none"),
    ]:
        out[name] = r.compile(key, boundary)
    # the adjectives are hedges too, listed once: tried first at each position
    out["HEDGE_RE"] = re.compile(r.group("hedge_adjectives") + "|" + r.group("hedge"))
    out["OTHER_SUMMIT_RE"] = re.compile(
        "(?:" + r.group("other_summit", "none") + r")[\w\s-]{0,25}$"
    )
    bodies = r.mapping("body_words")
    sec = "|".join(bodies.get("secretariat") or ["(?!)"])
    rats = "|".join(bodies.get("rats") or ["(?!)"])
    out["BODY_WORDS_RE"] = re.compile(rf"(?<![\w-])(?:({sec})|({rats}))(?![\w-])")
    from igokit.text.numbers import NUMBER_WORDS  # the one list of cardinal number words

    ordinals: dict[str, int] = dict(NUMBER_WORDS)
    for words in r.mapping("ordinals").values():
        ordinals.update({str(k): int(v) for k, v in dict(words).items()})
    out["ORDINALS"] = ordinals
    stems: list[tuple[str, int]] = []
    for words in r.mapping("summit_ordinals").values():
        stems += [(str(k), int(v)) for k, v in dict(words).items()]
    # longest stems first: "twenty-first" before "first", "пятнадцат" before "пят"
    out["SUMMIT_ORDINALS"] = sorted(stems, key=lambda x: -len(x[0]))
    out["COUNT_UNITS"] = {str(k): str(v) for k, v in r.mapping("count_units").items()}
    out["STATUS_WORDS"] = {str(k): str(v) for k, v in r.mapping("status_labels").items()}
    out["GAP_WORDS"] = frozenset(
        str(w).lower() for words in r.mapping("gap_words").values() for w in words
    )
    head = r.mapping("headline")
    out["HEADLINE_MAX_WORDS"] = int(head.get("max_words", 14))
    verb_cues = head.get("verb_cues")
    out["HEADLINE_VERB_RE"] = (
        re.compile(r._alternation(verb_cues, "headline.verb_cues"))
        if isinstance(verb_cues, Record)
        else re.compile("(?!)")
    )
    merger = r.mapping("status_merger")
    out["STATUS_MERGER"] = StatusMerger(
        str(merger.get("org", "SCO")),
        dt.date.fromisoformat(str(merger.get("day", "2025-09-01"))),
        frozenset(merger.get("merged") or []),
        str(merger.get("into", "partner")),
    )
    out["DETECTOR_ORDER"] = [str(x) for x in r.data.get("detectors") or []]
    out["CHAIR_ROTATION_DAYS"] = int(r.data.get("chair_rotation_days") or 366)
    out["STEP_NEWS_DAYS"] = int(r.data.get("step_news_days") or 31)
    out["RULES_VERSION"] = f"{r.name} (version {r.data.get('version', '?')})"
    r.check()
    return out


def validate_rules(path: Path) -> list[str]:
    """Every problem in a rules file (``file:line: message``); empty when it is good."""
    try:
        _load(path)
    except DataError as exc:
        return exc.problems
    return []


_RULES = _load()

STATUS_PATTERNS: list[tuple[str, str]] = _RULES["STATUS_PATTERNS"]
STATUS_RE: re.Pattern[str] = _RULES["STATUS_RE"]
ACCESSION: list[AccessionCue] = _RULES["ACCESSION"]
JOINED_RE: re.Pattern[str] = _RULES["JOINED_RE"]
GRANTED_MEMBERSHIP_RE: re.Pattern[str] = _RULES["GRANTED_MEMBERSHIP_RE"]
MEMBERSHIP_NOUN_RE: re.Pattern[str] = _RULES["MEMBERSHIP_NOUN_RE"]
SIGNED_RE: re.Pattern[str] = _RULES["SIGNED_RE"]
JOIN_RE: re.Pattern[str] = _RULES["JOIN_RE"]
ATTRIBUTION_RE: re.Pattern[str] = _RULES["ATTRIBUTION_RE"]
NEGATION_RE: re.Pattern[str] = _RULES["NEGATION_RE"]
HEDGE_RE: re.Pattern[str] = _RULES["HEDGE_RE"]
HEDGE_ADJECTIVE_RE: re.Pattern[str] = _RULES["HEDGE_ADJECTIVE_RE"]
PREDICTION_RE: re.Pattern[str] = _RULES["PREDICTION_RE"]
PAST_RE: re.Pattern[str] = _RULES["PAST_RE"]
PAST_VERB_RE: re.Pattern[str] = _RULES["PAST_VERB_RE"]
PRESENT_RE: re.Pattern[str] = _RULES["PRESENT_RE"]
CURRENT_RE: re.Pattern[str] = _RULES["CURRENT_RE"]
NOT_YET_RE: re.Pattern[str] = _RULES["NOT_YET_RE"]
CHAIR_RE: re.Pattern[str] = _RULES["CHAIR_RE"]
CHAIR_VERB_RE: re.Pattern[str] = _RULES["CHAIR_VERB_RE"]
HANDOVER_RE: re.Pattern[str] = _RULES["HANDOVER_RE"]
PRESIDING_PERSON_RE: re.Pattern[str] = _RULES["PRESIDING_PERSON_RE"]
CHAIR_TITLE_AFTER_RE: re.Pattern[str] = _RULES["CHAIR_TITLE_AFTER_RE"]
COUNT_TIMES_RE: re.Pattern[str] = _RULES["COUNT_TIMES_RE"]
ORDINALS: dict[str, int] = _RULES["ORDINALS"]
SUMMIT_ORDINALS: list[tuple[str, int]] = _RULES["SUMMIT_ORDINALS"]
SUMMIT_RE: re.Pattern[str] = _RULES["SUMMIT_RE"]
UPCOMING_RE: re.Pattern[str] = _RULES["UPCOMING_RE"]
ONGOING_RE: re.Pattern[str] = _RULES["ONGOING_RE"]
HEADS_OF_GOVERNMENT_RE: re.Pattern[str] = _RULES["HEADS_OF_GOVERNMENT_RE"]
OTHER_SUMMIT_RE: re.Pattern[str] = _RULES["OTHER_SUMMIT_RE"]
FOUNDING_RE: re.Pattern[str] = _RULES["FOUNDING_RE"]
FOUNDER_RE: re.Pattern[str] = _RULES["FOUNDER_RE"]
PREDECESSOR_RE: re.Pattern[str] = _RULES["PREDECESSOR_RE"]
SEAT_RE: re.Pattern[str] = _RULES["SEAT_RE"]
SECRETARY_GENERAL_RE: re.Pattern[str] = _RULES["SECRETARY_GENERAL_RE"]
HEADS_RE: re.Pattern[str] = _RULES["HEADS_RE"]
FIRST_RE: re.Pattern[str] = _RULES["FIRST_RE"]
ORDINAL_RELATIVE_RE: re.Pattern[str] = _RULES["ORDINAL_RELATIVE_RE"]
REBUTTAL_RE: re.Pattern[str] = _RULES["REBUTTAL_RE"]
NOW_RE: re.Pattern[str] = _RULES["NOW_RE"]
RELATIVE_TIME_RE: re.Pattern[str] = _RULES["RELATIVE_TIME_RE"]
SINCE_PHRASE_RE: re.Pattern[str] = _RULES["SINCE_PHRASE_RE"]
DIRECTOR_RE: re.Pattern[str] = _RULES["DIRECTOR_RE"]
BODY_WORDS_RE: re.Pattern[str] = _RULES["BODY_WORDS_RE"]
PARTITIVE_BEFORE_RE: re.Pattern[str] = _RULES["PARTITIVE_BEFORE_RE"]
PARTITIVE_AFTER_RE: re.Pattern[str] = _RULES["PARTITIVE_AFTER_RE"]
UNITES_RE: re.Pattern[str] = _RULES["UNITES_RE"]
MEMBER_LIST_RE: re.Pattern[str] = _RULES["MEMBER_LIST_RE"]
COMPOUND_COUNT_RE: re.Pattern[str] = _RULES["COMPOUND_COUNT_RE"]
COUNT_PREDICATE_RE: re.Pattern[str] = _RULES["COUNT_PREDICATE_RE"]
GOVERNING_BEFORE_RE: re.Pattern[str] = _RULES["GOVERNING_BEFORE_RE"]
GOVERNING_ENDING_RE: re.Pattern[str] = _RULES["GOVERNING_ENDING_RE"]
PERFECT_SINCE_RE: re.Pattern[str] = _RULES["PERFECT_SINCE_RE"]
CLAUSE_BREAK_RE: re.Pattern[str] = _RULES["CLAUSE_BREAK_RE"]
NOT_A_PLACE_RE: re.Pattern[str] = _RULES["NOT_A_PLACE_RE"]
DEADLINE_BEFORE_RE: re.Pattern[str] = _RULES["DEADLINE_BEFORE_RE"]
DEADLINE_AFTER_RE: re.Pattern[str] = _RULES["DEADLINE_AFTER_RE"]
COUNT_UNITS: dict[str, str] = _RULES["COUNT_UNITS"]
STATUS_WORDS: dict[str, str] = _RULES["STATUS_WORDS"]
GAP_WORDS: frozenset[str] = _RULES["GAP_WORDS"]
HEADLINE_MAX_WORDS: int = _RULES["HEADLINE_MAX_WORDS"]
HEADLINE_VERB_RE: re.Pattern[str] = _RULES["HEADLINE_VERB_RE"]
STATUS_MERGER: StatusMerger = _RULES["STATUS_MERGER"]
RULES_VERSION: str = _RULES["RULES_VERSION"]
DETECTOR_ORDER: list[str] = _RULES["DETECTOR_ORDER"]
CHAIR_ROTATION_DAYS: int = _RULES["CHAIR_ROTATION_DAYS"]
STEP_NEWS_DAYS: int = _RULES["STEP_NEWS_DAYS"]


def status_of_match(m: re.Match[str]) -> str:
    for i, (status, _) in enumerate(STATUS_PATTERNS):
        if m.group(f"s{i}"):
            return status
    raise ValueError("no status group matched")


# A month name in the last word of the text. Each branch is tried only where a word starts and
# commits to the word's first month stem ((?>...)): a search that tried every position of a long
# word ("aprapr...") would rescan the word's rest from each and take quadratic time. It finds a
# match exactly when the plain "(?:jan|...)[a-z]*\.?\s*$" does (only whether it does is used).
_MONTH_BEFORE = re.compile(
    r"(?<![a-z])(?>[a-z]*?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec))[a-z]*+\.?\s*$|"
    r"(?<!\w)(?>\w*?(?:январ|феврал|март|апрел|ма[йя]|июн|июл|август|сентябр|октябр|ноябр|декабр))"
    r"\w*+\s*$|"
    r"(?<!\w)(?>\w*?(?:қаңтар|ақпан|наурыз|сәуір|мамыр|маусым|шілде|тамыз|қыркүйек|қазан|қараша|"
    r"желтоқсан))\w*+\s*$"
)
_ORDINAL_BEFORE = re.compile(
    r"(?<![\w-])(?:(\d{1,2})(?:st|nd|rd|th|-?й|-?го|-?м|-?ом|-ші|-шы|-ы|-і)?|([a-zа-яәғқңөұүһі-]+))"
    r"\s+(?:[\w-]+\s+){0,2}$"
)


def ordinal_before(text: str) -> int | None:
    """The ordinal number just before a noun ("the tenth summit", "10-го саммита",
    "оныншы саммиті"): the last word or number of ``text`` (lower-cased), or None.

    >>> ordinal_before("the tenth "), ordinal_before("в рамках 10-го "), ordinal_before("june 7th ")
    (10, 10, None)
    """
    for m in re.finditer(r"(?<![\w-])(\d{1,2})(?:st|nd|rd|th|-?й|-?го|-?м|-?ом|-ші|-шы)(?![\w])",
                         text):
        if _MONTH_BEFORE.search(text[: m.start()]):
            continue  # "the June 7th summit": a day of the month
        if text[m.end():].strip() in ("", "summit", "саммит") or len(text) - m.end() < 4:
            return int(m.group(1))
    words = re.findall(r"[a-zа-яәғқңөұүһі-]+", text)
    for w in reversed(words[-2:]):
        for stem, n in SUMMIT_ORDINALS:
            if w.startswith(stem):
                return n
    return None


def accession_relation(text: str) -> tuple[str, re.Match[str]] | None:
    """The first accession step named in ``text`` (lower-cased), with its match."""
    for cue in ACCESSION:
        m = cue.pattern.search(text)
        if m:
            return cue.relation, m
    return None
