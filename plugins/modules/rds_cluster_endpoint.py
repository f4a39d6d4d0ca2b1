#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright: seed.aws_platform maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
---
module: rds_cluster_endpoint
version_added: 0.1.0
short_description: Manage custom endpoints of Aurora DB clusters
description:
  - Creates, modifies in place, tags and deletes a custom endpoint of an Amazon Aurora DB cluster, an address
    that balances connections over a chosen group of the cluster's DB instances (for example the readers
    reserved for reporting).
  - An endpoint is identified by O(db_cluster_endpoint_identifier), unique in the account and region.
author: seed.aws_platform maintainers (!UNKNOWN)
options:
  db_cluster_endpoint_identifier:
    description:
      - Identifier of the custom endpoint, also the first label of its DNS name.
      - 1 to 63 letters, digits and hyphens, starting with a letter, without two consecutive hyphens and not
        ending with a hyphen.
      - AWS stores it in lower case, so identifiers differing only in case name the same endpoint.
    type: str
    required: true
    aliases: ['endpoint_identifier']
  db_cluster_identifier:
    description:
      - Identifier of the Aurora DB cluster the endpoint belongs to.
      - Required when O(state=present).
      - An endpoint cannot be moved to another cluster. When the endpoint exists in another cluster, the module
        fails and changes nothing, whatever O(state) is.
    type: str
  endpoint_type:
    description:
      - Which instances the endpoint may route to. V(READER) is the Aurora Replicas only, V(ANY) the replicas
        and the writer.
      - Returned as RV(endpoint.custom_endpoint_type).
    type: str
    default: READER
    choices: ['READER', 'ANY']
  static_members:
    description:
      - DB instance identifiers of the cluster that make up the endpoint's group; only these are reachable
        through it, and instances added to the cluster later are not.
      - When omitted, an endpoint is created without static members and the static members of an existing
        endpoint are left as they are. V([]) removes them all.
      - Cannot list instances together with O(excluded_members), which AWS uses only when there are no static
        members.
    type: list
    elements: str
  excluded_members:
    description:
      - DB instance identifiers of the cluster that the endpoint never routes to; every other instance of
        O(endpoint_type), including those added to the cluster later, is reachable through it.
      - When omitted, an endpoint is created without excluded members and the excluded members of an existing
        endpoint are left as they are. V([]) removes them all.
    type: list
    elements: str
  state:
    description:
      - Whether the endpoint should exist.
    type: str
    default: present
    choices: ['present', 'absent']
  wait:
    description:
      - Whether to wait until the endpoint is V(available) after creating or modifying it, or with
        O(state=absent) until it is deleted.
      - AWS changes an endpoint only when it is V(available), so the module waits for that before a change
        whatever O(wait) says.
    type: bool
    default: true
  wait_timeout:
    description:
      - How many seconds to wait at most, for each wait.
    type: int
    default: 600
notes:
  - O(endpoint_type), O(static_members) and O(excluded_members) are changed in place with one
    ModifyDBClusterEndpoint call; the endpoint keeps its DNS name.
  - Tags are read with ListTagsForResource and changed with AddTagsToResource and RemoveTagsFromResource.
  - Deleting the cluster deletes its custom endpoints.
  - This module supports check mode and diff mode.
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.tags
  - amazon.aws.boto3
"""

EXAMPLES = r"""
# Note: These examples do not set authentication details, see the AWS Guide for details.

- name: A reporting endpoint on two fixed Aurora Replicas
  seed.aws_platform.rds_cluster_endpoint:
    db_cluster_endpoint_identifier: orders-reporting
    db_cluster_identifier: orders
    endpoint_type: READER
    static_members:
      - orders-replica-2
      - orders-replica-3
    tags:
      Environment: production
  register: reporting

- name: An endpoint on every instance but the one reserved for batch jobs, the writer included
  seed.aws_platform.rds_cluster_endpoint:
    endpoint_identifier: orders-online
    db_cluster_identifier: orders
    endpoint_type: ANY
    static_members: []
    excluded_members:
      - orders-replica-3

- name: Add a tag without removing the others, and without waiting
  seed.aws_platform.rds_cluster_endpoint:
    db_cluster_endpoint_identifier: orders-reporting
    db_cluster_identifier: orders
    tags:
      CostCenter: "1234"
    purge_tags: false
    wait: false

