#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright: seed.aws_platform maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
---
module: guardduty_detector
version_added: 0.1.0
short_description: Manage the GuardDuty detector of an account and region
description:
  - Creates, enables or suspends, configures, tags and deletes the Amazon GuardDuty detector of the account
    in the region of the module.
  - An account has at most one detector per region, so the module needs no name or ID to find it.
author: seed.aws_platform maintainers (!UNKNOWN)
options:
  state:
    description:
      - Whether the detector should exist.
      - V(absent) deletes the detector and with it GuardDuty's findings in the region.
    type: str
    default: present
    choices: ['present', 'absent']
  enable:
    description:
      - Whether the detector is enabled (V(true)) or suspended (V(false)).
      - A suspended detector keeps its configuration and findings but monitors nothing.
    type: bool
    default: true
  finding_publishing_frequency:
    description:
      - How often updated findings are published to EventBridge, S3 and Security Hub.
      - V(SIX_HOURS) is AWS's default.
    type: str
    default: SIX_HOURS
    choices: ['FIFTEEN_MINUTES', 'ONE_HOUR', 'SIX_HOURS']
  features:
    description:
      - Protection plans and other features of the detector.
      - Only the features listed are compared and changed; the others keep their status. When the list is
        empty, no feature is compared or changed.
      - On creation, AWS enables every feature that is not listed except V(RUNTIME_MONITORING).
      - V(EKS_RUNTIME_MONITORING) and V(RUNTIME_MONITORING) cannot be listed together, as Runtime Monitoring
        includes EKS.
    type: list
    elements: dict
    default: []
    suboptions:
      name:
        description:
          - The feature.
        type: str
        required: true
        choices:
          - S3_DATA_EVENTS
          - EKS_AUDIT_LOGS
          - EBS_MALWARE_PROTECTION
          - RDS_LOGIN_EVENTS
          - EKS_RUNTIME_MONITORING
          - LAMBDA_NETWORK_LOGS
          - RUNTIME_MONITORING
      status:
        description:
          - Whether the feature is enabled.
        type: str
        default: enabled
        choices: ['enabled', 'disabled']
      additional_configuration:
        description:
          - Additional configurations of the feature, such as the automated agent management of
            V(RUNTIME_MONITORING).
          - Only the configurations listed are compared and changed.
        type: list
        elements: dict
        default: []
        suboptions:
          name:
            description:
              - The additional configuration.
            type: str
            required: true
            choices: ['EKS_ADDON_MANAGEMENT', 'ECS_FARGATE_AGENT_MANAGEMENT', 'EC2_AGENT_MANAGEMENT']
          status:
            description:
              - Whether the additional configuration is enabled.
            type: str
            default: enabled
            choices: ['enabled', 'disabled']
notes:
  - Settings are changed in place with one UpdateDetector call, which sends every feature of O(features)
    whenever any of them differs.
  - Tags are changed with TagResource and UntagResource; finding the detector's ARN for that costs an
    STS GetCallerIdentity call.
  - This module supports check mode and diff mode.
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.tags
  - amazon.aws.boto3
"""

EXAMPLES = r"""
# Note: These examples do not set authentication details, see the AWS Guide for details.

- name: Enable GuardDuty with findings every 15 minutes and malware protection for EBS
  seed.aws_platform.guardduty_detector:
    finding_publishing_frequency: FIFTEEN_MINUTES
    features:
      - name: S3_DATA_EVENTS
      - name: EBS_MALWARE_PROTECTION
    tags:
      Environment: production
  register: guardduty

- name: Runtime Monitoring of ECS Fargate tasks, with the agent managed by GuardDuty
  seed.aws_platform.guardduty_detector:
    features:
      - name: RUNTIME_MONITORING
        additional_configuration:
          - name: ECS_FARGATE_AGENT_MANAGEMENT
          - name: EC2_AGENT_MANAGEMENT
            status: disabled

- name: Suspend the detector, keeping its configuration and findings
  seed.aws_platform.guardduty_detector:
    enable: false

