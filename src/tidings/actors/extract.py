"""The actors stage: a parsed article in, its actors (tidings.records.Actor) and stated role facts out."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from tidings.actors.coding import code_cluster, stated_facts
from tidings.actors.mentions import KnowledgeBase, find_mentions
from tidings.actors.resolve import Cluster, group_mentions
from tidings.geo import locate
from tidings.model import ActorFact, Known
from tidings.records import Actor

if TYPE_CHECKING:
    from datetime import date

    from spacy.tokens import Doc

Lookup = Callable[[str], Known | None]


def _nothing(_name: str) -> Known | None:
    return None


@dataclass(frozen=True, slots=True)
class ActorAnalysis:
    """What the actors stage found: the actors, and the roles the text states for people."""

    actors: tuple[Actor, ...]
    facts: tuple[ActorFact, ...]


def extract_actors(doc: Doc, kb: KnowledgeBase, *, published: date | None = None,
                   override: Lookup = _nothing, learned: Lookup = _nothing) -> ActorAnalysis:
    """Every actor in `doc`, one entry per real-world actor, with its mentions.

    Requires: a Doc parsed by the English pipeline (entities, dependencies, sentences) from
    article.text, so mention offsets are offsets into the article text.
    Returns: actors in order of first mention (ids a1, a2, ...), and the roles the text states
    for named people (for learned knowledge).
    `published` dates the knowledge lookups (who held which office then); `override` and
    `learned` are lookups by name that outrank the built-in knowledge.
    Never raises on odd text. Pure apart from the lookups.
    """
    mentions = find_mentions(doc, kb, on=published)
    clusters = group_mentions(doc, mentions)
    coded = [_placed(code_cluster(cluster, number, override=override, learned=learned,
                                         role_of=kb.role))
             for number, cluster in enumerate(clusters, start=1)]
    setting = _setting_country(coded)
    home = _home_country(coded)
    actors = []
    facts: list[ActorFact] = []
    for cluster, actor in zip(clusters, coded, strict=True):
        if setting and actor.country is None and actor.kind in ("group", "person") and (
                _unnamed(cluster) or _titled(cluster)):
            # "demonstrators", "23 people", "Judge Alejandro Rivera" in a story set in one country
            # are that country's
            actor = replace(actor, country=setting)
        elif home and actor.country is None and _local(cluster, actor):
            # a story told mostly about one country: the people and bodies it names without
            # saying whose they are are that country's ("Hassan Nur, who escaped by a wall")
            actor = replace(actor, country=home)
        actors.append(actor)
        facts.extend(stated_facts(cluster, actor))
    return ActorAnalysis(actors=tuple(actors), facts=tuple(dict.fromkeys(facts)))


def _placed(actor: Actor) -> Actor:
    """A place the actor files do not know gets its country from the gazetteer ("Jericho")."""
    if actor.kind != "location" or actor.country is not None:
        return actor
    geo = locate(actor.name)
    return replace(actor, country=geo.country) if geo is not None and geo.country else actor


def _setting_country(actors: list[Actor]) -> str | None:
    """The one country a text is set in, when every actor with a country (places, people,
    bodies) belongs to one state; None when it names several or none."""
    countries = {a.country for a in actors if a.country}
    return countries.pop() if len(countries) == 1 else None


# How much more often the home country of a story must be named than the next one, and at least
# how often: a story about a dispute between two states has no home.
HOME_LEAD = 1.5
HOME_MENTIONS = 3


def _home_country(actors: list[Actor]) -> str | None:
    """The country a story is mostly about: the one its actors and places with a country are
    named for (mention by mention) at least HOME_LEAD times as often as any other."""
    counts: Counter[str] = Counter()
    for actor in actors:
        if actor.country:
            counts[actor.country] += sum(1 for m in actor.mentions if m.how != "pronoun")
    ranked = counts.most_common(2)
    if not ranked or ranked[0][1] < HOME_MENTIONS:
        return None
    if len(ranked) > 1 and ranked[0][1] < HOME_LEAD * ranked[1][1]:
        return None
    return ranked[0][0]


def _local(cluster: Cluster, actor: Actor) -> bool:
    """A person or group, or an organisation no knowledge file knows: those a story names in
    passing are of the place it is told in. Pronoun-only clusters are not actors of their own;
    officials of international bodies (IGO) serve no one country."""
    if actor.sector == "IGO":
        return False
    if actor.kind in ("person", "group"):
        return any(m.how != "pronoun" for m in cluster.mentions)
    return actor.kind == "organization" and all(m.known is None for m in cluster.mentions)


def _titled(cluster: Cluster) -> bool:
    """A person the text gives an office ("Judge Alejandro Rivera", "President Dos Santos"):
    the office, unlike a bare name, says the person acts for some state."""
    return any(m.roles and m.sector for m in cluster.mentions if m.how == "name")


def _unnamed(cluster: Cluster) -> bool:
    """Known only by descriptions ("demonstrators"), never by a proper name: a name nothing
    knows stays uncoded rather than guessed."""
    return not any(m.how in ("name", "metonym", "demonym") for m in cluster.mentions)
