"""A story's figures table's labels: the quantity as a person names it ("3,000 passengers
stranded", "magnitude", "time served") and whose it is ("age (larue)"), built from the
extracted fields and the words next to the figure where the fields name nothing: a figure with
no counted thing ("time closed", "times lied: three times"), an ordinal ("round: seventh"), a
time counted back from its report ("time since: a month"), one figure of a score or record
("record 40-42: losses"), a sentence's source misread as the counted thing ("officials expect
... 12,000"). Never a verb, adverb, adjective or preposition as the thing, nor a word that says
nothing happened as its event ("including", "following"); the owner only where the sentence
makes the name the figure's owner (not a place, a pronoun's antecedent, someone else's
possession). Also the word the table says for a figure's modality.

Pure functions over mentions and their sentences (the text each mention's offsets point into,
cut at its sentence_start); reader.stories.figure_entries labels an entry with them. No SQL,
no Textual.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence

from reader.figures.compare import event_restates_thing
from reader.figures.lexicon import FIGURE_ADVERBS, NOT_EVENTS
from reader.models import FigureMention
from reader.stories import quantities

#: How the table says a figure's modality (a projection is what someone expects).
MODALITY_WORDS = {"projected": "expected"}

SINCE = "time since"

#: Words after a time that count it back or forward from another moment, and what the
#: table calls such a time.
_RELATIVE = {
    "ago": SINCE,
    "earlier": "time before",
    "prior": "time before",
    "later": "time after",
}  # never "before" or "after": "would take two weeks before output resumes" is a length

#: Prepositions that tie a time or a sum to the verb before them ("closed for", "report within").
_PREPOSITIONS = frozenset({"for", "within", "in", "over", "after", "by", "of", "to", "on"})

#: Words before a figure that say nothing of what happened to it.
_EMPTY = frozenset(
    {
        "a", "an", "the", "is", "was", "are", "were", "be", "been", "being", "has", "had",
        "have", "and", "or", "but", "than", "that", "which", "who", "it", "its", "he", "she",
        "they", "we", "i", "you", "his", "her", "their", "our", "my", "just", "only", "some",
        "about", "nearly", "almost", "roughly", "around", "least", "most", "more", "less",
        "up", "with", "from", "at", "as", "this", "these", "those", "all", "also", "still",
        "then", "now", "would", "will", "could", "can", "may", "might", "should", "must",
        "not", "no", "so", "very", "well", "another", "other", "each", "every", "per",
    }
)  # fmt: skip

#: Who a sentence quotes: before a verb of saying or expecting, the figure is not theirs.
_SOURCES = frozenset(
    {
        "official", "officials", "police", "authorities", "authority", "analyst", "analysts",
        "expert", "experts", "spokesman", "spokeswoman", "spokesperson", "observers",
        "economists", "economist", "forecasters", "investigators", "prosecutors",
    }
)  # fmt: skip
_SAYING = frozenset(
    {
        "said", "say", "says", "expect", "expects", "expected", "estimate", "estimates",
        "estimated", "believe", "believes", "told", "warn", "warns", "warned", "predict",
        "predicts", "predicted", "fear", "fears", "feared", "reported", "report", "reports",
    }
)  # fmt: skip

_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")


def modality_word(modality: str) -> str:
    return MODALITY_WORDS.get(modality, modality)


def _before(mention: FigureMention, sentence: str) -> str:
    """The sentence's text before the figure, its qualifier ("up to", "about") left out."""
    cut = mention.start - mention.sentence_start
    if not 0 <= cut <= len(sentence):
        return ""
    before = sentence[:cut].rstrip()
    qualifier = mention.qualifier.strip()
    if qualifier and before.lower().endswith(qualifier.lower()):
        before = before[: -len(qualifier)].rstrip()
    return before


def _after(mention: FigureMention, sentence: str) -> str:
    cut = mention.end - mention.sentence_start
    return sentence[cut:] if 0 <= cut <= len(sentence) else ""


