"""Find the mentions of actors in a parsed article: names, titles, descriptions, pronouns.

spaCy's small English model gets news names wrong in predictable ways; the rules here repair
them with what the rest of the document and the knowledge base say:
- a surname typed as a place or organisation ("Taiwan, Blinken, and Kamikawa") is a person when
  the article names that person in full elsewhere or the knowledge base knows the surname;
- a name split by the tagger ("Japan" + "Today") is joined when the joined name is known;
- a word inside a title ("State" in "Secretary of State") is not an organisation;
- titles before a name ("US Secretary of State Antony Blinken", "Japan's foreign minister") and
  appositives after it (", the foreign minister of Japan") are read into the mention's role,
  country and sector instead of becoming actors of their own.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from tidings.actors.context import (
    HONORIFICS,
    POSSESSIVE,
    Stated,
    country_words,
    read_apposition,
    read_title_before,
)
from tidings.actors.coordination import conjunct_mentions
from tidings.actors.descriptions import organization_descriptions, place_description_mentions
from tidings.actors.mention import KnowledgeBase as KnowledgeBase  # re-exported for the actors stage
from tidings.actors.mention import Mention as Mention
from tidings.model import Known
from tidings.records import ActorKind

if TYPE_CHECKING:
    from collections.abc import Sequence
    from datetime import date

    from spacy.tokens import Doc, Span, Token

NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"})
# Name suffixes the tagger sometimes cuts off as entities of their own ("Biden, Jr.").
NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
# Labels the tagger gives to pieces of names it failed to join ("Japan Today").
JOINABLE_LABELS = NAME_LABELS | {"DATE", "WORK_OF_ART", "PRODUCT", "EVENT"}
PRONOUN_GENDER = {
    "he": "m", "him": "m", "his": "m", "himself": "m",
    "she": "f", "her": "f", "hers": "f", "herself": "f",
    "its": "n", "itself": "n",
}
# Heads that turn a leader's name into their government ("the Biden administration").
GOVERNMENT_NOUNS = frozenset({"administration", "government", "cabinet", "regime", "junta"})
# Determiners that make a description point back at someone already mentioned.
DEFINITE = frozenset({"the", "this", "that", "these", "those"})
# A noun phrase in these positions describes its subject ("is likely to become China's next
# foreign minister", "served as ambassador"); it is not a mention of another actor.
PREDICATE_DEPS = frozenset({"attr", "oprd", "acomp", "xcomp"})
# "a park in Kabul", "flew to Beijing": after these a capital is a place, not its government.
LOCATIVE_PREPOSITIONS = frozenset({"in", "at", "near", "outside", "inside", "around", "across", "to",
                                   "into", "from", "through", "throughout", "within", "toward", "towards"})
# Prepositions inside a body's name after which comes what it deals with, not what it is.
NAME_PREPOSITIONS = frozenset({"of", "for", "against", "on"})
# A description with one of these is about someone who used to hold the role (CAMEO: elites).
FORMER_WORDS = frozenset({"former", "ex", "retired", "erstwhile", "onetime", "one-time"})


def _span_text(doc: Doc, first: int, last: int) -> str:
    return doc[first : last + 1].text


def _trim(doc: Doc, first: int, last: int) -> tuple[int, int]:
    """Drop a leading article and trailing possessive marks or punctuation from a name span."""
    while first <= last and doc[first].lower_ in ("the", "a", "an"):
        first += 1
    while last >= first and (doc[last].text in POSSESSIVE or doc[last].is_punct):
        last -= 1
    return first, last


def _sentence_index(doc: Doc) -> list[int]:
    index = [0] * len(doc)
    for number, sent in enumerate(doc.sents):
        for i in range(sent.start, sent.end):
            index[i] = number
    return index


def _is_capitalised(token: Token) -> bool:
    return token.text[:1].isupper() and not token.is_sent_start


def _join_known(doc: Doc, first: int, last: int, kb: KnowledgeBase, on: date | None) -> tuple[int, int]:
    """Extend a name right over capitalised words while the longer name is known ("Japan Today")."""
    best = last
    for extra in range(1, 5):
        end = last + extra
        if end < len(doc) and doc[end].lower_ in NAME_PREPOSITIONS and end > best:
            continue  # a name goes on over "of", "for" ("Observatory for Human Rights")
        if end >= len(doc) or not _is_capitalised(doc[end]) or doc[end].is_punct:
            break
        if kb.lookup(_span_text(doc, first, end), on=on) is not None:
            best = end
    return first, best


def _with_first_name(doc: Doc, first: int, last: int, kb: KnowledgeBase) -> int:
    """Where a person's name starts when the tagger tagged the surname alone ("Australian
    Mamdouh [Habib]"): an untagged capitalised proper noun that modifies it is the first name,
    unless it is a title, a nationality, a form of address or a known name."""
    token = doc[first - 1] if first == last and first > 0 else None
    if token is None or token.ent_type_ or token.pos_ != "PROPN" or token.dep_ != "compound" \
            or token.head.i != first or token.is_sent_start or not token.text[:1].isupper() \
            or not token.is_alpha:
        return first
    if token.lower_ in HONORIFICS or kb.role(token.lower_) is not None or kb.demonym(token.text) is not None \
            or kb.lookup(token.text) is not None:
        return first
    return first - 1


def _in_title(doc: Doc, first: int, last: int, kb: KnowledgeBase) -> bool:
    """True when the span is part of a title phrase ("State" in "Secretary of State")."""
    for start in range(max(0, first - 3), first + 1):
        for end in range(last, min(len(doc), last + 3)):
            if (start, end) == (first, last):
                continue
            role = kb.role(_span_text(doc, start, end))
            if role is not None and role.person:
                return True
    return False


def _person_tokens(doc: Doc) -> dict[str, list[str]]:
    """Every word of every multi-word PERSON name in the document, lower-cased, with the full
    names it is part of."""
    words: dict[str, list[str]] = {}
    for ent in doc.ents:
        if ent.label_ == "PERSON" and len(ent) > 1:
            full = " ".join(token.text for token in ent if token.text not in POSSESSIVE)
            for token in ent:
                if token.text not in POSSESSIVE:
                    words.setdefault(token.lower_, []).append(full)
    return words


def _surname(text: str, doc_people: dict[str, list[str]], kb: KnowledgeBase, on: date | None) -> Known | None:
    """A surname is the person the document names in full with it ("Michael Brown ... Brown"),
    known or not; only a surname the document gives no full name for is looked up alone."""
    full_names = doc_people.get(text.lower(), [])
    for full in full_names:
        known = kb.lookup(full, on=on)
        if known is not None and known.kind == "person":
            return known
    known = kb.lookup_surname(text, on=on)
    if known is None or not full_names:
        return known
    # The known bearer is the document's person when the first names agree in initial
    # ("Joseph R. Biden" ... "Biden" is Joe Biden; "Michael Brown" ... "Brown" is not Jerry Brown).
    initials = {full[:1].lower() for full in full_names}
    return known if known.name[:1].lower() in initials else None


def _classify(text: str, label: str, doc_people: dict[str, list[str]], kb: KnowledgeBase,
              on: date | None) -> tuple[ActorKind, str, Known | None]:
    """Kind, how and knowledge for a name, in order of trust: exact knowledge, the document's
    own full names, metonyms, demonyms, gazetteer places, then the tagger's label."""
    known = kb.lookup(text, on=on)
    if known is not None:
        return known.kind, known.how if known.how != "abbreviation" else "name", known
    single = " " not in text
    if single and (text.lower() in doc_people or label == "PERSON"):
        return "person", "name", _surname(text, doc_people, kb, on)
    if label != "PERSON" and single:
        surname = kb.lookup_surname(text, on=on)
        if surname is not None:
            return "person", "name", surname
    metonym = kb.metonym(text)
    if metonym is not None and label in ("GPE", "ORG", "FAC", "LOC"):
        return "country", "metonym", metonym
    demonym = kb.demonym(text)
    if demonym is not None:
        return "country", "demonym", demonym
    if label == "PERSON":
        return "person", "name", None
    place = kb.place(text)
    if place is not None or label in ("LOC", "FAC"):
        return "location", "name", Known(text, "location", country=place, source="places")
    if label == "GPE":
        return "location", "name", None
    if label == "NORP":
        return "group", "name", None
    return "organization", "name", None


