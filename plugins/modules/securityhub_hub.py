#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright: seed.aws_platform maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
---
module: securityhub_hub
version_added: 0.1.0
short_description: Manage Security Hub and its standards subscriptions in an account and region
description:
  - Enables, configures, tags and disables AWS Security Hub (Security Hub CSPM) for the account in the region
    of the module, and subscribes it to security standards or unsubscribes it from them.
author: seed.aws_platform maintainers (!UNKNOWN)
options:
  state:
    description:
      - Whether Security Hub should be enabled.
      - V(absent) disables it, which also disables every standard.
    type: str
    default: present
    choices: ['present', 'absent']
  enable_default_standards:
    description:
      - Whether enabling Security Hub also subscribes to the standards AWS enables by default (AWS Foundational
        Security Best Practices v1.0.0 and CIS AWS Foundations Benchmark v1.2.0).
      - Only used when the module enables Security Hub; ignored for a hub that is already enabled.
      - When O(standards) is given with O(purge_standards=true), the default standards not listed there are
        disabled again in the same run.
    type: bool
    default: false
  control_finding_generator:
    description:
      - V(SECURITY_CONTROL) generates one finding per control check even when the control is part of several
        enabled standards (consolidated control findings); V(STANDARD_CONTROL) generates one per standard.
    type: str
    default: SECURITY_CONTROL
    choices: ['SECURITY_CONTROL', 'STANDARD_CONTROL']
  auto_enable_controls:
    description:
      - Whether new controls of enabled standards are enabled automatically when AWS adds them.
    type: bool
    default: true
  standards:
    description:
      - The standards to subscribe to, each by its ARN or one of these short names, which stand for the ARN in
        the region of the module
        (V(arn:aws:securityhub:REGION::standards/NAME/v/VERSION)).
      - V(aws-foundational-security-best-practices) is AWS Foundational Security Best Practices v1.0.0.
      - V(cis-aws-foundations-benchmark) is CIS AWS Foundations Benchmark v3.0.0. Give other versions by their
        ARN, V(arn:aws:securityhub:REGION::standards/cis-aws-foundations-benchmark/v/1.4.0) for v1.4.0 and
        V(arn:aws:securityhub:::ruleset/cis-aws-foundations-benchmark/v/1.2.0) (no region) for v1.2.0.
      - V(nist-800-53) is NIST SP 800-53 Rev. 5 (V(v/5.0.0)).
      - V(pci-dss) is PCI DSS v4.0.1. Give V(arn:aws:securityhub:REGION::standards/pci-dss/v/3.2.1) for v3.2.1.
      - When omitted, the standards are not compared or changed.
    type: list
    elements: str
  purge_standards:
    description:
      - Whether standards that are enabled but not listed in O(standards) are disabled.
      - With V(false), the standards of O(standards) are only added.
    type: bool
    default: true
notes:
  - The tags are those of the hub resource (V(arn:aws:securityhub:REGION:ACCOUNT:hub/default)).
  - Standards take a while to become V(READY) after they are enabled, and subscriptions that are being
    disabled (V(DELETING)) count as disabled.
  - This module supports check mode and diff mode.
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.tags
  - amazon.aws.boto3
"""

EXAMPLES = r"""
# Note: These examples do not set authentication details, see the AWS Guide for details.

- name: Enable Security Hub with exactly these two standards
  seed.aws_platform.securityhub_hub:
    standards:
      - aws-foundational-security-best-practices
      - cis-aws-foundations-benchmark
    tags:
      Environment: production
  register: security_hub

- name: Add CIS v1.4.0 by ARN and keep every other enabled standard
  seed.aws_platform.securityhub_hub:
    standards:
      - arn:aws:securityhub:eu-west-1::standards/cis-aws-foundations-benchmark/v/1.4.0
    purge_standards: false
    region: eu-west-1

- name: Separate findings per standard and no automatic new controls, standards left as they are
  seed.aws_platform.securityhub_hub:
    control_finding_generator: STANDARD_CONTROL
    auto_enable_controls: false

- name: Disable Security Hub in the region
  seed.aws_platform.securityhub_hub:
    state: absent
