"""SIGKILL an ingest at random moments: the index is always exactly one whole generation.

After every kill the visible chunks must be exactly the previous generation
or exactly the new one, never a mix, never a duplicate; after every complete
run they must be exactly what the folder holds now. Runs against whichever
store the ASSISTANT_* variables select (a local folder, or a Chroma server).
"""

from __future__ import annotations

import contextlib
import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from assistant.ingestion.chunking import chunk_document
from assistant.ingestion.documents import SkippedFile, load_documents
from assistant.retrieval.connection import connect
from assistant.retrieval.store import NEVER, KnowledgeStore
from assistant.settings import Settings
from scripts.generate_corpus import generate, make_report, write_report
from tests.conftest import ROOT, SettingsFactory

KILLS = int(os.environ.get("ASSISTANT_TEST_KILLS", "24"))
SEED = int(os.environ.get("ASSISTANT_TEST_SEED", str(int(time.time()))))

View = dict[str, str]  # visible chunk id -> doc_id


@contextmanager
def opened(settings: Settings) -> Iterator[KnowledgeStore]:
    """The store for a moment; a local folder is let go again so that an ingest process can write."""
    client, guard = connect(settings)
    store = KnowledgeStore(client, settings.index_name, _model_key(settings), guard)
    try:
        yield store
    finally:
        store.close()


def _model_key(settings: Settings) -> str:
    from assistant.embedding.model import embedding_key

    return embedding_key(settings)


def visible(settings: Settings) -> View:
    with opened(settings) as store:
        _, chunks = store.snapshot()
    pairs = [(c.metadata["doc_id"], c.metadata["start"]) for c in chunks]
    assert len(pairs) == len(set(pairs)), "a passage is visible twice"
    return {c.chunk_id: str(c.metadata["doc_id"]) for c in chunks}


def leftovers(settings: Settings) -> int:
    """Rows an unpublished generation left behind (none after a complete run)."""
    with opened(settings) as store:
        published = store.published()
        collection = store._collection  # the test looks under the hood on purpose
        added = collection.get(where={"added": {"$gt": published}}, include=[])["ids"]
        marked = collection.get(where={"$and": [{"removed": {"$gt": published}}, {"removed": {"$lt": NEVER}}]},
                                include=[])["ids"]
    return len(added) + len(marked)


def expected(folder: Path, before: View) -> View:
    """What the index must hold for this folder: readable files' chunks, unreadable files' old ones."""
    wanted: View = {}
    for item in load_documents(folder):
        if isinstance(item, SkippedFile):
            wanted.update({cid: doc for cid, doc in before.items() if doc == item.doc_id})
        else:
            wanted.update({c.chunk_id: item.doc_id for c in chunk_document(item)})
    return wanted


def mutate(folder: Path, rng: random.Random, serial: list[int]) -> list[str]:
    """Edit, add, remove or corrupt a few reports: a run with real work to interrupt."""
    actions = []
    files = sorted(p for p in folder.iterdir() if p.suffix in (".md", ".txt"))
    for _ in range(rng.randint(1, 3)):
        action = rng.choice(["edit", "edit", "add", "remove", "corrupt"])
        if action in ("edit", "remove", "corrupt") and len(files) < 8:
            action = "add"
        if action == "add":
            serial[0] += 1
            path = write_report(folder, make_report(rng, serial[0]), plain=rng.random() < 0.3)
            files.append(path)
        else:
            path = files.pop(rng.randrange(len(files)))
            if action == "edit":
                fresh = make_report(rng, serial[0] + rng.randint(1, 10_000))
                path.write_text(fresh.text, "utf-8")
            elif action == "remove":
                path.unlink()
                path.with_name(path.name + ".meta.toml").unlink(missing_ok=True)
            else:
                path.write_bytes(b"\xff\xfe\x00garbage\x00")
        actions.append(f"{action} {path.name}")
    return actions


class Worker:
    """The forking ingest process (see ingest_worker.py)."""

    def __init__(self, env: dict[str, str]) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.ingestion.ingest_worker"], cwd=ROOT, env=env, text=True,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        )
        assert self._line() == "ready"

    def _line(self) -> str:
        assert self.process.stdout is not None
        line = self.process.stdout.readline().strip()
        assert line, f"ingest worker died (code {self.process.poll()})"
        return line

    def start(self) -> int:
        assert self.process.stdin is not None
        self.process.stdin.write("run\n")
        self.process.stdin.flush()
        word, pid = self._line().split()
        assert word == "started"
        return int(pid)

    def finish(self, pid: int) -> int:
        word, ended, code = self._line().split()
        assert (word, int(ended)) == ("ended", pid)
        return int(code)

    def run(self) -> float:
        started = time.monotonic()
        assert self.finish(self.start()) == 0, "a complete ingest failed (see stderr)"
        return time.monotonic() - started

    def close(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        self.process.wait(timeout=60)


@pytest.mark.slow
@pytest.mark.timeout(3600)  # minutes on a quiet machine; far more when the cores are shared
def test_sigkill_at_random_moments_then_rerun_leaves_exactly_the_right_chunks(
        tmp_path: Path, make_settings: SettingsFactory, models_dir: Path) -> None:
    rng = random.Random(SEED)
    folder = tmp_path / "knowledge"
    serial = [sum(1 for _ in generate(folder, chunks=80, seed=SEED))]
    settings = make_settings(folder, ingest_batch=8)
    env = {**os.environ, "ASSISTANT_DATA_DIR": str(settings.data_dir), "ASSISTANT_KNOWLEDGE_DIR": str(folder),
           "ASSISTANT_MODELS_DIR": str(models_dir), "ASSISTANT_INDEX_NAME": settings.index_name,
           "ASSISTANT_INGEST_BATCH": "8", "TOKENIZERS_PARALLELISM": "false"}
    worker = Worker(env)
    try:
        worker.run()
        current = visible(settings)
        assert current == expected(folder, {}) and current
        # How long a run with a few changed reports takes: kills land uniformly within it.
        mutate(folder, rng, serial)
        duration = worker.run()
        current = visible(settings)
        landed = rounds = 0
        while landed < KILLS:
            rounds += 1
            assert rounds <= 3 * KILLS, f"only {landed} kills landed while an ingest ran"
            actions = mutate(folder, rng, serial)
            target = expected(folder, current)
            pid = worker.start()
            time.sleep(rng.uniform(0.0, duration))
            with contextlib.suppress(ProcessLookupError):  # it may have finished already
                os.kill(pid, signal.SIGKILL)
            landed += worker.finish(pid) == -signal.SIGKILL
            seen = visible(settings)
            context = f"seed {SEED}, round {rounds}, {actions}"
            assert seen in (current, target), f"a mixed index after a kill ({context})"
            current = seen
            print(f"round {rounds}: {landed} kills landed, runs take {duration:.1f} s", flush=True)
            if rounds % 4 == 0:
                # A running mean: one run that only removed a file would make the next kills all early.
                duration = (duration + worker.run()) / 2
                current = visible(settings)
                assert current == target, f"a complete run after kills left the wrong chunks ({context})"
                assert leftovers(settings) == 0
        worker.run()
        final = visible(settings)
        assert final == expected(folder, current) and leftovers(settings) == 0
    finally:
        worker.close()

    # The real command line, as a person runs it, agrees and finds nothing to do.
    result = subprocess.run([sys.executable, "-m", "assistant", "ingest", "--quiet"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    assert "đã nhúng 0 đoạn" in result.stdout and visible(settings) == final

