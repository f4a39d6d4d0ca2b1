"""Extension s3_logging_target_policy: PutBucketLogging reads the target policy as IAM would."""

import json

import botocore.exceptions
import pytest


def _policy(*statements):
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


DENY_PLAIN_HTTP = {"Sid": "DenyInsecureTransport", "Effect": "Deny", "Principal": "*", "Action": "s3:*",
                   "Resource": ["arn:aws:s3:::logs", "arn:aws:s3:::logs/*"],
                   "Condition": {"Bool": {"aws:SecureTransport": "false"}}}
ALLOW_LOGS = {"Effect": "Allow", "Principal": {"Service": "logging.s3.amazonaws.com"}, "Action": "s3:PutObject",
              "Resource": "arn:aws:s3:::logs/s3-access/*"}


def test_logging_into_a_bucket_whose_policy_allows_the_prefix(aws):
    s3 = aws("s3")
    for bucket in ("logs", "assets"):
        s3.create_bucket(Bucket=bucket)
    s3.put_bucket_policy(Bucket="logs", Policy=_policy(DENY_PLAIN_HTTP, ALLOW_LOGS))
    s3.put_bucket_logging(Bucket="assets", BucketLoggingStatus={
        "LoggingEnabled": {"TargetBucket": "logs", "TargetPrefix": "s3-access/assets/"}})
    enabled = s3.get_bucket_logging(Bucket="assets")["LoggingEnabled"]
    assert enabled == {"TargetBucket": "logs", "TargetPrefix": "s3-access/assets/"}


def test_logging_outside_the_allowed_prefix_is_refused(aws):
    s3 = aws("s3")
    for bucket in ("logs", "assets"):
        s3.create_bucket(Bucket=bucket)
    s3.put_bucket_policy(Bucket="logs", Policy=_policy(DENY_PLAIN_HTTP, ALLOW_LOGS))
    with pytest.raises(botocore.exceptions.ClientError) as refused:
        s3.put_bucket_logging(Bucket="assets", BucketLoggingStatus={
            "LoggingEnabled": {"TargetBucket": "logs", "TargetPrefix": "elsewhere/"}})
    assert refused.value.response["Error"]["Code"] == "InvalidTargetBucketForLogging"