"""

RETURN = r"""
hub:
  description:
    - The hub.
    - Empty when O(state=absent).
    - In check mode, a hub that would be enabled has no RV(hub.hub_arn) or RV(hub.subscribed_at).
  returned: always
  type: dict
  contains:
    auto_enable_controls:
      description: Whether new controls are enabled automatically.
      returned: always
      type: bool
      sample: true
    control_finding_generator:
      description: V(SECURITY_CONTROL) or V(STANDARD_CONTROL).
      returned: always
      type: str
      sample: SECURITY_CONTROL
    hub_arn:
      description: ARN of the hub.
      returned: when Security Hub is enabled
      type: str
      sample: arn:aws:securityhub:us-east-1:123456789012:hub/default
    subscribed_at:
      description: When Security Hub was enabled.
      returned: when Security Hub is enabled
      type: str
      sample: "2024-05-01T10:20:30.123Z"
    tags:
      description: Tags of the hub.
      returned: always
      type: dict
      sample: {"Environment": "production"}
standards:
  description:
    - The standards the hub is subscribed to, without those being disabled.
    - Empty when O(state=absent).
    - In check mode, a standard that would be enabled has only RV(standards[].standards_arn).
  returned: always
  type: list
  elements: dict
  contains:
    standards_arn:
      description: ARN of the standard.
      returned: always
      type: str
      sample: arn:aws:securityhub:us-east-1::standards/aws-foundational-security-best-practices/v/1.0.0
    standards_controls_updatable:
      description: Whether the controls of the standard can be updated.
      returned: when reported by AWS
      type: str
      sample: READY_FOR_UPDATES
    standards_input:
      description: Input parameters of the standard.
      returned: when subscribed
      type: dict
      sample: {}
    standards_status:
      description: V(PENDING) while being enabled, V(READY), V(INCOMPLETE) or V(FAILED).
      returned: when subscribed
      type: str
      sample: READY
    standards_status_reason:
      description: Why the subscription is V(INCOMPLETE) or V(FAILED).
      returned: when AWS gives a reason
      type: dict
      sample: {"status_reason_code": "NO_AVAILABLE_CONFIGURATION_RECORDER"}
    standards_subscription_arn:
      description: ARN of the subscription.
      returned: when subscribed
      type: str
      sample: arn:aws:securityhub:us-east-1:123456789012:subscription/aws-foundational-security-best-practices/v/1.0.0
"""

from typing import Any
from typing import Dict
from typing import List
from typing import Optional
from typing import Tuple

try:
    import botocore
except ImportError:
    pass  # Handled by AnsibleAWSModule

from ansible_collections.amazon.aws.plugins.module_utils.botocore import is_boto3_error_code
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.amazon.aws.plugins.module_utils.retries import AWSRetry
from ansible_collections.amazon.aws.plugins.module_utils.transformation import boto3_resource_to_ansible_dict

from ansible_collections.seed.aws_platform.plugins.module_utils.tag_map import ensure_tags
from ansible_collections.seed.aws_platform.plugins.module_utils.tag_map import tag_map

# Short names of standards: the newest version of each in the Security Hub user guide, as AWS forms
# its ARN in a region (the ARN prefix arn:PARTITION:securityhub:REGION:: is added).
STANDARDS = {
    "aws-foundational-security-best-practices": "standards/aws-foundational-security-best-practices/v/1.0.0",
    "cis-aws-foundations-benchmark": "standards/cis-aws-foundations-benchmark/v/3.0.0",
    "nist-800-53": "standards/nist-800-53/v/5.0.0",
    "pci-dss": "standards/pci-dss/v/4.0.1",
}

# What EnableSecurityHub subscribes to unless EnableDefaultStandards is false; CIS v1.2.0 predates
# regional standards ARNs and has neither region nor the "standards/" prefix.
DEFAULT_STANDARDS = (
    "arn:{partition}:securityhub:{region}::standards/aws-foundational-security-best-practices/v/1.0.0",
    "arn:{partition}:securityhub:::ruleset/cis-aws-foundations-benchmark/v/1.2.0",
)

NOT_ENABLED_CODE = "InvalidAccessException"


def standards_arns(client, module: AnsibleAWSModule) -> Optional[List[str]]:
    """O(standards) as ARNs, short names expanded for the client's partition and region, duplicates removed."""
    names = module.params["standards"]
    if names is None:
        return None
    unknown = [name for name in names if not name.startswith("arn:") and name not in STANDARDS]
    if unknown:
        module.fail_json(
            msg=f"Unknown standards {', '.join(unknown)}: give an ARN or one of {', '.join(sorted(STANDARDS))}."
        )
    prefix = f"arn:{client.meta.partition}:securityhub:{client.meta.region_name}::"
    return list(dict.fromkeys(name if name.startswith("arn:") else prefix + STANDARDS[name] for name in names))