def _name_mentions(doc: Doc, kb: KnowledgeBase, sentences: list[int], on: date | None) -> list[Mention]:
    people = _person_tokens(doc)
    mentions: list[Mention] = []
    taken: set[int] = set()
    for ent in doc.ents:
        if ent.label_ not in NAME_LABELS or ent.start in taken:
            continue
        first, last = _trim(doc, ent.start, ent.end - 1)
        if first > last or not any(t.text[:1].isupper() for t in doc[first : last + 1]):
            continue  # names are capitalised: "antiwar protesters" tagged PERSON is a description
        if _span_text(doc, first, last).lower().strip(".") in NAME_SUFFIXES:
            continue
        first, last = _join_known(doc, first, last, kb, on)
        if ent.label_ == "PERSON":
            first = _with_first_name(doc, first, last, kb)
        if ent.label_ in ("ORG", "GPE") and _in_title(doc, first, last, kb):
            continue
        text = _span_text(doc, first, last)
        kind, how, known = _classify(text, ent.label_, people, kb, on)
        head = doc[first : last + 1].root
        if how == "metonym" and head.dep_ == "pobj" and head.head.lower_ in LOCATIVE_PREPOSITIONS:
            kind, how = "location", "name"
            known = Known(text, "location", country=known.country if known else None, source="places")
        mention = Mention(start=doc[first].idx, end=doc[last].idx + len(doc[last].text), text=text, how=how,
                          kind=kind, first=first, last=last, head=head.i, sentence=sentences[first],
                          known=known, gender=known.gender if known else None,
                          plural=head.tag_ in ("NNS", "NNPS"))
        if ent.label_ == "NORP" and first > 0 and doc[first - 1].lower_ == "ethnic":
            mention = _ethnic_group(doc, mention, kb, on)
        elif kind == "person":
            mention = _with_person_context(doc, mention, kb, on)
        elif kind == "organization" and known is None:
            mention = _with_organization_context(doc, mention, kb, on)
        if kind == "organization" and mention.country is None:
            mention = replace(mention, country=_possessor_country(doc, head, kb, on))
        taken.update(range(first, last + 1))
        mentions.append(mention)
    mentions.extend(_unlabelled_names(doc, kb, sentences, taken, on, people))
    return mentions