def done_before(mention: FigureMention, sentence: str) -> str:
    """What the verb right before a figure says was done ("closed for", "take", "lied"), ""
    where the words before it are no verb ("a month for six months", a name, "is")."""
    words = [w.lower() for w in _WORD.findall(_before(mention, sentence).split(",")[-1])]
    if len(words) > 1 and words[-1] in _OBJECTS:
        words = words[:-1]  # "did it eight times": what was done is "did"
    if words and words[-1] in _PREPOSITIONS:
        preposition, words = words[-1], words[:-1]
    else:
        preposition = ""
    if not words or not _verb(words[-1], words[-2] if len(words) > 1 else ""):
        return ""
    return f"{words[-1]} {preposition}".strip()


def _verb(word: str, previous: str) -> bool:
    """Whether ``word`` reads as a verb: a past or -ing form, a common irregular one, or a
    word after a modal or "to" ("will report", "to run")."""
    if word in _EMPTY or word in _PREPOSITIONS:
        return False
    return word.endswith(("ed", "ing")) or word in _IRREGULAR or previous in _MODALS


_OBJECTS = frozenset({"it", "them", "him", "her", "us", "me", "so"})
_MODALS = frozenset({"will", "would", "could", "can", "may", "might", "should", "must", "to"})


def counted_from(mention: FigureMention, sentence: str) -> str:
    """'time since' for a time counted back from its report ("a month ago"), 'time before' or
    'time after' for one counted from another moment ("a day earlier"); "" for a length."""
    words = _WORD.findall(_after(mention, sentence)[:20])
    return _RELATIVE.get(words[0].lower(), "") if words else ""


def occasion(mention: FigureMention, sentence: str) -> str:
    """What a 'for the third time' says happened, from the words before it: "retained his
    title" in "retained his title for the fifth time" ("" where none read)."""
    before = _before(mention, sentence)
    before = re.sub(r"\b(for|the|a)\s*$", "", before, flags=re.IGNORECASE).rstrip()
    before = re.sub(r"\b(for|the)\s*$", "", before, flags=re.IGNORECASE).rstrip()
    clause = re.split(r"[,;:()\"“”]|\b(?:and|but|after|when|while|as)\b", before)[-1]
    words = _WORD.findall(clause)
    for i, word in enumerate(words):
        lowered = word.lower()
        if lowered.endswith(("ed", "ing")) or lowered in _IRREGULAR:
            return " ".join(w if w[0].isupper() else w.lower() for w in words[i : i + 6])
    return ""


#: Past forms that end in neither -ed nor -ing (done_before reads any word; occasion a verb).
_IRREGULAR = frozenset(
    {
        "did", "done", "won", "lost", "held", "hit", "beat", "shot", "sent", "paid", "built",
        "led", "made", "met", "ran", "set", "took", "went", "came", "saw", "gave", "got",
        "became", "kept", "left", "put", "told", "wrote", "spoke", "struck", "threw", "fought",
        "broke", "hosted", "host", "win", "lose", "hold", "meet", "make", "take", "run", "lead",
        "visit", "face", "play",
    }
)  # fmt: skip


def source_not_thing(mention: FigureMention, sentence: str) -> bool:
    """Whether the counted thing read is the sentence's source ("officials expect the number
    could rise to 12,000"): a quoted source followed by a verb of saying or expecting."""
    written = (mention.noun_text or mention.noun).lower()
    if written.split()[-1:] and written.split()[-1] not in _SOURCES:
        return False
    lowered = sentence.lower()
    for found in re.finditer(re.escape(written), lowered):
        after = _WORD.findall(lowered[found.end() : found.end() + 30])
        if after and after[0] in _SAYING:
            return True
    return False


#: Events telling how a figure changed, not what happened to the thing counted.
_CHANGE_EVENTS = frozenset({"rose", "fell"})


