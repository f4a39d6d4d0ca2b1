# -*- coding: utf-8 -*-

# Copyright: seed.aws_platform maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""boto3 helpers shared by the secretsmanager_secret and secretsmanager_secret_info modules.

They describe secrets and never read a secret value.
"""

from typing import Any
from typing import Dict
from typing import List
from typing import Optional

from ansible.module_utils.common.dict_transformations import camel_dict_to_snake_dict

from ansible_collections.amazon.aws.plugins.module_utils.botocore import is_boto3_error_code
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.amazon.aws.plugins.module_utils.retries import AWSRetry
from ansible_collections.amazon.aws.plugins.module_utils.tagging import boto3_tag_list_to_ansible_dict

# The AWS managed key, which DescribeSecret reports by leaving KmsKeyId out.
DEFAULT_KMS_KEY = "alias/aws/secretsmanager"

# Secrets Manager throttles with ThrottlingException, which AWSRetry does not retry by default.
THROTTLING_CODES = ["ThrottlingException"]


def secretsmanager_client(module: AnsibleAWSModule):
    """The client both modules use: every call made with ``aws_retry=True`` is retried with jittered backoff."""
    return module.client(
        "secretsmanager", retry_decorator=AWSRetry.jittered_backoff(catch_extra_error_codes=THROTTLING_CODES)
    )


def describe_secret(client, secret_id: str) -> Optional[Dict[str, Any]]:
    """DescribeSecret, or None when there is no such secret; a secret scheduled for deletion is described."""
    try:
        return client.describe_secret(aws_retry=True, SecretId=secret_id)
    except is_boto3_error_code("ResourceNotFoundException"):
        return None


@AWSRetry.jittered_backoff(catch_extra_error_codes=THROTTLING_CODES)
def list_secrets(client, **params: Any) -> List[Dict[str, Any]]:
    """Every secret matching the ListSecrets ``params``, following all pages.

    The retry wraps the whole pagination because a paginator bypasses the retrying client wrapper.
    """
    paginator = client.get_paginator("list_secrets")
    return paginator.paginate(**params).build_full_result()["SecretList"]


def normalize_kms_key_id(kms_key_id: Optional[str]) -> Optional[str]:
    """The key as both modules return it: None for the AWS managed key."""
    if not kms_key_id or kms_key_id == DEFAULT_KMS_KEY or kms_key_id.endswith(f":{DEFAULT_KMS_KEY}"):
        return None
    return kms_key_id


def normalize_secret(secret: Dict[str, Any]) -> Dict[str, Any]:
    """A DescribeSecret or ListSecrets entry as both modules return it (snake_case, tags as a dict)."""
    normalized = {
        "name": secret["Name"],
        "arn": secret["ARN"],
        "description": secret.get("Description"),
        "kms_key_id": normalize_kms_key_id(secret.get("KmsKeyId")),
        "rotation_enabled": secret.get("RotationEnabled", False),
        "rotation_lambda_arn": secret.get("RotationLambdaARN") or None,
        "rotation_rules": camel_dict_to_snake_dict(secret.get("RotationRules", {})),
        "tags": boto3_tag_list_to_ansible_dict(secret.get("Tags", [])),
    }
    if secret.get("DeletedDate"):
        normalized["deleted_date"] = secret["DeletedDate"].isoformat()
    return normalized
