#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright: seed.aws_platform maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
---
module: cloudwatch_dashboard
version_added: 0.1.0
short_description: Manage CloudWatch dashboards
description:
  - Creates, updates, tags and deletes an Amazon CloudWatch dashboard.
  - A dashboard is identified by O(name), unique in the account. Dashboards are global, not regional.
  - The body is compared as data with the one CloudWatch has, so that key order and white space do not matter, and the
    dashboard is written (C(PutDashboard), which replaces the whole body) only when the two differ.
author: seed.aws_platform maintainers (!UNKNOWN)
options:
  name:
    description:
      - Name of the dashboard, 1 to 255 letters, digits, hyphens C(-) and underscores C(_).
    type: str
    required: true
  body:
    description:
      - The dashboard body, as a dictionary or a JSON string, an object with a C(widgets) list, see
        U(https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/CloudWatch-Dashboard-Body-Structure.html).
      - Required when O(state=present).
    type: json
  state:
    description:
      - Whether the dashboard should exist.
    type: str
    default: present
    choices: ['present', 'absent']
notes:
  - The dashboard is read with GetDashboard (body and ARN) and ListDashboards (size and last modification).
  - When CloudWatch answers C(PutDashboard) with validation messages, the task fails and lists them, each with the
    path in the body it is about. A body CloudWatch refuses outright changes nothing; messages in a successful answer
    are warnings about a body CloudWatch saved, so that failure reports a change.
  - Tags are read with ListTagsForResource and changed with TagResource and UntagResource, on the ARN GetDashboard
    returns, C(arn:PARTITION:cloudwatch::ACCOUNT:dashboard/NAME). A dashboard that is created gets its tags with
    C(PutDashboard).
  - This module supports check mode and diff mode.
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.tags
  - amazon.aws.boto3
"""

EXAMPLES = r"""
# Note: These examples do not set authentication details, see the AWS Guide for details.

- name: The dashboard of the orders service
  seed.aws_platform.cloudwatch_dashboard:
    name: orders-production
    body:
      widgets:
        - type: text
          x: 0
          y: 0
          width: 24
          height: 2
          properties:
            markdown: "Managed by Ansible (seed.aws_platform): changes made in the console are overwritten."
        - type: metric
          x: 0
          y: 2
          width: 12
          height: 6
          properties:
            title: CPU
            region: us-east-1
            stat: Average
            period: 300
            metrics:
              - [AWS/ECS, CPUUtilization, ClusterName, production, ServiceName, orders]
    tags:
      Environment: production
  register: dashboard

- name: A dashboard whose body is a template
  seed.aws_platform.cloudwatch_dashboard:
    name: edge
    body: "{{ lookup('ansible.builtin.template', 'edge-dashboard.json.j2') }}"

- name: Delete the dashboard
  seed.aws_platform.cloudwatch_dashboard:
    name: orders-production
    state: absent
"""

RETURN = r"""
dashboard:
  description:
    - The dashboard after the task, with its tags.
    - Empty when O(state=absent).
    - In check mode, a dashboard that would be created has only its name, body and tags.
  returned: always
  type: dict
  contains:
    name:
      description: Name of the dashboard.
      returned: always
      type: str
      sample: orders-production
    arn:
      description: ARN of the dashboard.
      returned: when the dashboard exists
      type: str
      sample: arn:aws:cloudwatch::123456789012:dashboard/orders-production
    body:
      description: The body of the dashboard, as data.
      returned: always
      type: dict
      sample: {"widgets": [{"type": "text", "x": 0, "y": 0, "width": 24, "height": 2, "properties": {"markdown": "Hi"}}]}
    size:
      description: Size of the body in bytes, as ListDashboards reports it.
      returned: when the dashboard exists and ListDashboards lists it
      type: int
      sample: 176
    last_modified:
      description: When the dashboard was last changed, as ListDashboards reports it.
      returned: when the dashboard exists and ListDashboards lists it
      type: str
      sample: "2024-05-02T09:41:12+00:00"
    tags:
      description: Tags of the dashboard.
      returned: always
      type: dict
      sample: {"Environment": "production"}
console_url:
  description: Where the dashboard is in the CloudWatch console.
  returned: when O(state=present)
  type: str
  sample: https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#dashboards/dashboard/orders-production
