"""The API Gateway resources behind a REST API's routes: path tree, methods, integrations, permissions."""

from __future__ import annotations

import json
from collections.abc import Sequence

from constructs_lib import cdk
from constructs_lib.rest_api_logging import JSON
from constructs_lib.rest_api_routes import LambdaRoute

# (validate body, validate parameters) -> (construct id, validator name)
VALIDATORS = {
    (True, False): ("body-validator", "body"),
    (False, True): ("params-validator", "parameters"),
    (True, True): ("body-and-params-validator", "body-and-parameters"),
}


class RouteResources:
    """Creates, in `scope`, what every route needs; `.methods[(method, path)]`, `.deployed`."""

    def __init__(self, scope: cdk.Construct, api: cdk.ApiGatewayRestApi, routes: Sequence[LambdaRoute]) -> None:
        self._scope = scope
        self._api = api
        self._resources: dict[str, cdk.ApiGatewayResource] = {}
        self._validators: dict[tuple[bool, bool], cdk.ApiGatewayRequestValidator] = {}
        self.methods: dict[tuple[str, str], cdk.ApiGatewayMethod] = {}
        self.integrations: dict[tuple[str, str], cdk.ApiGatewayIntegration] = {}
        self.permissions: dict[tuple[str, str], cdk.LambdaPermission] = {}
        self.deployed: list = []
        self.integration_uris: list[str] = []
        for route in routes:
            self._add(route)

    def _resource(self, segments: list[str]) -> cdk.ApiGatewayResource:
        """The resource for a path, creating its parents first: one per distinct prefix."""
        path = "/".join(segments)
        if path not in self._resources:
            parent_id = self._api.root_resource_id if len(segments) == 1 else self._resource(segments[:-1]).id
            construct_id = "resource" + "".join(f"-{s.strip('{}')}" for s in segments)
            self._resources[path] = cdk.ApiGatewayResource(
                self._scope, construct_id, rest_api_id=self._api.id, parent_id=parent_id, path_part=segments[-1]
            )
            self.deployed.append(self._resources[path])
        return self._resources[path]

    def _validator(self, body: bool, params: bool) -> cdk.ApiGatewayRequestValidator | None:
        if not (body or params):
            return None
        if (body, params) not in self._validators:
            construct_id, name = VALIDATORS[(body, params)]
            self._validators[(body, params)] = cdk.ApiGatewayRequestValidator(
                self._scope,
                construct_id,
                rest_api_id=self._api.id,
                name=name,
                validate_request_body=body or None,
                validate_request_parameters=params or None,
            )
            self.deployed.append(self._validators[(body, params)])
        return self._validators[(body, params)]

    def _add(self, route: LambdaRoute) -> None:
        scope, key = self._scope, route.key
        resource = self._resource(route.segments)
        models = None
        if route.body_schema is not None:
            model = cdk.ApiGatewayModel(
                scope,
                f"{key}-model",
                rest_api_id=self._api.id,
                name=route.model_name,
                content_type=JSON,
                schema=json.dumps(route.body_schema),
            )
            self.deployed.append(model)
            models = {JSON: model.name}
        parameters = route.request_parameters()
        validator = self._validator(route.body_schema is not None, bool(parameters))
        method = cdk.ApiGatewayMethod(
            scope,
            f"{key}-method",
            rest_api_id=self._api.id,
            resource_id=resource.id,
            http_method=route.method,
            authorization="NONE",
            api_key_required=True if route.api_key_required else None,
            request_validator_id=validator.id if validator else None,
            request_models=models,
            request_parameters=parameters or None,
        )
        integration = cdk.ApiGatewayIntegration(
            scope,
            f"{key}-integration",
            rest_api_id=self._api.id,
            resource_id=resource.id,
            http_method=method.http_method,
            type="AWS_PROXY",
            integration_http_method="POST",
            uri=route.target.function.invoke_arn,
        )
        permission = cdk.LambdaPermission(
            scope,
            f"{key}-invoke-permission",
            statement_id=f"AllowApiGatewayInvoke-{key}",
            action="lambda:InvokeFunction",
            function_name=route.target.function.function_name,
            principal="apigateway.amazonaws.com",
            source_arn=f"{self._api.execution_arn}/*/{route.source_arn_path}",
            # A changed statement id replaces the permission: the new one first, so invokes never fail.
            lifecycle=cdk.TerraformResourceLifecycle(create_before_destroy=True),
        )
        route_id = (route.method, route.path)
        self.methods[route_id], self.integrations[route_id], self.permissions[route_id] = method, integration, permission
        self.deployed += [method, integration]
        self.integration_uris.append(integration.uri)
