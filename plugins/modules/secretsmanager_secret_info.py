#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright: seed.aws_platform maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
---
module: secretsmanager_secret_info
version_added: 0.1.0
short_description: Gather information about AWS Secrets Manager secrets, never their values
description:
  - Describes Secrets Manager secrets by name or by filter, with the same attributes as
    M(seed.aws_platform.secretsmanager_secret) returns.
  - Never reads a secret value.
  - With neither O(names) nor O(filters), every secret of the region is returned.
author: seed.aws_platform maintainers (!UNKNOWN)
options:
  names:
    description:
      - Names (or ARNs) of the secrets to describe, one C(DescribeSecret) each. Names that do not exist are
        left out of the result.
      - Mutually exclusive with O(filters).
    type: list
    elements: str
  filters:
    description:
      - C(ListSecrets) filters, each key a filter key (V(name), V(description), V(tag-key), V(tag-value),
        V(primary-region), V(owning-service) or V(all)) and each value a string or a list of strings.
        See U(https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_Filter.html).
      - AWS documents that C(ListSecrets) may not show the changes of the last five minutes; use O(names)
        to read secrets just changed.
      - Mutually exclusive with O(names).
    type: dict
  include_planned_deletion:
    description:
      - Whether to return secrets scheduled for deletion too.
    type: bool
    default: false
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
# Note: These examples do not set authentication details, see the AWS Guide for details.

- name: Describe two secrets
  seed.aws_platform.secretsmanager_secret_info:
    names:
      - tiger/fastapi/secret-key
      - tiger/fastapi/database
  register: app_secrets

- name: Find the secrets of an environment, including those scheduled for deletion
  seed.aws_platform.secretsmanager_secret_info:
    filters:
      name: tiger/
      tag-key: ManagedBy
    include_planned_deletion: true
"""

RETURN = r"""
secrets:
  description:
    - The secrets found, in the order of O(names) when given. Never a value.
  returned: always
  type: list
  elements: dict
  contains:
    name:
      description: Name of the secret.
      returned: always
      type: str
      sample: tiger/fastapi/secret-key
    arn:
      description: ARN of the secret.
      returned: always
      type: str
      sample: arn:aws:secretsmanager:us-east-1:123456789012:secret:tiger/fastapi/secret-key-AbCdEf
    description:
      description: Description of the secret.
      returned: always
      type: str
      sample: Signing key of the FastAPI application
    kms_key_id:
      description: The KMS key that encrypts the secret; null for the AWS managed key.
      returned: always
      type: str
      sample: alias/tiger-secrets
    rotation_enabled:
      description: Whether the secret is rotated automatically.
      returned: always
      type: bool
      sample: true
    rotation_lambda_arn:
      description: ARN of the rotation function.
      returned: always
      type: str
      sample: arn:aws:lambda:us-east-1:123456789012:function:tiger-rotate-postgres
    rotation_rules:
      description: Schedule of the rotation; empty when rotation was never configured.
      returned: always
      type: dict
      contains:
        automatically_after_days:
          description: Days between rotations.
          type: int
          sample: 30
        schedule_expression:
          description: The C(rate(\)) or C(cron(\)) expression.
          type: str
          sample: cron(0 2 ? * SUN *)
        duration:
          description: Length of the rotation window.
          type: str
          sample: 2h
    tags:
      description: Tags of the secret.
      returned: always
      type: dict
      sample: {"Environment": "tiger"}
    deleted_date:
      description: When AWS deletes the secret for good.
      returned: when the secret is scheduled for deletion
      type: str
      sample: "2024-06-01T10:20:30+00:00"
"""

try:
    import botocore
except ImportError:
    pass  # Handled by AnsibleAWSModule

from ansible.module_utils.common.text.converters import to_text

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule

from ansible_collections.seed.aws_platform.plugins.module_utils.secretsmanager_secrets import describe_secret
from ansible_collections.seed.aws_platform.plugins.module_utils.secretsmanager_secrets import list_secrets
from ansible_collections.seed.aws_platform.plugins.module_utils.secretsmanager_secrets import normalize_secret
from ansible_collections.seed.aws_platform.plugins.module_utils.secretsmanager_secrets import secretsmanager_client


def main() -> None:
    argument_spec = dict(
        names=dict(type="list", elements="str"),
        filters=dict(type="dict"),
        include_planned_deletion=dict(type="bool", default=False),
    )
    module = AnsibleAWSModule(
        argument_spec=argument_spec, supports_check_mode=True, mutually_exclusive=[("names", "filters")]
    )
    client = secretsmanager_client(module)
    include_deleted = module.params["include_planned_deletion"]

    try:
        if module.params["names"] is not None:
            found = [describe_secret(client, name) for name in module.params["names"]]
            secrets = [secret for secret in found if secret and (include_deleted or not secret.get("DeletedDate"))]
        else:
            filters = [
                {"Key": key, "Values": [to_text(value) for value in (values if isinstance(values, list) else [values])]}
                for key, values in (module.params["filters"] or {}).items()
            ]
            secrets = list_secrets(client, Filters=filters, IncludePlannedDeletion=include_deleted)
    except (botocore.exceptions.ClientError, botocore.exceptions.BotoCoreError) as e:
        module.fail_json_aws(e, msg="Failed to describe secrets")

    module.exit_json(secrets=[normalize_secret(secret) for secret in secrets])


if __name__ == "__main__":
    main()
