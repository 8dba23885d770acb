"""The kin class of a counted thing: the one name for nouns that outlets use interchangeably.

A mention's ``noun`` is its counted thing's lemma with close synonyms folded (lexicon.KIN:
"troops" and "soldiers" give "soldier", "staff" and "employees" give "worker"). Outlets
reporting one quantity still name it with nouns that are no synonyms but count the same
thing in a story: "two co-workers", "two women" and "two people" killed; "six fire engines"
and "four appliances"; "two counts of murder" and "two murder charges". ``kin_class`` maps a
noun lemma onto the class such nouns share ("person", "fire engine", "charge"), the noun
itself where no class holds it. The class is stored beside the noun (FigureMention.kin) so
that comparing reports can tell "the same noun" (strong) from "the same kind of thing"
(weaker, to be weighed with the values and the words around them), while labels still read
the noun as written (noun_text).

Pure table look-ups; no imports beyond the lexicon.
"""

from __future__ import annotations

from reader.figures import lexicon as lx

#: The class of every noun (a lemma, kin folded) naming one or more persons.
PERSON = "person"

# Nouns naming people by a role, a relation or what happened to them, beyond the lexicon's
# kin families and PEOPLE_NOUNS (lemmas as the extractor gives them: singular, kin folded).
_ROLE_NOUNS = frozenset(
    {"coworker", "co-worker", "colleague", "companion", "partner", "friend", "neighbour",
     "neighbor", "relative", "family", "parent", "mother", "father", "husband", "wife", "spouse",
     "grandchild", "grandson", "granddaughter", "grandparent", "sibling", "cousin", "baby",
     "infant", "toddler", "teen", "pupil", "scholar", "scientist", "researcher", "expert",
     "specialist", "observer", "monitor", "inspector", "official", "employee", "member",
     "voter", "elector", "viewer", "user", "subscriber", "customer", "consumer", "client",
     "shopper", "visitor", "guest", "spectator", "fan", "supporter", "attendee", "participant",
     "delegate", "representative", "lawmaker", "senator", "legislator", "councillor",
     "councilor", "candidate", "player", "athlete", "runner", "swimmer", "rider", "cyclist",
     "skier", "mountaineer", "rescuer", "volunteer", "nurse", "surgeon", "paramedic",
     "teacher", "professor", "lawyer", "attorney", "judge", "juror", "witness", "defendant",
     "accused", "offender", "criminal", "gunman", "attacker", "assailant", "militant", "rebel",
     "insurgent", "terrorist", "police", "policeman", "cop", "agent", "trooper", "sailor",
     "marine", "airman", "pilot", "officer", "guard", "migrant", "immigrant", "asylum-seeker",
     "seeker", "worshipper", "pilgrim", "farmer", "miner", "fisherman", "resident", "tenant",
     "homeowner", "occupant", "owner", "landlord", "commuter", "traveller", "traveler",
     "tourist", "crewman", "captive", "detainee", "abductee", "kidnapper", "suspect",
     "protester", "activist", "demonstrator", "striker", "signatory", "signer", "applicant",
     "recipient", "beneficiary", "donor", "patient", "survivor", "dead", "man", "woman",
     "boy", "girl", "son", "daughter", "brother", "sister", "adult", "teenager", "student",
     "climber", "hiker", "passenger", "driver", "hostage", "prisoner", "inmate", "journalist",
     "reporter", "deputy", "detective", "holdout", "biologist", "physician", "gentleman",
     "lady", "youth", "elder", "senior", "pensioner", "retiree", "veteran", "recruit",
     "employer", "shareholder", "investor", "buyer", "seller", "author", "writer", "artist",
     "actor", "actress", "singer", "musician", "dancer", "coach", "manager", "director",
     "executive", "leader", "chief", "minister", "mp", "diplomat", "envoy",
     "ambassador", "monk", "nun", "priest", "bishop", "cardinal", "worshiper", "congregant",
     "caller", "listener", "reader", "follower", "individual"}
)  # fmt: skip

# Kin families of the lexicon whose canonical noun names people.
_PEOPLE_FAMILIES = frozenset(
    {"person", "worker", "soldier", "child", "firefighter", "doctor", "protester"}
)

# Suffixes that make a lemma a person's role whatever its stem ("biologist", "gunman",
# "draftsman"), with the few words they would wrongly take in.
_PERSON_SUFFIXES = ("ist", "man", "woman", "person")
_NOT_PERSONS = frozenset(
    {"list", "wrist", "twist", "mist", "fist", "exist", "assist", "resist", "insist", "persist",
     "consist", "checklist", "playlist", "shortlist", "blacklist", "waitlist", "human",
     "german", "roman", "ottoman", "talisman", "caiman", "shaman", "layman", "walkman"}
)  # fmt: skip

# Things outlets name by kindred nouns that are no synonyms elsewhere: (noun lemma) -> class.
_THING_CLASSES: dict[str, str] = {
    # A fire brigade's vehicles: "six fire engines", "four appliances", "ten units".
    "engine": "fire engine",
    "appliance": "fire engine",
    "firetruck": "fire engine",
    "tender": "fire engine",
    "pump": "fire engine",
    # Criminal charges: "two counts of murder", "two murder charges".
    "count": "charge",
    "charge": "charge",
    # Places on the web.
    "site": "website",
    "website": "website",
    "webpage": "website",
    # Forms of one program or attack: "six distinct versions", "six variants".
    "version": "variant",
    "variant": "variant",
    "strain": "variant",
    # A receiver's catches.
    "catch": "reception",
    "reception": "reception",
    # How often: "the second time", "his second stint", "her second appearance".
    "time": "occasion",
    "occasion": "occasion",
    "stint": "occasion",
    # Electoral divisions.
    "constituency": "district",
    "district": "district",
}

# Two-word things whose modifier decides the class: (modifier, head's lemma) -> class.
_PHRASE_CLASSES = {
    ("fire", "unit"): "fire engine",
    ("fire", "truck"): "fire engine",
    ("fire", "vehicle"): "fire engine",
    ("web", "site"): "website",
    ("electoral", "district"): "district",
}


def _names_people(noun: str) -> bool:
    if noun in _ROLE_NOUNS or noun in _PEOPLE_FAMILIES or noun in lx.PEOPLE_NOUNS:
        return True
    if noun in lx.COLLECTIVE_NOUNS and noun != "turnout":  # "the 22,000 crowd": its people
        return True
    if lx.KIN.get(noun) in _PEOPLE_FAMILIES:
        return True
    return noun not in _NOT_PERSONS and len(noun) > 5 and noun.endswith(_PERSON_SUFFIXES)


def kin_class(noun: str, noun_text: str = "") -> str:
    """The kin class of a counted thing: ``noun`` is the mention's noun (a lemma, kin folded),
    ``noun_text`` the words as written (their modifier can decide: "fire units"). The noun
    itself where no class holds it; "" for no noun."""
    if not noun:
        return ""
    words = noun_text.lower().split()
    if len(words) >= 2:
        phrase = _PHRASE_CLASSES.get((words[-2], noun))
        if phrase is not None:
            return phrase
    known = _THING_CLASSES.get(noun)
    if known is not None:
        return known
    return PERSON if _names_people(noun) else noun
