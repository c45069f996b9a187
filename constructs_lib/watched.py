"""What an operator watches in one stack: its alarms and its dashboard are both built from this."""

from collections.abc import Sequence
from dataclasses import dataclass

from constructs_lib.rest_api import RestApi
from constructs_lib.secure_queue import SecureQueue
from constructs_lib.traced_lambda import TracedLambda
from constructs_lib.web_acl import WebAcl


@dataclass(frozen=True)
class Watched:
    dead_letter_queues: Sequence[SecureQueue] = ()  # DLQs and failure queues: where work is parked
    work_queues: Sequence[SecureQueue] = ()  # queues that must keep draining
    functions: Sequence[TracedLambda] = ()  # every error alarms
    error_rate_functions: Sequence[TracedLambda] = ()  # errors alarm as a rate of invocations
    stream_consumers: Sequence[TracedLambda] = ()  # functions reading a stream: their iterator age
    rest_api: RestApi | None = None
    web_acl: WebAcl | None = None  # in front of the API: what it blocks

    def __post_init__(self) -> None:
        both = {fn.node.path for fn in self.functions} & {fn.node.path for fn in self.error_rate_functions}
        if both:
            raise ValueError(f"Watched: a function alarms on its errors one way only, {sorted(both)} are in both "
                             "functions and error_rate_functions")

    @property
    def all_functions(self) -> list[TracedLambda]:
        return [*self.functions, *self.error_rate_functions]
