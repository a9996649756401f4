"""An initiative the knowledge base does not name becomes an event only when the words next to
its noun say what it is; otherwise a reader could not tell which initiative was meant."""

from __future__ import annotations

import pytest

from igokit.analysis.events.extract import extract_events
from igokit.api import KnowledgeBase


@pytest.mark.parametrize("text, start", [
    ("Kazakhstan proposed the initiative to create an SCO centre for combating drug "
     "trafficking.", "to create"),
    ("Казахстан выдвинул инициативу о создании в ШОС центра по борьбе с наркотиками.",
     "о создании"),
    ("Қазақстан ШЫҰ аясында су ресурстары орталығын құру бастамасын ұсынды.", "аясында"),
])
def test_an_unnamed_initiative_that_says_what_it_is_is_proposed(kb: KnowledgeBase, text: str,
                                                                start: str) -> None:
    (event,) = [e for e in extract_events(text, kb=kb) if e.type == "initiative_proposed"]
    assert event.actors == ["KAZ"] and (event.object or "").startswith(start)


@pytest.mark.parametrize("text", [
    "Kazakhstan's initiatives include updated cooperation programmes on energy.",
    "Инициативы Казахстана в качестве председателя были поддержаны.",
    "Қазақстанның бастамалары құжатты қабылдау бойынша қолдау тапты.",
])
def test_words_that_do_not_name_an_initiative_make_no_event(kb: KnowledgeBase,
                                                            text: str) -> None:
    assert not [e for e in extract_events(text, kb=kb) if e.type.startswith("initiative_")]


@pytest.mark.parametrize("text", [
    "On the initiative of Kazakhstan's president, 2024 was declared the Year of Ecology "
    "in the SCO.",
    "По инициативе Казахстана 2024 год объявлен Годом экологии в ШОС.",
])
def test_on_the_initiative_of_a_state_a_named_initiative_is_proposed_and_adopted(
        kb: KnowledgeBase, text: str) -> None:
    events = {e.type: e for e in extract_events(text, kb=kb)}
    proposed, adopted = events["initiative_proposed"], events["initiative_adopted"]
    assert proposed.actors == ["KAZ"]
    assert proposed.object == adopted.object == "initiative:sco-year-of-ecology-2024"
    # 2024 is in the initiative's name, not the date of either step
    assert proposed.date is None and adopted.date is None
