"""The driver of a Dask ingest: chunks out to the workers, results into the store in input order.

    iter_documents ─► chunks of `chunk_size` inputs ─► client.submit(process_chunk, retries=2)
    result ─► Parquet parts (tidings.distributed.parts) ─► Ledger.settle, in input order ─► store

Why the results equal one process's: everything that depends on earlier articles is decided
here, in input order, by the same `Ledger` the one-process ingest uses: whether an input was
done before, exact and near-duplicate links (so a copy links to the same first article), and
learned knowledge, which the driver checks for each article (tidings.distributed.learned) and,
when a worker's prediction was wrong, corrects by analysing the article again here.

A chunk whose task still fails after its retries is recorded as a failure (stage "dask-chunk",
naming its inputs) and the run goes on; its inputs are not marked done, so a rerun tries them
again. A rerun passes over chunks whose inputs are all in the store, and loads chunks listed in
the Parquet output from disk instead of computing them again.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, TypedDict

from tidings import __version__
from tidings.distributed.learned import LearnedFacts
from tidings.distributed.parts import Parts, Record
from tidings.distributed.work import (
    ChunkTask,
    Result,
    Work,
    peak_memory,
    process_chunk,
    read_record,
    warm_up,
)
from tidings.errors import ClusterError
from tidings.ingest.sources import iter_documents
from tidings.model import Analysis, Article, BatchSummary, Document, Failure, Skip
from tidings.pipeline import Ledger, Outcome, body_digest, current_analysis, learned_date

if TYPE_CHECKING:
    from distributed import Client, Future

    from tidings.settings import Settings
    from tidings.store import Store

# Inputs per task: big enough for spaCy's batched parse and to keep the per-task cost small,
# small enough that two workers finish close together at the end of a run.
CHUNK_SIZE = 8
# Attempts after the first before a chunk counts as failed.
RETRIES = 2
# Per worker; the nanny restarts a worker that passes it (peaks measured 0.6-0.7 GB, BENCHMARKS.md).
MEMORY_LIMIT = "1.5GiB"
# Chunks in flight beyond one per worker. Results are stored in input order, so with one spare a
# worker sat idle whenever the chunk at the head was a slow one (7 s of 30 in one run); more
# spares mean staler learned knowledge and more re-checks, which cost only an actors stage.
SPARE_CHUNKS = 4


@dataclass(frozen=True, slots=True)
class Chunk:
    """Consecutive inputs as the sources yielded them: Documents with their body hash, or Skips."""

    chunk_id: str
    items: tuple[tuple[Document | Skip, str], ...]

    def refs(self) -> list[str]:
        return [str(item.ref) for item, _ in self.items]


@dataclass
class DaskReport:
    """What a Dask ingest did: the usual counts plus the cluster's side of the run."""

    summary: BatchSummary
    chunks: int = 0
    computed: int = 0          # chunks processed by the workers in this run
    from_parts: int = 0        # chunks read back from the Parquet output (written by an earlier run)
    finished: int = 0          # chunks passed over: every input already in the store
    failed_chunks: int = 0     # chunks that failed after their retries
    reanalysed: int = 0        # articles analysed again by the driver (learned knowledge had moved)
    worker_peak_memory: dict[str, int] = field(default_factory=dict)  # bytes, by worker address


def chunk_inputs(items: Iterable[Document | Skip], size: int, *, salt: str = "") -> Iterator[Chunk]:
    """Group `items` into chunks of `size`; a chunk's id hashes its inputs' refs and bytes (and
    `salt`, the settings that change results), so the same inputs give the same chunks again."""
    batch: list[tuple[Document | Skip, str]] = []

    def close() -> Chunk:
        digest = hashlib.sha256(salt.encode())
        for item, key in batch:
            digest.update(f"{item.ref}\0{key}\n".encode())
        chunk = Chunk(digest.hexdigest()[:16], tuple(batch))
        batch.clear()
        return chunk

    for item in items:
        batch.append((item, body_digest(item) if isinstance(item, Document) else f"skip:{item.reason}"))
        if len(batch) >= size:
            yield close()
    if batch:
        yield close()


