"""A local run of the synthesized stacks: moto in server mode plus the stacks' own wiring, in-process.

scripts/local_run.py is the command; these modules are its parts:

    emulator         moto's ThreadedMotoServer on 127.0.0.1, fake credentials, boto3 clients for it
    tf_model         a stack's cdk.tf.json: resources, ${aws_x.y.attr} references, creation order
    provision*       create what the JSON declares on moto (data, functions, REST APIs)
    asset_hash       which functions/<name>/ a Lambda's source_code_hash is (cdktf's own asset hash)
    functions        run a handler in-process with its declared environment, one at a time
    async_invoke     Lambda's asynchronous invokes: retries, event age, on-failure destinations
    lambda_endpoint  Lambda's Invoke API over HTTP (AWS_ENDPOINT_URL_LAMBDA points at it)
    api_model, json_schema, gateway, api_server   a REST API's routes, keys, models, gateway responses
    event_filters, sqs_source, stream_source      event source mappings (SQS queues, DynamoDB streams)
    s3_notifications  ObjectCreated notifications with their prefix/suffix filters
    outputs          the outputs file the smoke and integration tests read, and a shell env file
    run              start and stop all of it; process: the same as a subprocess, for tests
"""
