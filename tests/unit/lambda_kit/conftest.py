"""lambda_kit is imported the way a zip sees it: from the functions/ directory."""

from tests.fixtures.functions import FUNCTIONS_DIR, _on_path

_on_path(FUNCTIONS_DIR)
