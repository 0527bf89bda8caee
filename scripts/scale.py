"""Ingest a generated corpus of N chunks and measure what a person would wait for.

    python -m scripts.scale [--chunks 10000] [--work DIR] [--json OUT.json]

Generates the corpus (scripts/generate_corpus.py) unless DIR already holds
one, ingests it into a fresh index (a local folder, or the Chroma server that
ASSISTANT_CHROMA_HOST/PORT name), then measures: ingest throughput and peak
memory, reading the published chunks (what BM25 is built from) and the
fingerprints, the first question, and re-ingesting one changed file.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from assistant.factory import build_assistant
from assistant.retrieval.lexical import LexicalIndex
from assistant.settings import Settings
from scripts.generate_corpus import generate

T = TypeVar("T")


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


def _current_rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def _timed(label: str, results: dict[str, float], action: Callable[[], T]) -> T:
    started = time.perf_counter()
    value = action()
    results[label] = round(time.perf_counter() - started, 3)
    return value


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--chunks", type=int, default=10_000)
    parser.add_argument("--work", type=Path, default=Path("data/scale"))
    parser.add_argument("--json", type=Path, default=None, help="Also write the results here.")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    corpus = args.work / f"corpus-{args.chunks}"
    if not corpus.is_dir():
        documents = sum(1 for _ in generate(corpus, args.chunks, args.seed))
        print(f"Generated {documents} documents in {corpus}", file=sys.stderr)
    run = args.work / f"run-{int(time.time())}"
    settings = Settings(knowledge_dir=corpus, data_dir=run, index_name=f"scale{os.getpid()}",
                        models_dir=Settings().model_cache_dir.resolve())
    assistant = build_assistant(settings)
    assistant.answers.retriever.embeddings.embed_query("khởi động")  # the model's first run allocates
    results: dict[str, float] = {"rss_before_ingest_mb": round(_current_rss_mb(), 1)}

    report = _timed("ingest_s", results, lambda: assistant.indexer.ingest(progress=True))
    results["chunks"] = report.chunks_total
    results["documents"] = len(report.added_documents)
    results["ingest_chunks_per_s"] = round(report.chunks_written / results["ingest_s"], 1)
    results["peak_rss_mb"] = round(_peak_rss_mb(), 1)

    store = assistant.store
    generation = store.published()
    chunks = _timed("read_chunks_s", results, lambda: store.chunks(generation))
    _timed("fingerprints_s", results, lambda: store.fingerprints(generation))
    _timed("bm25_build_s", results, lambda: LexicalIndex([c.text for c in chunks]))
    _timed("is_stale_s", results, assistant.indexer.is_stale)
    question = "Số hộ nghèo của tỉnh Quảng Trị năm 2024 còn bao nhiêu?"
    _timed("first_question_s", results, lambda: assistant.answers.ask(question))
    _timed("next_question_s", results, lambda: assistant.answers.ask("Tỷ lệ lao động qua đào tạo đạt bao nhiêu?"))

    changed = sorted(corpus.glob("*.md"))[len(chunks) // 20]
    original = changed.read_text("utf-8")
    try:
        changed.write_text(original.replace("Đến cuối kỳ", "Tính đến cuối kỳ", 1) + "\nGhi chú: số liệu sơ bộ.\n",
                           "utf-8")
        again = _timed("reingest_one_file_s", results, lambda: assistant.indexer.ingest(progress=False))
    finally:
        changed.write_text(original, "utf-8")
    assert again.updated_documents == [changed.name], again
    results["reingest_chunks_written"] = again.chunks_written
    results["peak_rss_mb_end"] = round(_peak_rss_mb(), 1)
    print(json.dumps(results, ensure_ascii=False, indent=2))
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", "utf-8")
    assistant.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
