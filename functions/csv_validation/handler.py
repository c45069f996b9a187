"""CSV validation Lambda: S3 ObjectCreated under uploads/ (asynchronous invoke).

Each record's object is streamed, its rows validated against the CSV
contract and stored with one conditional write each, and the upload result
set PROCESSING, then PROCESSED or FAILED. A FAILED file or rejected rows are
answers: the handler returns normally. Only a failure to finish (an AWS
error after botocore's bounded retries, too little time left, a missing
setting) raises, so Lambda retries the event; the result then stays
PROCESSING, never half-reported. A record for an upload key that names no
upload id (``uploads/.csv``) raises too, once the others are answered, so
that it reaches the failure queue instead of being skipped.
"""

import logging
from typing import Any, Dict, List

from csv_ingest.aws_clients import clients
from csv_ingest.ingest import ingest
from csv_ingest.s3_objects import NotAnUpload, UnprocessableUpload, uploaded_objects
from csv_ingest.settings import Settings
from lambda_kit.deadline import Deadline
from lambda_kit.logs import log_json

logger = logging.getLogger("csv_validation")
logger.setLevel(logging.INFO)


def handler(event: Any, context: Any) -> Dict[str, List[Dict[str, Any]]]:
    deadline = Deadline.from_context(context)
    settings = Settings.from_env()
    answers: List[Dict[str, Any]] = []
    unprocessable: List[str] = []
    for obj in uploaded_objects(event):
        if isinstance(obj, NotAnUpload):
            log_json(logger, logging.ERROR, "record_skipped", reason=str(obj))
            continue
        if isinstance(obj, UnprocessableUpload):
            log_json(logger, logging.ERROR, "record_unprocessable", reason=str(obj))
            unprocessable.append(str(obj))
            continue
        try:
            summary = ingest(clients, settings, obj, deadline)
        except Exception as error:
            log_json(logger, logging.ERROR, "processing_interrupted", upload_id=obj.upload_id,
                     object_version=obj.version, error=type(error).__name__)
            raise
        answer = summary.as_dict()
        fields = {name: value for name, value in answer.items() if name != "outcome"}
        log_json(logger, logging.INFO, summary.outcome, object_key=obj.key, object_version=obj.version, **fields)
        answers.append(answer)
    if unprocessable:  # after the others are answered: Lambda's retries end in the failure queue
        raise UnprocessableUpload(f"{len(unprocessable)} upload record(s) cannot be processed: "
                                  + "; ".join(unprocessable))
    return {"uploads": answers}
