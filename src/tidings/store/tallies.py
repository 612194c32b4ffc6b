"""Row counts kept as rows are written, so that an unfiltered count is one read, not a scan of a
table of millions (the overview counts every table on each view).

The table `tallies` (migration m008) holds one count per name in TALLIED, each the number of
rows of its table; triggers keep it, so every write path counts whichever module wrote the rows:
SQLite triggers from `sqlite_triggers()`, and on PostgreSQL one PL/pgSQL function from
`postgres_triggers()`. "analysed" counts the articles with an analysis.
"""

from __future__ import annotations

from typing import Final

from tidings.store.dialect import Connection, whole

__all__ = ["TALLIED", "articles_by_day", "backfill_days", "day_triggers_postgres", "day_triggers_sqlite",
           "postgres_triggers", "sqlite_triggers", "tallied"]

# name -> the table whose rows it counts
TALLIED: Final = {"articles": "articles", "duplicates": "duplicates", "skips": "skips",
                  "failures": "failures", "events": "events", "quotes": "quotes", "alerts": "alerts_fired"}
ANALYSED: Final = "analysed"

TABLE: Final = "CREATE TABLE tallies (name TEXT PRIMARY KEY NOT NULL, n BIGINT NOT NULL)"


def sqlite_triggers() -> str:
    """The SQLite script of the table and the triggers that keep it."""
    script = [f"{TABLE};"]
    for name, table in TALLIED.items():
        for op, change in (("INSERT", "+ 1"), ("DELETE", "- 1")):
            script.append(f"CREATE TRIGGER tally_{table}_{op.lower()} AFTER {op} ON {table} BEGIN "
                          f"UPDATE tallies SET n = n {change} WHERE name = '{name}'; END;")
    # an article's analysis is set and replaced by UPDATE: count the change of having one
    analysed = "(new.analysis_json IS NOT NULL) - (old.analysis_json IS NOT NULL)"
    script += [
        f"CREATE TRIGGER tally_analysed_update AFTER UPDATE OF analysis_json ON articles "
        f"WHEN {analysed} <> 0 BEGIN UPDATE tallies SET n = n + {analysed} WHERE name = '{ANALYSED}'; END;",
        "CREATE TRIGGER tally_analysed_insert AFTER INSERT ON articles WHEN new.analysis_json IS NOT NULL "
        f"BEGIN UPDATE tallies SET n = n + 1 WHERE name = '{ANALYSED}'; END;",
        "CREATE TRIGGER tally_analysed_delete AFTER DELETE ON articles WHEN old.analysis_json IS NOT NULL "
        f"BEGIN UPDATE tallies SET n = n - 1 WHERE name = '{ANALYSED}'; END;",
    ]
    return "\n".join(script)


def postgres_triggers() -> list[str]:
    """The PostgreSQL statements of the table, its function and the triggers that keep it."""
    cases = " ".join(f"WHEN '{table}' THEN '{name}'" for name, table in TALLIED.items())
    statements = [
        TABLE,
        # one function for every table: the tally's name from the table the trigger fired on
        f"""CREATE FUNCTION tally_rows() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            UPDATE tallies SET n = n + CASE TG_OP WHEN 'INSERT' THEN 1 ELSE -1 END
            WHERE name = CASE TG_TABLE_NAME {cases} END;
            IF TG_TABLE_NAME = 'articles' THEN
                UPDATE tallies SET n = n
                    + CASE WHEN TG_OP <> 'DELETE' AND NEW.analysis_json IS NOT NULL THEN 1 ELSE 0 END
                    - CASE WHEN TG_OP <> 'INSERT' AND OLD.analysis_json IS NOT NULL THEN 1 ELSE 0 END
                WHERE name = '{ANALYSED}';
            END IF;
            RETURN NULL;
        END $$""",
        f"""CREATE FUNCTION tally_analysed() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            UPDATE tallies
            SET n = n + (NEW.analysis_json IS NOT NULL)::int - (OLD.analysis_json IS NOT NULL)::int
            WHERE name = '{ANALYSED}';
            RETURN NULL;
        END $$""",
        "CREATE TRIGGER tally_analysed AFTER UPDATE OF analysis_json ON articles FOR EACH ROW "
        "EXECUTE FUNCTION tally_analysed()",
    ]
    statements += [f"CREATE TRIGGER tally_{table} AFTER INSERT OR DELETE ON {table} FOR EACH ROW "
                   "EXECUTE FUNCTION tally_rows()" for table in TALLIED.values()]
    return statements