def _spelled_out(doc: Doc, names: list[Mention]) -> list[Mention]:
    """An abbreviation in brackets right after a name is that name's ("the Canadian Police
    (RCMP)"): when nothing knows it, it and its later uses take the code of the name it follows."""
    by_last = {m.last: m for m in names}
    codes: dict[str, tuple[str | None, str | None]] = {}
    for mention in names:
        full = by_last.get(mention.first - 2)
        if full is None or mention.known is not None or not mention.text.isupper() \
                or doc[mention.first - 1].text != "(" or mention.last + 1 >= len(doc) \
                or doc[mention.last + 1].text != ")":
            continue
        country = full.country or (full.known.country if full.known else None)
        sector = full.sector or (full.known.sector if full.known else None)
        if country or sector:
            codes[mention.text] = (country, sector)
    return [replace(m, country=m.country or codes[m.text][0], sector=m.sector or codes[m.text][1])
            if m.text in codes and m.known is None else m for m in names]


def _unlabelled_names(doc: Doc, kb: KnowledgeBase, sentences: list[int], taken: set[int],
                      on: date | None, people: dict[str, list[str]]) -> list[Mention]:
    """Proper nouns the tagger left unlabelled ("Riigikogu", "TEHRAN") that the knowledge base
    knows as a whole, and surnames it missed (often first in a sentence: "Odinga said"): of a
    person the document names in full, or, as a clause's subject, of a known person. Checked
    on capitalised tokens outside entities only, one dict access each."""
    found: list[Mention] = []
    i = 0
    while i < len(doc):
        if i in taken or doc[i].ent_type_ or not doc[i].text[:1].isupper():
            i += 1
            continue
        person = _missed_surname(doc[i], people, kb, on, sentences[i])
        if person is not None:
            found.append(person)
            taken.add(i)
            i += 1
            continue
        if doc[i].pos_ != "PROPN":
            i += 1
            continue
        end = i
        while end + 1 < len(doc) and doc[end + 1].pos_ == "PROPN" and end + 1 not in taken \
                and not doc[end + 1].ent_type_:
            end += 1
        text = _span_text(doc, i, end)
        known = kb.lookup(text, on=on) or kb.metonym(text)
        if known is not None:
            how = "metonym" if known.how == "metonym" else "name"
            found.append(Mention(start=doc[i].idx, end=doc[end].idx + len(doc[end].text), text=text, how=how,
                                 kind=known.kind, first=i, last=end, head=doc[i : end + 1].root.i,
                                 sentence=sentences[i], known=known, gender=known.gender))
            taken.update(range(i, end + 1))
        i = end + 1
    return found