@contextmanager
def connect(*, workers: int, scheduler: str | None, memory_limit: str = MEMORY_LIMIT) -> Iterator[Client]:
    """A Dask client: of the scheduler at `scheduler`, else of a new local cluster of `workers`
    single-threaded worker processes (closed on exit). Raises ClusterError when Dask is missing
    or the scheduler cannot be reached."""
    try:
        import dask
        from distributed import Client, LocalCluster
    except ImportError:
        raise ClusterError("ingest --workers needs Dask: install the extra with "
                           "`pip install 'tidings[dask]'`") from None
    if scheduler is not None:
        try:
            client = Client(scheduler, timeout="10s")  # type: ignore[no-untyped-call]
        except (OSError, TimeoutError) as exc:
            raise ClusterError(f"cannot reach the Dask scheduler at {scheduler} ({exc}); is it running? "
                               "Start one with `dask scheduler` and workers with `dask worker ADDRESS`") \
                from None
        with client:
            yield client
        return
    # threads_per_worker=1: spaCy's parse holds the GIL, so threads would only share one CPU.
    # Dask starts workers with MALLOC_TRIM_THRESHOLD_=65536, which hands freed memory back to the
    # system at once; spaCy allocates and frees constantly, and ran 10% slower under it (75.4 s
    # against 83.4 s for the same chunks in one process). Peak memory is what bounds a worker.
    # The statistical profiler samples each worker's stack every 10 ms, taking the GIL from the
    # analysis; nobody reads its output here.
    environ = {key: value for key, value in dask.config.get("distributed.nanny.pre-spawn-environ").items()
               if key != "MALLOC_TRIM_THRESHOLD_"}
    with dask.config.set({"distributed.nanny.pre-spawn-environ": environ,
                          "distributed.worker.profile.enabled": False}):
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1,  # type: ignore[no-untyped-call]
                               processes=True, dashboard_address=None, memory_limit=memory_limit,
                               silence_logs=logging.ERROR)
    with cluster, Client(cluster) as client:  # type: ignore[no-untyped-call]
        yield client


def _salt(settings: Settings, published: str | None) -> str:
    return json.dumps([__version__, published, settings.min_words, settings.languages, settings.shingle_size,
                       str(settings.actor_overrides_path)])


def ingest_distributed(inputs: Iterable[str], store: Store, settings: Settings, *, parts: Path,
                       workers: int = 2, scheduler: str | None = None, published: str | None = None,
                       stdin: BinaryIO | None = None, on_outcome: Callable[[Outcome], None] | None = None,
                       chunk_size: int = CHUNK_SIZE, work: Work = process_chunk,
                       memory_limit: str = MEMORY_LIMIT) -> DaskReport:
    """`pipeline.ingest` on a Dask cluster, with the same results in the store.

    Requires: Dask (the `dask` extra); with `scheduler`, workers that run this tidings version
    and can read any file the settings name (the actor overrides file).
    Returns: a DaskReport. Results are also written to `parts` as Parquet (see
    tidings.distributed.parts). `work` is the worker function (a seam for tests; it must be
    importable by the workers). Raises ClusterError when the cluster cannot be used.
    """
    ledger = Ledger.start(store, settings, on_outcome)
    report = DaskReport(ledger.summary)
    output = Parts(parts)
    facts = LearnedFacts()
    chunks = chunk_inputs(iter_documents(inputs, settings, stdin=stdin), chunk_size,
                          salt=_salt(settings, published))
    with connect(workers=workers, scheduler=scheduler, memory_limit=memory_limit) as client:
        addresses = list(client.scheduler_info()["workers"])
        warm = [client.submit(warm_up, workers=[address], pure=False) for address in addresses]
        ahead: deque[tuple[Chunk, Future[list[Record]] | None, str]] = deque()

        def plan(chunk: Chunk) -> tuple[Chunk, Future[list[Record]] | None, str]:
            todo = tuple((position, item, digest) for position, (item, digest) in enumerate(chunk.items)
                         if isinstance(item, Document) and store.recorded_input(item.ref, digest) is None)
            if not todo:
                return chunk, None, "finished"
            if output.has(chunk.chunk_id):
                return chunk, None, "parts"
            task = ChunkTask(chunk.chunk_id, todo, settings, published, facts.snapshot())
            return chunk, client.submit(work, task, retries=RETRIES, pure=False), "submitted"

        def fill() -> None:
            while len(ahead) < len(addresses) + SPARE_CHUNKS:
                chunk = next(chunks, None)
                if chunk is None:
                    return
                ahead.append(plan(chunk))

        fill()
        _check_versions([future.result() for future in warm], addresses)
        while ahead:
            chunk, future, how = ahead.popleft()
            report.chunks += 1
            records: list[Record] | None = None
            if how == "finished":
                report.finished += 1
            elif how == "parts":
                records = output.read(chunk.chunk_id)
                report.from_parts += 1
            else:
                assert future is not None
                try:
                    records = future.result()
                except Exception as exc:  # the chunk failed RETRIES + 1 times: record it, carry on
                    report.failed_chunks += 1
                    ledger.fail(_chunk_failure(chunk, exc))
                else:
                    output.write(chunk.chunk_id, records)
                    report.computed += 1
            with store.transaction():
                _settle_chunk(chunk, records, ledger, settings, facts, report)
            fill()
        report.worker_peak_memory = client.run(peak_memory)
    return report


