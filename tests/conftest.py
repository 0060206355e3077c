import sys
from pathlib import Path

# The tests import the project's package `macros` from the repository root.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))
