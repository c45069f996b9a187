#!/bin/sh
# Regenerates every sample event in tests/events/ from AWS SAM CLI's templates (sam local generate-event,
# no Docker needed), each adapted by adapt_sam_event.py. Generated with SAM CLI 1.170.0, installed outside
# the repository (it is not a project dependency):
#   python3 -m venv /tmp/sam-venv && /tmp/sam-venv/bin/pip install aws-sam-cli
#   SAM=/tmp/sam-venv/bin/sam sh tests/events/generate_events.sh
set -eu
SAM="${SAM:-sam}"
export SAM_CLI_TELEMETRY=0
cd "$(dirname "$0")"
adapt() { python3 adapt_sam_event.py "$1" > "$2"; }

md="market_data_processor"
queue="--queue-name market-data-queue-unittest"
"$SAM" local generate-event sqs receive-message $queue | adapt md-high-alert "$md/high_alert.json"
"$SAM" local generate-event sqs receive-message $queue | adapt md-low-alert "$md/low_alert.json"
"$SAM" local generate-event sqs receive-message $queue | adapt md-no-alert "$md/no_alert.json"
"$SAM" local generate-event sqs receive-message $queue | adapt md-malformed "$md/malformed.json"
"$SAM" local generate-event sqs receive-message $queue | adapt md-mixed-batch-25 "$md/mixed_batch_25.json"

tp="transaction_processor"
bucket="--bucket transaction-uploads-unittest-123456789012"
"$SAM" local generate-event s3 put $bucket --key "uploads/6f1c2a3e-8d4b-4c5a-9e7f-0a1b2c3d4e5f.csv" \
    | adapt tp-s3-put "$tp/s3_object_created.json"
"$SAM" local generate-event s3 put $bucket --key "uploads/march batch+1.csv" \
    | adapt tp-s3-put-encoded-key "$tp/s3_object_created_encoded_key.json"
"$SAM" local generate-event dynamodb update --table transactions-unittest \
    | adapt tp-stream-inserts "$tp/anomaly_detection_stream_inserts.json"
"$SAM" local generate-event apigateway aws-proxy --stage v1 --method POST --resource /upload --path upload \
    | adapt tp-api-post-upload "$tp/transaction_api_post_upload.json"
"$SAM" local generate-event apigateway aws-proxy --stage v1 --method GET --resource "/status/{transaction_id}" \
    --path status/txn-0001 | adapt tp-api-get-status "$tp/transaction_api_get_status.json"
"$SAM" local generate-event apigateway aws-proxy --stage v1 --method GET --resource "/uploads/{upload_id}" \
    --path uploads/3f1c2a5e-8d4b-4c6a-9e2f-1a2b3c4d5e6f | adapt tp-api-get-upload "$tp/transaction_api_get_upload.json"

wh="webhook_pipeline"
webhook="--stage prod --method POST --resource /webhook --path webhook"
"$SAM" local generate-event apigateway aws-proxy $webhook | adapt wh-payment "$wh/payment_delivery.json"
"$SAM" local generate-event apigateway aws-proxy $webhook | adapt wh-refund-base64 "$wh/refund_delivery_base64.json"
"$SAM" local generate-event apigateway aws-proxy $webhook | adapt wh-dispute "$wh/dispute_delivery.json"