def backfill_tallies(conn: Connection) -> None:
    """Count the rows stored before the tallies existed (once, in the migration)."""
    for name, table in TALLIED.items():
        conn.execute(f"INSERT INTO tallies (name, n) SELECT '{name}', count(*) FROM {table}")
    conn.execute(f"INSERT INTO tallies (name, n) SELECT '{ANALYSED}', count(*) FROM articles "
                 "WHERE analysis_json IS NOT NULL")


def tallied(conn: Connection, name: str) -> int:
    """How many rows the tally `name` (a key of TALLIED, or "analysed") counts now."""
    found = conn.execute("SELECT n FROM tallies WHERE name = ?", (name,)).fetchone()
    if found is None:
        raise KeyError(f"no tally {name!r}: the database lacks migration m008")
    return whole(found[0])


# -- articles per publication day (migration m013), for timelines normalised by volume -----------------

DAYS_TABLE: Final = "CREATE TABLE articles_by_day (day TEXT PRIMARY KEY NOT NULL, n BIGINT NOT NULL)"
# an article's publication day ('' when undated): the first ten characters of its ISO date
_DAY_OF: Final = "coalesce(substr({row}.published, 1, 10), '')"
_ADD_DAY: Final = ("INSERT INTO articles_by_day (day, n) VALUES ({day}, 1) "
                   "ON CONFLICT (day) DO UPDATE SET n = articles_by_day.n + 1")
_DROP_DAY: Final = "UPDATE articles_by_day SET n = n - 1 WHERE day = {day}"


def day_triggers_sqlite() -> str:
    """The SQLite script of articles_by_day and the triggers that keep it."""
    new, old = _DAY_OF.format(row="new"), _DAY_OF.format(row="old")
    return "\n".join([
        f"{DAYS_TABLE};",
        f"CREATE TRIGGER tally_day_insert AFTER INSERT ON articles BEGIN {_ADD_DAY.format(day=new)}; END;",
        f"CREATE TRIGGER tally_day_delete AFTER DELETE ON articles BEGIN {_DROP_DAY.format(day=old)}; END;",
        f"CREATE TRIGGER tally_day_update AFTER UPDATE OF published ON articles WHEN {old} <> {new} "
        f"BEGIN {_DROP_DAY.format(day=old)}; {_ADD_DAY.format(day=new)}; END;",
    ])


def day_triggers_postgres() -> list[str]:
    """The PostgreSQL statements of articles_by_day, its function and trigger."""
    new, old = _DAY_OF.format(row="NEW"), _DAY_OF.format(row="OLD")
    return [
        DAYS_TABLE,
        f"""CREATE FUNCTION tally_days() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP <> 'INSERT' AND (TG_OP = 'DELETE' OR {old} <> {new}) THEN
                {_DROP_DAY.format(day=old)};
            END IF;
            IF TG_OP <> 'DELETE' AND (TG_OP = 'INSERT' OR {old} <> {new}) THEN
                {_ADD_DAY.format(day=new)};
            END IF;
            RETURN NULL;
        END $$""",
        "CREATE TRIGGER tally_days AFTER INSERT OR DELETE OR UPDATE OF published ON articles FOR EACH ROW "
        "EXECUTE FUNCTION tally_days()",
    ]


def backfill_days(conn: Connection) -> None:
    """Count the articles stored before articles_by_day existed, by day (once, in the migration)."""
    conn.execute(f"INSERT INTO articles_by_day (day, n) SELECT {_DAY_OF.format(row='articles')}, count(*) "
                 "FROM articles GROUP BY 1")


def articles_by_day(conn: Connection) -> dict[str, int]:
    """How many stored articles were published on each day ('' for the undated ones)."""
    return {str(day): whole(n) for day, n in conn.execute("SELECT day, n FROM articles_by_day WHERE n > 0")}