- name: Delete the endpoint
  seed.aws_platform.rds_cluster_endpoint:
    db_cluster_endpoint_identifier: orders-reporting
    state: absent
"""

RETURN = r"""
endpoint:
  description:
    - The custom endpoint.
    - Empty when O(state=absent).
    - In check mode, an endpoint that would be created has only the keys the task gives.
  returned: always
  type: dict
  contains:
    custom_endpoint_type:
      description: Which instances the endpoint routes to, V(READER) or V(ANY) (O(endpoint_type)).
      returned: always
      type: str
      sample: READER
    db_cluster_endpoint_arn:
      description: ARN of the endpoint, for tagging and IAM policies.
      returned: when the endpoint exists
      type: str
      sample: arn:aws:rds:us-east-1:123456789012:cluster-endpoint:orders-reporting
    db_cluster_endpoint_identifier:
      description: Identifier of the endpoint, in lower case.
      returned: always
      type: str
      sample: orders-reporting
    db_cluster_endpoint_resource_identifier:
      description: The endpoint's unique resource ID, which AWS never reuses.
      returned: when the endpoint exists
      type: str
      sample: cluster-endpoint-ANPAJ4AE5446DAEXAMPLE
    db_cluster_identifier:
      description: Identifier of the cluster, in lower case.
      returned: always
      type: str
      sample: orders
    endpoint:
      description: DNS name of the endpoint, to connect to.
      returned: when the endpoint exists
      type: str
      sample: orders-reporting.cluster-custom-c1a2b3c4d5e6.us-east-1.rds.amazonaws.com
    endpoint_type:
      description:
        - V(CUSTOM), as AWS reports every custom endpoint.
        - The type chosen with O(endpoint_type) is RV(endpoint.custom_endpoint_type).
      returned: always
      type: str
      sample: CUSTOM
    excluded_members:
      description: DB instances the endpoint never routes to.
      returned: always
      type: list
      elements: str
      sample: []
    static_members:
      description: DB instances that make up the endpoint's group, if it has a fixed one.
      returned: always
      type: list
      elements: str
      sample: ["orders-replica-2", "orders-replica-3"]
    status:
      description:
        - V(creating), V(available), V(modifying), V(deleting) or V(inactive).
        - V(available) once the module has waited.
      returned: when the endpoint exists
      type: str
      sample: available
    tags:
      description: Tags of the endpoint.
      returned: always
      type: dict
      sample: {"Environment": "production"}
