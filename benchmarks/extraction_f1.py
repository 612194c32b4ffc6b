"""Mean token F1 of article extraction on the scrapinghub article-extraction benchmark.

Compares (a) trafilatura's defaults, `trafilatura.extract(html)`, with (b) tidings'
`extract_html` followed by `clean_text`, scored exactly as ../shared/tools/score.py scores
`tidings analyze` (NFKC, curly quotes straightened, lower-cased \\w+ tokens, multiset overlap).
Pages are read as score.py reads them: gunzipped and decoded as UTF-8 with replacement.

    .venv/bin/python benchmarks/extraction_f1.py [FOLDER] [--limit N]

FOLDER defaults to ../shared/data/extraction/scrapinghub-aeb; exits 0 with a message if absent.
"""

from __future__ import annotations

import argparse
import gzip
import json
import logging
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

import trafilatura

from tidings.ingest.clean import clean_text
from tidings.ingest.extract import extract_html

DEFAULT_FOLDER = Path(__file__).resolve().parents[2] / "shared" / "data" / "extraction" / "scrapinghub-aeb"


# norm, tokens and token_f1 are copied from score.py so the figures are comparable with it.
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


def load_pages(folder: Path, limit: int) -> list[tuple[str, str, str]]:
    """(page id, html text, gold article body) for every page with ground truth, sorted by id."""
    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for key, gold in sorted(truth.items())[:limit]:
        path = folder / "html" / f"{key}.html.gz"
        if not path.is_file():
            continue
        html = gzip.decompress(path.read_bytes()).decode("utf-8", "replace")
        pages.append((key, html, gold.get("articleBody") or ""))
    return pages


def ours(html: str) -> str:
    extracted = extract_html(html)
    return clean_text(extracted.text, title=extracted.title).text


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", nargs="?", type=Path, default=DEFAULT_FOLDER)
    parser.add_argument("--limit", type=int, default=10**9)
    args = parser.parse_args()
    if not (args.folder / "ground-truth.json").is_file():
        print(f"skipped: no benchmark data at {args.folder}")
        return 0
    logging.disable(logging.CRITICAL)  # trafilatura logs every discarded page
    pages = load_pages(args.folder, args.limit)
    baseline, tidings, extracted_only = [], [], []
    for _, html, gold in pages:
        baseline.append(token_f1(trafilatura.extract(html) or "", gold))
        extracted = extract_html(html)
        extracted_only.append(token_f1(extracted.text, gold))
        tidings.append(token_f1(clean_text(extracted.text, title=extracted.title).text, gold))

    def mean(rows: list[tuple[float, float, float]], i: int) -> float:
        return sum(row[i] for row in rows) / max(len(rows), 1)

    print(f"pages: {len(pages)}")
    for name, rows in (("trafilatura.extract defaults", baseline),
                       ("tidings extract_html", extracted_only),
                       ("tidings extract_html + clean_text", tidings)):
        print(f"{name}: f1 {mean(rows, 2):.4f} (precision {mean(rows, 0):.4f}, recall {mean(rows, 1):.4f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
