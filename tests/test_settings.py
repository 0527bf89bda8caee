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


def test_one_clients_share_defaults_to_half_the_line_and_never_exceeds_it() -> None:
    settings = Settings(_env_file=None, ui_concurrency=2, ui_queue_size=16)  # type: ignore[call-arg]
    assert settings.client_share == 9
    assert Settings(_env_file=None, ui_concurrency=1, ui_queue_size=0).client_share == 1  # type: ignore[call-arg]
    wide = Settings(_env_file=None, ui_concurrency=2, ui_queue_size=6, ui_client_share=50)  # type: ignore[call-arg]
    assert wide.client_share == 8


def test_every_setting_says_what_it_does() -> None:
    assert all(field.description for field in Settings.model_fields.values())


def test_staff_are_logins_of_auth_and_a_stranger_is_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASSISTANT_AUTH", "canbo:mk1,dan:mk2")
    monkeypatch.setenv("ASSISTANT_ADMINS", " canbo , ")
    assert Settings(_env_file=None).staff_logins == {"canbo"}  # type: ignore[call-arg]
    monkeypatch.setenv("ASSISTANT_ADMINS", "canbo,quantri")
    with pytest.raises(ValueError, match="quantri is not a login of ASSISTANT_AUTH"):
        _ = Settings(_env_file=None).staff_logins  # type: ignore[call-arg]
    monkeypatch.delenv("ASSISTANT_ADMINS")
    assert Settings(_env_file=None).staff_logins == frozenset()  # type: ignore[call-arg]
