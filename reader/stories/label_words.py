"""The words next to a figure that name it where its extracted fields do not: what a story's
figures table says for a figure with no counted thing ("closed for: three days", "times lied:
three times"), for an ordinal ("round: seventh"), for a time counted back from its report
("time since: a month"), and for a sentence's source misread as the counted thing
("officials expect ... 12,000"). Also the word the table says for a figure's modality.

Pure functions over a mention and its sentence (the text its offsets point into, cut at its
sentence_start); reader.stories.figures.quantity_label calls them. No SQL, no Textual.
"""

from __future__ import annotations

import re

from reader.models import FigureMention

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
