"""`python -m assistant …`: ingest, ask, eval, model, serve, llm-local."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path


def _quiet_libraries() -> None:
    # Library chatter (weight-loading bars, telemetry notices) would bury the answer.
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="assistant", description="Hỏi đáp báo cáo có trích dẫn nguồn (chạy hoàn toàn ngoại tuyến)."
    )
    commands = parser.add_subparsers(dest="command", required=True)

    ingest = commands.add_parser("ingest", help="Đưa thư mục knowledge/ vào chỉ mục.")
    ingest.add_argument("--wait", type=float, default=0.0,
                        help="Giây chờ nếu một lần nạp khác đang chạy (mặc định: không chờ).")
    ingest.add_argument("--quiet", action="store_true", help="Không hiện thanh tiến trình.")

    ask = commands.add_parser("ask", help="Đặt câu hỏi.")
    ask.add_argument("question", nargs="?", help="Câu hỏi.")
    ask.add_argument("--history", action="append", default=[], metavar="EARLIER_QUESTION",
                     help="Câu hỏi trước đó trong cùng cuộc trò chuyện (lặp lại được, cũ nhất trước).")
    ask.add_argument("--batch", type=Path, metavar="FILE.jsonl",
                     help="Tệp JSONL, mỗi dòng {id, question, history?}.")
    ask.add_argument("--json", action="store_true", help="In JSON (mỗi câu trả lời một dòng).")
    ask.add_argument("--debug", action="store_true", help="Kèm thông tin gỡ lỗi.")

    evaluate = commands.add_parser("eval", help="Chấm điểm trên tệp câu hỏi mẫu.")
    evaluate.add_argument("file", type=Path)
    evaluate.add_argument("--min", type=int, default=0, help="Thoát mã lỗi nếu số câu đúng thấp hơn.")
    evaluate.add_argument("--json", action="store_true", help="In từng câu dưới dạng JSON.")

    model = commands.add_parser("model", help="Chuẩn bị hoặc kiểm tra mô hình nhúng ngoại tuyến.")
    model.add_argument("--verify", action="store_true", help="Kiểm tra lại checksum và vector mẫu.")

    commands.add_parser("serve", help="Mở giao diện trò chuyện (như python app.py).")

    local = commands.add_parser("llm-local", help="Dựng mô hình ngôn ngữ cục bộ từ PyPI và chạy máy chủ của nó.")
    local.add_argument("--host", default="127.0.0.1", help="Địa chỉ lắng nghe (mặc định 127.0.0.1).")
    local.add_argument("--port", type=int, default=8090, help="Cổng (mặc định 8090; 0 là một cổng trống bất kỳ).")
    local.add_argument("--threads", type=int, default=0, help="Số luồng CPU (mặc định 0: mỗi lõi một luồng).")
    local.add_argument("--assemble-only", action="store_true", help="Chỉ dựng và kiểm tra tệp mô hình.")
    return parser


def main(argv: list[str] | None = None) -> int:
    _quiet_libraries()
    args = _parser().parse_args(argv)
    from assistant.cli import commands

    handler = {
        "ingest": commands.ingest,
        "ask": commands.ask,
        "eval": commands.evaluate,
        "model": commands.model,
        "serve": commands.serve,
        "llm-local": commands.llm_local,
    }[args.command]
    try:
        return handler(args)
    except commands.BusyIndex:
        return 3
    except KeyboardInterrupt:
        print("Đã dừng.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader (`| head`) left: nothing more to say, and no traceback on the way out.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141


if __name__ == "__main__":
    sys.exit(main())