- name: Add a tag without removing the others
  seed.aws_platform.guardduty_detector:
    tags:
      CostCenter: "1234"
    purge_tags: false

- name: Delete the detector of the region
  seed.aws_platform.guardduty_detector:
    state: absent
"""

RETURN = r"""
detector:
  description:
    - The detector.
    - Empty when O(state=absent).
    - In check mode, a detector that would be created has no RV(detector.detector_id).
  returned: always
  type: dict
  contains:
    created_at:
      description: When the detector was created.
      returned: when the detector exists
      type: str
      sample: "2024-05-01T10:20:30.123Z"
    detector_id:
      description: ID of the detector.
      returned: when the detector exists
      type: str
      sample: 12abc34d567e8fa901bc2d34e56789f0
    features:
      description: The features of the detector.
      returned: always
      type: list
      elements: dict
      contains:
        additional_configuration:
          description: Additional configurations of the feature.
          returned: when the feature has some
          type: list
          elements: dict
          contains:
            name:
              description: The additional configuration.
              type: str
              sample: ECS_FARGATE_AGENT_MANAGEMENT
            status:
              description: V(ENABLED) or V(DISABLED).
              type: str
              sample: ENABLED
            updated_at:
              description: When the status last changed.
              type: str
              sample: "2024-05-01T10:20:30+00:00"
        name:
          description: The feature.
          returned: always
          type: str
          sample: RUNTIME_MONITORING
        status:
          description: V(ENABLED) or V(DISABLED).
          returned: always
          type: str
          sample: ENABLED
        updated_at:
          description: When the status last changed.
          returned: when the detector exists
          type: str
          sample: "2024-05-01T10:20:30+00:00"
    finding_publishing_frequency:
      description: How often updated findings are published.
      returned: always
      type: str
      sample: SIX_HOURS
    service_role:
      description: ARN of the service-linked role GuardDuty uses.
      returned: when the detector exists
      type: str
      sample: arn:aws:iam::123456789012:role/aws-service-role/guardduty.amazonaws.com/AWSServiceRoleForAmazonGuardDuty
    status:
      description: V(ENABLED), or V(DISABLED) when suspended.
      returned: always
      type: str
      sample: ENABLED
    tags:
      description: Tags of the detector.
      returned: always
      type: dict
      sample: {"Environment": "production"}
    updated_at:
      description: When the detector was last changed.
      returned: when the detector exists
      type: str
      sample: "2024-05-01T10:20:30.123Z"
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

from ansible_collections.amazon.aws.plugins.module_utils.iam import get_aws_account_info
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.amazon.aws.plugins.module_utils.retries import AWSRetry
from ansible_collections.amazon.aws.plugins.module_utils.transformation import boto3_resource_to_ansible_dict

from ansible_collections.seed.aws_platform.plugins.module_utils.tag_map import ensure_tags
from ansible_collections.seed.aws_platform.plugins.module_utils.tag_map import tag_map

FEATURES = (
    "S3_DATA_EVENTS",
    "EKS_AUDIT_LOGS",
    "EBS_MALWARE_PROTECTION",
    "RDS_LOGIN_EVENTS",
    "EKS_RUNTIME_MONITORING",
    "LAMBDA_NETWORK_LOGS",
    "RUNTIME_MONITORING",
)
ADDITIONAL_CONFIGURATIONS = ("EKS_ADDON_MANAGEMENT", "ECS_FARGATE_AGENT_MANAGEMENT", "EC2_AGENT_MANAGEMENT")
SETTINGS = ("Status", "FindingPublishingFrequency", "Features")


def validate_params(module: AnsibleAWSModule) -> None:
    names = [feature["name"] for feature in module.params["features"]]
    duplicates = sorted({name for name in names if names.count(name) > 1})
    if duplicates:
        module.fail_json(msg=f"features lists {', '.join(duplicates)} more than once.")
    if {"EKS_RUNTIME_MONITORING", "RUNTIME_MONITORING"} <= set(names):
        module.fail_json(msg="features cannot list both EKS_RUNTIME_MONITORING and RUNTIME_MONITORING.")