"""

import re
import time
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
from ansible_collections.amazon.aws.plugins.module_utils.tagging import ansible_dict_to_boto3_tag_list
from ansible_collections.amazon.aws.plugins.module_utils.tagging import boto3_tag_list_to_ansible_dict
from ansible_collections.amazon.aws.plugins.module_utils.transformation import boto3_resource_to_ansible_dict

from ansible_collections.seed.aws_platform.plugins.module_utils.tag_map import converge_tags
from ansible_collections.seed.aws_platform.plugins.module_utils.tag_map import tag_map

# RDS identifiers: a letter, then letters, digits and hyphens, 63 at most, no "--", no hyphen last.
IDENTIFIER = re.compile(r"^[a-zA-Z](?!.*--)[a-zA-Z0-9-]{0,62}(?<!-)$")
NOT_FOUND_CODE = "DBClusterEndpointNotFoundFault"
MEMBER_OPTIONS = (("static_members", "StaticMembers"), ("excluded_members", "ExcludedMembers"))
# Seconds between two DescribeDBClusterEndpoints calls while waiting; botocore has no waiter for endpoints.
WAIT_DELAY = 10


def members(names: Optional[List[str]]) -> Optional[List[str]]:
    """DB instance identifiers as AWS stores them (lower case), sorted and without duplicates; None stays None."""
    if names is None:
        return None
    return sorted({name.lower() for name in names})


def validate_params(module: AnsibleAWSModule) -> None:
    params = module.params
    identifier = params["db_cluster_endpoint_identifier"]
    if not IDENTIFIER.match(identifier):
        module.fail_json(
            msg=f"db_cluster_endpoint_identifier {identifier!r} is not valid: it must be 1 to 63 letters, digits"
            " and hyphens, start with a letter, and neither contain two consecutive hyphens nor end with a hyphen."
        )
    if params["wait_timeout"] < 1:
        module.fail_json(msg=f"wait_timeout must be at least 1 second, not {params['wait_timeout']}.")
    static, excluded = members(params["static_members"]), members(params["excluded_members"])
    if static and excluded:
        module.fail_json(
            msg="static_members and excluded_members cannot both list instances: AWS uses excluded_members only"
            " when the endpoint has no static members. Set static_members to [] to route to every instance but"
            " the excluded ones."
        )
    for option in ("static_members", "excluded_members"):
        if any(not name for name in params[option] or []):
            module.fail_json(msg=f"{option} cannot contain empty instance identifiers.")


def list_tags(client, module: AnsibleAWSModule, arn: str) -> Dict[str, str]:
    try:
        tags = client.list_tags_for_resource(aws_retry=True, ResourceName=arn)["TagList"]
    except (botocore.exceptions.ClientError, botocore.exceptions.BotoCoreError) as e:
        module.fail_json_aws(e, msg=f"Failed to list the tags of {arn}")
    return boto3_tag_list_to_ansible_dict(tags)


def describe_endpoint(client, module: AnsibleAWSModule, identifier: str) -> Optional[Dict[str, Any]]:
    """The custom endpoint, as DescribeDBClusterEndpoints has it, or None."""
    try:
        found = client.describe_db_cluster_endpoints(aws_retry=True, DBClusterEndpointIdentifier=identifier)
    except is_boto3_error_code(NOT_FOUND_CODE):
        return None
    except (
        botocore.exceptions.ClientError,
        botocore.exceptions.BotoCoreError,
    ) as e:  # pylint: disable=duplicate-except
        module.fail_json_aws(e, msg=f"Failed to describe cluster endpoint {identifier}")
    # AWS answers an unknown identifier with an empty list; the cluster's own endpoints have no identifier.
    return next(
        (item for item in found["DBClusterEndpoints"] if item.get("DBClusterEndpointIdentifier") == identifier),
        None,
    )


def find_endpoint(client, module: AnsibleAWSModule, identifier: str) -> Optional[Dict[str, Any]]:
    """The endpoint with its tags, or None."""
    endpoint = describe_endpoint(client, module, identifier)
    if endpoint is None:
        return None
    return dict(endpoint, Tags=list_tags(client, module, endpoint["DBClusterEndpointArn"]))


def wait_for_endpoint(
    client, module: AnsibleAWSModule, identifier: str, status: Optional[str]
) -> Optional[Dict[str, Any]]:
    """Poll until the endpoint has ``status`` (None: until it is gone) and return it; fail after wait_timeout."""
    timeout = module.params["wait_timeout"]
    polls = max(1, -(-timeout // WAIT_DELAY))
    endpoint = None
    for attempt in range(polls + 1):
        endpoint = describe_endpoint(client, module, identifier)
        if endpoint is None and status is None:
            return None
        if endpoint is None:
            module.fail_json(msg=f"Cluster endpoint {identifier} disappeared while waiting for it to be {status}.")
        if status is not None and endpoint["Status"] == status:
            return endpoint
        if status is not None and endpoint["Status"] == "deleting":
            module.fail_json(msg=f"Cluster endpoint {identifier} is being deleted, it will not become {status}.")
        if attempt < polls:
            time.sleep(WAIT_DELAY)
    wanted = "deleted" if status is None else status
    module.fail_json(
        msg=f"Timed out after {timeout} seconds waiting for cluster endpoint {identifier} to be {wanted}; its status"
        f" is {endpoint['Status']}. The change goes on in AWS: run the task again later, or raise wait_timeout.",
        endpoint=normalize_endpoint(endpoint),
    )


def refuse_other_cluster(module: AnsibleAWSModule, endpoint: Dict[str, Any]) -> None:
    wanted = module.params["db_cluster_identifier"]
    if wanted and wanted.lower() != endpoint["DBClusterIdentifier"]:
        module.fail_json(
            msg=f"Cluster endpoint {endpoint['DBClusterEndpointIdentifier']} belongs to cluster"
            f" {endpoint['DBClusterIdentifier']}, not {wanted.lower()}, and an endpoint cannot be moved to another"
            " cluster. Delete it (state=absent) and create it again in the new cluster, or choose another"
            " db_cluster_endpoint_identifier.",
            endpoint=normalize_endpoint(endpoint),
        )


def desired_changes(module: AnsibleAWSModule, endpoint: Dict[str, Any]) -> Dict[str, Any]:
    """The ModifyDBClusterEndpoint parameters that differ from ``endpoint``, without its identifier."""
    params = module.params
    changes = {}
    if params["endpoint_type"] != endpoint["CustomEndpointType"]:
        changes["EndpointType"] = params["endpoint_type"]
    for option, key in MEMBER_OPTIONS:
        wanted = members(params[option])
        if wanted is not None and wanted != members(endpoint.get(key, [])):
            changes[key] = wanted
    return changes


def create_endpoint(client, module: AnsibleAWSModule, identifier: str) -> Dict[str, Any]:
    params = module.params
    tags = tag_map(params["tags"] or {})
    request = dict(
        DBClusterEndpointIdentifier=identifier,
        DBClusterIdentifier=params["db_cluster_identifier"].lower(),
        EndpointType=params["endpoint_type"],
    )
    for option, key in MEMBER_OPTIONS:
        if params[option]:
            request[key] = members(params[option])
    if tags:
        request["Tags"] = ansible_dict_to_boto3_tag_list(tags)
    if module.check_mode:
        return dict(
            DBClusterEndpointIdentifier=identifier,
            DBClusterIdentifier=request["DBClusterIdentifier"],
            EndpointType="CUSTOM",
            CustomEndpointType=params["endpoint_type"],
            StaticMembers=request.get("StaticMembers", []),
            ExcludedMembers=request.get("ExcludedMembers", []),
            Tags=tags,
        )
    try:
        endpoint = client.create_db_cluster_endpoint(aws_retry=True, **request)
    except (botocore.exceptions.ClientError, botocore.exceptions.BotoCoreError) as e:
        module.fail_json_aws(e, msg=f"Failed to create cluster endpoint {identifier}")
    endpoint.pop("ResponseMetadata", None)
    if params["wait"]:
        endpoint = wait_for_endpoint(client, module, identifier, "available")
    return dict(endpoint, Tags=tags)


def modify_endpoint(
    client, module: AnsibleAWSModule, endpoint: Dict[str, Any], changes: Dict[str, Any]
) -> Dict[str, Any]:
    identifier = endpoint["DBClusterEndpointIdentifier"]
    if endpoint["Status"] != "available":
        # AWS refuses to change an endpoint that is creating or modifying.
        endpoint = wait_for_endpoint(client, module, identifier, "available")
    try:
        modified = client.modify_db_cluster_endpoint(aws_retry=True, DBClusterEndpointIdentifier=identifier, **changes)
    except is_boto3_error_code(NOT_FOUND_CODE):
        module.fail_json(msg=f"Cluster endpoint {identifier} was deleted while the module was changing it.")
    except (
        botocore.exceptions.ClientError,
        botocore.exceptions.BotoCoreError,
    ) as e:  # pylint: disable=duplicate-except
        module.fail_json_aws(e, msg=f"Failed to modify cluster endpoint {identifier}")
    modified.pop("ResponseMetadata", None)
    return modified


def update_tags(client, module: AnsibleAWSModule, endpoint: Dict[str, Any]) -> Tuple[bool, Dict[str, str]]:
    """Converge the endpoint's tags to ``tags`` and ``purge_tags``; return whether they change and the tags after."""
    arn = endpoint.get("DBClusterEndpointArn", "")

    def apply(to_set: Dict[str, str], to_unset: List[str]) -> None:
        if to_unset:
            client.remove_tags_from_resource(aws_retry=True, ResourceName=arn, TagKeys=to_unset)
        if to_set:
            client.add_tags_to_resource(aws_retry=True, ResourceName=arn, Tags=ansible_dict_to_boto3_tag_list(to_set))

    return converge_tags(module, endpoint["Tags"], apply, lambda: arn)