def quantity_label(
    mentions: Sequence[FigureMention],
    form: str = "",
    rate: str = "",
    sentences: Sequence[str] = (),
) -> str:
    """'people killed': the counted thing as most reports write it, and its event ("age",
    "score 65-53, first figure" for figures whose form says what they are). ``sentences``
    (each mention's, where known) name what the fields do not."""
    read = list(zip(mentions, sentences, strict=False))
    if form == quantities.AGE:
        return "age"
    if form.startswith(quantities.PAIR_PREFIX):
        return pair_label(form, read)
    first = mentions[0]
    quoted = {id(m) for m, s in read if m.noun and source_not_thing(m, s)}
    written = Counter(
        m.noun_text.lower()
        for m in mentions
        if m.noun_text
        and id(m) not in quoted
        and names_a_thing(m.noun_text)
        and not (m.kind != "count" and _a_name(m, read))
    )
    noun = written.most_common(1)[0][0] if written else ""
    if not written and not first.noun_text and names_a_thing(first.noun) and not quoted:
        noun = first.noun
    if first.noun and quoted and not written and first.kind == "count":
        noun = "number"  # "officials expect the number could rise to 12,000": not officials
    events = Counter(m.event for m in mentions if happening(m.event))
    event = events.most_common(1)[0][0] if events else ""
    if event in _CHANGE_EVENTS and first.kind == "count":
        event = ""  # "could rise to 12,000": the count rises, not what it counts
    if event_restates_thing(event, noun, first.noun):
        event = ""  # "employs 6,200 employees": the event only echoes the thing
    thing = noun or quantities.measured(first)
    if first.kind == "measure" and first.unit and event == "measured":
        # "magnitude 6.1 struck": what was measured is its unit, not the word read after it
        thing, event = first.unit, ""
    if first.kind == "ordinal":
        thing = _ordinal_thing(noun or first.noun, event, read)
    elif first.kind == "duration" and not first.noun:
        thing, event = _time_thing(event, read)
    elif first.kind == "count" and first.noun == "count":
        # "one count of first-degree murder": the charge says what is counted ("count: one"
        # told two entries of one story apart by their values, not by their charges)
        charge = _most_said(_charge, read)
        thing = f"counts of {charge}" if charge else "counts"
        event = "" if charge else event  # the charge says what the count is of
    elif first.kind == "count" and (noun or first.noun) == "time":
        # "lied three times", "twice admitted": how often, and what was done that often
        thing, event = "times", event or _most_said(_done_verb, read)
    parts = [thing, event]
    if rate or first.rate:
        parts.append(rate or first.rate)  # the quantity's rate ("average" for 22.8 points)
    modality = Counter(m.modality for m in mentions).most_common(1)[0][0]
    if modality and modality != "reported":
        parts.append(f"({modality_word(modality)})")
    return " ".join(part for part in parts if part)


#: The charge after "count(s) of", up to where its phrase ends.
_CHARGE = re.compile(
    r"^\s*counts?\s+of\s+((?:[\w’'-]+\s+){0,3}?[\w’'-]+)"
    r"(?=\s*(?:[,.;:()]|$)|\s+(?:and|or|in|against|for|with|after|related|involving|on|,)\b)",
    re.IGNORECASE,
)


def _charge(mention: FigureMention, sentence: str) -> str:
    """The charge a count of charges names ("two counts of murder": "murder"), lowered; ""
    where none follows the figure."""
    found = _CHARGE.match(_after(mention, sentence))
    return found.group(1).lower() if found else ""


def _a_name(mention: FigureMention, read: Sequence[tuple[FigureMention, str]]) -> bool:
    """Whether a sum's or a measure's "thing" is a name written inside its sentence ('"Games"
    has already accumulated $459 million': the film, whose sum it is, not what is summed)."""
    words = mention.noun_text.split()
    if not words or not all(w[:1].isupper() for w in words):
        return False
    sentence = next((s for m, s in read if m is mention), "")
    at = sentence.find(mention.noun_text)
    return at > 0  # a capital opening a sentence marks no name by itself


def happening(event: str) -> bool:
    """Whether an extracted event says what happened to the thing ("killed", "served"), not a
    preposition or a judgement read in its place ("including", "whopping")."""
    return bool(event) and event.split()[0] not in NOT_EVENTS


