"""Code each actor: canonical name, kind, country, CAMEO sector and roles; and the role facts the
article states, for learned knowledge.

Who wins when sources disagree, most trusted first:
1. the user's override file (they said so);
2. what this article states around the name (a title, an appositive: "Japan's foreign minister");
3. what earlier articles stated (learned knowledge, as of this article's date);
4. the built-in knowledge files.
A name nothing knows stays uncoded (country and sector null) rather than guessed.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable

from tidings.actors.knowledge import normalise_name
from tidings.actors.mention import RoleLike
from tidings.actors.resolve import Cluster
from tidings.model import ActorFact, Known
from tidings.records import Actor, Mention

Lookup = Callable[[str], Known | None]
RoleOf = Callable[[str], RoleLike | None]

# An article is not part of a body's name: "The Malian armed forces" at the start of a sentence
# and "the Malian armed forces" later are one body, listed and matched as "Malian armed forces".
_LEADING_ARTICLE = re.compile(r"^(?:the|a|an)\s+(?=\S)", re.IGNORECASE)
_BODY_KINDS = ("organization", "group")


def _canonical_name(cluster: Cluster) -> str:
    """The fullest proper name used; a country's name from the knowledge base; else the first
    description ("the veteran Chinese diplomat"). A body's name drops a leading article."""
    name = _chosen_name(cluster)
    if cluster.kind in _BODY_KINDS and len(name.split()) > 1:
        return _LEADING_ARTICLE.sub("", name, count=1)
    return name


def _chosen_name(cluster: Cluster) -> str:
    for mention in cluster.mentions:
        if cluster.kind == "country" and mention.known is not None and mention.known.kind == "country":
            return mention.known.name
    names = [m.text for m in cluster.mentions if m.how == "name"]
    if names:
        fullest = max(names, key=lambda text: (len(text.split()), len(text)))
        known = next((m.known for m in cluster.mentions if m.known is not None and m.known.kind == "person"),
                     None)
        # One name for one person across articles ("Joseph R. Biden" and "Joe Biden"), spelt as
        # the text spells it when the two agree ("António Guterres").
        if known is not None and normalise_name(known.name) != normalise_name(fullest):
            return known.name
        return fullest
    knowns = [m.known.name for m in cluster.mentions if m.known is not None]
    if knowns:
        return knowns[0]
    # a conjunct sharing a noun is named for the phrase it stands for ("Syrian foreign ministers")
    firsts = [m.name or m.text for m in cluster.mentions if m.how != "pronoun"]
    return firsts[0] if firsts else cluster.mentions[0].text


def _untitled(name: str, role_of: RoleOf) -> tuple[str, RoleLike | None]:
    """A person's name without the office or occupation written before it as a title
    ("Lawyer Jane Roe" is Jane Roe, a lawyer), and that role; the longest role phrase wins
    ("Attorney General"), and at least two words, a first name and a surname, must remain."""
    words = name.split()
    for cut in range(len(words) - 2, 0, -1):
        role = role_of(" ".join(words[:cut]).lower())
        if role is not None and role.person:
            return " ".join(words[cut:]), role
    return name, None


def _no_role(_: str) -> RoleLike | None:
    return None


def _most_common(values: list[str | None]) -> str | None:
    present = [v for v in values if v]
    return Counter(present).most_common(1)[0][0] if present else None


def code_cluster(cluster: Cluster, number: int, *, override: Lookup, learned: Lookup,
                 role_of: RoleOf = _no_role) -> Actor:
    """One actor record from a cluster of mentions (Pure, apart from the lookups); `role_of`
    tells a role phrase ("lawyer") written as a title inside a person's name."""
    name = _canonical_name(cluster)
    kind = cluster.kind
    title = None
    if kind == "person" and any(m.how == "name" for m in cluster.mentions):
        name, title = _untitled(name, role_of)
    stated_country = _most_common([m.country for m in cluster.mentions if m.how != "pronoun"])
    stated_sector = _most_common([m.sector for m in cluster.mentions if m.how in ("name", "description")])
    roles = tuple(dict.fromkeys(role for m in cluster.mentions for role in m.roles))
    if title is not None:
        stated_sector = stated_sector or title.sector
        roles = tuple(dict.fromkeys((*roles, title.phrase)))
    known = next((m.known for m in cluster.mentions if m.known is not None and m.how == "name"), None)
    known = known or next((m.known for m in cluster.mentions if m.known is not None), None)

    country: str | None
    sector: str | None
    chosen = override(name)
    if chosen is not None:
        country, sector = chosen.country, chosen.sector
        kind = chosen.kind
        roles = roles or chosen.roles
    else:
        # Asked only when the text leaves something open: an answer nobody uses would still tie
        # this article to earlier ones (a Dask ingest re-checks every lookup it made).
        needs = stated_country is None or stated_sector is None or not roles
        remembered = learned(name) if kind == "person" and needs else None
        fallback = remembered or known
        country = stated_country or (fallback.country if fallback else None)
        sector = stated_sector or (fallback.sector if fallback else None)
        if kind == "country":
            # A country actor is the state as a whole; metonyms alone speak for its government.
            country = country or cluster.country
            only_metonyms = all(m.how in ("metonym", "pronoun") for m in cluster.mentions)
            sector = "GOV" if only_metonyms else None
        if kind == "person" and not roles and fallback is not None:
            roles = fallback.roles
    mentions = tuple(Mention(m.start, m.end, m.text, m.how) for m in cluster.mentions)
    return Actor(id=f"a{number}", name=name, kind=kind, country=country, sector=sector, roles=roles,
                 mentions=mentions)


def stated_facts(cluster: Cluster, actor: Actor) -> list[ActorFact]:
    """Roles this article states for a named person, to remember for later articles."""
    if actor.kind != "person" or not any(m.how == "name" for m in cluster.mentions):
        return []
    facts = []
    for mention in cluster.mentions:
        for role in mention.roles:
            facts.append(ActorFact(name=actor.name, role=role, country=mention.country or actor.country,
                                   sector=mention.sector or actor.sector))
    return list(dict.fromkeys(facts))