def ensure_present(
    client, module: AnsibleAWSModule, identifier: str, endpoint: Optional[Dict[str, Any]]
) -> Tuple[bool, Dict[str, Any]]:
    if endpoint is not None:
        refuse_other_cluster(module, endpoint)
        if endpoint["Status"] == "deleting" and not module.check_mode:
            # A new endpoint can take the identifier only once the old one is gone.
            wait_for_endpoint(client, module, identifier, None)
            endpoint = None
    if endpoint is None or endpoint["Status"] == "deleting":
        return True, create_endpoint(client, module, identifier)

    changes = desired_changes(module, endpoint)
    tags_changed, tags = update_tags(client, module, endpoint)
    after = dict(endpoint, Tags=tags)
    if changes:
        if module.check_mode:
            after.update(
                {"CustomEndpointType" if key == "EndpointType" else key: value for key, value in changes.items()}
            )
        else:
            after = dict(modify_endpoint(client, module, endpoint, changes), Tags=tags)
    if not module.check_mode and module.params["wait"] and after["Status"] != "available":
        after = dict(wait_for_endpoint(client, module, identifier, "available"), Tags=tags)
    return bool(changes) or tags_changed, after


def ensure_absent(client, module: AnsibleAWSModule, identifier: str, endpoint: Optional[Dict[str, Any]]) -> bool:
    if endpoint is None:
        return False
    refuse_other_cluster(module, endpoint)
    deleting = endpoint["Status"] == "deleting"
    if module.check_mode:
        return not deleting
    if not deleting:
        if endpoint["Status"] != "available":
            # AWS refuses to delete an endpoint that is creating or modifying.
            wait_for_endpoint(client, module, identifier, "available")
        try:
            client.delete_db_cluster_endpoint(aws_retry=True, DBClusterEndpointIdentifier=identifier)
        except is_boto3_error_code(NOT_FOUND_CODE):
            # Deleted by someone else since we described it: that is the goal anyway.
            return False
        except (
            botocore.exceptions.ClientError,
            botocore.exceptions.BotoCoreError,
        ) as e:  # pylint: disable=duplicate-except
            module.fail_json_aws(e, msg=f"Failed to delete cluster endpoint {identifier}")
    if module.params["wait"]:
        wait_for_endpoint(client, module, identifier, None)
    return not deleting