#: Endings of adjectives ("100 percent preventable", "20 percent professional"): no thing.
_ADJECTIVE_ENDINGS = ("able", "ible", "ous", "ful", "ive", "less", "ional", "ish", "ic")
#: Nouns with an adjective's ending.
_NOUNS_LIKE_ADJECTIVES = frozenset(
    {"table", "cable", "vegetable", "variable", "executive", "detective", "relative",
     "native", "representative", "objective", "motive", "explosive", "missive", "clinic",
     "music", "topic", "mechanic", "critic", "traffic", "republic", "public", "epidemic",
     "professional", "national", "official", "regional", "ish", "fish"}
)  # fmt: skip


def names_a_thing(written: str) -> bool:
    """Whether the words read as a figure's counted thing end in a noun: not an adverb
    ("upfront", "overall"), an adjective ("preventable", "higher"), a verb phrase ("salaries
    don't hire") or a word in a verb's form with no noun before it."""
    words = _WORD.findall(written.lower())
    if not words:
        return False
    head = words[-1]
    if head in FIGURE_ADVERBS or head in _EMPTY or head in _PREPOSITIONS or head.endswith("ly"):
        return False
    if any(w.endswith(("n't", "n’t")) or w in ("don", "didn", "doesn") for w in words):
        return False  # a clause read on past the noun: "salaries don't hire"
    if head.endswith(_ADJECTIVE_ENDINGS) and head not in _NOUNS_LIKE_ADJECTIVES:
        return len(words) > 1 and not words[0].endswith(_ADJECTIVE_ENDINGS)
    return True


#: The words after a pair that say what it is, and what its two figures are called.
_PAIR_THINGS = {
    "record": ("wins", "losses"),
    "mark": ("wins", "losses"),
    "start": ("wins", "losses"),
    "run": ("", ""),
    "lead": ("", ""),
    "edge": ("", ""),
    "advantage": ("", ""),
    "halftime": ("", ""),
}
#: Words before a pair that make it a record ("fell to 15-17", "a record of 284-286").
#: Words a record goes on with ("58-3 with 51 knockouts", "33-2-1, 24 KOs").
_RECORD_AFTER = frozenset({"knockouts", "kos", "ko", "draws", "draw", "ties", "tie"})
_PAIR_WRITTEN = re.compile(r"\d[\d,]*\s?[-–—]\s?\d[\d,]*")
_RECORD_BEFORE = re.compile(
    r"\b(?:record|mark)\b[^,;()]*$|\b(?:fell|improved|dropped|moved|went)\s+(?:\w+\s+)?to\s*$",
    re.IGNORECASE,
)


def pair_label(form: str, read: Sequence[tuple[FigureMention, str]] = ()) -> str:
    """'record 40-42: losses', 'run 19-4, second figure', 'score 77-68, first figure': what
    the pair is (the word its sentences write after it, "record" where one before makes it
    one; else a score), and which of its two figures this is."""
    pair, _, place = form[len(quantities.PAIR_PREFIX) :].rpartition(":")
    said: Counter[str] = Counter()
    for mention, sentence in read:
        written = _PAIR_WRITTEN.search(
            sentence, max(0, mention.start - mention.sentence_start - 12)
        )
        if written is None:
            continue
        after = _WORD.findall(sentence[written.end() : written.end() + 30].lower())
        if after and after[0] in _PAIR_THINGS:
            said[after[0]] += 1
        elif _RECORD_BEFORE.search(sentence[: written.start()]) or _RECORD_AFTER & set(after[:4]):
            # "58-3 with 51 knockouts", "(42-4, 30 KOs)": a fighter's record, its knockouts
            # a count of their own
            said["record"] += 1
        else:
            said["score"] += 1
    thing = said.most_common(1)[0][0] if said else "score"
    first, second = _PAIR_THINGS.get(thing, ("", ""))
    which = first if place == "1" else second
    if which:
        return f"{thing} {pair}: {which}"
    return f"{thing} {pair}, {'first' if place == '1' else 'second'} figure"


def _most_said(
    reading: Callable[[FigureMention, str], str], read: Sequence[tuple[FigureMention, str]]
) -> str:
    """What most of the reports' sentences say, read by ``reading`` ("" where none says)."""
    said = Counter(word for word in (reading(m, s) for m, s in read) if word)
    return said.most_common(1)[0][0] if said else ""


