"""Words that signal claims, statuses, negation and hedging in English, Russian and Kazakh.

Hand-written on purpose: no library recognises "мүше мемлекет" as a membership status or
"күтілуде" as a hedge. Patterns are matched on lower-cased sentences, at word starts (stems).
"""

from __future__ import annotations

import re

# Status words → status value. Longer phrases first (they are tried in this order).
STATUS_PATTERNS: list[tuple[str, str]] = [
    (r"found(?:ing|er)\w*(?:\s+(?:member|state|countr)\w*)?", "founder"),
    (r"государств\w*[\s-]+основател\w*|основател\w*|учредител\w*", "founder"),
    (r"негізін\s+қалаушы\w*|құрылтайшы\w*", "founder"),
    (r"dialogue[\s-]+partner\w*", "dialogue_partner"),
    (r"партн[её]р\w*\s+по\s+диалогу", "dialogue_partner"),
    (r"диалог\w*\s+(?:бойынша\s+)?серіктес\w*", "dialogue_partner"),
    (r"observer\w*", "observer"),
    (r"государств\w*[\s-]+наблюдател\w*|наблюдател\w*", "observer"),
    (r"бақылаушы\w*|байқаушы\w*", "observer"),
    (r"full[\s-]+(?:fledged\s+)?member\w*", "member"),
    (r"member[\s-]+(?:state|countr)\w*", "member"),
    (r"member\w*", "member"),
    (r"полноправн\w+\s+член\w*", "member"),
    (r"государств\w*[\s-]+член\w*", "member"),
    (r"член\w*", "member"),
    (r"толық\s+құқылы\s+мүше\w*", "member"),
    (r"мүше\w*", "member"),
    (r"partner\w*", "partner"),
    (r"партн[её]р\w*", "partner"),
    (r"серіктес\w*", "partner"),
]
STATUS_RE = re.compile(
    r"(?<![\w-])(?:" + "|".join(f"(?P<s{i}>{p})" for i, (p, _) in enumerate(STATUS_PATTERNS)) + ")"
)


def status_of_match(m: re.Match[str]) -> str:
    for i, (_, status) in enumerate(STATUS_PATTERNS):
        if m.group(f"s{i}"):
            return status
    raise ValueError("no status group matched")


NEGATION_RE = re.compile(
    r"(?<![\w-])(?:not|never|no\s+longer|isn't|wasn't|aren't|neither|nor|"
    r"не|нет|ни|никогда|больше\s+не|"
    r"емес\w*|жоқ|ешқашан)(?![\w-])"
    # Kazakh verbal negation: -ма/-ме/-ба/-бе/-па/-пе before person/tense endings
    r"|(?<=[а-яәғқңөұүһі])(?:ма|ме|ба|бе|па|пе)(?:ды|ді|ған|ген|йды|йді|йтын|с|йсың|ймын)"
    r"(?![\w-])"
)

HEDGE_RE = re.compile(
    r"(?<![\w-])(?:expect\w*|may|might|could|would|will|shall|plan\w*|intend\w*|aim\w*|"
    r"likely|possibl\w*|probabl\w*|hope\w*|seek\w*|aspir\w*|appl(?:y|ied|ies|ication)\w*|"
    r"candidate\w*|prospective|future|reportedly|allegedly|if|whether|rumou?r\w*|consider\w*|"
    r"ожида\w*|может|могут|мог\w*|будет|будут|станет|стан(?:ут|ет)|планир\w*|намер\w*|"
    r"вероятн\w*|возможн\w*|предполож\w*|рассматрива\w*|заявк\w*|кандидат\w*|если|"
    r"стремит\w*|надеет\w*|вряд|следующ\w*|ближайш\w*|"
    r"күтіл\w*|мүмкін\w*|жоспар\w*|ниет\w*|болмақ|болады|үміттен\w*|өтінім\w*|кандидат\w*|"
    r"ықтимал\w*|бәлкім|келесі|болашақта|next|upcoming)(?![\w-])"
)

PAST_RE = re.compile(
    r"(?<![\w-])(?:was|were|had\s+been|used\s+to|formerly|previously|once|until|"
    r"был|была|было|были|являл\w*|прежде|ранее|до\s+\d{4}|"
    r"болған|болды|болатын|бұрын|еді)(?![\w-])"
)