def normalize_endpoint(endpoint: Optional[Dict[str, Any]]) -> Dict[str, Any]:
    """The snake_cased endpoint the module returns, tags as a dict, or an empty dict."""
    if not endpoint:
        return {}
    endpoint = dict({"StaticMembers": [], "ExcludedMembers": [], "Tags": {}}, **endpoint)
    endpoint.pop("ResponseMetadata", None)
    return boto3_resource_to_ansible_dict(endpoint, transform_tags=False, ignore_list=["Tags"])


def main() -> None:
    argument_spec = dict(
        db_cluster_endpoint_identifier=dict(type="str", required=True, aliases=["endpoint_identifier"]),
        db_cluster_identifier=dict(type="str"),
        endpoint_type=dict(type="str", default="READER", choices=["READER", "ANY"]),
        static_members=dict(type="list", elements="str"),
        excluded_members=dict(type="list", elements="str"),
        state=dict(type="str", default="present", choices=["present", "absent"]),
        wait=dict(type="bool", default=True),
        wait_timeout=dict(type="int", default=600),
        tags=dict(type="dict", aliases=["resource_tags"]),
        purge_tags=dict(type="bool", default=True),
    )

    module = AnsibleAWSModule(
        argument_spec=argument_spec,
        supports_check_mode=True,
        required_if=[("state", "present", ["db_cluster_identifier"])],
    )
    validate_params(module)

    client = module.client("rds", retry_decorator=AWSRetry.jittered_backoff())
    identifier = module.params["db_cluster_endpoint_identifier"].lower()
    existing = find_endpoint(client, module, identifier)

    if module.params["state"] == "present":
        changed, endpoint = ensure_present(client, module, identifier, existing)
    else:
        changed, endpoint = ensure_absent(client, module, identifier, existing), None

    result = dict(changed=changed, endpoint=normalize_endpoint(endpoint))
    if module._diff:
        result["diff"] = dict(
            before=dict(endpoint=normalize_endpoint(existing)), after=dict(endpoint=result["endpoint"])
        )
    module.exit_json(**result)


if __name__ == "__main__":
    main()
