"""BM25 is saved with each published generation: a new process loads it; a damaged one is rebuilt."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from assistant.factory import Assistant, build_assistant
from assistant.retrieval.lexical import LexicalIndex
from assistant.retrieval.saved_lexical import lexical_text
from tests.conftest import ROOT

QUESTION = "Toàn tỉnh còn bao nhiêu hộ nghèo?"
UNMARKED = "ty le lao dong qua dao tao"

# Counts the BM25 indexes a process builds from passages, then answers one question.
_CHILD = """
import json, sys
from assistant.retrieval import lexical
built = []
original = lexical.LexicalIndex.__init__
def counting(self, passages):
    if passages:
        built.append(len(passages))
    original(self, passages)
lexical.LexicalIndex.__init__ = counting
from assistant.factory import build_assistant
answer = build_assistant().answers.ask(sys.argv[1], [])
print(json.dumps({"built": built, "answer": answer.answer}, ensure_ascii=False))
"""


@pytest.fixture()
def ingested(make_assistant: Callable[..., Assistant]) -> Assistant:
    return make_assistant()


def _saved(assistant: Assistant) -> Path:
    generation = assistant.store.published()
    path = assistant.settings.lexical_dir / assistant.store.collection_name / f"g{generation}"
    assert path.is_dir(), "the ingest saved no lexical index for the generation it published"
    return path


def _fresh(assistant: Assistant) -> Assistant:
    """Another assistant over the same index: nothing cached from the first one."""
    return build_assistant(assistant.settings, assistant.indexer.embeddings)


def _lexical_ranking(assistant: Assistant, question: str) -> list[tuple[int, float]]:
    return assistant.answers.retriever.snapshot().lexical.search(question, 10)  # type: ignore[attr-defined]


def _rebuilt_ranking(assistant: Assistant, question: str) -> list[tuple[int, float]]:
    _, chunks = assistant.store.snapshot()
    return LexicalIndex([lexical_text(c) for c in chunks]).search(question, 10)


def test_a_new_process_answers_from_the_saved_index_without_rebuilding_it(ingested: Assistant) -> None:
    settings = ingested.settings
    env = {**os.environ, "ASSISTANT_DATA_DIR": str(settings.data_dir),
           "ASSISTANT_KNOWLEDGE_DIR": str(settings.knowledge_dir),
           "ASSISTANT_MODELS_DIR": str(settings.model_cache_dir), "ASSISTANT_INDEX_NAME": settings.index_name}
    result = subprocess.run([sys.executable, "-c", _CHILD, QUESTION], capture_output=True, text=True,
                            env=env, cwd=ROOT, timeout=600)
    assert result.returncode == 0, result.stderr
    child = json.loads(result.stdout.strip().splitlines()[-1])
    assert child["built"] == []
    assert "20.498" in child["answer"]


def test_the_saved_index_ranks_exactly_as_a_rebuilt_one(ingested: Assistant) -> None:
    fresh = _fresh(ingested)
    for question in (QUESTION, UNMARKED):
        assert _lexical_ranking(fresh, question) == _rebuilt_ranking(ingested, question) != []


@pytest.mark.parametrize("damage", ["missing", "corrupt", "truncated", "other passages"])
def test_a_damaged_or_missing_saved_index_is_rebuilt_and_answers_stay_right(ingested: Assistant,
                                                                          damage: str) -> None:
    saved = _saved(ingested)
    if damage == "missing":
        shutil.rmtree(saved)
    elif damage == "corrupt":
        for path in saved.glob("*.npy"):
            path.write_bytes(b"\x93NUMPY garbage" * 7)
    elif damage == "truncated":
        (saved / "vocab.index.json").write_text('{"~ho": 1', encoding="utf-8")
    else:  # what an ingest that died before publishing could leave: an index of other passages
        identity = json.loads((saved / "identity.json").read_text("utf-8"))
        (saved / "identity.json").write_text(json.dumps({**identity, "digest": "0" * 64}), "utf-8")
    fresh = _fresh(ingested)
    answer = fresh.answers.ask(QUESTION, [])
    assert "20.498" in answer.answer
    assert _lexical_ranking(fresh, UNMARKED) == _rebuilt_ranking(ingested, UNMARKED) != []
    # The rebuilt index was saved again: the next process loads it.
    again = _fresh(ingested)
    assert _lexical_ranking(again, UNMARKED) == _rebuilt_ranking(ingested, UNMARKED)
    assert json.loads((_saved(ingested) / "identity.json").read_text("utf-8"))["digest"] != "0" * 64


def test_each_publish_saves_its_own_index_and_drops_old_ones(tmp_path: Path,
                                                            make_assistant: Callable[..., Assistant]) -> None:
    folder = tmp_path / "knowledge"
    shutil.copytree(ROOT / "knowledge", folder)
    assistant = make_assistant(folder)
    first = assistant.store.published()
    for extra in ("a", "b"):
        (folder / f"note-{extra}.txt").write_text(f"Ghi chú {extra}: số hộ cận nghèo còn 1.234 hộ.\n", "utf-8")
        assistant.indexer.ingest(progress=False)
    published = assistant.store.published()
    assert published == first + 2
    kept = sorted(p.name for p in (assistant.settings.lexical_dir / assistant.store.collection_name).iterdir())
    assert kept == [f"g{published - 1}", f"g{published}"]
    assert _lexical_ranking(_fresh(assistant), "ho can ngheo") == _rebuilt_ranking(assistant, "ho can ngheo")
