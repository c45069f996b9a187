"""A local run of the synthesized stacks: moto in server mode plus the stacks' own wiring, in-process.

cli.py is the command; these modules are its parts:

    emulator         moto's ThreadedMotoServer on 127.0.0.1, fake credentials, boto3 clients for it
    tf_model         a stack's cdk.tf.json: resources, ${aws_x.y.attr} references, creation order
    provision/       create what the JSON declares on moto, in Terraform's order (plan; data, compute, api)
    asset_hash       which functions/<name>/ a Lambda's source_code_hash is (cdktf's own asset hash)
    lambda_/         run a handler in-process (functions), asynchronous invokes and their destinations
                     (async_invoke, destinations), Lambda's Invoke API over HTTP (endpoint)
    apigateway/      a REST API's routes, keys, models, gateway responses (model, json_schema, gateway, server)
    triggers/        event source mappings (event_filters, sqs_source, stream_source, stream_batches)
                     and S3 ObjectCreated notifications (s3_notifications)
    outputs          the outputs file the smoke and integration tests read, and a shell env file
    samples          the sample request printed per system
    run              start and stop all of it; process: the same as a subprocess, for tests
"""
