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
