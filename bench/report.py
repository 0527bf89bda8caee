"""Turn the benchmark's raw results (the JSON it writes) into Markdown tables."""

from __future__ import annotations

from typing import Any

from bench.machine import one_line
from bench.stats import markdown_table, number, rate, ratio, share, summary, times

SYSTEMS = ("us", "plain", "bm25")
LABELS = {"us": "**us** (default path)", "plain": "plain recipe", "bm25": "BM25 alone"}
SET_LABELS = {"dev": "dev (`tests/data/dev_qa.jsonl`)", "own": "own (`tests/data/own_qa.jsonl`)"}


def system_summary(result: dict[str, Any]) -> dict[str, Any]:
    """Accuracy and latency of one system on one question set."""
    rows = result["rows"]
    return {
        "right": sum(1 for r in rows if r["right"]),
        "total": len(rows),
        "right_rate": rate([r["right"] for r in rows]),
        "hit1": rate([r["hit1"] for r in rows]),
        "hit3": rate([r["hit3"] for r in rows]),
        "answer_chars_p50": summary([r["answer_chars"] for r in rows])["p50"],
        "retrieval_ms": summary(result["retrieval_ms"]),
        "answer_ms": summary(result["answer_ms"]),
        "unstable": result["unstable"],
    }


def _p50_p95(stats: dict[str, Any]) -> str:
    return f"{number(stats['p50'])} / {number(stats['p95'])}"


def quality_table(sets: dict[str, dict[str, Any]], labels: dict[str, str] | None = None) -> str:
    rows = []
    for set_name, per_system in sets.items():
        for name in SYSTEMS:
            if name not in per_system:
                continue
            s = system_summary(per_system[name])
            rows.append([
                (labels or SET_LABELS).get(set_name, set_name), LABELS[name],
                f"{s['right']}/{s['total']} ({share(s['right_rate'])})", share(s["hit1"]), share(s["hit3"]),
                number(s["answer_chars_p50"], 0), _p50_p95(s["retrieval_ms"]), _p50_p95(s["answer_ms"]),
            ])
    return markdown_table(["questions", "system", "right by the rule", "hit@1", "hit@3", "answer chars (median)",
                           "retrieval ms p50 / p95", "full answer ms p50 / p95"], rows)


def kinds_table(sets: dict[str, dict[str, Any]]) -> str:
    rows = []
    for set_name, per_system in sets.items():
        kinds = sorted({r["kind"] for r in per_system["us"]["rows"]})
        for kind in kinds:
            cells = []
            for name in SYSTEMS:
                chosen = [r for r in per_system[name]["rows"] if r["kind"] == kind]
                cells.append(f"{sum(r['right'] for r in chosen)}/{len(chosen)}")
            rows.append([set_name, kind, *cells])
    return markdown_table(["set", "kind", *(LABELS[n] for n in SYSTEMS)], rows)


def ratio_table(sets: dict[str, dict[str, Any]]) -> str:
    rows = []
    for set_name, per_system in sets.items():
        us = system_summary(per_system["us"])
        for other in ("plain", "bm25"):
            them = system_summary(per_system[other])
            rows.append([
                set_name, f"us / {LABELS[other]}",
                times(ratio(us["right_rate"], them["right_rate"])), times(ratio(us["hit1"], them["hit1"])),
                times(ratio(us["hit3"], them["hit3"])),
                times(ratio(us["retrieval_ms"]["p50"], them["retrieval_ms"]["p50"])),
                times(ratio(us["answer_ms"]["p50"], them["answer_ms"]["p50"])),
                times(ratio(us["answer_ms"]["p95"], them["answer_ms"]["p95"])),
                times(ratio(us["answer_chars_p50"], them["answer_chars_p50"])),
            ])
    return markdown_table(["set", "ratio", "right", "hit@1", "hit@3", "retrieval p50", "full answer p50",
                           "full answer p95", "answer chars"], rows)


def ingest_table(ingest: dict[str, dict[str, Any]]) -> str:
    rows = []
    for corpus, per_system in ingest.items():
        for name in SYSTEMS:
            if name not in per_system:
                continue
            r = per_system[name]
            rows.append([corpus, LABELS[name], number(r["documents"]), number(r["chunks"]),
                         number(r["model_load_s"]), number(r["ingest_s"], 2), number(r["chunks_per_s"]),
                         number(r["peak_rss_mib"], 0)])
    return markdown_table(["corpus", "system", "documents", "chunks", "model load s", "ingest s", "chunks/s",
                           "peak RSS MiB (whole process)"], rows)


def cold_table(cold: dict[str, list[dict[str, Any]]]) -> str:
    def row(label: str, values: list[float], unit: str) -> list[str]:
        s = summary(values)
        spread = f"{number(s['min'])} – {number(s['max'])}" if values else "–"
        return [label, f"{number(s['p50'])} {unit}", spread, str(len(values))]

    cli, inside, page = cold.get("cli", []), cold.get("inside", []), cold.get("page", [])
    rows = [
        row("CLI `python -m assistant ask … --json`: process start → answer printed", [c["wall_s"] for c in cli], "s"),
        row("  of which the answer itself (its `elapsed_ms`)", [c["first_answer_ms"] / 1000 for c in cli], "s"),
        row("  CLI peak RSS", [c["peak_rss_mib"] for c in cli], "MiB"),
        row("Plain recipe: process start → fp32 model loaded (LangChain) + one question embedded",
            [c["wall_s"] for c in cold.get("bare", [])], "s"),
        row("  its peak RSS", [c["peak_rss_mib"] for c in cold.get("bare", [])], "MiB"),
        row("Same path, phase by phase: interpreter start", [c["interpreter_s"] for c in inside], "s"),
        row("  imports (assistant, LangChain, Chroma, torch)", [c["imports_s"] for c in inside], "s"),
        row("  embedding model load", [c["model_load_s"] for c in inside], "s"),
        row("  open the index (Chroma)", [c["open_index_s"] for c in inside], "s"),
        row("  index freshness check", [c["index_check_s"] for c in inside], "s"),
        row("  first answer", [c["first_answer_s"] for c in inside], "s"),
        row("  second answer (warm)", [c["second_answer_s"] for c in inside], "s"),
        row("  total to first answer", [c["total_s"] - c["second_answer_s"] for c in inside], "s"),
        row("Page: `python app.py` start → HTTP 200 on `/`", [p["seconds"] for p in page], "s"),
        row("  server peak RSS", [p["peak_rss_mib"] for p in page if p.get("peak_rss_mib")], "MiB"),
    ]
    return markdown_table(["cold start", "median", "min – max", "runs"], rows)


