"""Exceptions tidings raises, each with a message that says what to do.

    TidingsError
    ├── InputError               the user's input cannot be used (CLI exit code 1)
    │   ├── InputNotFound        a path that does not exist
    │   ├── UnsupportedInput     a file type or URL scheme tidings does not read
    │   ├── BadDate              a --published value that is not an ISO date
    │   ├── FilterError          a listing filter that cannot be used (tidings.filters; also a ValueError)
    │   └── FetchError           a URL could not be fetched (network, status, size, redirects)
    │       ├── BlockedAddress   a private or loopback address, refused by settings
    │       ├── HostUnreachable  DNS failure or connection refused (not an HTTP error answer)
    │       └── TooLarge         a body over the size cap
    ├── FeedError                a feed that is not well-formed (distinct from a network failure)
    ├── ModelNotInstalled        no English spaCy pipeline is installed
    ├── SettingsError            a bad value in tidings.toml or a TIDINGS_* variable
    ├── StoreError               the database cannot be opened or migrated
    │   └── NoDatabase           a reader named a database that does not exist (ingest, watch make one)
    ├── AnalysisFailed           a stage raised on one article (the Python API; batches record it)
    └── ClusterError             Dask is missing, or the cluster cannot be reached or used

Skipping an input is not an error: sources and stages return `tidings.model.Skip` records.
"""

from __future__ import annotations


class TidingsError(Exception):
    """Base class for every error tidings raises on purpose."""


class InputError(TidingsError):
    """The input cannot be used as given."""


class InputNotFound(InputError):
    pass


class UnsupportedInput(InputError):
    pass


class BadDate(InputError):
    pass


class FetchError(InputError):
    pass


class BlockedAddress(FetchError):
    pass


class HostUnreachable(FetchError):
    """The host could not be resolved or connected to, as opposed to answering with an error.

    Callers fetching many pages from one host (a feed's entries) use it to stop trying a host
    that is down instead of waiting out one failure per page.
    """


class TooLarge(FetchError):
    pass


class FeedError(TidingsError):
    pass


class ModelNotInstalled(TidingsError):
    pass


class SettingsError(TidingsError):
    pass


class StoreError(TidingsError):
    pass


class NoDatabase(StoreError):
    """The database to read does not exist: no file at the path, or no tidings tables in the
    PostgreSQL database. Reading never creates one, so a mistyped --db is an error, not "no data"."""


class AnalysisFailed(TidingsError):
    """A stage raised on the article given to `tidings.analyze`; the message names the stage and the
    error. A batch records the same as a failure row and goes on."""


class ClusterError(TidingsError):
    """`ingest --workers`: Dask is not installed, the scheduler cannot be reached, or its workers
    run another tidings version."""
