import sys
from pathlib import Path

# The tests import the project's package `macros` from the repository root.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import pytest  # noqa: E402
from helpers import build_site  # noqa: E402


@pytest.fixture(scope="session")
def real_site(tmp_path_factory) -> Path:
    """The whole site built once per test session from the real content/ (mkdocs.yml, strict)."""
    return build_site(tmp_path_factory.mktemp("real-site"))
