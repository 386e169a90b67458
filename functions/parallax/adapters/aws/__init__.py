"""Cloud adapters (AWS): the same ports as the SQLite defaults, backed by DynamoDB, S3 and SQS.

Chosen by settings in ``parallax.wiring``; nothing here is imported unless a setting names an AWS
backend, so the local server and the CLI never load boto3.
"""
