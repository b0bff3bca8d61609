"""Shared fixtures: paths to the repo, its checklists, and the optional ../shared data."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
UPR_REPORTS = SHARED / "data" / "upr-reports"
UPR_INFO = SHARED / "data" / "upr-info"


@pytest.fixture
def repo() -> Path:
    return REPO


@pytest.fixture
def upr_reports() -> Path:
    """The real UN PDF reports; tests using this skip when ../shared is absent."""
    if not UPR_REPORTS.is_dir() or not any(UPR_REPORTS.glob("*.pdf")):
        pytest.skip("../shared/data/upr-reports not available")
    return UPR_REPORTS


@pytest.fixture
def upr_info() -> Path:
    """The UPR Info labelled recommendations; skip when ../shared is absent."""
    if not (UPR_INFO / "dev.csv").is_file():
        pytest.skip("../shared/data/upr-info/dev.csv not available")
    return UPR_INFO
