"""The settings reference in docs/ says what assistant/settings.py says."""

from pathlib import Path

from scripts.settings_doc import main, render

REFERENCE = Path(__file__).resolve().parents[1] / "docs" / "settings.md"


def test_the_settings_reference_matches_the_settings_class() -> None:
    assert REFERENCE.read_text(encoding="utf-8") == render(), "docs/settings.md is stale: run `make settings-doc`"


def test_every_setting_has_a_row_with_its_variable_and_description() -> None:
    text = render()
    for name in ("ASSISTANT_KNOWLEDGE_DIR", "ASSISTANT_LLM_BACKEND", "GRADIO_SERVER_PORT", "ASSISTANT_AUTH"):
        assert f"| `{name}`" in text
    assert "| `ASSISTANT_INGEST_BATCH` | integer, 1 to 2000 | `64` | Chunks embedded" in text


def test_check_fails_on_a_stale_file_and_passes_on_a_fresh_one(tmp_path: Path) -> None:
    stale = tmp_path / "settings.md"
    stale.write_text(render().replace("`64`", "`32`"), encoding="utf-8")
    assert main(["--check", str(stale)]) == 1
    assert main(["--write", str(stale)]) == 0
    assert main(["--check", str(stale)]) == 0