def _missed_surname(token: Token, people: dict[str, list[str]], kb: KnowledgeBase,
                    on: date | None, sentence: int) -> Mention | None:
    """A lone capitalised word the tagger did not label that is a person's surname."""
    if token.is_punct or len(token.text) < 3 or (token.i + 1 < len(token.doc)
                                                   and token.doc[token.i + 1].pos_ == "PROPN"):
        return None
    if token.lower_ in people:
        known = _surname(token.text, people, kb, on)
    elif token.pos_ == "PROPN" and token.dep_ in ("nsubj", "nsubjpass"):
        known = kb.lookup_surname(token.text, on=on)
        if known is None:
            return None
    else:
        return None
    return Mention(start=token.idx, end=token.idx + len(token.text), text=token.text, how="name",
                   kind="person", first=token.i, last=token.i, head=token.i, sentence=sentence, known=known,
                   gender=known.gender if known else None)


def _with_person_context(doc: Doc, mention: Mention, kb: KnowledgeBase, on: date | None) -> Mention:
    """A person's title and appositive read into the mention; a leader's name in "the Biden
    administration" turned into a metonym for their government."""
    head = doc[mention.head]
    if head.dep_ in ("compound", "poss") and head.head.lower_ in GOVERNMENT_NOUNS:
        known = mention.known
        country = known.country if known else None
        last = head.head.i
        # the government is not the person: it is named as written, not by the leader's name
        return replace(mention, how="metonym", kind="country", end=doc[last].idx + len(doc[last].text),
                       text=_span_text(doc, mention.first, last), last=last, head=last,
                       country=country, sector="GOV", known=None, gender=None)
    before = read_title_before(doc, mention.first, kb, on=on)
    after = read_apposition(doc, head, kb, on=on)
    for child in head.children:  # "President Guillermo Lasso of Ecuador"
        if child.dep_ == "prep" and child.lower_ == "of" and after.country is None:
            country_words(doc, list(child.subtree), kb, after, on)
    roles = tuple(dict.fromkeys(before.roles + after.roles))
    return replace(mention, roles=roles, country=before.country or after.country,
                   sector=before.sector or after.sector, absorbed=tuple(before.absorbed))


def _possessor_country(doc: Doc, head: Token, kb: KnowledgeBase, on: date | None) -> str | None:
    """The country that owns a body in the text ("Ukraine's Security Service", "Lebanon's
    state-run National News Agency"): what the text says beats a namesake body elsewhere."""
    for child in head.children:
        if child.dep_ == "poss":
            owner = Stated()
            country_words(doc, list(child.subtree), kb, owner, on)
            known = kb.lookup(child.text, on=on) or kb.demonym(child.text) or kb.metonym(child.text)
            if known is not None and known.kind == "country":
                return owner.country
    return None


def _ethnic_group(doc: Doc, mention: Mention, kb: KnowledgeBase, on: date | None) -> Mention:
    """ "ethnic Albanians in south Serbia" are a group of the country they live in, not of the
    kin state (CAMEO codes ethnic groups by residence): its country comes from an "in" phrase, or
    from the story's setting, never from the adjective."""
    stated = Stated()
    for child in doc[mention.head].children:
        if child.dep_ == "prep" and child.lower_ in ("in", "of"):
            country_words(doc, list(child.subtree), kb, stated, on)
    first = mention.first - 1
    return replace(mention, how="description", kind="group", known=None, country=stated.country,
                   first=first, start=doc[first].idx, text=_span_text(doc, first, mention.last), plural=True)


