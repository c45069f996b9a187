"""lambda_kit is imported the way a zip sees it: from its root, where the stacks copy it."""

from tools.function_code import use_zip_root

use_zip_root("lambda_kit")
