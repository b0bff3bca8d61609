"""Shared fixtures: paths to the repo, its checklists, and the optional ../shared data."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
UPR_REPORTS = SHARED / "data" / "upr-reports"
UPR_INFO = SHARED / "data" / "upr-info"


def pytest_configure(config) -> None:
    """Tests (and the hrba processes they start) use a disk cache of their own, never the user's."""
    config._hrba_cache = tempfile.mkdtemp(prefix="hrba-test-cache-")
    os.environ["HRBA_CACHE_DIR"] = config._hrba_cache


def pytest_unconfigure(config) -> None:
    shutil.rmtree(getattr(config, "_hrba_cache", ""), ignore_errors=True)


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