def _ordinal_thing(noun: str, event: str, read: Sequence[tuple[FigureMention, str]]) -> str:
    """'round' for "the seventh round" (the ordinal says which); for "the third time", the
    times something was done ("times retained his title", "times" and its event)."""
    if noun == "time":
        if event:
            return "times"
        done = _most_said(occasion, read)
        return f"times {done}" if done else "occasion"
    return noun or "place"


def _time_thing(event: str, read: Sequence[tuple[FigureMention, str]]) -> tuple[str, str]:
    """A time with no counted thing, named by what its sentences say: counted back from a
    moment where most of them say so ("time since" for "indicted two years ago"), what lasted
    it ("time closed" for "closed for three days", "time to report" for "will report within
    90 days"); else "time" and its event ("time served")."""
    held = _most_said(_held_for, read)
    if held:
        return held, ""  # "five years' probation", "four months' treatment"
    modified = _most_said(_modified, read)
    if modified:
        return modified, ""  # "a 90-day court-ordered stint": the stint's length
    said = Counter(word for word in (counted_from(m, s) for m, s in read) if word)
    if said and said.most_common(1)[0][1] * 2 > len(read):
        counted = said.most_common(1)[0][0]
        if not event or counted == SINCE:
            return counted, event
    if event:
        return "time", event
    return "time", _most_said(_done_verb, read)


_POSSESSED = re.compile(r"\s?['’]\s?(?:s\s)?\s*([a-z][a-z-]+)")


#: A time written as one word with its unit ("90-day", "26-year"): a modifier of what follows.
_COMPOUND_TIME = re.compile(r"^[\w.]+-(?:year|month|week|day|hour|minute)s?$", re.IGNORECASE)
#: The noun such a time modifies, past up to two modifiers ("court-ordered", "troubled").
_MODIFIED = re.compile(
    r"^\s+(?:(?:[a-z]+-[a-z-]+|[a-z]+(?:ed|ous|ful|ive|al|ic))\s+){0,2}([a-z]{3,})\b"
)


def _modified(mention: FigureMention, sentence: str) -> str:
    """The noun a time written as a modifier measures ("a 90-day court-ordered stint":
    "stint"; "the 26-year troubled starlet": "starlet"), "" where the time is no modifier or
    no noun follows it."""
    if not _COMPOUND_TIME.match(mention.text):
        return ""
    found = _MODIFIED.match(_after(mention, sentence))
    noun = found.group(1) if found else ""
    return noun if noun and names_a_thing(noun) and noun not in _PREPOSITIONS else ""


def _held_for(mention: FigureMention, sentence: str) -> str:
    """The thing a time is the length of, written after it as its possessor: "probation" in
    "five years' probation", "treatment" in "four months ' treatment" ("" where none)."""
    found = _POSSESSED.match(_after(mention, sentence))
    if found is None or not names_a_thing(found.group(1)) or found.group(1) in _PREPOSITIONS:
        return ""
    return found.group(1)


def _done_verb(mention: FigureMention, sentence: str) -> str:
    """What was done for a time or how often, as a label says it after its thing: "closed",
    "to report" (a verb after a modal or "to"), never the preposition tying it to the
    figure."""
    done = done_before(mention, sentence)
    if not done:
        return ""
    verb = done.split()[0]
    if verb in NOT_EVENTS:
        return ""  # "a cult following four decades after": nothing done for that time
    if verb.endswith(("ed", "ing")) or verb in _PAST:
        return verb
    return f"to {verb}"


#: Irregular past forms of _IRREGULAR (the rest are present forms, said "to win").
_PAST = frozenset(
    {"did", "done", "won", "lost", "held", "hit", "beat", "shot", "sent", "paid", "built", "led",
     "made", "met", "ran", "set", "took", "went", "came", "saw", "gave", "got", "became", "kept",
     "left", "put", "told", "wrote", "spoke", "struck", "threw", "fought", "broke"}
)  # fmt: skip


