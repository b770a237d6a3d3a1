from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "seeds" / "000_0714c6963990ef25.txt"
SHARED_DATA = REPO.parent / "shared" / "data"


@pytest.fixture(autouse=True)
def newsreader_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own NEWSREADER_HOME: the real home is never read or written."""
    home = tmp_path / "home"
    monkeypatch.setenv("NEWSREADER_HOME", str(home))
    monkeypatch.delenv("NO_COLOR", raising=False)
    return home
