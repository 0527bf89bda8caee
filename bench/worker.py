"""One benchmark measurement in its own process: `python -m bench.worker TASK …`.

Each task writes one JSON object to `--out`. A fresh process per task lets the
driver read that process's own peak RSS and keeps one system's caches from
helping another. Heavy imports happen inside the tasks, after the clock starts,
so that `coldstart` can time them.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from langchain_core.embeddings import Embeddings

    from assistant.evaluation import Case
    from bench.systems import System

INDEX_NAME = "kb"  # the CLI's and the app's default, so they can open what `ingest` wrote


def _quiet() -> None:
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")


def _settings(knowledge: Path, store: Path, models: Path, **overrides: Any) -> Any:
    from assistant.settings import Settings

    return Settings(_env_file=None, knowledge_dir=knowledge, data_dir=store,
                    models_dir=models, index_name=INDEX_NAME, **overrides)


def _embeddings(knowledge: Path, store: Path, models: Path, plain: bool = False) -> tuple[Embeddings, float]:
    """Our embeddings; for the plain recipe always fp32 torch (its own recipe), with our query threads."""
    from assistant.embedding.model import build_embeddings

    started = time.perf_counter()
    overrides = {"embedding_backend": "torch"} if plain else {}
    embeddings = build_embeddings(_settings(knowledge, store, models, **overrides))
    embeddings.embed_query("khởi động")  # the first call allocates; count it as loading
    return embeddings, time.perf_counter() - started


def _torch_threads() -> int | None:
    try:
        import torch
    except ImportError:
        return None
    return int(torch.get_num_threads())


def _system(name: str, knowledge: Path, store: Path, models: Path, embeddings: Embeddings | None) -> System:
    from bench.systems import Bm25Alone, Ours, PlainRecipe

    if name == "bm25":
        return Bm25Alone(knowledge)
    if embeddings is None:
        raise ValueError(f"{name} needs the embedding model")
    if name == "us":
        return Ours(_settings(knowledge, store, models), embeddings)
    if name == "plain":
        return PlainRecipe(knowledge, store, embeddings)
    raise ValueError(f"unknown system {name}")


def ingest(args: argparse.Namespace) -> dict[str, Any]:
    """Index a corpus from nothing with one system; the driver adds peak RSS."""
    started = time.perf_counter()
    embeddings, load_s = (None, 0.0) if args.system == "bm25" else _embeddings(
        args.knowledge, args.store, args.models, plain=args.system == "plain")
    system = _system(args.system, args.knowledge, args.store, args.models, embeddings)
    begun = time.perf_counter()
    documents, chunks = system.ingest()
    seconds = time.perf_counter() - begun
    return {
        "system": args.system, "documents": documents, "chunks": chunks,
        "model_load_s": load_s, "ingest_s": seconds, "chunks_per_s": chunks / seconds if seconds else None,
        "process_s": time.perf_counter() - started, "torch_threads": _torch_threads(),
    }


def _load_cases(path: Path) -> list[Case]:
    from assistant.evaluation import Case

    lines = path.read_text("utf-8").splitlines()
    return [Case.from_json(json.loads(line)) for line in lines if line.strip()]


def _ms(since: float) -> float:
    return (time.perf_counter() - since) * 1000


def queries(args: argparse.Namespace) -> dict[str, Any]:
    """Every question of every set, `reps` times, the systems interleaved.

    Interleaving question by question spreads the noise of a shared machine over
    all systems alike; the order of systems rotates each repetition.
    """
    from assistant.evaluation import is_right, retrieval_hit

    sets = {name: _load_cases(Path(path)) for name, path in (item.split("=", 1) for item in args.set)}
    stores = dict(item.split("=", 1) for item in args.store)
    embeddings, load_s = _embeddings(args.knowledge, Path(stores["us"]), args.models)
    backend = _settings(args.knowledge, Path(stores["us"]), args.models).embedding_backend
    # The plain recipe embeds with fp32 torch; when we do too, both share one loaded model.
    plain = embeddings if backend == "torch" else _embeddings(args.knowledge, Path(stores["plain"]), args.models,
                                                              plain=True)[0]
    systems = [_system(name, args.knowledge, Path(stores.get(name, ".")), args.models,
                       plain if name == "plain" else embeddings) for name in ("us", "plain", "bm25")]
    for system in systems:
        system.open()
    # The first question builds lazy state (BM25 over the index, Chroma handles);
    # that cost belongs to cold start, measured separately.
    warm = next(iter(sets.values()))[0]
    for system in systems:
        system.retrieve(warm.question)
        system.answer(warm)

    out: dict[str, Any] = {"model_load_s": load_s, "reps": args.reps, "torch_threads": _torch_threads(),
                           "backend": backend, "sets": {}}
    for set_name in sets:
        out["sets"][set_name] = {
            s.name: {"rows": [], "retrieval_ms": [], "answer_ms": [], "unstable": []} for s in systems
        }
    for rep in range(args.reps):
        order = systems[rep % len(systems):] + systems[: rep % len(systems)]
        for set_name, cases in sets.items():
            for number, case in enumerate(cases):
                for system in order:
                    result = out["sets"][set_name][system.name]
                    began = time.perf_counter()
                    system.retrieve(case.question)
                    retrieval_ms = _ms(began)
                    began = time.perf_counter()
                    answer, passages = system.answer(case)
                    answer_ms = _ms(began)
                    result["retrieval_ms"].append(retrieval_ms)
                    result["answer_ms"].append(answer_ms)
                    right = is_right(case, answer)
                    if rep == 0:
                        result["rows"].append({
                            "id": case.id, "kind": case.kind, "right": right,
                            "hit1": retrieval_hit(case, passages, 1), "hit3": retrieval_hit(case, passages, 3),
                            "found": answer.found, "answer_chars": len(answer.answer),
                            "answer": answer.answer[:300], "retrieval_ms": [], "answer_ms": [],
                        })
                    row = result["rows"][number]
                    row["retrieval_ms"].append(retrieval_ms)
                    row["answer_ms"].append(answer_ms)
                    if right != row["right"] and case.id not in result["unstable"]:
                        result["unstable"].append(case.id)
        print(f"  repetition {rep + 1}/{args.reps} done", file=sys.stderr, flush=True)
    for per_system in out["sets"].values():
        for result in per_system.values():
            for row in result["rows"]:
                row["retrieval_ms"] = round(statistics.median(row["retrieval_ms"]), 2)
                row["answer_ms"] = round(statistics.median(row["answer_ms"]), 2)
    return out


def coldstart(args: argparse.Namespace) -> dict[str, Any]:
    """The CLI's path to a first answer, phase by phase (settings from the environment)."""
    spawned = float(os.environ["BENCH_SPAWNED_AT"])
    phases: dict[str, float] = {}
    mark = time.time()
    phases["interpreter_s"] = mark - spawned

    def lap(name: str) -> None:
        nonlocal mark
        now = time.time()
        phases[name] = now - mark
        mark = now

    from assistant.embedding.model import build_embeddings
    from assistant.factory import build_assistant
    from assistant.settings import Settings
    lap("imports_s")
    settings = Settings()
    embeddings = build_embeddings(settings)
    lap("model_load_s")
    assistant = build_assistant(settings, embeddings)
    lap("open_index_s")
    ingested = assistant.ensure_index(progress=False) is not None
    lap("index_check_s")
    first = assistant.answers.ask(args.question)
    lap("first_answer_s")
    assistant.answers.ask(args.question2)
    lap("second_answer_s")
    return {**phases, "total_s": time.time() - spawned, "ingested": ingested,
            "first_found": first.found, "first_answer": first.answer[:200]}


