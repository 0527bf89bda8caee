"""The chat model behind the LLM path, chosen by settings, and whether it can be reached.

`openai` is any server speaking the OpenAI chat-completions protocol (vLLM,
llama.cpp's server, LM Studio, a hosted API); `ollama` is Ollama's own API.
A backend that cannot be reached is reported, never fatal: the assistant
keeps answering from the report's own words.
"""

from __future__ import annotations

import json
import logging
import urllib.error
import urllib.request
from dataclasses import dataclass

from langchain_core.language_models import BaseChatModel

from assistant.settings import Settings

log = logging.getLogger(__name__)
OLLAMA_DEFAULT_URL = "http://127.0.0.1:11434"
CHECK_TIMEOUT_S = 3.0


@dataclass(frozen=True)
class BackendStatus:
    ok: bool
    label: str
    message: str  # for people: why the model cannot be used, in Vietnamese

    @property
    def note(self) -> str:
        return f"Không dùng được mô hình ngôn ngữ ({self.label}): {self.message}"


@dataclass
class LlmBackend:
    """A LangChain chat model and how to tell whether its server answers."""

    chat: BaseChatModel
    label: str
    check_url: str | None = None
    api_key: str | None = None

    def check(self) -> BackendStatus:
        """Ask the server for its model list; any HTTP answer means it is there."""
        if self.check_url is None:
            return BackendStatus(True, self.label, "")
        ok, message, _ = _probe(self.check_url, self.api_key)
        return BackendStatus(ok, self.label, message)


def _probe(url: str, api_key: str | None) -> tuple[bool, str, dict[str, object] | None]:
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {api_key}"} if api_key else {})
    try:
        with urllib.request.urlopen(request, timeout=CHECK_TIMEOUT_S) as response:
            body = response.read(1_000_000)
    except urllib.error.HTTPError as error:
        if error.code in (401, 403):
            return False, f"máy chủ {url} từ chối khoá API (HTTP {error.code}).", None
        return True, "", None  # it answered; the model list is just not where we looked
    except (urllib.error.URLError, OSError, ValueError) as error:
        reason = getattr(error, "reason", error)
        return False, f"không kết nối được {url} ({reason}).", None
    try:
        parsed = json.loads(body)
    except ValueError:
        return True, "", None
    return True, "", parsed if isinstance(parsed, dict) else None


def _first_model(url: str, api_key: str) -> str | None:
    """The first model an OpenAI-compatible server lists, when none is configured."""
    ok, _, parsed = _probe(url, api_key)
    models = parsed.get("data") if ok and parsed else None
    if isinstance(models, list) and models and isinstance(models[0], dict):
        return str(models[0].get("id") or "") or None
    return None


class BackendConfigError(ValueError):
    """Settings that name a backend but not enough to use it; the message is for people."""


def build_backend(settings: Settings) -> LlmBackend | None:
    """The configured backend, or None for the extractive path (`llm_backend=none`)."""
    if settings.llm_backend == "none":
        return None
    if settings.llm_backend == "openai":
        from langchain_openai import ChatOpenAI

        if not settings.llm_base_url:
            raise BackendConfigError("ASSISTANT_LLM_BACKEND=openai cần ASSISTANT_LLM_BASE_URL (ví dụ "
                                     "http://127.0.0.1:8080/v1).")
        base = settings.llm_base_url.rstrip("/")
        model = settings.llm_model or _first_model(f"{base}/models", settings.llm_api_key) or "default"
        chat: BaseChatModel = ChatOpenAI(
            base_url=base, api_key=settings.llm_api_key, model=model,
            temperature=0, max_completion_tokens=settings.llm_max_tokens,
            timeout=settings.llm_timeout_s, max_retries=0,
        )
        return LlmBackend(chat, f"openai:{model}", f"{base}/models", settings.llm_api_key)
    from langchain_ollama import ChatOllama

    if not settings.llm_model:
        raise BackendConfigError("ASSISTANT_LLM_BACKEND=ollama cần ASSISTANT_LLM_MODEL (ví dụ qwen2.5:3b).")
    base = (settings.llm_base_url or OLLAMA_DEFAULT_URL).rstrip("/")
    chat = ChatOllama(base_url=base, model=settings.llm_model, temperature=0,
                      num_predict=settings.llm_max_tokens, client_kwargs={"timeout": settings.llm_timeout_s})
    return LlmBackend(chat, f"ollama:{settings.llm_model}", f"{base}/api/tags")