def _check_versions(versions: list[str], addresses: list[str]) -> None:
    wrong = [f"{address} runs {version}" for address, version in zip(addresses, versions, strict=True)
             if version != __version__]
    if wrong:
        raise ClusterError(f"Dask workers must run tidings {__version__}, like this driver: "
                           f"{'; '.join(wrong)}. Install the same version on every worker.")


def _chunk_failure(chunk: Chunk, exc: BaseException) -> Failure:
    refs = [ref for ref in chunk.refs()]
    first = next((item.ref for item, _ in chunk.items if isinstance(item, Document)), None)
    return Failure(first, "dask-chunk",
                   f"chunk {chunk.chunk_id} failed {RETRIES + 1} times ({type(exc).__name__}: {exc}); "
                   f"its {len(refs)} inputs were not stored: {', '.join(refs)}. "
                   "Rerun the same command to try them again.")


def _settle_chunk(chunk: Chunk, records: list[Record] | None, ledger: Ledger, settings: Settings,
                  facts: LearnedFacts, report: DaskReport) -> None:
    """Store a chunk's inputs in input order, exactly as `pipeline.ingest` would."""
    results = {result.position: result for result in map(read_record, records or ())}
    for position, (item, digest) in enumerate(chunk.items):
        if isinstance(item, Skip):
            ledger.skip(item)
            continue
        if ledger.passed_over(item.ref, digest):
            continue
        result = results.get(position)
        if result is None:  # its chunk failed, already recorded
            continue
        if isinstance(result.prepared, Failure):
            ledger.fail(result.prepared, digest=digest)
            continue
        ledger.settle(item.ref, digest, result.prepared, signature=result.signature,
                      analysis_of=partial(_checked, result, store=ledger.store, settings=settings,
                                          facts=facts, report=report))


def _checked(result: Result, article: Article, *, store: Store, settings: Settings, facts: LearnedFacts,
             report: DaskReport) -> Analysis:
    """The worker's analysis when every learned answer it used is still the store's answer;
    otherwise the article analysed again here with the store's knowledge (as one process would)."""
    on = learned_date(article)
    analysis, redone = current_analysis(article, result.analysis, result.lookups, store, settings,
                                        parse=result.parsed,
                                        on_answer=lambda name, now: facts.remember(name, now, on=on))
    if redone:
        report.reanalysed += 1
    # What the store learns now, the workers will know for the chunks sent from here on.
    facts.add(article.id, article.published, analysis.facts)
    return analysis


class ClusterSide(TypedDict):
    """A DaskReport's cluster side as plain values; peak memory in MB by worker address."""

    chunks: int
    computed: int
    from_parts: int
    finished: int
    failed_chunks: int
    reanalysed: int
    worker_peak_memory_mb: dict[str, int]


def describe(report: DaskReport) -> ClusterSide:
    """The report's cluster side as plain values (for the CLI and the benchmark)."""
    return {"chunks": report.chunks, "computed": report.computed, "from_parts": report.from_parts,
            "finished": report.finished, "failed_chunks": report.failed_chunks,
            "reanalysed": report.reanalysed,
            "worker_peak_memory_mb": {address: round(peak / 2**20) for address, peak
                                      in report.worker_peak_memory.items()}}