#: Words that stand for someone already named: a name before one is not the figure's owner
#: ("Gupta said he ... 15 years": his, if anyone's).
_PRONOUNS = frozenset({"he", "she", "they", "we", "i", "you", "him", "them"})
#: Words before a name that make it a place, a companion or an object, not the figure's
#: owner ("on Mount Sefton", "in Newport Beach", "returned with John", "beat Drake").
_NOT_OWNER_BEFORE = frozenset(
    {"in", "at", "on", "from", "near", "into", "across", "outside", "inside", "through",
     "of", "to", "toward", "towards", "mount", "lake", "fort", "port", "via", "with", "for",
     "by", "against", "than", "over", "past", "beat", "beats", "a", "an"}
)  # fmt: skip


def owner_in(name: str, mention: FigureMention, sentence: str, label: str) -> bool:
    """Whether ``name`` (a report's subject, lowered) is the owner of the figure in its
    sentence: written before the figure, as a person's or a body's name (not all in capitals,
    not after a word placing it, not the "State" of "City, State."), with no pronoun between
    them standing for someone else, not possessing another thing ("Felt's moment ... five
    men"), and not a word of the label itself."""
    if name in _WORD.findall(label.lower()) or label.startswith("score "):
        return False  # the thing itself ("oscars"); a score, which is two sides' at once
    cut = mention.start - mention.sentence_start
    before = sentence[: max(cut, 0)]
    written_at = list(re.finditer(rf"\b{re.escape(name)}\b", before, re.IGNORECASE))
    if not written_at:
        return True  # named another way than the subject's word: nothing to check against
    found = written_at[-1]
    written = found.group()
    if written.isupper() and len(written) > 2:
        return False  # "QWERTY", "DUI": an acronym, no one's name
    run_start = found.start()
    while run_start > 0:
        previous = re.search(r"([A-Z][\w'’.-]*)\s+$", before[:run_start])
        if not previous:
            break
        run_start = previous.start()
    previous_word = re.search(
        r"([A-Za-z][A-Za-z'’-]*)\s+$", before[max(0, run_start - 30) : run_start]
    )
    last = previous_word.group(1).lower() if previous_word else ""  # "" after a comma, a number
    if last in _NOT_OWNER_BEFORE:
        return False  # "on Mount Sefton", "won an Emmy": a place, a thing
    if label.startswith("age") and not sentence[found.end() : max(cut, 0)].strip(" ,'’s"):
        return True  # "nominated Regina Benjamin, 52,": an age is the name's right before it
    if last.endswith(("ed", "wn")) or last in _PAST or last in ("known", "seen", "given"):
        return False  # "has known Dr. Benjamin", "named Jerry Tibbs": what was done to them
    if re.search(r",\s*$", before[:run_start]) and re.match(
        r"\.,|\.\s|,", sentence[found.end() : found.end() + 2]
    ):
        return False  # "Newport Beach, Calif., less than an hour": a state after its city
    between = sentence[found.end() : max(cut, found.end())]
    words = _WORD.findall(between.lower())
    if any(word in _PRONOUNS for word in words):
        return False
    if re.match(r"['’]s\b", between) and len(words) > 4:
        return False  # "Felt's moment in history began ... five men": his moment, not them
    return True


def owner(reports: Sequence[tuple[int, str, FigureMention, str]], label: str) -> str:
    """Whose an entry's figure is: the subject (reader.stories.figures.figure_subject) that
    most of the articles naming a subject name as the figure's owner (owner_in), "" where
    none has more than half of them (two people's children are nobody's in particular).
    ``reports``: (article id, subject, mention, sentence) of each report."""
    naming: set[int] = set()
    owning: dict[str, set[int]] = {}
    for article, subject, mention, sentence in reports:
        if subject:
            naming.add(article)
            if owner_in(subject, mention, sentence, label):
                owning.setdefault(subject, set()).add(article)
    if not owning:
        return ""
    best = max(sorted(owning), key=lambda name: len(owning[name]))
    return best if len(owning[best]) * 2 > len(naming) else ""
