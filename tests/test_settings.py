"""Deployment settings: login pairs, server address, where feedback goes."""

from pathlib import Path

import pytest

from assistant.settings import Settings, parse_auth


def test_several_login_pairs_and_passwords_with_colons() -> None:
    assert parse_auth("an:mk1, binh:a:b:c ,") == [("an", "mk1"), ("binh", "a:b:c")]


@pytest.mark.parametrize("bad", ["ans3cret", "an:", ":s3cret", "an:s3cret,binhs3cret"])
def test_a_malformed_pair_is_refused_without_echoing_a_password(bad: str) -> None:
    with pytest.raises(ValueError) as error:
        parse_auth(bad)
    assert "s3cret" not in str(error.value) and "user:password" in str(error.value)


def test_gradio_variables_are_honoured_and_the_default_is_local(monkeypatch: pytest.MonkeyPatch) -> None:
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    assert settings.server_name == "127.0.0.1" and not settings.credentials
    monkeypatch.setenv("GRADIO_SERVER_NAME", "0.0.0.0")
    monkeypatch.setenv("GRADIO_SERVER_PORT", "18299")
    monkeypatch.setenv("ASSISTANT_AUTH", "an:mk1")
    settings = Settings(_env_file=None, data_dir=Path("/d"))  # type: ignore[call-arg]
    assert (settings.server_name, settings.server_port) == ("0.0.0.0", 18299)
    assert settings.credentials == [("an", "mk1")] and "mk1" not in repr(settings)
    assert settings.feedback_path == Path("/d/feedback.jsonl")
