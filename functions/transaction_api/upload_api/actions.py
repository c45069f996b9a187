"""The three things the API does. Each returns the 200 body; failures raise ``HttpError``.

Every AWS call is preceded by ``deadline.require``: a request that could not
finish its call in time answers 503 instead of being cut off by the timeout.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Callable, Dict

from lambda_kit.deadline import Deadline, OutOfTime
from upload_api import aws_clients, ids, routing, store
from upload_api.aws_clients import API_CLIENT_CONFIG
from upload_api.errors import NotFound, ServiceUnavailable, aws_step
from upload_api.pending_upload import URL_EXPIRES_IN, PendingUpload
from upload_api.settings import Settings
from upload_api.views import TRANSACTION_FIELDS, UPLOAD_FIELDS, transaction_view, upload_view


@dataclass(frozen=True)
class Request:
    route: routing.Route
    settings: Settings
    deadline: Deadline
    now: datetime
    log_fields: Dict[str, Any]  # ids worth a log line, filled in by the action


def _require_time(deadline: Deadline) -> None:
    try:
        deadline.require(1, API_CLIENT_CONFIG)
    except OutOfTime as error:
        raise ServiceUnavailable("not enough time left to answer", str(error)) from error


def create_upload(request: Request) -> Dict[str, Any]:
    upload = PendingUpload.starting(ids.new_upload_id(), request.now)
    request.log_fields["upload_id"] = upload.upload_id
    _require_time(request.deadline)
    with aws_step("could not record the upload"):
        store.put_pending_upload(aws_clients.client("dynamodb"), request.settings.upload_results_table, upload)
    with aws_step("could not sign the upload URL"):  # local signing: fails only without credentials
        url = aws_clients.client("s3").generate_presigned_url(
            "put_object",
            Params={"Bucket": request.settings.uploads_bucket, "Key": upload.object_key},
            ExpiresIn=URL_EXPIRES_IN,
            HttpMethod="PUT",
        )
    return upload.answer(url)


def transaction_status(request: Request) -> Dict[str, Any]:
    transaction_id = ids.transaction_id(request.route.path_parameter("transaction_id"))
    request.log_fields["transaction_id"] = transaction_id
    _require_time(request.deadline)
    with aws_step("could not read the transaction"):
        item = store.get_item(aws_clients.client("dynamodb"), request.settings.transactions_table,
                              "transaction_id", transaction_id, TRANSACTION_FIELDS)
    if item is None:
        raise NotFound("no transaction with this transaction_id")
    return transaction_view(item)


def upload_result(request: Request) -> Dict[str, Any]:
    upload_id = ids.upload_id(request.route.path_parameter("upload_id"))
    request.log_fields["upload_id"] = upload_id
    _require_time(request.deadline)
    with aws_step("could not read the upload result"):
        item = store.get_item(aws_clients.client("dynamodb"), request.settings.upload_results_table,
                              "upload_id", upload_id, UPLOAD_FIELDS)
    if item is None:
        raise NotFound("no upload with this upload_id")
    return upload_view(item)


ACTIONS: Dict[str, Callable[[Request], Dict[str, Any]]] = {
    routing.CREATE_UPLOAD: create_upload,
    routing.TRANSACTION_STATUS: transaction_status,
    routing.UPLOAD_RESULT: upload_result,
}
