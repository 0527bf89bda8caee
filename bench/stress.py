"""`make stress`: the served app under load, a burst, bad input, path probes and an attacker's tries.

    python -m bench.stress [--sessions 20] [--questions 10] [--out bench/stress]

Starts `python app.py` (with logins, as a deployment: one per session, as staff
would have), runs the checks of bench/reliability.py at full size and those of
bench/hostile.py (oversized bodies before login with the server's memory
watched, an oversized upload, headers and odd paths, one login flooding while
another asks, hostile feedback, and, last, password guessing), prints a
Markdown report and writes it with the JSON beside it. Exits 1 if any check failed.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench import hostile, reliability
from bench.abuse import probe_paths
from bench.machine import describe, load_average, one_line
from bench.served import ROOT, serve
from bench.stats import markdown_table, number


def _seconds(value: float | None) -> str:
    return number(value, 2) + " s" if value is not None else "–"


def render(results: dict[str, Any]) -> str:
    load, burst, bad, cli, probes = (results[k] for k in ("load", "burst", "bad_input", "cli", "probes"))
    latency = load["latency_s"]
    rows = [
        ["load", f"{load['sessions']} sessions × {load['questions_each']} questions at once over `/chat`",
         f"{load['answers']} answered, {load['busy']} busy, {len(load['failures'])} wrong or leaked; "
         f"latency p50 {_seconds(latency['p50'])}, p95 {_seconds(latency['p95'])}, "
         f"max {_seconds(latency['max'])}; all done in {_seconds(load['wall_s'])}"],
        ["burst", f"{burst['sent']} questions submitted at once (line: {results['settings']['concurrency']} "
                  f"answering + {results['settings']['queue_size']} waiting)",
         f"{burst['answered']} answered, {burst['busy']} told busy; next question answered: "
         f"{'yes' if burst['answered_after'] else 'NO'}"],
        ["bad input (API)", f"{len(bad['inputs'])} inputs through `/ask`",
         "; ".join(f"{row['input']}: {row['reply'].split(chr(10))[0][:40]}" for row in bad["inputs"])],
        ["bad input (CLI)", f"{cli['batch_lines']} lines through `ask --batch`, invalid UTF-8 in argv",
         f"batch exit {cli['batch_exit']} (1: some lines refused), no traceback"
         if not cli["failures"] else "; ".join(cli["failures"])],
        ["path probes", f"{probes['paths']} traversal paths, logged in: {probes['logged_in']}",
         ", ".join(f"HTTP {code}: {count}" for code, count in sorted(probes["statuses"].items()))],
        *hostile_rows(results),
        ["server log", "tracebacks in the app's log", str(results["server_log"]["tracebacks"])],
    ]
    failures = [f"- {part}: {item}" for part, value in results.items()
                if isinstance(value, dict) for item in value.get("failures", [])]
    return "\n".join([
        "# Reliability: load, burst, bad input, path probes, an attacker's tries",
        "",
        f"Command: `{results['command']}`  ",
        f"Run: {results['started']}, {results['minutes']:.1f} min; app served after "
        f"{results['seconds_to_serve']:.1f} s  ",
        f"Machine: {one_line(results['machine'])}  ",
        f"Load average (1 min): start {results['load_average'][0]:.2f}, end {results['load_average'][1]:.2f}",
        "",
        markdown_table(["check", "what", "result"], rows),
        "",
        "**Failures**" if failures else "**No failures.**",
        *failures,
        "",
    ])


def hostile_rows(results: dict[str, Any]) -> list[list[str]]:
    big, upload, headers, flood, feedback, guess = (results[k] for k in (
        "oversized", "upload", "headers", "flood", "feedback", "guessing"))
    statuses = ", ".join(sorted({str(row["status"]) for row in big["requests"]}))
    return [
        ["oversized bodies", f"{len(big['requests'])} × {big['size_mb']} MB at once before login "
                             "(4 routes declared, 1 chunked)",
         f"HTTP {statuses}; server RSS {big['rss_before_mb']} → peak {big['rss_peak_mb']} MB "
         f"(+{big['rss_growth_mb']} MB)"],
        ["upload", f"{upload['size_mb']} MB through `/gradio_api/upload`, limit {upload['limit_mb']} MB",
         f"HTTP {upload['status']}"],
        ["headers", "`/`, another origin, NUL and malformed paths",
         f"X-Frame-Options {headers['x_frame_options']}, frame-ancestors 'none': "
         f"{'yes' if headers['csp_frame_ancestors'] else 'NO'}; CORS for another origin: "
         f"{headers['cors_foreign_origin'] or 'none'}; odd paths: "
         + ", ".join(f"HTTP {code}" for code in sorted(set(headers["odd_paths"].values())))],
        ["flood", "one login keeps many questions in flight while another asks one at a time",
         f"flood: {flood['flood_sent']} sent, {flood['flood_busy']} told busy; the other login: "
         f"{flood['other_answered']}/{flood['other_asked']} answered, {flood['other_busy']} busy"],
        ["hostile feedback", f"{feedback['sent']} ratings and comments from one session (surrogates, "
                             "line separators, control characters)",
         f"{feedback['thanked']} thanked, {feedback['limited']} asked to wait; {feedback['records']} records, "
         f"{feedback['parseable']} parseable lines"],
        ["login guessing", f"{guess['attempts']} wrong passwords in a row, then the right one",
         f"statuses {guess['statuses']}, first 429 at attempt {guess['first_429']}; right password "
         f"after: HTTP {guess['right_password_after']}"],
    ]


def _server_log(text: str) -> dict[str, Any]:
    # Gradio logs the traceback of any exception in a handler, even with show_error off.
    tracebacks = text.count("Traceback (most recent call last)")
    return {"tracebacks": tracebacks, "failures": [f"{tracebacks} traceback(s) in the app log"] if tracebacks else []}


def run(args: argparse.Namespace) -> dict[str, Any]:
    started, began = time.strftime("%Y-%m-%dT%H:%M:%S%z"), time.monotonic()
    queue_size = args.queue_size if args.queue_size is not None else args.sessions + 4
    burst_size = args.burst or 3 * (args.concurrency + queue_size)
    logins = [(f"stress{n}", secrets.token_urlsafe(12)) for n in range(max(2, args.sessions))]
    auth = logins[0]
    settings = {"ASSISTANT_UI_CONCURRENCY": str(args.concurrency), "ASSISTANT_UI_QUEUE_SIZE": str(queue_size),
                "ASSISTANT_AUTH": ",".join(f"{user}:{password}" for user, password in logins),
                "ASSISTANT_MAX_UPLOAD_MB": str(args.upload_limit_mb)}
    if args.models_dir:
        settings["ASSISTANT_MODELS_DIR"] = str(args.models_dir)
    load_before = load_average()
    with tempfile.TemporaryDirectory(prefix="stress-") as scratch:
        work = Path(scratch)
        settings["GRADIO_TEMP_DIR"] = str(work / "gradio-uploads")  # looked into by the upload check
        with serve(work / "app", settings) as app:
            results: dict[str, Any] = {
                "load": reliability.load(app.url, logins, args.sessions, args.questions),
                "burst": reliability.burst(app.url, auth, burst_size),
                "bad_input": reliability.bad_input(app.url, auth),
                "probes": reliability.probes(app.url, probe_paths(app.data_dir, app.work_dir), auth),
                "oversized": hostile.oversized_bodies(app.url, app.pid, args.oversized_mb),
                "upload": hostile.upload(app.url, auth, 4 * args.upload_limit_mb, args.upload_limit_mb,
                                         work / "gradio-uploads"),
                "headers": hostile.headers(app.url, auth),
                "flood": hostile.flood(app.url, logins[0], logins[1]),
                "feedback": hostile.hostile_feedback(app.url, logins[1], app.data_dir / "feedback.jsonl"),
            }
            # Last: it leaves this machine's address waiting to log in.
            results["guessing"] = hostile.login_guessing(app.url, logins[0])
            cli_env = {**os.environ, "ASSISTANT_DATA_DIR": str(app.data_dir),
                       "ASSISTANT_MODELS_DIR": settings.get("ASSISTANT_MODELS_DIR",
                                                            str(ROOT / "data" / "models"))}
            results["cli"] = reliability.cli_bad_input(cli_env, work)
            seconds_to_serve = app.seconds_to_serve
        results["server_log"] = _server_log(app.log_text())
    return {**results, "settings": {"concurrency": args.concurrency, "queue_size": queue_size},
            "seconds_to_serve": seconds_to_serve, "started": started,
            "minutes": (time.monotonic() - began) / 60, "machine": describe(ROOT),
            "load_average": [load_before, load_average()],
            "command": "python -m bench.stress " + " ".join(sys.argv[1:])}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--questions", type=int, default=10, help="questions per session")
    parser.add_argument("--concurrency", type=int, default=2, help="ASSISTANT_UI_CONCURRENCY of the app")
    parser.add_argument("--queue-size", type=int, help="ASSISTANT_UI_QUEUE_SIZE (default: sessions + 4)")
    parser.add_argument("--burst", type=int, help="questions in the burst (default: 3 × the line)")
    parser.add_argument("--oversized-mb", type=int, default=100, help="size of each oversized body")
    parser.add_argument("--upload-limit-mb", type=float, default=5, help="ASSISTANT_MAX_UPLOAD_MB of the app")
    parser.add_argument("--models-dir", type=Path, help="ASSISTANT_MODELS_DIR (default data/models)")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "stress",
                        help="writes OUT.md and OUT.json")
    args = parser.parse_args(argv)
    results = run(args)
    report = render(results)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.with_suffix(".md").write_text(report, "utf-8")
    args.out.with_suffix(".json").write_text(json.dumps(results, ensure_ascii=False, indent=2), "utf-8")
    print(report)
    failed = any(value.get("failures") for value in results.values() if isinstance(value, dict))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
