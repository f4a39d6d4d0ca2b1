#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright: seed.aws_platform maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
---
module: iam_oidc_provider
version_added: 0.1.0
short_description: Manage IAM OpenID Connect identity providers
description:
  - Creates, updates, tags and deletes an IAM OpenID Connect (OIDC) identity provider, such as the one
    GitHub Actions workflows use to assume an IAM role without stored credentials.
  - A provider is identified by its O(url) without the scheme, which is also how IAM names it
    (V(arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com)).
author: seed.aws_platform maintainers (!UNKNOWN)
options:
  url:
    description:
      - The issuer URL of the identity provider, equal to the V(iss) claim of its tokens,
        for example V(https://token.actions.githubusercontent.com).
      - It must start with V(https://) (in any letter case). Everything after the scheme is kept as it is,
        as IAM does, so V(https://example.com/) and V(https://example.com) are two different providers,
        and only the one equal to the tokens' V(iss) claim lets roles be assumed.
    type: str
    required: true
  state:
    description:
      - Whether the provider should exist.
    type: str
    default: present
    choices: ['present', 'absent']
  client_ids:
    description:
      - The audiences (V(aud) claims) the provider accepts, for example V(sts.amazonaws.com) for GitHub Actions.
      - The provider's client IDs are made exactly these, adding and removing single client IDs in place.
      - When omitted, a new provider has no client IDs and those of an existing one are left as they are.
      - Duplicates are ignored.
    type: list
    elements: str
  thumbprints:
    description:
      - SHA-1 thumbprints (40 hexadecimal characters) of the provider's server certificates, at most five.
      - IAM verifies an issuer whose certificate comes from a certificate authority it trusts (GitHub, GitLab,
        Google, Auth0 and most public issuers) through that authority and not through the thumbprints, so they
        matter only for issuers with other certificates.
      - When omitted or empty, the module sends none. IAM then retrieves the thumbprint of the issuer's top
        intermediate certificate authority itself when it creates the provider, and the thumbprints of an
        existing provider are left as they are, since comparing them to an empty list would undo IAM's choice
        on every run.
      - When given, the provider's thumbprints are replaced by these if they differ, ignoring order, letter
        case and duplicates.
    type: list
    elements: str
notes:
  - To delete a provider, only O(url) and O(state=absent) are needed.
  - This module supports check mode and diff mode.
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.tags
  - amazon.aws.boto3
"""

EXAMPLES = r"""
# Note: These examples do not set authentication details, see the AWS Guide for details.

- name: Trust GitHub Actions' OIDC tokens for STS
  seed.aws_platform.iam_oidc_provider:
    url: https://token.actions.githubusercontent.com
    client_ids:
      - sts.amazonaws.com
    tags:
      Environment: production
  register: github_oidc

# The provider alone grants nothing: the trust policy of each role decides which workflows may assume it.
# This one admits only workflow runs on the main branch of one repository.
- name: Create a deploy role that only OWNER/REPO's main branch can assume
  amazon.aws.iam_role:
    name: github-deploy
    assume_role_policy_document:
      Version: "2012-10-17"
      Statement:
        - Effect: Allow
          Principal:
            Federated: "{{ github_oidc.oidc_provider.arn }}"
          Action: sts:AssumeRoleWithWebIdentity
          Condition:
            StringEquals:
              "token.actions.githubusercontent.com:aud": sts.amazonaws.com
              "token.actions.githubusercontent.com:sub": repo:OWNER/REPO:ref:refs/heads/main

- name: Trust a self-hosted issuer whose certificate IAM must pin
  seed.aws_platform.iam_oidc_provider:
    url: https://gitlab.example.com
    client_ids:
      - https://gitlab.example.com
    thumbprints:
      - 0123456789abcdef0123456789abcdef01234567

- name: Add a tag without removing the others
  seed.aws_platform.iam_oidc_provider:
    url: https://token.actions.githubusercontent.com
    tags:
      CostCenter: "1234"
    purge_tags: false

- name: Delete the GitHub Actions provider
  seed.aws_platform.iam_oidc_provider:
    url: https://token.actions.githubusercontent.com
    state: absent
"""

RETURN = r"""
oidc_provider:
  description:
    - The provider.
    - Empty when O(state=absent).
    - In check mode, a provider that would be created has no RV(oidc_provider.arn) and no
      RV(oidc_provider.create_date).
  returned: always
  type: dict
  contains:
    arn:
      description: ARN of the provider, the V(Federated) principal of the roles that trust it.
      returned: when the provider exists
      type: str
      sample: arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com
    client_ids:
      description: The audiences the provider accepts.
      returned: when O(state=present)
      type: list
      elements: str
      sample: ["sts.amazonaws.com"]
    create_date:
      description: When the provider was created.
      returned: when the provider exists
      type: str
      sample: "2024-05-01T10:20:30+00:00"
    tags:
      description: Tags of the provider.
      returned: when O(state=present)
      type: dict
      sample: {"Environment": "production"}
    thumbprints:
      description:
        - Thumbprints of the provider's server certificates.
        - In check mode, empty for a provider that would be created without O(thumbprints).
      returned: when O(state=present)
      type: list
      elements: str
      sample: ["6938fd4d98bab03faadb97b34396831e3780aea1"]
    url:
      description:
        - The issuer URL without its scheme, as IAM reports it.
        - It is also the prefix of the provider's condition keys in trust policies, as in
          V(token.actions.githubusercontent.com:sub).
      returned: when O(state=present)
      type: str
      sample: token.actions.githubusercontent.com
"""

import re
from typing import Any
from typing import Dict
from typing import Optional
from typing import Tuple

try:
    import botocore
except ImportError:
    pass  # Handled by AnsibleAWSModule

from ansible.module_utils.common.text.converters import to_text

from ansible_collections.amazon.aws.plugins.module_utils.botocore import is_boto3_error_code
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.amazon.aws.plugins.module_utils.retries import AWSRetry
from ansible_collections.amazon.aws.plugins.module_utils.tagging import ansible_dict_to_boto3_tag_list
from ansible_collections.amazon.aws.plugins.module_utils.tagging import boto3_tag_list_to_ansible_dict
from ansible_collections.amazon.aws.plugins.module_utils.tagging import compare_aws_tags

THUMBPRINT = re.compile(r"[0-9a-fA-F]{40}")


def build_desired(module: AnsibleAWSModule) -> Dict[str, Any]:
    """The wanted provider, shaped like the module's result; ``None`` for what is not to be compared."""
    params = module.params
    scheme, separator, path = params["url"].partition("://")
    if not separator or scheme.lower() != "https" or not path:
        module.fail_json(
            msg=f"url must be an https:// URL such as https://token.actions.githubusercontent.com, got {params['url']}."
        )
    thumbprints = params["thumbprints"] or []
    invalid = [thumbprint for thumbprint in thumbprints if not THUMBPRINT.fullmatch(thumbprint)]
    if invalid:
        module.fail_json(
            msg=f"thumbprints must be SHA-1 fingerprints of 40 hexadecimal characters, got {', '.join(invalid)}."
        )
    client_ids, tags = params["client_ids"], params["tags"]
    return dict(
        url=path,
        client_ids=None if client_ids is None else list(dict.fromkeys(client_ids)),
        thumbprints=list({thumbprint.lower(): thumbprint for thumbprint in thumbprints}.values()) or None,
        # YAML may give tag values as numbers; IAM stores and returns strings.
        tags=None if tags is None else {key: to_text(value) for key, value in tags.items()},
    )


def normalize_provider(arn: str, provider: Dict[str, Any]) -> Dict[str, Any]:
    return dict(
        arn=arn,
        url=provider["Url"],
        client_ids=provider.get("ClientIDList", []),
        thumbprints=provider.get("ThumbprintList", []),
        tags=boto3_tag_list_to_ansible_dict(provider.get("Tags", [])),
        create_date=provider["CreateDate"].isoformat(),
    )


def find_provider(client, module: AnsibleAWSModule, path: str) -> Optional[Dict[str, Any]]:
    """The provider whose URL without scheme is ``path``, told by its ARN, which IAM builds from that URL."""
    try:
        listed = client.list_open_id_connect_providers(aws_retry=True)["OpenIDConnectProviderList"]
        arn = next((item["Arn"] for item in listed if item["Arn"].split(":oidc-provider/", 1)[-1] == path), None)
        if arn is None:
            return None
        provider = client.get_open_id_connect_provider(aws_retry=True, OpenIDConnectProviderArn=arn)
    except is_boto3_error_code("NoSuchEntity"):
        # Deleted by someone else between the listing and the read.
        return None
    except (
        botocore.exceptions.ClientError,
        botocore.exceptions.BotoCoreError,
    ) as e:  # pylint: disable=duplicate-except
        module.fail_json_aws(e, msg=f"Failed to find the OIDC provider for {module.params['url']}")
    return normalize_provider(arn, provider)


# IAM is eventually consistent: a provider just created may not be readable yet.
@AWSRetry.jittered_backoff(catch_extra_error_codes=["NoSuchEntity"])
def get_created_provider(client, arn: str) -> Dict[str, Any]:
    return client.get_open_id_connect_provider(OpenIDConnectProviderArn=arn)


def create_provider(client, module: AnsibleAWSModule, desired: Dict[str, Any]) -> Dict[str, Any]:
    expected = dict(
        url=desired["url"],
        client_ids=desired["client_ids"] or [],
        thumbprints=desired["thumbprints"] or [],
        tags=desired["tags"] or {},
    )
    if module.check_mode:
        return expected
    request = dict(Url=f"https://{desired['url']}")
    if expected["client_ids"]:
        request["ClientIDList"] = expected["client_ids"]
    if expected["thumbprints"]:
        request["ThumbprintList"] = expected["thumbprints"]
    if expected["tags"]:
        request["Tags"] = ansible_dict_to_boto3_tag_list(expected["tags"])
    try:
        arn = client.create_open_id_connect_provider(aws_retry=True, **request)["OpenIDConnectProviderArn"]
        return normalize_provider(arn, get_created_provider(client, arn))
    except (botocore.exceptions.ClientError, botocore.exceptions.BotoCoreError) as e:
        module.fail_json_aws(e, msg=f"Failed to create the OIDC provider for {module.params['url']}")


def plan_changes(module: AnsibleAWSModule, existing: Dict[str, Any], desired: Dict[str, Any]) -> Dict[str, Any]:
    """What differs between the provider and the options given; options left out are not compared."""
    changes = dict(client_ids_to_add=[], client_ids_to_remove=[], thumbprints=[], tags_to_set={}, tags_to_unset=[])
    if desired["client_ids"] is not None:
        changes["client_ids_to_add"] = [c for c in desired["client_ids"] if c not in existing["client_ids"]]
        changes["client_ids_to_remove"] = [c for c in existing["client_ids"] if c not in desired["client_ids"]]
    if desired["thumbprints"] is not None:
        # IAM's letter case for thumbprints is not documented; they are hexadecimal either way.
        if {t.lower() for t in desired["thumbprints"]} != {t.lower() for t in existing["thumbprints"]}:
            changes["thumbprints"] = desired["thumbprints"]
    if desired["tags"] is not None:
        changes["tags_to_set"], changes["tags_to_unset"] = compare_aws_tags(
            existing["tags"], desired["tags"], module.params["purge_tags"]
        )
    return changes


def update_provider(client, module: AnsibleAWSModule, arn: str, changes: Dict[str, Any]) -> None:
    try:
        # Removing first keeps the provider under IAM's limit of 100 client IDs.
        for client_id in changes["client_ids_to_remove"]:
            client.remove_client_id_from_open_id_connect_provider(
                aws_retry=True, OpenIDConnectProviderArn=arn, ClientID=client_id
            )
        for client_id in changes["client_ids_to_add"]:
            client.add_client_id_to_open_id_connect_provider(
                aws_retry=True, OpenIDConnectProviderArn=arn, ClientID=client_id
            )
        if changes["thumbprints"]:
            client.update_open_id_connect_provider_thumbprint(
                aws_retry=True, OpenIDConnectProviderArn=arn, ThumbprintList=changes["thumbprints"]
            )
        if changes["tags_to_unset"]:
            client.untag_open_id_connect_provider(
                aws_retry=True, OpenIDConnectProviderArn=arn, TagKeys=changes["tags_to_unset"]
            )
        if changes["tags_to_set"]:
            client.tag_open_id_connect_provider(
                aws_retry=True,
                OpenIDConnectProviderArn=arn,
                Tags=ansible_dict_to_boto3_tag_list(changes["tags_to_set"]),
            )
    except (botocore.exceptions.ClientError, botocore.exceptions.BotoCoreError) as e:
        module.fail_json_aws(e, msg=f"Failed to update the OIDC provider {arn}")


def ensure_present(
    client, module: AnsibleAWSModule, existing: Optional[Dict[str, Any]], desired: Dict[str, Any]
) -> Tuple[bool, Dict[str, Any]]:
    if existing is None:
        return True, create_provider(client, module, desired)

    changes = plan_changes(module, existing, desired)
    if not any(changes.values()):
        return False, existing
    if not module.check_mode:
        update_provider(client, module, existing["arn"], changes)
    # Built from the changes: a re-read could still show the old state, IAM being eventually consistent.
    kept_client_ids = [c for c in existing["client_ids"] if c not in changes["client_ids_to_remove"]]
    kept_tags = {key: value for key, value in existing["tags"].items() if key not in changes["tags_to_unset"]}
    return True, dict(
        existing,
        client_ids=kept_client_ids + changes["client_ids_to_add"],
        thumbprints=changes["thumbprints"] or existing["thumbprints"],
        tags={**kept_tags, **changes["tags_to_set"]},
    )


def ensure_absent(client, module: AnsibleAWSModule, existing: Optional[Dict[str, Any]]) -> bool:
    if existing is None:
        return False
    if not module.check_mode:
        try:
            client.delete_open_id_connect_provider(aws_retry=True, OpenIDConnectProviderArn=existing["arn"])
        except is_boto3_error_code("NoSuchEntity"):
            pass  # Deleted by someone else since we read it: that is the goal anyway.
        except (
            botocore.exceptions.ClientError,
            botocore.exceptions.BotoCoreError,
        ) as e:  # pylint: disable=duplicate-except
            module.fail_json_aws(e, msg=f"Failed to delete the OIDC provider {existing['arn']}")
    return True


def main() -> None:
    argument_spec = dict(
        url=dict(type="str", required=True),
        state=dict(type="str", default="present", choices=["present", "absent"]),
        client_ids=dict(type="list", elements="str"),
        thumbprints=dict(type="list", elements="str"),
        tags=dict(type="dict", aliases=["resource_tags"]),
        purge_tags=dict(type="bool", default=True),
    )

    module = AnsibleAWSModule(argument_spec=argument_spec, supports_check_mode=True)
    desired = build_desired(module)

    client = module.client("iam", retry_decorator=AWSRetry.jittered_backoff())
    existing = find_provider(client, module, desired["url"])

    if module.params["state"] == "present":
        changed, provider = ensure_present(client, module, existing, desired)
    else:
        changed, provider = ensure_absent(client, module, existing), {}

    result = dict(changed=changed, oidc_provider=provider)
    if module._diff:
        result["diff"] = dict(before=existing or {}, after=provider)
    module.exit_json(**result)


if __name__ == "__main__":
    main()