#: Past-tense verb forms (en -ed, ru -л/-ла/-ли, kk -ды/-ді/-ған/-ген), a cheap tense cue: a
#: title or role in a past-tense sentence describes its own time, not the reference date.
PAST_VERB_RE = re.compile(
    r"(?<![\w-])(?:\w{2,}(?:ed|ought|ook|ent)|said|met|led|held|took|gave|"
    r"\w{2,}(?:ал|ял|ил|ел|ыл|ул)(?:а|о|и)?(?:сь|ся)?|"
    r"\w{2,}(?:ды|ді|ты|ті|ған|ген|қан|кен)(?:ы|і)?)(?![\w-])"
)
CHAIR_RE = re.compile(
    r"(?<![\w-])(?:chair\w*|presid(?:e|es|ed|ing|ency)\b|"
    r"председател\w*|председательств\w*|"
    r"төрағалы\w*|төраға\w*|төрағалық\w*)"
)
HANDOVER_RE = re.compile(
    r"(?<![\w-])(?:hand\w*\s+over|handed|(?:passed|took|taken|received)\s+(?:the\s+)?"
    r"(?:baton|chair\w*)|"
    r"transferr\w*|передал\w*|передач\w*|передаст|тапсыр\w*)"
)
COUNT_TIMES_RE = re.compile(
    r"(?<![\w-])(?:(?P<ord>first|second|third|fourth|fifth|sixth|первый|второй|третий|четв[её]ртый|"
    r"пятый|бірінші|екінші|үшінші|төртінші|бесінші)\s+(?:time|раз|рет)\w*"
    r"|(?P<num>twice|дважды|трижды|(?:one|two|three|four|five|six|\d{1,2}|один|два|три|"
    r"четыре|пять|шесть|бір|екі|үш|төрт|бес|алты)\s+(?:times|раз\w*|рет)))(?![\w-])"
)
ORDINALS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "первый": 1,
    "второй": 2,
    "третий": 3,
    "четвертый": 4,
    "четвёртый": 4,
    "пятый": 5,
    "бірінші": 1,
    "екінші": 2,
    "үшінші": 3,
    "төртінші": 4,
    "бесінші": 5,
    "once": 1,
    "twice": 2,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "дважды": 2,
    "трижды": 3,
    "один": 1,
    "два": 2,
    "три": 3,
    "четыре": 4,
    "пять": 5,
    "шесть": 6,
    "бір": 1,
    "екі": 2,
    "үш": 3,
    "төрт": 4,
    "бес": 5,
    "алты": 6,
}

SUMMIT_RE = re.compile(
    r"(?<![\w-])(?:summit\w*|саммит\w*|"
    r"council\s+of\s+(?:the\s+)?heads\s+of\s+(?:state|government)\w*|"
    r"совет\w*\s+глав\s+(?:государств|правительств)\w*|"
    r"мемлекет\s+басшылары\s+кеңес\w*|үкімет\s+басшылары\s+кеңес\w*|"
    r"(?:gathering|meeting)\s+of\s+(?:the\s+)?heads\s+of\s+(?:state|government)|"
    r"встреч\w*\s+глав\s+(?:государств|правительств)|заседани\w*\s+совета\s+глав)"
)
HEADS_OF_GOVERNMENT_RE = re.compile(
    r"heads\s+of\s+government|prime\s+minister|глав\s+правительств|премьер|"
    r"үкімет\s+басшылары"
)

FOUNDING_RE = re.compile(
    r"(?<![\w-])(?:found(?:ed|ing)|establish\w*|creat(?:ed|ion)|set\s+up|born|proclaim\w*|"
    r"провозглаш\w*|жария\w*|"
    r"основан\w*|основал\w*|создан\w*|учрежд\w*|"
    r"құрыл\w*|негізі\s+қаланған)"
)
FOUNDER_RE = re.compile(
    r"(?<![\w-])(?:found(?:ing|er)\w*|original|основател\w*|учредител\w*|"
    r"государств\w*-основател\w*|құрылтайшы\w*)"
)

SEAT_RE = re.compile(
    r"(?<![\w-])(?:headquarter\w*|based|located|seat\w*|sits|hosted|"
    r"штаб-квартир\w*|располож\w*|располага\w*|находит\w*|базир\w*|"
    r"орналасқан|штаб-пәтер\w*|орталығы)|"
    r"(?<=[а-яәғқңөұүһі])(?:дағы|дегі|тағы|тегі)(?![\w-])"
)