METHOD = [
    "**us** is `build_assistant(...).answers.ask(question, history)`; retrieval alone is its hybrid retriever "
    "(dense + BM25, fused) on the question.",
    "The **plain recipe** is RecursiveCharacterTextSplitter(1000, 200) + langchain_chroma.Chroma + the e5 model "
    "in fp32 torch (`build_embeddings` with the torch backend, one query thread like ours), top 3 by "
    "similarity; **BM25 alone** is `LexicalIndex` over our sentence chunks, top 3. Both read documents with "
    "our readers and answer with the top chunk, cited to "
    "itself, `found` = True; a follow-up is searched as the earlier questions + the question.",
    "Right by the rule and hit@k are `assistant.evaluation.is_right` / `retrieval_hit`. The baselines never say "
    "\"not in the report\", so out-of-scope questions are wrong for them by construction.",
    "Latency is wall time in the worker process, after one warm-up question; cold costs are under Cold start. "
    "Peak RSS is the worker process's own (wait4), model included.",
]


def headline(results: dict[str, Any]) -> str:
    """The ratios the issue asks about, one per line, with the machine's load."""
    lines = [f"Our embedding backend: {results.get('backend', 'torch')}; the plain recipe: fp32 torch, same threads."]
    report = results.get("queries", {}).get("report")
    for set_name, per_system in (report or {"sets": {}})["sets"].items():
        us, plain = system_summary(per_system["us"]), system_summary(per_system["plain"])
        lines.append(
            f"Per question ({set_name}): us {number(us['answer_ms']['p50'])} / {number(us['answer_ms']['p95'])} ms, "
            f"plain {number(plain['answer_ms']['p50'])} / {number(plain['answer_ms']['p95'])} ms (median / p95): "
            f"{times(ratio(us['answer_ms']['p50'], plain['answer_ms']['p50']))} median, "
            f"{times(ratio(us['answer_ms']['p95'], plain['answer_ms']['p95']))} p95")
    cold = results.get("cold", {})
    cli = summary([c["wall_s"] for c in cold.get("cli", [])])["p50"]
    bare = summary([c["wall_s"] for c in cold.get("bare", [])])["p50"]
    if cli is not None and bare is not None:
        lines.append(f"Cold start: CLI ask {number(cli)} s, plain model load + one embedding {number(bare)} s: "
                     f"{times(ratio(cli, bare))}")
    loads = ", ".join(f"{name} {value}" for name, value in results["load"])
    lines.append(f"Load average (1 min; the machine has {results['machine'].get('cores', '?')} cores): {loads}")
    return "\n".join(f"- {line}" for line in lines)


def render(results: dict[str, Any]) -> str:
    loads = ", ".join(f"{name} {value}" for name, value in results["load"])
    parts = [
        "# Benchmark: us vs the plain LangChain recipe vs BM25 alone",
        f"Command: `{results['command']}`  \nRun: {results['started']}, {results['duration_s'] / 60:.1f} min  \n"
        f"Machine: {one_line(results['machine'])}  \n"
        f"Load average (1 min, shared machine; more than the core count means queued work): {loads}",
        "## Headline ratios (us / plain recipe; below 1× means us is faster)",
        headline(results),
    ]
    report = results.get("queries", {}).get("report")
    if report:
        parts += [
            "## Answers and retrieval on the report",
            f"Each question {results['reps']}×, systems interleaved question by question; latencies over all "
            "runs. hit@k counts the questions that have an expected answer.",
            quality_table(report["sets"]),
            "### Right answers by kind",
            kinds_table(report["sets"]),
            "### Ratios",
            "Above 1× means us is higher (better for accuracy, slower for latency, longer for answers).",
            ratio_table(report["sets"]),
        ]
    if results["ingest"]:
        parts += ["## Ingest", ingest_table(results["ingest"])]
    scale = results.get("scale")
    if scale:
        parts += [
            f"## Query latency at scale: {scale['corpus']}",
            f"{scale['questions_note']} Each {scale['reps']}×. Peak RSS of the process holding all three: "
            f"{number(scale['queries'].get('peak_rss_mib'), 0)} MiB.",
            quality_table(scale["queries"]["sets"], {"scale": scale["label"]}),
        ]
    if "cold" in results:
        parts += ["## Cold start", cold_table(results["cold"])]
    unstable = [f"{n}/{s}: {', '.join(r['unstable'])}" for n, per in (report or {"sets": {}})["sets"].items()
                for s, r in per.items() if r["unstable"]]
    notes = [*METHOD, *results.get("notes", [])]
    if unstable:
        notes.append("Answers that changed between repetitions: " + "; ".join(unstable))
    if notes:
        parts += ["## Notes", "\n".join(f"- {n}" for n in notes)]
    return "\n\n".join(parts) + "\n"
