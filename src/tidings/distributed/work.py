"""What a Dask worker runs: one chunk of inputs in, one result record per input out.

This module is imported by the worker processes (functions defined in `__main__` cannot be sent
to another process), so it keeps to the library's own stages: `prepare`, `check_language`, the
MinHash signature, spaCy's batched parse and `analyze`. The English pipeline and the knowledge
files are loaded once per worker process (their loaders are cached per process).

A record is a flat dict (the row of a Parquet part, see tidings.distributed.parts):
    position     the input's place in the chunk (records come back in input order)
    ref, body_sha256   the input's ref and the hash of its bytes (what `Store.recorded_input` knows)
    outcome      "article", "skip" or "failure"
    article_id, published   of the article, when there is one
    record       JSON: {"article", "analysis", "facts", "lookups"} | {"skip"} | {"failure"}
    minhash      the article's MinHash signature (bytes), else None
    doc          the article's spaCy parse (Doc.to_bytes), in memory only: Parquet leaves it out
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from tidings.actors.extract import Lookup
from tidings.dedupe import signature_of
from tidings.distributed.learned import LearnedFacts
from tidings.distributed.parts import Record
from tidings.model import Analysis, Article, Document, Failure, Known, Skip
from tidings.nlp import load_english
from tidings.pipeline import learned_date, process_documents
from tidings.records import Actor, Event, Quote
from tidings.settings import Settings

if TYPE_CHECKING:
    from spacy.tokens import Doc as SpacyDoc

@dataclass(frozen=True, slots=True)
class ChunkTask:
    """One chunk as sent to a worker: its inputs (position, document, body hash) and what the
    worker needs to predict learned knowledge."""

    chunk_id: str
    documents: tuple[tuple[int, Document, str], ...]
    settings: Settings
    published: str | None
    facts: LearnedFacts


Work = Callable[[ChunkTask], list[Record]]


def _record(position: int, document: Document, digest: str, outcome: str, payload: Mapping[str, object], *,
            article: Article | None = None, signature: bytes | None = None) -> Record:
    return {"position": position, "ref": document.ref, "body_sha256": digest, "outcome": outcome,
            "article_id": article.id if article else None,
            "published": article.published if article else None,
            "record": json.dumps(payload, ensure_ascii=False), "minhash": signature}


def process_chunk(task: ChunkTask) -> list[Record]:
    """Prepare, check, sign and analyse every input of `task`, in input order.

    Requires: picklable Documents; the English pipeline installed on the worker.
    Returns: one record per input (see the module docstring). A Skip from `prepare` or
    `check_language` and a Failure of `prepare` or of the analysis become records, as one process
    records them: one bad article never costs the chunk's others (Dask retries a chunk only when
    its worker dies).
    Articles are analysed with `task.facts` (growing with the chunk's own articles, in order) as
    learned knowledge; every answer used is in the record's "lookups" for the driver to check.
    """
    records: list[Record] = []

    def learned_for(article: Article) -> Lookup:
        on = learned_date(article)
        return lambda name: task.facts.lookup(name, on=on)

    processed = process_documents([document for _, document, _ in task.documents], task.settings,
                                  published=task.published, learned_for=learned_for, window=None)
    for (position, document, digest), done in zip(task.documents, processed, strict=True):
        result = done.result
        if isinstance(result, Failure):  # one article's bug must not end the chunk (as in one process)
            records.append(_record(position, document, digest, "failure", {"failure": asdict(result)}))
            continue
        if isinstance(result, Skip):
            records.append(_record(position, document, digest, "skip", {"skip": asdict(result)}))
            continue
        assert isinstance(result, Article) and done.analysis is not None
        article, analysis = result, done.analysis
        # As if stored: later articles of the chunk learn from this one, as they would in one process.
        task.facts.add(article.id, article.published, analysis.facts)
        payload = {"article": asdict(article), "analysis": analysis.to_dict(),
                   "facts": [asdict(fact) for fact in analysis.facts],
                   "lookups": [[name, asdict(known) if known else None] for name, known in done.lookups]}
        signature = signature_of(article.text, shingle_size=task.settings.shingle_size)
        record = _record(position, document, digest, "article", payload, article=article, signature=signature)
        # The parse goes back with the result (not into Parquet): should the driver have to analyse
        # the article again, it reruns the stages without parsing again.
        record["doc"] = done.doc.to_bytes(exclude=["tensor"]) if done.doc is not None else None
        records.append(record)
    records.sort(key=lambda record: int(record["position"]))
    return records


def warm_up() -> str:
    """Load the English pipeline in this worker now; return the tidings version it runs."""
    from tidings import __version__

    load_english()
    return __version__


def peak_memory() -> int:
    """This process's peak resident memory in bytes (Linux: ru_maxrss is in KiB)."""
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


# -- records back to objects (the driver's side) ------------------------------------------------
# The payload is JSON that `asdict` made of these dataclasses: its fields are theirs by name.

def _known(data: Mapping[str, Any] | None) -> Known | None:
    return None if data is None else Known(**{**data, "roles": tuple(data["roles"])})


def _article(data: Mapping[str, Any]) -> Article:
    from tidings.model import Removed

    return Article(**{**data, "removed": tuple(Removed(**piece) for piece in data["removed"])})


@dataclass(frozen=True, slots=True)
class Result:
    """One record read back: what the input became on the worker."""

    position: int
    ref: str | None
    body_sha256: str
    prepared: Article | Skip | Failure
    analysis: Analysis | None = None
    lookups: tuple[tuple[str, Known | None], ...] = ()
    signature: bytes | None = None
    doc: bytes | None = None

    def parsed(self) -> SpacyDoc | None:
        """The worker's parse of the article, when it came with the result."""
        if self.doc is None:
            return None
        from spacy.tokens import Doc

        return Doc(load_english().vocab).from_bytes(self.doc)


def read_record(record: Record) -> Result:
    """The Result a record stands for (inverse of `process_chunk`'s records)."""
    from tidings.model import ActorFact

    payload = json.loads(record["record"])
    head = (int(record["position"]), record["ref"], record["body_sha256"])
    if record["outcome"] == "failure":
        return Result(*head, Failure(**payload["failure"]))
    if record["outcome"] == "skip":
        return Result(*head, Skip(**payload["skip"]))
    stated = payload["analysis"]
    analysis = Analysis(article=_article({**payload["article"], "tone": stated["article"]["tone"]}),
                        actors=tuple(Actor.from_dict(actor) for actor in stated["actors"]),
                        events=tuple(Event.from_dict(event) for event in stated["events"]),
                        quotes=tuple(Quote.from_dict(quote) for quote in stated["quotes"]),
                        facts=tuple(ActorFact(**fact) for fact in payload["facts"]))
    lookups = tuple((name, _known(known)) for name, known in payload["lookups"])
    return Result(*head, _article(payload["article"]), analysis, lookups, record["minhash"],
                  record.get("doc"))
