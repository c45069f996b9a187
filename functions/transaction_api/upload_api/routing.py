"""Which action answers an API Gateway REST proxy event: by (httpMethod, resource)."""

from dataclasses import dataclass
from typing import Any, Dict, Mapping

from upload_api.errors import BadRequest, MethodNotAllowed, NotFound
from upload_contract.contract import CREATE_UPLOAD, TRANSACTION_STATUS, UPLOAD_RESULT  # noqa: F401 - re-exported
from upload_contract.contract import ROUTES as CONTRACT_ROUTES

# resource template (as API Gateway names it) -> method -> action
ROUTES: Dict[str, Dict[str, str]] = {}
for (_method, _resource), _action in CONTRACT_ROUTES.items():
    ROUTES.setdefault(_resource, {})[_method] = _action


@dataclass(frozen=True)
class Route:
    action: str
    path_parameters: Mapping[str, Any]

    def path_parameter(self, name: str) -> str:
        """The named path parameter; ``BadRequest`` when it is absent or not a string."""
        value = self.path_parameters.get(name)
        if not isinstance(value, str) or not value:
            raise BadRequest(f"missing path parameter {name}")
        return value


def resolve(event: Any) -> Route:
    """The route for ``event``: 400 if it is no proxy event, 404 unknown path, 405 other method."""
    if not isinstance(event, dict):
        raise BadRequest("request is not an API Gateway proxy event")
    method, resource = event.get("httpMethod"), event.get("resource")
    if not isinstance(method, str) or not method:
        raise BadRequest("request has no httpMethod")
    if not isinstance(resource, str) or not resource:
        raise BadRequest("request has no resource")
    methods = ROUTES.get(resource)
    if methods is None:
        raise NotFound(f"no route for {method[:16]} {resource[:100]}")
    action = methods.get(method)
    if action is None:
        raise MethodNotAllowed(method, ", ".join(sorted(methods)))
    parameters = event.get("pathParameters")
    return Route(action, parameters if isinstance(parameters, dict) else {})