SECRETARY_GENERAL_RE = re.compile(
    r"(?<![\w-])(?:secretary[\s-]+general|генеральн\w+\s+секретар\w*|генсек\w*|"
    r"бас\s+хатшы\w*)"
)
#: "heads the Secretariat", "возглавляет Исполком РАТС", "құрылымын басқарады"
HEADS_RE = re.compile(
    r"(?<![\w-])(?:head\w*|lead\w*|возглав\w*|руковод\w*|басқар\w*|"
    r"басшы\w*)"
)
FIRST_RE = re.compile(r"(?<![\w-])(?:first|первы\w+|бірінші)(?![\w-])")
DIRECTOR_RE = re.compile(
    r"(?<![\w-])(?:director\w*|head\s+of\s+(?:the\s+)?(?:rats|executive\s+committee)|"
    r"директор\w*|директоры\w*)"
)
#: Joining without a status word means becoming a member ("Iran joined the SCO in 2023").
JOINED_RE = re.compile(
    r"(?<![\w-])(?:join\w*|admitted|accession|acceded|вступ\w*|присоедин\w*|принят[аоы]?|"
    r"қосыл\w*|кірді|қабылдан\w*)"
)
#: Chairing as an act (a verb), not just the noun "Kazakhstan's chairmanship".
CHAIR_VERB_RE = re.compile(
    r"(?<![\w-])(?:chairs|chaired|chairing|presides|presided|presiding|"
    r"(?:holds|held|hold|holding|assum\w+|took\s+over|takes\s+over|taken\s+over|took\s+on|"
    r"handed\s+over|passed|current|serving\s+as|acts?\s+as|acted\s+as)\s+(?:the\s+)?"
    r"(?:[\w'’-]+\s+){0,2}(?:chair|presiden)|rests\s+with|lies\s+with|"
    r"председательствующ\w*|принадлежа\w*|перешл\w*\s+к|"
    r"председательств(?:ует|овал|овала|овали|уя|ует)|принял\w*\s+председательств|"
    r"(?:в\s+качестве|является|нынешн\w+)\s+председател|"
    r"төрағалық\s+(?:етеді|етті|етуде|еткен|етіп\s+отыр)\w*|"
    r"төрағалықты\s+(?:қабылда|алды|тапсыр)\w*|"
    r"төраға\s+(?:ретінде|болды|болып))"
)
JOIN_RE = re.compile(
    r"(?<![\w-])(?:join\w*|admitted|admission|accession|acceded|became|become|"
    r"вступ\w*|присоедин\w*|принят\w*|стал\w*|получил\w*|"
    r"қосыл\w*|кірді|мүше\s+болды|алды|болды)"
)

#: Words allowed between a country and its status word ("Iran is a full member", "Беларусь стала
#: десятым государством-членом", "Моңғолия ... байқаушы мәртебесіне ие").
_GAP_TEXT = """
is was are were has have had been be became become becomes remains remained remain also now
already still a an the full fully fledged officially formally one of its their as and , ( ) : —
– - sco sco's currently today permanent new
not no longer never yet expected to may might could will would soon likely set plans planned
takes take took part in participates participated holds held hold status joined join admitted
granted given get gets got gained obtained received among first second third ninth tenth
including include includes such other namely когда либо ближайшие ближайшее годы время
пока лишь only still ешқашан являющаяся являющийся являющиеся являющееся имеющий имеющая
имеющие имеющее статусом
monday tuesday wednesday thursday friday saturday sunday today yesterday on
понедельник вторник среду четверг пятницу субботу воскресенье во сегодня вчера
дүйсенбі сейсенбі сәрсенбі бейсенбі жұма сенбі жексенбі бүгін кеше күні
является являются являлся являлась был была были стал стала стали становится остается
остаются также уже официально полноправным полноправный полноправного полноправной полноправные
полноправными полноправное ныне сегодня в качестве не нет больше никогда ожидается что может
могут станет стать будет будут скоро вероятно входит входят число числе участвует участвовал
работе имеет имела статус статусом статуса при получила получил получили вступила вступил
приняли принята принят десятым девятым когда-либо подать заявку на вряд ли
болды болып табылады табылатын ретінде ресми түрде толық құқылы да де қазір енді жылы бүгінде
емес жоқ әлі мүмкін күтілуде болуы болады мәртебесіне мәртебесін мәртебесі ие алды алуы қосылды
болашақта толыққанды жақында қатарына кірмейді кіреді кірді оныншы тоғызыншы
"""
GAP_WORDS = frozenset(_GAP_TEXT.split())

#: Words in a claim that make its role current whatever the verb's tense.
CURRENT_RE = re.compile(
    r"(?<![\w-])(?:current\w*|presiding|incumbent|who\s+heads|председательствующ\w*|нынешн\w*|"
    r"действующ\w*|являющ\w*|имеющ\w*|возглавляющ\w*|атқарып\s+жүрген|"
    r"қазіргі|төрағалық\s+етуші)(?![\w-])"
)
#: "not yet", "still not": the negated fact held before and no longer does.
NOT_YET_RE = re.compile(r"(?<![\w-])(?:not\s+yet|yet|still|пока|ещ[её]|әлі)(?![\w-])")
#: An explicit present tense: only then is a verbless or noun-phrase status "outdated" when it
#: held at another time ("Belarus is an observer", "Беларусь — наблюдатель", "... мәртебесіне ие").
PRESENT_RE = re.compile(
    r"(?<![\w-])(?:is|are|has|have|now|currently|today|remains|still|holds|chairs|presides|"
    r"takes\s+part|participates|serves|"
    r"председательствует|"
    r"является|являются|сейчас|ныне|сегодня|остается|имеет|участвует|входит|"
    r"қазір|бүгінде|табылады|етеді|етуде|ие|болып\s+отыр|[\w-]+(?:ады|еді|йды|йді))(?![\w-])"
    r"|\s[—–]\s"
)