def _with_organization_context(doc: Doc, mention: Mention, kb: KnowledgeBase, on: date | None) -> Mention:
    """An unknown organisation coded from its own words and what stands before it: "the Chinese
    Congress" (CHN, legislature), "Madras High Court" (IND, judiciary), "Serbian Army"."""
    stated = Stated()
    words = [t.lower_ for t in doc[mention.first : mention.last + 1]]
    role = kb.role_in(words)
    linked = next((n for n, word in enumerate(words) if word in NAME_PREPOSITIONS), 0)
    if role is None and linked > 0:
        # a body's name says what it is before its "of"/"for"/"against" phrase ("Special
        # Prosecutor Against Impunity" is a prosecutor's office; "Ministry of X" a ministry)
        role = kb.role_in(words[:linked])
    if role is not None:
        stated.sector = role.sector
    country_words(doc, list(doc[mention.first : mention.last + 1]), kb, stated, on)
    before = mention.first - 1
    if before >= 0 and doc[before].text in POSSESSIVE:  # "Britain's Defense Ministry"
        before -= 1
    absorbed: tuple[int, ...] = ()
    if stated.country is None and before >= 0 and doc[before].ent_type_ in ("NORP", "GPE"):
        start = before
        while start > 0 and doc[start].ent_iob_ == "I":
            start -= 1
        country_words(doc, list(doc[start : before + 1]), kb, stated, on)
        absorbed = tuple(range(start, mention.first)) if stated.country else ()
    return replace(mention, country=stated.country, sector=stated.sector, absorbed=absorbed)


def _description_mentions(doc: Doc, chunks: Sequence[Span], kb: KnowledgeBase, sentences: list[int],
                          taken: set[int], on: date | None) -> list[Mention]:
    """Noun phrases headed by a role noun: "the veteran Chinese diplomat", "Rakhine rebels"."""
    mentions: list[Mention] = []
    for chunk in chunks:
        root = chunk.root
        if root.i in taken or root.pos_ == "PRON" or root.ent_type_ in NAME_LABELS - {"NORP"}:
            continue
        if root.dep_ in PREDICATE_DEPS or (root.dep_ == "pobj" and root.head.lower_ == "as"):
            continue
        words = [t.lower_ for t in chunk if t.text not in POSSESSIVE]
        role = kb.role_in(words)
        if role is None:
            continue
        former = any(t.lower_.strip("-") in FORMER_WORDS for t in chunk)
        # "UK and EU negotiators" are UK negotiators and EU negotiators: one mention each
        pieces = conjunct_mentions(doc, chunk, role, kb, sentences, on, definite=_is_definite(chunk[0]),
                                   former=former)
        if pieces:
            mentions.extend(pieces)
            continue
        stated = Stated(roles=[role.phrase], sector="ELI" if former else role.sector)
        country_words(doc, list(chunk), kb, stated, on)
        for child in root.children:  # "the foreign minister of Japan", "leaders in France"
            if child.dep_ == "prep" and child.lower_ in ("of", "in", "from", "throughout", "across"):
                body = Stated()
                country_words(doc, list(child.subtree), kb, body, on)
                stated.country = stated.country or body.country
                if child.lower_ == "of" and body.sector and not former:
                    stated.sector = body.sector  # "president of the Riigikogu" heads a legislature
        first, last = _trim(doc, chunk.start, chunk.end - 1)
        if first > last:
            continue
        plural = root.tag_ in ("NNS", "NNPS") or not role.person
        if stated.country is None and plural:
            stated.country = _where_the_clause_happens(doc, root, kb, on)
        mentions.append(Mention(
            start=chunk[0].idx, end=doc[last].idx + len(doc[last].text),
            text=_span_text(doc, chunk.start, last),
            how="description", kind="group" if plural else "person", first=chunk.start, last=last,
            head=root.i, sentence=sentences[root.i], country=stated.country, sector=stated.sector,
            roles=tuple(stated.roles), definite=_is_definite(chunk[0]), plural=plural,
            absorbed=tuple(t.i for t in chunk if t.i != root.i)))
    return mentions