"""

import json
import re
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
from ansible_collections.amazon.aws.plugins.module_utils.botocore import normalize_boto3_result
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.amazon.aws.plugins.module_utils.retries import AWSRetry
from ansible_collections.amazon.aws.plugins.module_utils.tagging import ansible_dict_to_boto3_tag_list

from ansible_collections.seed.aws_platform.plugins.module_utils.cloudwatch import cloudwatch_client
from ansible_collections.seed.aws_platform.plugins.module_utils.cloudwatch import list_tags
from ansible_collections.seed.aws_platform.plugins.module_utils.cloudwatch import update_tags
from ansible_collections.seed.aws_platform.plugins.module_utils.tag_map import converge_tags
from ansible_collections.seed.aws_platform.plugins.module_utils.tag_map import tag_map

# The PutDashboard API reference: up to 255 of these characters.
DASHBOARD_NAME = re.compile(r"^[A-Za-z0-9_-]{1,255}$")
DASHBOARD_NOT_FOUND = "ResourceNotFound"
INVALID_BODY = "InvalidParameterInput"


# --- validation ---------------------------------------------------------------------------------


def name_problem(name: str) -> Optional[str]:
    if DASHBOARD_NAME.match(name):
        return None
    return (
        f"name {name!r} is not a valid CloudWatch dashboard name: it must be 1 to 255 letters, digits, hyphens (-) and"
        " underscores (_)"
    )


def parse_body(body: str) -> Tuple[Any, Optional[str]]:
    """(the body as data, None), or (None, the sentence explaining why it is not a dashboard body)."""
    try:
        data = json.loads(body)
    except ValueError as e:
        return None, f"body is not valid JSON: {e}"
    if not isinstance(data, dict):
        return None, f"body must be a JSON object with a widgets list, not a {type(data).__name__}"
    if "widgets" not in data:
        return None, "body must have a widgets list"
    if not isinstance(data["widgets"], list):
        return None, f"body.widgets must be a list, not a {type(data['widgets']).__name__}"
    for index, widget in enumerate(data["widgets"]):
        if not isinstance(widget, dict):
            return None, f"body.widgets[{index}] must be an object, not a {type(widget).__name__}"
    return data, None


def validate_params(module: AnsibleAWSModule) -> Optional[Dict[str, Any]]:
    """The desired body when state=present, after failing the task on any invalid argument."""
    problems = [problem for problem in [name_problem(module.params["name"])] if problem]
    body = None
    if module.params["state"] == "present":
        body, problem = parse_body(module.params["body"])
        if problem:
            problems.append(problem)
    if problems:
        module.fail_json(msg="; ".join(problems) + ".")
    return body


# --- comparing bodies ---------------------------------------------------------------------------


def canonical(body: Any) -> str:
    """The body as JSON whose key order and white space are fixed: equal bodies give equal text.

    Comparing text, not Python values, keeps 1 and 1.0 or true and 1 apart, as CloudWatch stores them as given.
    """
    return json.dumps(body, sort_keys=True, separators=(",", ":"))


def read_body(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        # Never equal to a valid body: an unreadable body is replaced.
        return text


# --- AWS ----------------------------------------------------------------------------------------


# The retries wrap the whole pagination because a paginator bypasses the retrying client wrapper that
# ``AnsibleAWSModule.client`` returns.
@AWSRetry.jittered_backoff()
def list_dashboards(client, prefix: str) -> List[Dict[str, Any]]:
    return client.get_paginator("list_dashboards").paginate(DashboardNamePrefix=prefix).build_full_result()["DashboardEntries"]


def get_dashboard(client, module: AnsibleAWSModule) -> Optional[Dict[str, Any]]:
    """The dashboard, snake_cased, without tags, or None."""
    name = module.params["name"]
    try:
        found = client.get_dashboard(aws_retry=True, DashboardName=name)
        # GetDashboard has no size nor modification time; ListDashboards has, for every name with the prefix.
        entries = [entry for entry in list_dashboards(client, name) if entry.get("DashboardName") == name]
    except is_boto3_error_code(DASHBOARD_NOT_FOUND):
        return None
    except (
        botocore.exceptions.ClientError,
        botocore.exceptions.BotoCoreError,
    ) as e:  # pylint: disable=duplicate-except
        module.fail_json_aws(e, msg=f"Failed to describe CloudWatch dashboard {name}")
    dashboard = dict(name=name, arn=found["DashboardArn"], body=read_body(found.get("DashboardBody", "")))
    if entries:
        listed = normalize_boto3_result(entries[0])
        dashboard.update(size=listed.get("Size"), last_modified=listed.get("LastModified"))
    return dashboard


def find_dashboard(client, module: AnsibleAWSModule) -> Optional[Dict[str, Any]]:
    """The dashboard with its tags, or None."""
    dashboard = get_dashboard(client, module)
    if dashboard is None:
        return None
    return dict(dashboard, tags=list_tags(client, module, dashboard["arn"]))


def validation_messages(messages: List[Dict[str, Any]]) -> str:
    return "; ".join(f"{message.get('DataPath') or '(body)'}: {message.get('Message', '')}" for message in messages)


def put_dashboard(client, module: AnsibleAWSModule, body: Dict[str, Any], tags: Optional[Dict[str, str]] = None) -> None:
    name = module.params["name"]
    request = dict(DashboardName=name, DashboardBody=json.dumps(body, separators=(",", ":")))
    if tags:
        # PutDashboard applies tags only when it creates the dashboard.
        request["Tags"] = ansible_dict_to_boto3_tag_list(tags)
    try:
        answer = client.put_dashboard(aws_retry=True, **request)
    except is_boto3_error_code(INVALID_BODY) as e:
        messages = e.response.get("dashboardValidationMessages") or []
        module.fail_json_aws(
            e,
            msg=f"CloudWatch refused the body of dashboard {name}"
            + (f": {validation_messages(messages)}" if messages else ""),
        )
    except (
        botocore.exceptions.ClientError,
        botocore.exceptions.BotoCoreError,
    ) as e:  # pylint: disable=duplicate-except
        module.fail_json_aws(e, msg=f"Failed to write CloudWatch dashboard {name}")
    messages = answer.get("DashboardValidationMessages") or []
    if messages:
        module.fail_json(
            msg=f"CloudWatch reported problems in the body of dashboard {name}: {validation_messages(messages)}",
            changed=True,
            dashboard_validation_messages=[dict(data_path=m.get("DataPath"), message=m.get("Message")) for m in messages],
        )


def read_back(client, module: AnsibleAWSModule, tags: Dict[str, str]) -> Dict[str, Any]:
    dashboard = get_dashboard(client, module)
    if dashboard is None:
        module.fail_json(
            msg=f"CloudWatch dashboard {module.params['name']} cannot be found after the change: it was deleted meanwhile."
        )
    return dict(dashboard, tags=tags)


def create_dashboard(client, module: AnsibleAWSModule, body: Dict[str, Any]) -> Dict[str, Any]:
    tags = tag_map(module.params["tags"] or {})
    if module.check_mode:
        return dict(name=module.params["name"], body=body, tags=tags)
    put_dashboard(client, module, body, tags)
    return read_back(client, module, tags)


def update_dashboard(client, module: AnsibleAWSModule, body: Dict[str, Any], dashboard: Dict[str, Any]) -> Tuple[bool, Dict[str, Any]]:
    body_changed = canonical(body) != canonical(dashboard["body"])
    if body_changed and not module.check_mode:
        put_dashboard(client, module, body)

    def apply(to_set: Dict[str, str], to_unset: List[str]) -> None:
        update_tags(client, dashboard["arn"], to_set, to_unset)

    tags_changed, tags = converge_tags(module, dashboard["tags"], apply, lambda: dashboard["arn"])
    if body_changed and not module.check_mode:
        return True, read_back(client, module, tags)
    return body_changed or tags_changed, dict(dashboard, body=body, tags=tags)


def ensure_present(client, module: AnsibleAWSModule, body: Dict[str, Any], dashboard: Optional[Dict[str, Any]]) -> Tuple[bool, Dict[str, Any]]:
    if dashboard is None:
        return True, create_dashboard(client, module, body)
    return update_dashboard(client, module, body, dashboard)


def ensure_absent(client, module: AnsibleAWSModule, dashboard: Optional[Dict[str, Any]]) -> bool:
    if dashboard is None:
        return False
    if not module.check_mode:
        name = module.params["name"]
        try:
            client.delete_dashboards(aws_retry=True, DashboardNames=[name])
        except is_boto3_error_code(DASHBOARD_NOT_FOUND):
            pass  # Deleted by someone else since we read it: that is the goal anyway.
        except (
            botocore.exceptions.ClientError,
            botocore.exceptions.BotoCoreError,
        ) as e:  # pylint: disable=duplicate-except
            module.fail_json_aws(e, msg=f"Failed to delete CloudWatch dashboard {name}")
    return True


def console_url(region: str, name: str) -> str:
    return f"https://{region}.console.aws.amazon.com/cloudwatch/home?region={region}#dashboards/dashboard/{name}"


def diff_side(dashboard: Optional[Dict[str, Any]]) -> Dict[str, Any]:
    if not dashboard:
        return {}
    return dict(body=dashboard["body"], tags=dashboard["tags"])


def main() -> None:
    argument_spec = dict(
        name=dict(type="str", required=True),
        body=dict(type="json"),
        state=dict(type="str", default="present", choices=["present", "absent"]),
        tags=dict(type="dict", aliases=["resource_tags"]),
        purge_tags=dict(type="bool", default=True),
    )

    module = AnsibleAWSModule(
        argument_spec=argument_spec,
        supports_check_mode=True,
        required_if=[("state", "present", ["body"])],
    )
    body = validate_params(module)

    client = cloudwatch_client(module)
    existing = find_dashboard(client, module)

    if module.params["state"] == "present":
        changed, dashboard = ensure_present(client, module, body, existing)
    else:
        changed, dashboard = ensure_absent(client, module, existing), None

    result = dict(changed=changed, dashboard=dashboard or {})
    if dashboard is not None:
        result["console_url"] = console_url(client.meta.region_name, dashboard["name"])
    if module._diff:
        result["diff"] = dict(before=diff_side(existing), after=diff_side(dashboard))
    module.exit_json(**result)


if __name__ == "__main__":
    main()