def describe_hub(client, module: AnsibleAWSModule) -> Optional[Dict[str, Any]]:
    try:
        hub = client.describe_hub(aws_retry=True)
    except is_boto3_error_code(NOT_ENABLED_CODE):
        return None
    except (
        botocore.exceptions.ClientError,
        botocore.exceptions.BotoCoreError,
    ) as e:  # pylint: disable=duplicate-except
        module.fail_json_aws(e, msg="Failed to describe the Security Hub hub")
    hub.pop("ResponseMetadata", None)
    return hub


@AWSRetry.jittered_backoff()
def get_enabled_standards(client) -> List[Dict[str, Any]]:
    """Every standards subscription, following all pages.

    The retry wraps the whole pagination because a paginator bypasses the retrying
    client wrapper that ``AnsibleAWSModule.client`` returns.
    """
    return client.get_paginator("get_enabled_standards").paginate().build_full_result()["StandardsSubscriptions"]


def read_state(client, module: AnsibleAWSModule, hub: Dict[str, Any]) -> Dict[str, Any]:
    """The hub, its tags and the standards it is subscribed to, leaving out subscriptions being deleted."""
    try:
        tags = client.list_tags_for_resource(aws_retry=True, ResourceArn=hub["HubArn"])["Tags"]
        subscriptions = get_enabled_standards(client)
    except (botocore.exceptions.ClientError, botocore.exceptions.BotoCoreError) as e:
        module.fail_json_aws(e, msg="Failed to read the tags and standards of the Security Hub hub")
    standards = [item for item in subscriptions if item["StandardsStatus"] != "DELETING"]
    return dict(hub=hub, tags=tags, standards=standards)


def enable_hub(client, module: AnsibleAWSModule) -> Dict[str, Any]:
    """Enable Security Hub and return its state; in check mode, the state AWS would give it."""
    params = module.params
    request = dict(
        EnableDefaultStandards=params["enable_default_standards"],
        ControlFindingGenerator=params["control_finding_generator"],
    )
    if params["tags"]:
        request["Tags"] = tag_map(params["tags"])
    if module.check_mode:
        defaults = params["enable_default_standards"]
        region, partition = client.meta.region_name, client.meta.partition
        return dict(
            # A new hub enables new controls automatically: only UpdateSecurityHubConfiguration turns that off.
            hub=dict(AutoEnableControls=True, ControlFindingGenerator=params["control_finding_generator"]),
            tags=request.get("Tags", {}),
            standards=[
                {"StandardsArn": arn.format(partition=partition, region=region)}
                for arn in (DEFAULT_STANDARDS if defaults else ())
            ],
        )
    try:
        client.enable_security_hub(aws_retry=True, **request)
    except (botocore.exceptions.ClientError, botocore.exceptions.BotoCoreError) as e:
        module.fail_json_aws(e, msg="Failed to enable Security Hub")
    return read_state(client, module, describe_hub(client, module))


def ensure_configuration(client, module: AnsibleAWSModule, hub: Dict[str, Any]) -> Tuple[bool, Dict[str, Any]]:
    desired = dict(
        AutoEnableControls=module.params["auto_enable_controls"],
        ControlFindingGenerator=module.params["control_finding_generator"],
    )
    if all(hub.get(key) == value for key, value in desired.items()):
        return False, hub
    if not module.check_mode:
        try:
            client.update_security_hub_configuration(aws_retry=True, **desired)
        except (botocore.exceptions.ClientError, botocore.exceptions.BotoCoreError) as e:
            module.fail_json_aws(e, msg="Failed to update the configuration of Security Hub")
    return True, dict(hub, **desired)