def _where_the_clause_happens(doc: Doc, root: Token, kb: KnowledgeBase, on: date | None) -> str | None:
    """A group without a stated country belongs where its own clause places it: "people blocked
    streets in Hong Kong" are Hong Kong's. Only the governing verb's own place phrases count."""
    while root.dep_ == "pobj" and root.head.lower_ == "of" and root.head.head.pos_ in ("NOUN", "NUM"):
        root = root.head.head  # "thousands of people"
    verb = root.head
    if root.dep_ not in ("nsubj", "nsubjpass", "dobj") or verb.pos_ not in ("VERB", "AUX"):
        return None
    phrases = [*verb.children, *(c for o in verb.children if o.dep_ == "dobj" for c in o.children)]
    for child in phrases:
        if child.dep_ == "prep" and child.lower_ in ("in", "throughout", "across"):
            for pobj in (g for g in child.children if g.dep_ == "pobj"):
                place = Stated()  # the place's own words only, not "in defiance of Chinese ..."
                country_words(doc, [t for t in pobj.subtree if t.i <= pobj.i], kb, place, on)
                if place.country:
                    return place.country
    return None


def _is_definite(first: Token) -> bool:
    """ "the diplomat", "his deputy", "Japan's prime minister" point at someone in particular."""
    return first.lower_ in DEFINITE or first.tag_ == "PRP$" or first.dep_ == "poss"


def _pronoun_mentions(doc: Doc, sentences: list[int], taken: set[int]) -> list[Mention]:
    mentions = []
    for token in doc:
        gender = PRONOUN_GENDER.get(token.lower_)
        if gender is None or token.i in taken:
            continue
        mentions.append(Mention(start=token.idx, end=token.idx + len(token.text), text=token.text,
                                how="pronoun", kind="other", first=token.i, last=token.i, head=token.i,
                                sentence=sentences[token.i], gender=gender))
    return mentions


def find_mentions(doc: Doc, kb: KnowledgeBase, *, on: date | None = None) -> list[Mention]:
    """Every actor mention in `doc`, in text order.

    Requires: doc.ents, a dependency parse and sentence boundaries (spaCy's en_core_web_sm).
    Returns: name, description and pronoun mentions, not yet grouped into actors; title words
    read into a person's mention are not mentions of their own.
    Never raises on odd text (unbalanced quotes, empty documents). Pure: no I/O.
    """
    if len(doc) == 0:
        return []
    sentences = _sentence_index(doc)
    names = _spelled_out(doc, _name_mentions(doc, kb, sentences, on))
    absorbed = {i for mention in names for i in mention.absorbed}
    names = [m for m in names if not (set(range(m.first, m.last + 1)) & absorbed)]
    taken = {i for m in names for i in range(m.first, m.last + 1)} | absorbed
    chunks = list(doc.noun_chunks)  # listed once: each listing walks every token
    places = place_description_mentions(doc, chunks, names, sentences, taken, kb)
    places += organization_descriptions(doc, chunks, names, sentences, taken)
    taken |= {m.head for m in places}
    descriptions = _description_mentions(doc, chunks, kb, sentences, taken, on)
    # A country or place that only modifies a description ("American warplanes", "Japan's prime
    # minister") is read as the description's country, not counted as a mention of its own.
    modifiers = {i for m in descriptions for i in m.absorbed}
    names = [m for m in names if not (m.head in modifiers and (
        m.kind in ("country", "location", "group") or (m.kind == "organization" and m.known is None)))]
    # a conjunct that is a body's name kept as a mention ("Hamas" in "Hamas and Islamic Jihad
    # militants") is that body: it needs no description of its own
    spans = {(m.first, m.last) for m in names}
    descriptions = [m for m in descriptions if m.name is None or (m.first, m.last) not in spans]
    taken |= {i for m in descriptions for i in range(m.first, m.last + 1)}
    pronouns = _pronoun_mentions(doc, sentences, taken)
    return sorted([*names, *places, *descriptions, *pronouns], key=lambda m: (m.start, -m.end))


