"""`make bench`: measure us, the plain recipe and BM25 alone, side by side, in one run.

    python -m bench.run [--reps 5] [--cold-reps 3] [--corpus FOLDER | --scale]

Each measurement runs in its own worker process (`bench.worker`), so peak RSS
is that process's own (read with wait4) and no system warms another's caches.
Results go to bench/results/ as Markdown and JSON and the Markdown is printed.
Timing on a shared 2-core machine is noisy: medians and p95 over repetitions,
with the load average recorded as the run goes.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from assistant.settings import Settings
from bench.machine import describe, load_average
from bench.report import headline, render
from bench.served import free_port

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
DOCS = ROOT / "docs" / "benchmarks.md"
DEFAULT_BACKEND = str(Settings.model_fields["embedding_backend"].default)
KNOWLEDGE = ROOT / "knowledge"
QUESTION_SETS = {"dev": ROOT / "tests" / "data" / "dev_qa.jsonl", "own": ROOT / "tests" / "data" / "own_qa.jsonl"}
GENERATOR = ROOT / "scripts" / "generate_corpus.py"
SYSTEMS = ("us", "plain", "bm25")
COLD_QUESTION = "Toàn tỉnh còn bao nhiêu hộ nghèo?"
COLD_QUESTION2 = "Tỷ lệ lao động qua đào tạo năm 2024?"
PAGE_TIMEOUT_S = 600


class BenchError(RuntimeError):
    """A measurement could not be taken; the message says why and where the log is."""


@dataclass(frozen=True)
class Child:
    returncode: int
    seconds: float
    peak_rss_mib: float


def _log(message: str) -> None:
    print(f"[bench {datetime.now():%H:%M:%S}, load {load_average()}] {message}", file=sys.stderr, flush=True)


def _tail(path: Path, lines: int = 25) -> str:
    try:
        return "\n".join(path.read_text("utf-8", errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


def _reap(pid: int, deadline: float | None = None) -> tuple[int, float] | None:
    """Wait for our child `pid`: (exit code, its peak RSS in MiB), or None at the deadline."""
    while True:
        flags = 0 if deadline is None else os.WNOHANG
        reaped, status, usage = os.wait4(pid, flags)
        if reaped == pid:
            return os.waitstatus_to_exitcode(status), usage.ru_maxrss / 1024  # Linux reports KiB
        if deadline is not None and time.monotonic() > deadline:
            return None
        time.sleep(0.05)


def run_child(command: list[str], env: dict[str, str], stdout: Path, stderr: Path) -> Child:
    started = time.perf_counter()
    with stdout.open("wb") as out, stderr.open("wb") as err:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=err)
    reaped = _reap(process.pid)
    assert reaped is not None
    process.returncode = reaped[0]  # reaped by wait4, not by Popen
    return Child(reaped[0], time.perf_counter() - started, reaped[1])


class Bench:
    def __init__(self, args: argparse.Namespace, workdir: Path) -> None:
        self.args = args
        self.workdir = workdir
        self.logs = workdir / "logs"
        self.logs.mkdir(parents=True)
        self._ports = iter(range(args.port, args.port + 100))

    def env(self, **extra: str) -> dict[str, str]:
        # Only the settings we choose: an ASSISTANT_* variable in the caller's shell
        # (a Chroma server, another model) would change what is measured.
        env = {k: v for k, v in os.environ.items() if not k.startswith("ASSISTANT_")}
        env.update(ASSISTANT_MODELS_DIR=str(self.args.models_dir), ASSISTANT_KNOWLEDGE_DIR=str(KNOWLEDGE),
                   ASSISTANT_EMBEDDING_BACKEND=self.args.backend,
                   ANONYMIZED_TELEMETRY="False", GRADIO_ANALYTICS_ENABLED="False", PYTHONPATH=str(ROOT))
        env.update(extra)
        return env

    def worker(self, name: str, arguments: list[str], **env: str) -> tuple[dict[str, Any], Child]:
        out = self.workdir / f"{name}.json"
        log = self.logs / f"{name}.log"
        command = [sys.executable, "-m", "bench.worker", "--out", str(out), *arguments]
        child = run_child(command, self.env(**env, BENCH_SPAWNED_AT=repr(time.time())), log, log)
        if child.returncode != 0:
            raise BenchError(f"{name} failed (exit {child.returncode}); end of {log}:\n{_tail(log)}")
        result: dict[str, Any] = json.loads(out.read_text("utf-8"))
        return result, child

    def ingest(self, corpus_name: str, corpus: Path) -> dict[str, Any]:
        stores = {name: self.workdir / corpus_name / name for name in SYSTEMS}
        measured = {}
        for name in ("bm25", "us", "plain"):
            _log(f"ingest {corpus_name} with {name}")
            result, child = self.worker(f"ingest-{corpus_name}-{name}", [
                "ingest", name, "--knowledge", str(corpus), "--store", str(stores[name]),
                "--models", str(self.args.models_dir)])
            measured[name] = {**result, "peak_rss_mib": child.peak_rss_mib, "process_wall_s": child.seconds}
        return {"stores": {k: str(v) for k, v in stores.items()}, "systems": measured}

    def queries(self, name: str, corpus: Path, stores: dict[str, str], sets: dict[str, Path],
                reps: int) -> dict[str, Any]:
        _log(f"questions on {name}: {', '.join(sets)}, {reps} repetitions")
        arguments = ["queries", "--knowledge", str(corpus), "--models", str(self.args.models_dir),
                     "--reps", str(reps)]
        arguments += [x for system, path in stores.items() for x in ("--store", f"{system}={path}")]
        arguments += [x for set_name, path in sets.items() for x in ("--set", f"{set_name}={path}")]
        result, child = self.worker(f"queries-{name}", arguments)
        return {**result, "peak_rss_mib": child.peak_rss_mib}

    def _free_port(self) -> int:
        try:
            return free_port(self._ports)
        except RuntimeError as error:
            raise BenchError(str(error)) from None

    def _page(self, rep: int, env: dict[str, str]) -> dict[str, Any]:
        port = self._free_port()
        log = self.logs / f"page-{rep}.log"
        url = f"http://127.0.0.1:{port}/"
        no_proxy = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        started = time.perf_counter()
        with log.open("wb") as out:
            process = subprocess.Popen([sys.executable, "app.py"], cwd=ROOT, stdout=out, stderr=subprocess.STDOUT,
                                       env={**env, "GRADIO_SERVER_PORT": str(port),
                                            "GRADIO_SERVER_NAME": "127.0.0.1"}, start_new_session=True)
        seconds = None
        try:
            while time.perf_counter() - started < PAGE_TIMEOUT_S and process.poll() is None:
                try:
                    with no_proxy.open(url, timeout=5) as response:
                        if response.status == 200:
                            seconds = time.perf_counter() - started
                            break
                except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
                    pass
                time.sleep(0.1)
        finally:
            peak = None
            if process.poll() is None:
                # Our own server, in its own session: stop it and anything it started.
                os.killpg(process.pid, signal.SIGTERM)
                reaped = _reap(process.pid, time.monotonic() + 30)
                if reaped is None:
                    os.killpg(process.pid, signal.SIGKILL)
                    reaped = _reap(process.pid)
                if reaped:
                    process.returncode, peak = reaped
        if seconds is None:
            raise BenchError(f"the page never answered 200 on {url}; end of {log}:\n{_tail(log)}")
        return {"seconds": seconds, "port": port, "peak_rss_mib": peak}

    def cold_start(self, store: str) -> dict[str, list[dict[str, Any]]]:
        env = self.env(ASSISTANT_DATA_DIR=store)
        cold: dict[str, list[dict[str, Any]]] = {"cli": [], "bare": [], "inside": [], "page": []}
        for rep in range(self.args.cold_reps):
            _log(f"cold start {rep + 1}/{self.args.cold_reps}: CLI, phases, page")
            out, err = self.logs / f"cli-{rep}.out", self.logs / f"cli-{rep}.log"
            child = run_child([sys.executable, "-m", "assistant", "ask", COLD_QUESTION, "--json"], env, out, err)
            if child.returncode != 0:
                raise BenchError(f"the CLI failed (exit {child.returncode}); end of {err}:\n{_tail(err)}")
            answer = json.loads(out.read_text("utf-8").strip().splitlines()[-1])
            cold["cli"].append({"wall_s": child.seconds, "first_answer_ms": answer["elapsed_ms"],
                                "found": answer["found"], "peak_rss_mib": child.peak_rss_mib})
            inside, _ = self.worker(f"coldstart-{rep}", ["coldstart", "--question", COLD_QUESTION,
                                                          "--question2", COLD_QUESTION2], ASSISTANT_DATA_DIR=store)
            cold["inside"].append(inside)
            # The plain recipe's cold start, right after ours: load the fp32 model, embed one question.
            recipe, child = self.worker(f"bare-{rep}", ["bare", "--models", str(self.args.models_dir),
                                                         "--question", COLD_QUESTION])
            cold["bare"].append({**recipe, "wall_s": child.seconds, "peak_rss_mib": child.peak_rss_mib})
            cold["page"].append(self._page(rep, env))
        return cold


def _scale_corpus(args: argparse.Namespace, bench: Bench) -> Path | None:
    if args.corpus:
        if not args.corpus.is_dir():
            raise BenchError(f"CORPUS {args.corpus} is not a folder")
        return args.corpus.resolve()
    if not args.scale:
        return None
    generated = RESULTS / f"corpus-{args.scale_chunks}"
    if generated.is_dir() and any(generated.iterdir()):
        return generated
    if not GENERATOR.is_file():
        raise BenchError(f"no corpus for the scale run: pass CORPUS=FOLDER, or add {GENERATOR.relative_to(ROOT)}")
    _log(f"generating a {args.scale_chunks}-chunk corpus in {generated}")
    log = bench.logs / "generate.log"
    child = run_child([sys.executable, str(GENERATOR), str(generated), "--chunks", str(args.scale_chunks)],
                      bench.env(), log, log)
    if child.returncode != 0:
        raise BenchError(f"the corpus generator failed; end of {log}:\n{_tail(log)}")
    return generated


def _scale_questions(corpus: Path, limit: int, workdir: Path) -> tuple[Path, str, str]:
    """(question file, label, note): facts written beside the corpus, else the dev set."""
    facts = corpus.parent / f"{corpus.name}-facts.jsonl"
    if not facts.is_file():
        return (QUESTION_SETS["dev"], "dev questions",
                f"No {facts.name} beside the corpus: the dev questions, for latency only (their report is not "
                "in this corpus, so the accuracy columns mean nothing).")
    rows = [json.loads(line) for line in facts.read_text("utf-8").splitlines() if line.strip()]
    step = max(1, len(rows) // limit)
    chosen = rows[::step][:limit]
    path = workdir / "scale-questions.jsonl"
    path.write_text("".join(json.dumps({"id": f"s{i:03d}", "kind": "figure", "question": r["question"],
                                        "expect_any": [r["answer"]]}, ensure_ascii=False) + "\n"
                            for i, r in enumerate(chosen)), "utf-8")
    return (path, f"{len(chosen)} generated facts",
            f"{len(chosen)} questions from {facts.name}, evenly spread (\"Số hộ nghèo của <nơi> <kỳ> còn bao "
            "nhiêu?\": many reports hold the same indicator for other places and periods).")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reps", type=int, default=5, help="Repetitions of each question set.")
    parser.add_argument("--cold-reps", type=int, default=3, help="Cold starts of each kind.")
    parser.add_argument("--corpus", type=Path, help="A folder of documents for the scale part (runs it).")
    parser.add_argument("--scale", action="store_true",
                        help="Run the scale part; without --corpus, generate one with scripts/generate_corpus.py.")
    parser.add_argument("--scale-chunks", type=int, default=10_000, help="Size of a generated corpus.")
    parser.add_argument("--scale-questions", type=int, default=30, help="Questions asked at scale.")
    parser.add_argument("--scale-reps", type=int, default=3, help="Repetitions of the scale questions.")
    parser.add_argument("--models-dir", type=Path,
                        default=Path(os.environ.get("ASSISTANT_MODELS_DIR") or ROOT / "data" / "models"),
                        help="Where the embedding model is provisioned (default $ASSISTANT_MODELS_DIR or data/models).")
    parser.add_argument("--port", type=int, default=int(os.environ.get("BENCH_PORT", "18400")),
                        help="First of 100 ports for the page cold start.")
    parser.add_argument("--skip-report", action="store_true", help="Leave out the questions on the report.")
    parser.add_argument("--skip-cold", action="store_true", help="Leave out the cold starts.")
    parser.add_argument("--backend", choices=["torch", "onnx"],
                        default=os.environ.get("BENCH_BACKEND") or DEFAULT_BACKEND,
                        help="Our embedding backend (ASSISTANT_EMBEDDING_BACKEND); the plain recipe is always torch.")
    parser.add_argument("--note", action="append", default=[], help="A line for the Notes section.")
    parser.add_argument("--render", type=Path, metavar="RESULTS.json",
                        help="Only print the Markdown for the results of an earlier run.")
    parser.add_argument("--keep", action="store_true", help="Keep the indexes and logs of this run.")
    parser.add_argument("--no-docs", dest="docs", action="store_false",
                        help="Do not replace docs/benchmarks.md with this run's tables.")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.render:
        print(render(json.loads(args.render.read_text("utf-8"))))
        return 0
    args.models_dir = args.models_dir.resolve()
    started = time.time()
    invocation = "python -m bench.run " + shlex.join(sys.argv[1:] if argv is None else argv)
    command = os.environ.get("BENCH_COMMAND") or invocation.strip()
    results: dict[str, Any] = {
        "command": command if command == invocation.strip() else f"{command}  (= {invocation.strip()})",
        "started": datetime.now().astimezone().isoformat(timespec="seconds"), "reps": args.reps,
        "machine": describe(ROOT), "load": [["start", load_average()]], "notes": list(args.note),
        "backend": args.backend,
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    workdir = Path(tempfile.mkdtemp(prefix="run-", dir=RESULTS))
    bench = Bench(args, workdir)
    failed = True
    try:
        if (ROOT / ".env").is_file():
            results["notes"].append("A .env file exists in the project folder; the CLI and page cold starts read it.")
        if not (args.models_dir / "multilingual-e5-small" / "provisioned.json").is_file():
            _log("provisioning the embedding model first (not timed)")
            log = bench.logs / "model.log"
            if run_child([sys.executable, "-m", "assistant", "model"], bench.env(), log, log).returncode:
                raise BenchError(f"could not provision the model; end of {log}:\n{_tail(log)}")
        corpus = _scale_corpus(args, bench)

        results["ingest"] = {}
        if not (args.skip_report and args.skip_cold):
            report = bench.ingest("report", KNOWLEDGE)
            results["ingest"]["report (knowledge/)"] = report["systems"]
        if not args.skip_report:
            results["queries"] = {"report": bench.queries("report", KNOWLEDGE, report["stores"], QUESTION_SETS,
                                                          args.reps)}
            results["load"].append(["after questions", load_average()])
        if not args.skip_cold:
            results["cold"] = bench.cold_start(report["stores"]["us"])
            results["load"].append(["after cold start", load_average()])
        if corpus is not None:
            scale = bench.ingest("scale", corpus)
            label = f"{corpus.name}/"
            results["ingest"][label] = scale["systems"]
            questions, set_label, note = _scale_questions(corpus, args.scale_questions, workdir)
            results["scale"] = {
                "corpus": f"`{corpus}` ({scale['systems']['us']['chunks']} chunks by our chunker)",
                "label": set_label, "questions_note": note, "reps": args.scale_reps,
                "queries": bench.queries("scale", corpus, scale["stores"], {"scale": questions}, args.scale_reps),
            }
            results["load"].append(["after scale", load_average()])
        failed = False
    except BenchError as error:
        _log(f"failed: {error}")
        _log(f"logs kept in {workdir}")
        return 1
    finally:
        if not failed and not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    results["load"].append(["end", load_average()])
    results["duration_s"] = time.time() - started
    markdown = render(results)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    for name in (f"bench-{stamp}", "latest"):
        (RESULTS / f"{name}.md").write_text(markdown, "utf-8")
        (RESULTS / f"{name}.json").write_text(json.dumps(results, ensure_ascii=False, indent=1), "utf-8")
    if args.docs:
        DOCS.write_text(markdown, "utf-8")
    print(markdown)
    print(headline(results))
    _log(f"written to {RESULTS.relative_to(ROOT)}/bench-{stamp}.md and .json (also latest.*)")
    return 0


if __name__ == "__main__":
    with contextlib.suppress(KeyboardInterrupt):
        sys.exit(main())
    sys.exit(130)
