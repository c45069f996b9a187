"""business_metrics is imported the way a zip sees it: from its root, where the stacks copy it."""

from tests.fixtures.functions import use_zip_root

use_zip_root("business_metrics")
