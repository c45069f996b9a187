"""The webhook pipeline: signed webhooks -> validator (dedup) -> router -> a queue per transaction type."""

from stacks.capacity import ApiCapacity
from stacks.system import System
from stacks.webhook_pipeline import parking
from stacks.webhook_pipeline.names import WebhookNames
from stacks.webhook_pipeline.settings import RESERVED_CONCURRENCY, VALIDATOR_EXPECTED_DURATION_MS

SYSTEM = System(
    name="webhook-pipeline",
    names=WebhookNames,
    stack="stacks.webhook_pipeline.stack:WebhookPipelineStack",
    api=ApiCapacity("the validator", VALIDATOR_EXPECTED_DURATION_MS, RESERVED_CONCURRENCY),
    places=parking.places,
    smoke="tools.smoke.webhook_pipeline",
)
