"""Alert rules: what `tidings watch` tells you about after each pass, each alert once, with its evidence.

Rules are the [[alerts]] tables of the watch configuration (TOML), one of four kinds:

    event      a real-world (merged) event matching the filters: quad_class, root, cameo, plover,
               actors (source or target, matched as `tidings events --source` matches), modality
    goldstein  the mean Goldstein score of a dyad's real-world events over the last `days` days
               falls below `below` (fires once per crossing, again only after it rose and fell)
    quote      a quote by one of `speakers` that has any of `words` (whole words, case ignored)
    story      a story (tidings.stories) told by at least `min_outlets` outlets

Outputs are the [outputs] table: `console` (one line per alert on standard output), `jsonl` (a
path, one JSON object per alert appended), `webhook` (a URL: one JSON POST per alert, sent by
tidings.ingest.post under the fetch rules: user agent, no private address unless allowed).

    parse_rules, parse_outputs   validate the configuration into Rule and AlertOutputs records
                                 (AlertRuleError says which rule, what fix)
    evaluate                     the alerts the new articles bring: reads the store, writes nothing
    run_alerts                   evaluate, log each alert in the store once, deliver, return the new

An alert fires at most once per (rule, evidence key): the store logs it (store/alerts.py) before
it is delivered, so a rerun, a restart or a second watcher never fires it again. A webhook that
fails is logged and retried on later passes; console and JSON Lines are written once.
"""

from __future__ import annotations

from tidings.alerts.deliver import run_alerts
from tidings.alerts.evaluate import Alert, evaluate
from tidings.alerts.rules import AlertOutputs, AlertRuleError, Rule, parse_outputs, parse_rules

__all__ = ["Alert", "AlertOutputs", "AlertRuleError", "Rule", "evaluate", "parse_outputs", "parse_rules",
           "run_alerts"]