def bare(args: argparse.Namespace) -> dict[str, Any]:
    """The plain recipe's cold start: load the fp32 model with LangChain, embed one question."""
    import torch
    from langchain_huggingface import HuggingFaceEmbeddings

    torch.set_num_threads(args.threads)  # the threads our CLI embeds with
    embeddings = HuggingFaceEmbeddings(model_name=str(args.models / "multilingual-e5-small"),
                                       model_kwargs={"device": "cpu", "local_files_only": True})
    vector = embeddings.embed_query("query: " + args.question)
    return {"dimensions": len(vector), "torch_threads": torch.get_num_threads()}


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bench.worker")
    parser.add_argument("--out", type=Path, required=True)
    tasks = parser.add_subparsers(dest="task", required=True)
    one = tasks.add_parser("ingest")
    one.add_argument("system", choices=["us", "plain", "bm25"])
    one.add_argument("--knowledge", type=Path, required=True)
    one.add_argument("--store", type=Path, required=True)
    one.add_argument("--models", type=Path, required=True)
    many = tasks.add_parser("queries")
    many.add_argument("--knowledge", type=Path, required=True)
    many.add_argument("--store", action="append", required=True, metavar="SYSTEM=DIR")
    many.add_argument("--models", type=Path, required=True)
    many.add_argument("--set", action="append", required=True, metavar="NAME=FILE.jsonl")
    many.add_argument("--reps", type=int, default=5)
    cold = tasks.add_parser("coldstart")
    cold.add_argument("--question", required=True)
    cold.add_argument("--question2", required=True)
    recipe = tasks.add_parser("bare")
    recipe.add_argument("--models", type=Path, required=True)
    recipe.add_argument("--question", required=True)
    recipe.add_argument("--threads", type=int, default=1)
    return parser


def main(argv: list[str] | None = None) -> int:
    _quiet()
    args = _parser().parse_args(argv)
    task = {"ingest": ingest, "queries": queries, "coldstart": coldstart, "bare": bare}[args.task]
    result = task(args)
    args.out.write_text(json.dumps(result, ensure_ascii=False, indent=1), "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