def ensure_standards(
    client, module: AnsibleAWSModule, current: List[Dict[str, Any]], desired: Optional[List[str]]
) -> Tuple[bool, List[Dict[str, Any]]]:
    if desired is None:
        return False, current
    enabled = [item["StandardsArn"] for item in current]
    to_enable = [arn for arn in desired if arn not in enabled]
    to_disable = []
    if module.params["purge_standards"]:
        to_disable = [item for item in current if item["StandardsArn"] not in desired]
    if not (to_enable or to_disable):
        return False, current
    kept = [item for item in current if item not in to_disable]
    if module.check_mode:
        return True, kept + [{"StandardsArn": arn} for arn in to_enable]
    try:
        if to_disable:
            client.batch_disable_standards(
                aws_retry=True, StandardsSubscriptionArns=[item["StandardsSubscriptionArn"] for item in to_disable]
            )
        added = []
        if to_enable:
            requests = [{"StandardsArn": arn} for arn in to_enable]
            added = client.batch_enable_standards(aws_retry=True, StandardsSubscriptionRequests=requests)[
                "StandardsSubscriptions"
            ]
    except (botocore.exceptions.ClientError, botocore.exceptions.BotoCoreError) as e:
        module.fail_json_aws(e, msg="Failed to update the standards of Security Hub")
    return True, kept + added


def ensure_present(
    client, module: AnsibleAWSModule, current: Dict[str, Any], standards: Optional[List[str]]
) -> Tuple[bool, Dict[str, Any]]:
    created = not current
    if created:
        current = enable_hub(client, module)
    configuration_changed, hub = ensure_configuration(client, module, current["hub"])
    tags_changed, tags = ensure_tags(client, module, current["tags"], lambda: hub["HubArn"])
    standards_changed, subscriptions = ensure_standards(client, module, current["standards"], standards)
    changed = created or configuration_changed or tags_changed or standards_changed
    return changed, dict(hub=hub, tags=tags, standards=subscriptions)


def ensure_absent(client, module: AnsibleAWSModule, hub: Optional[Dict[str, Any]]) -> bool:
    if hub is None:
        return False
    if not module.check_mode:
        try:
            client.disable_security_hub(aws_retry=True)
        except is_boto3_error_code(NOT_ENABLED_CODE):
            # Disabled by someone else since we described it: that is the goal anyway.
            pass
        except (
            botocore.exceptions.ClientError,
            botocore.exceptions.BotoCoreError,
        ) as e:  # pylint: disable=duplicate-except
            module.fail_json_aws(e, msg="Failed to disable Security Hub")
    return True


def normalize_state(state: Dict[str, Any]) -> Dict[str, Any]:
    """The snake_cased ``hub`` (tags as a dict) and ``standards`` the module returns."""
    hub = dict(state["hub"], Tags=state["tags"]) if state.get("hub") else {}
    return dict(
        hub=boto3_resource_to_ansible_dict(hub, transform_tags=False, ignore_list=["Tags"]),
        standards=[
            boto3_resource_to_ansible_dict(item, transform_tags=False, force_tags=False, ignore_list=["StandardsInput"])
            for item in state.get("standards", [])
        ],
    )


def main() -> None:
    argument_spec = dict(
        state=dict(type="str", default="present", choices=["present", "absent"]),
        enable_default_standards=dict(type="bool", default=False),
        control_finding_generator=dict(
            type="str", default="SECURITY_CONTROL", choices=["SECURITY_CONTROL", "STANDARD_CONTROL"]
        ),
        auto_enable_controls=dict(type="bool", default=True),
        standards=dict(type="list", elements="str"),
        purge_standards=dict(type="bool", default=True),
        tags=dict(type="dict", aliases=["resource_tags"]),
        purge_tags=dict(type="bool", default=True),
    )

    module = AnsibleAWSModule(argument_spec=argument_spec, supports_check_mode=True)
    client = module.client("securityhub", retry_decorator=AWSRetry.jittered_backoff())
    standards = standards_arns(client, module)
    existing = describe_hub(client, module)
    present = module.params["state"] == "present"
    # Disabling needs neither tags nor standards; only the diff shows them.
    current = read_state(client, module, existing) if existing and (present or module._diff) else {}

    if present:
        changed, state = ensure_present(client, module, current, standards)
    else:
        changed, state = ensure_absent(client, module, existing), {}

    result = dict(changed=changed, **normalize_state(state))
    if module._diff:
        result["diff"] = dict(before=normalize_state(current), after=normalize_state(state))
    module.exit_json(**result)


if __name__ == "__main__":
    main()