def desired_features(features: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """O(features) shaped as CreateDetector and UpdateDetector take them."""
    desired = []
    for feature in features:
        item = {"Name": feature["name"], "Status": feature["status"].upper()}
        if feature["additional_configuration"]:
            item["AdditionalConfiguration"] = [
                {"Name": configuration["name"], "Status": configuration["status"].upper()}
                for configuration in feature["additional_configuration"]
            ]
        desired.append(item)
    return desired


def merge_features(current: List[Dict[str, Any]], desired: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """The features after UpdateDetector with ``desired``: AWS changes only the features and configurations sent."""
    merged = {feature["Name"]: feature for feature in current}
    for feature in desired:
        existing = merged.get(feature["Name"], {"Name": feature["Name"]})
        configurations = {item["Name"]: item for item in existing.get("AdditionalConfiguration", [])}
        for item in feature.get("AdditionalConfiguration", []):
            configurations[item["Name"]] = dict(configurations.get(item["Name"], {}), **item)
        updated = dict(existing, Status=feature["Status"])
        if configurations:
            updated["AdditionalConfiguration"] = list(configurations.values())
        merged[feature["Name"]] = updated
    return list(merged.values())


def get_detector(client, module: AnsibleAWSModule, detector_id: str) -> Dict[str, Any]:
    try:
        detector = client.get_detector(aws_retry=True, DetectorId=detector_id)
    except (botocore.exceptions.ClientError, botocore.exceptions.BotoCoreError) as e:
        module.fail_json_aws(e, msg=f"Failed to describe GuardDuty detector {detector_id}")
    detector.pop("ResponseMetadata", None)
    # Superseded by Features, which is what the module compares and returns.
    detector.pop("DataSources", None)
    return dict({"Features": [], "Tags": {}}, **detector, DetectorId=detector_id)


def find_detector(client, module: AnsibleAWSModule) -> Optional[Dict[str, Any]]:
    try:
        detector_ids = client.list_detectors(aws_retry=True)["DetectorIds"]
    except (botocore.exceptions.ClientError, botocore.exceptions.BotoCoreError) as e:
        module.fail_json_aws(e, msg="Failed to list GuardDuty detectors")
    # AWS allows one detector per account and region.
    return get_detector(client, module, detector_ids[0]) if detector_ids else None


def detector_arn(client, module: AnsibleAWSModule, detector_id: str) -> str:
    account_id, partition = get_aws_account_info(module)
    return f"arn:{partition}:guardduty:{client.meta.region_name}:{account_id}:detector/{detector_id}"


def create_detector(client, module: AnsibleAWSModule, settings: Dict[str, Any]) -> Dict[str, Any]:
    params = module.params
    request = dict(Enable=params["enable"], FindingPublishingFrequency=settings["FindingPublishingFrequency"])
    if settings["Features"]:
        request["Features"] = settings["Features"]
    if params["tags"]:
        request["Tags"] = tag_map(params["tags"])
    if module.check_mode:
        return dict(settings, Tags=request.get("Tags", {}))
    try:
        detector_id = client.create_detector(aws_retry=True, **request)["DetectorId"]
    except (botocore.exceptions.ClientError, botocore.exceptions.BotoCoreError) as e:
        module.fail_json_aws(e, msg="Failed to create the GuardDuty detector")
    return get_detector(client, module, detector_id)


def updated(detector: Dict[str, Any], settings: Dict[str, Any]) -> Dict[str, Any]:
    """The detector once UpdateDetector has applied ``settings``."""
    return dict(
        detector,
        Status=settings["Status"],
        FindingPublishingFrequency=settings["FindingPublishingFrequency"],
        Features=merge_features(detector["Features"], settings["Features"]),
    )


def update_detector(
    client, module: AnsibleAWSModule, detector: Dict[str, Any], after: Dict[str, Any], settings: Dict[str, Any]
) -> bool:
    if all(after[key] == detector[key] for key in SETTINGS):
        return False
    if not module.check_mode:
        request = dict(
            DetectorId=detector["DetectorId"],
            Enable=module.params["enable"],
            FindingPublishingFrequency=settings["FindingPublishingFrequency"],
        )
        if after["Features"] != detector["Features"]:
            # Every listed feature, not only those that differ: the same end state where the API replaces
            # the whole list (as the emulator does) instead of changing the features sent.
            request["Features"] = settings["Features"]
        try:
            client.update_detector(aws_retry=True, **request)
        except (botocore.exceptions.ClientError, botocore.exceptions.BotoCoreError) as e:
            module.fail_json_aws(e, msg=f"Failed to update GuardDuty detector {detector['DetectorId']}")
    return True


def ensure_present(client, module: AnsibleAWSModule, detector: Optional[Dict[str, Any]]) -> Tuple[bool, Dict[str, Any]]:
    settings = dict(
        Status="ENABLED" if module.params["enable"] else "DISABLED",
        FindingPublishingFrequency=module.params["finding_publishing_frequency"],
        Features=desired_features(module.params["features"]),
    )
    if detector is None:
        return True, create_detector(client, module, settings)

    detector_id = detector["DetectorId"]
    after = updated(detector, settings)
    settings_changed = update_detector(client, module, detector, after, settings)
    tags_changed, tags = ensure_tags(
        client, module, detector["Tags"], lambda: detector_arn(client, module, detector_id)
    )
    changed = settings_changed or tags_changed
    if changed and not module.check_mode:
        return True, get_detector(client, module, detector_id)
    return changed, dict(after, Tags=tags)


def ensure_absent(client, module: AnsibleAWSModule, detector: Optional[Dict[str, Any]]) -> bool:
    if detector is None:
        return False
    if not module.check_mode:
        try:
            client.delete_detector(aws_retry=True, DetectorId=detector["DetectorId"])
        except (botocore.exceptions.ClientError, botocore.exceptions.BotoCoreError) as e:
            module.fail_json_aws(e, msg=f"Failed to delete GuardDuty detector {detector['DetectorId']}")
    return True


def normalize_detector(detector: Optional[Dict[str, Any]]) -> Dict[str, Any]:
    """The snake_cased detector the module returns, tags as a dict, or an empty dict."""
    if not detector:
        return {}
    return boto3_resource_to_ansible_dict(detector, transform_tags=False, ignore_list=["Tags"])


def main() -> None:
    additional_configuration = dict(
        name=dict(type="str", required=True, choices=list(ADDITIONAL_CONFIGURATIONS)),
        status=dict(type="str", default="enabled", choices=["enabled", "disabled"]),
    )
    argument_spec = dict(
        state=dict(type="str", default="present", choices=["present", "absent"]),
        enable=dict(type="bool", default=True),
        finding_publishing_frequency=dict(
            type="str", default="SIX_HOURS", choices=["FIFTEEN_MINUTES", "ONE_HOUR", "SIX_HOURS"]
        ),
        features=dict(
            type="list",
            elements="dict",
            default=[],
            options=dict(
                name=dict(type="str", required=True, choices=list(FEATURES)),
                status=dict(type="str", default="enabled", choices=["enabled", "disabled"]),
                additional_configuration=dict(
                    type="list", elements="dict", default=[], options=additional_configuration
                ),
            ),
        ),
        tags=dict(type="dict", aliases=["resource_tags"]),
        purge_tags=dict(type="bool", default=True),
    )

    module = AnsibleAWSModule(argument_spec=argument_spec, supports_check_mode=True)
    validate_params(module)

    client = module.client("guardduty", retry_decorator=AWSRetry.jittered_backoff())
    existing = find_detector(client, module)

    if module.params["state"] == "present":
        changed, detector = ensure_present(client, module, existing)
    else:
        changed, detector = ensure_absent(client, module, existing), None

    result = dict(changed=changed, detector=normalize_detector(detector))
    if module._diff:
        result["diff"] = dict(
            before=dict(detector=normalize_detector(existing)), after=dict(detector=result["detector"])
        )
    module.exit_json(**result)


if __name__ == "__main__":
    main()
