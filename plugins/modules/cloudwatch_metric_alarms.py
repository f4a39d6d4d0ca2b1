#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright: seed.aws_platform maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
---
module: cloudwatch_metric_alarms
version_added: 0.1.0
short_description: Manage a set of CloudWatch metric alarms in one task
description:
  - Creates, updates, tags and deletes Amazon CloudWatch metric alarms, a whole list of them in one task, and can
    delete the alarms of a name prefix that are no longer in the list.
  - An alarm is identified by its name, unique in the account and region.
  - The configuration of each alarm is declarative. An alarm is written (C(PutMetricAlarm), which replaces the whole
    configuration) only when its configuration differs from the one CloudWatch has, read as AWS's defaults where a
    value is absent; its tags are changed with C(TagResource) and C(UntagResource) only when they differ.
  - Every alarm of O(alarms) is validated before anything is changed; the errors name the alarm and the option.
  - Composite alarms are neither read nor changed.
author: seed.aws_platform maintainers (!UNKNOWN)
options:
  alarms:
    description:
      - The metric alarms.
      - With O(state=absent), the alarms to delete; only their O(alarms[].name) is used.
      - May be empty, for example to delete with O(purge_prefix) every alarm of a prefix.
    type: list
    elements: dict
    required: true
    suboptions:
      name:
        description:
          - Name of the alarm, 1 to 255 characters without control characters, unique in O(alarms).
        type: str
        required: true
      description:
        description:
          - Description of the alarm, up to 1024 characters. Omitted means none.
        type: str
      namespace:
        description:
          - Namespace of the metric the alarm watches, like V(AWS/ECS).
          - With O(alarms[].metric_name), for an alarm on one metric; see O(alarms[].metrics) for metric math.
        type: str
      metric_name:
        description:
          - Name of the metric the alarm watches, like V(CPUUtilization).
        type: str
      dimensions:
        description:
          - Dimensions of the metric, as a dictionary of names to values, 30 at most.
        type: dict
      statistic:
        description:
          - The statistic of the metric the alarm compares with the threshold, among V(SampleCount), V(Average),
            V(Sum), V(Minimum) and V(Maximum).
          - Exactly one of O(alarms[].statistic) and O(alarms[].extended_statistic) goes with O(alarms[].metric_name).
        type: str
      extended_statistic:
        description:
          - A percentile or another extended statistic, like V(p95) or V(p99), instead of O(alarms[].statistic).
        type: str
      period:
        description:
          - Length in seconds of the periods the metric is evaluated over, V(10), V(20), V(30) (high-resolution
            metrics) or a multiple of V(60).
          - Required with O(alarms[].metric_name).
        type: int
      unit:
        description:
          - Unit of the metric, one of the CloudWatch units like V(Percent), V(Count) or V(Seconds).
          - Omitted, the alarm evaluates the data points of every unit.
        type: str
      metrics:
        description:
          - The queries of a metric math alarm, instead of O(alarms[].namespace), O(alarms[].metric_name),
            O(alarms[].dimensions), O(alarms[].statistic), O(alarms[].extended_statistic), O(alarms[].period) and
            O(alarms[].unit).
          - Each query has an O(alarms[].metrics[].expression) or a O(alarms[].metrics[].metric_stat), and exactly one
            query returns data, the one the alarm compares with the threshold.
        type: list
        elements: dict
        suboptions:
          id:
            description:
              - ID of the query, unique in the alarm, which expressions use to refer to it; letters, digits and
                underscores, starting with a lowercase letter.
            type: str
          expression:
            description:
              - A metric math expression, or a Metrics Insights query.
            type: str
          label:
            description:
              - A label for the query.
            type: str
          return_data:
            description:
              - Whether the alarm watches this query. Exactly one query must have V(true).
              - Defaults to V(true) when there is only one query, V(false) otherwise.
            type: bool
          period:
            description:
              - Period in seconds of a query with an expression, V(10), V(20), V(30) or a multiple of V(60).
            type: int
          metric_stat:
            description:
              - The metric the query reads, instead of an expression.
            type: dict
            suboptions:
              metric:
                description:
                  - The metric, required.
                type: dict
                suboptions:
                  namespace:
                    description:
                      - Namespace of the metric, required.
                    type: str
                  metric_name:
                    description:
                      - Name of the metric, required.
                    type: str
                  dimensions:
                    description:
                      - Dimensions of the metric, as a dictionary of names to values.
                    type: dict
              period:
                description:
                  - Period in seconds, required, V(10), V(20), V(30) or a multiple of V(60).
                type: int
              stat:
                description:
                  - The statistic, required, like V(Sum), V(Average) or V(p99).
                type: str
              unit:
                description:
                  - Unit of the metric.
                type: str
      comparison_operator:
        description:
          - How the statistic compares with O(alarms[].threshold), among V(GreaterThanThreshold),
            V(GreaterThanOrEqualToThreshold), V(LessThanThreshold) and V(LessThanOrEqualToThreshold).
          - Required with O(state=present).
        type: str
      threshold:
        description:
          - The value the statistic is compared with.
          - Required with O(state=present).
        type: float
      evaluation_periods:
        description:
          - Number of the most recent periods evaluated, at least 1 (the N of an "M out of N" alarm).
          - Required with O(state=present).
        type: int
      datapoints_to_alarm:
        description:
          - Number of the evaluated periods that must breach for the alarm to go to C(ALARM), from 1 to
            O(alarms[].evaluation_periods) (the M of an "M out of N" alarm).
          - Omitted means all of them.
        type: int
      treat_missing_data:
        description:
          - How periods without data count, V(missing), V(notBreaching), V(breaching) or V(ignore).
        type: str
        default: missing
      alarm_actions:
        description:
          - ARNs of the actions (SNS topics, Auto Scaling policies, ...) run when the alarm goes to C(ALARM), 5 at most.
          - Compared as a set. Omitted means none.
        type: list
        elements: str
      ok_actions:
        description:
          - ARNs of the actions run when the alarm goes to C(OK), 5 at most.
        type: list
        elements: str
      insufficient_data_actions:
        description:
          - ARNs of the actions run when the alarm goes to C(INSUFFICIENT_DATA), 5 at most.
        type: list
        elements: str
      actions_enabled:
        description:
          - Whether the actions run.
        type: bool
        default: true
      tags:
        description:
          - Tags of the alarm. Omitted, the tags of an existing alarm are left alone.
          - See O(purge_tags).
        type: dict
  purge_prefix:
    description:
      - After the alarms of O(alarms) are converged, delete the metric alarms whose name starts with this prefix and
        that are not in O(alarms).
      - Only those whose tags include every tag of O(purge_match_tags), so that the alarms others created with the
        same prefix survive.
      - Only with O(state=present).
    type: str
  purge_match_tags:
    description:
      - The tags an alarm of O(purge_prefix) must all have to be deleted.
      - Empty, every alarm of the prefix that is not in O(alarms) is deleted.
    type: dict
    default: {}
  purge_tags:
    description:
      - Whether the tags of an alarm that are not in its O(alarms[].tags) are removed.
      - Tags of an alarm whose O(alarms[].tags) is omitted are never changed.
    type: bool
    default: true
  state:
    description:
      - Whether the alarms of O(alarms) should exist.
    type: str
    default: present
    choices: ['present', 'absent']
notes:
  - The alarms are read with DescribeAlarms, 100 names a call, and their tags with ListTagsForResource on the
    C(AlarmArn) DescribeAlarms returns. O(purge_prefix) reads the alarms of the prefix with DescribeAlarms too, and
    the tags of each with ListTagsForResource when O(purge_match_tags) is not empty.
  - An alarm that is created gets its tags with C(PutMetricAlarm), which needs the C(cloudwatch:TagResource)
    permission too.
  - Deletions use DeleteAlarms, 100 names a call.
  - This module supports check mode and diff mode. The diff shows the configuration of each alarm that changes.
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
# Note: These examples do not set authentication details, see the AWS Guide for details.

- name: The alarms of the orders service; alarms of the prefix it created before and no longer lists are deleted
  seed.aws_platform.cloudwatch_metric_alarms:
    purge_prefix: orders-production-
    purge_match_tags:
      ManagedBy: monitoring-role
    alarms:
      - name: orders-production-cpu
        description: CPU of the orders service above 80% for 3 of the last 5 minutes
        namespace: AWS/ECS
        metric_name: CPUUtilization
        dimensions:
          ClusterName: production
          ServiceName: orders
        statistic: Average
        period: 60
        evaluation_periods: 5
        datapoints_to_alarm: 3
        comparison_operator: GreaterThanThreshold
        threshold: 80
        alarm_actions:
          - arn:aws:sns:us-east-1:123456789012:oncall
        ok_actions:
          - arn:aws:sns:us-east-1:123456789012:oncall
        tags: &alarm_tags
          ManagedBy: monitoring-role
          Environment: production
      - name: orders-production-latency-p99
        namespace: AWS/ApplicationELB
        metric_name: TargetResponseTime
        dimensions:
          LoadBalancer: app/public/0123456789abcdef
          TargetGroup: targetgroup/orders/0123456789abcdef
        extended_statistic: p99
        period: 300
        evaluation_periods: 1
        comparison_operator: GreaterThanThreshold
        threshold: 1.5
        treat_missing_data: notBreaching
        alarm_actions:
          - arn:aws:sns:us-east-1:123456789012:oncall
        tags: *alarm_tags
      - name: orders-production-5xx-rate
        description: More than 5% of the requests answered with a 5xx
        metrics:
          - id: rate
            expression: 100 * errors / requests
            label: 5xx rate (%)
            return_data: true
          - id: errors
            metric_stat:
              metric:
                namespace: AWS/ApplicationELB
                metric_name: HTTPCode_Target_5XX_Count
                dimensions:
                  LoadBalancer: app/public/0123456789abcdef
              period: 60
              stat: Sum
          - id: requests
            metric_stat:
              metric:
                namespace: AWS/ApplicationELB
                metric_name: RequestCount
                dimensions:
                  LoadBalancer: app/public/0123456789abcdef
              period: 60
              stat: Sum
        evaluation_periods: 3
        comparison_operator: GreaterThanThreshold
        threshold: 5
        treat_missing_data: notBreaching
        alarm_actions:
          - arn:aws:sns:us-east-1:123456789012:oncall
        tags: *alarm_tags
  register: alarms

- name: Delete two alarms
  seed.aws_platform.cloudwatch_metric_alarms:
    state: absent
    alarms:
      - name: orders-production-cpu
      - name: orders-production-latency-p99
"""

RETURN = r"""
alarms:
  description:
    - The alarms of O(alarms) after the task, in the order of O(alarms), as DescribeAlarms reports them (snake_cased),
      each with its tags.
    - Empty when O(state=absent).
    - In check mode, the configuration the task would set; an alarm that would be created has only those keys.
  returned: always
  type: list
  elements: dict
  contains:
    alarm_name:
      description: Name of the alarm.
      returned: always
      type: str
      sample: orders-production-cpu
    alarm_arn:
      description: ARN of the alarm.
      returned: when the alarm exists
      type: str
      sample: arn:aws:cloudwatch:us-east-1:123456789012:alarm:orders-production-cpu
    alarm_description:
      description: Description of the alarm.
      returned: when the alarm has one
      type: str
    actions_enabled:
      description: Whether the actions run.
      returned: always
      type: bool
      sample: true
    alarm_actions:
      description: Actions run when the alarm goes to C(ALARM).
      returned: always
      type: list
      elements: str
      sample: ["arn:aws:sns:us-east-1:123456789012:oncall"]
    ok_actions:
      description: Actions run when the alarm goes to C(OK).
      returned: always
      type: list
      elements: str
      sample: []
    insufficient_data_actions:
      description: Actions run when the alarm goes to C(INSUFFICIENT_DATA).
      returned: always
      type: list
      elements: str
      sample: []
    namespace:
      description: Namespace of the metric.
      returned: when the alarm watches one metric
      type: str
      sample: AWS/ECS
    metric_name:
      description: Name of the metric.
      returned: when the alarm watches one metric
      type: str
      sample: CPUUtilization
    dimensions:
      description: Dimensions of the metric, each a C(name) and a C(value).
      returned: when the alarm watches one metric
      type: list
      elements: dict
      sample: [{"name": "ClusterName", "value": "production"}, {"name": "ServiceName", "value": "orders"}]
    statistic:
      description: The statistic.
      returned: when the alarm has one
      type: str
      sample: Average
    extended_statistic:
      description: The extended statistic.
      returned: when the alarm has one
      type: str
      sample: p99
    period:
      description: Period in seconds.
      returned: when the alarm watches one metric
      type: int
      sample: 60
    unit:
      description: Unit of the metric.
      returned: when the alarm has one
      type: str
    metrics:
      description:
        - The queries of a metric math alarm, each with C(id), C(return_data) and C(expression) or C(metric_stat)
          (C(metric) with C(namespace), C(metric_name) and C(dimensions), C(period), C(stat), C(unit)).
      returned: when the alarm uses metric math, or AWS reports it
      type: list
      elements: dict
    evaluation_periods:
      description: Number of periods evaluated.
      returned: always
      type: int
      sample: 5
    datapoints_to_alarm:
      description: Number of breaching periods that trigger the alarm.
      returned: when the alarm has it
      type: int
      sample: 3
    threshold:
      description: The threshold.
      returned: always
      type: float
      sample: 80.0
    comparison_operator:
      description: The comparison with the threshold.
      returned: always
      type: str
      sample: GreaterThanThreshold
    treat_missing_data:
      description: How periods without data count.
      returned: when AWS reports it
      type: str
      sample: missing
    state_value:
      description: V(OK), V(ALARM) or V(INSUFFICIENT_DATA).
      returned: when the alarm exists
      type: str
      sample: OK
    tags:
      description: Tags of the alarm.
      returned: always
      type: dict
      sample: {"ManagedBy": "monitoring-role"}
created:
  description: Names of the alarms created.
  returned: always
  type: list
  elements: str
  sample: ["orders-production-cpu"]
updated:
  description: Names of the existing alarms whose configuration or tags changed.
  returned: always
  type: list
  elements: str
  sample: ["orders-production-latency-p99"]
deleted:
  description: Names of the alarms deleted, by O(state=absent) or O(purge_prefix).
  returned: always
  type: list
  elements: str
  sample: ["orders-production-memory"]
"""

import re
from dataclasses import dataclass
from typing import Any
from typing import Dict
from typing import List
from typing import Optional
from typing import Tuple

try:
    import botocore
except ImportError:
    pass  # Handled by AnsibleAWSModule

from ansible.module_utils.common.dict_transformations import camel_dict_to_snake_dict

from ansible_collections.amazon.aws.plugins.module_utils.botocore import is_boto3_error_code
from ansible_collections.amazon.aws.plugins.module_utils.botocore import normalize_boto3_result
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.amazon.aws.plugins.module_utils.retries import AWSRetry
from ansible_collections.amazon.aws.plugins.module_utils.tagging import ansible_dict_to_boto3_tag_list

from ansible_collections.seed.aws_platform.plugins.module_utils.cloudwatch import ALARM_CONFIGURATION_KEYS
from ansible_collections.seed.aws_platform.plugins.module_utils.cloudwatch import alarm_differs
from ansible_collections.seed.aws_platform.plugins.module_utils.cloudwatch import chunks
from ansible_collections.seed.aws_platform.plugins.module_utils.cloudwatch import cloudwatch_client
from ansible_collections.seed.aws_platform.plugins.module_utils.cloudwatch import comparable_alarm
from ansible_collections.seed.aws_platform.plugins.module_utils.cloudwatch import dimension_list
from ansible_collections.seed.aws_platform.plugins.module_utils.cloudwatch import list_tags
from ansible_collections.seed.aws_platform.plugins.module_utils.cloudwatch import plan_tags
from ansible_collections.seed.aws_platform.plugins.module_utils.cloudwatch import update_tags
from ansible_collections.seed.aws_platform.plugins.module_utils.tag_map import tag_map

STATISTICS = ["SampleCount", "Average", "Sum", "Minimum", "Maximum"]
COMPARISON_OPERATORS = [
    "GreaterThanThreshold",
    "GreaterThanOrEqualToThreshold",
    "LessThanThreshold",
    "LessThanOrEqualToThreshold",
]
# AWS's operators for anomaly detection bands, which need a ThresholdMetricId this module does not set.
BAND_OPERATORS = ["LessThanLowerOrGreaterThanUpperThreshold", "LessThanLowerThreshold", "GreaterThanUpperThreshold"]
TREAT_MISSING_DATA = ["missing", "notBreaching", "breaching", "ignore"]
UNITS = [
    "Seconds", "Microseconds", "Milliseconds", "Bytes", "Kilobytes", "Megabytes", "Gigabytes", "Terabytes", "Bits",
    "Kilobits", "Megabits", "Gigabits", "Terabits", "Percent", "Count", "Bytes/Second", "Kilobytes/Second",
    "Megabytes/Second", "Gigabytes/Second", "Terabytes/Second", "Bits/Second", "Kilobits/Second", "Megabits/Second",
    "Gigabits/Second", "Terabits/Second", "Count/Second", "None",
]
# The options of an alarm on one metric, which metric math alarms have in each query instead.
SINGLE_METRIC_OPTIONS = ["namespace", "metric_name", "dimensions", "statistic", "extended_statistic", "period", "unit"]
ACTION_OPTIONS = ["alarm_actions", "ok_actions", "insufficient_data_actions"]
QUERY_ID = re.compile(r"^[a-z][A-Za-z0-9_]*$")
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")
# The PutMetricAlarm API reference's limits.
MAX_NAME_LENGTH = 255
MAX_DESCRIPTION_LENGTH = 1024
MAX_ACTIONS = 5
MAX_DIMENSIONS = 30
HIGH_RESOLUTION_PERIODS = (10, 20, 30)
ALARM_NOT_FOUND = "ResourceNotFound"


# --- validation ---------------------------------------------------------------------------------


def period_problem(field: str, period: int) -> Optional[str]:
    if period in HIGH_RESOLUTION_PERIODS or (period > 0 and period % 60 == 0):
        return None
    return f"{field} must be 10, 20 or 30 (high-resolution metrics) or a multiple of 60 seconds, not {period}"


def name_problem(name: str) -> Optional[str]:
    if not 1 <= len(name) <= MAX_NAME_LENGTH:
        return f"alarm names must be 1 to {MAX_NAME_LENGTH} characters long, not {len(name)} ({name!r})"
    if CONTROL_CHARACTERS.search(name):
        return f"alarm name {name!r} contains control characters, which CloudWatch refuses"
    return None


def duplicates(values: List[str]) -> List[str]:
    return sorted({value for value in values if values.count(value) > 1})


def metric_stat_problems(field: str, stat: Dict[str, Any]) -> List[str]:
    problems = []
    metric = stat["metric"] or {}
    missing = [f"metric.{option}" for option in ("namespace", "metric_name") if not metric.get(option)]
    missing += [option for option in ("period", "stat") if stat[option] is None]
    if missing:
        problems.append(f"{field} needs {', '.join(missing)}")
    if stat["period"] is not None:
        problems.append(period_problem(f"{field}.period", stat["period"]))
    if stat["unit"] is not None and stat["unit"] not in UNITS:
        problems.append(f"{field}.unit {stat['unit']!r} is not a CloudWatch unit, like Percent, Count or Seconds")
    return [problem for problem in problems if problem]


def query_problems(queries: List[Dict[str, Any]]) -> List[str]:
    """What is wrong in the metrics of one alarm, each sentence starting with the option it is about."""
    problems = []
    for index, query in enumerate(queries):
        field = f"metrics[{index}]"
        if not query["id"]:
            problems.append(f"{field}.id is required")
        elif not QUERY_ID.match(query["id"]):
            problems.append(
                f"{field}.id {query['id']!r} must start with a lowercase letter and hold only letters, digits and"
                " underscores"
            )
        has_expression, has_stat = bool(query["expression"]), query["metric_stat"] is not None
        if has_expression == has_stat:
            problems.append(f"{field} needs either an expression or a metric_stat, {'not both' if has_expression else 'none is given'}")
        if has_stat:
            problems.extend(metric_stat_problems(f"{field}.metric_stat", query["metric_stat"]))
        if query["period"] is not None:
            problems.append(period_problem(f"{field}.period", query["period"]))
    repeated = duplicates([query["id"] for query in queries if query["id"]])
    if repeated:
        problems.append(f"metrics ids must be unique, {', '.join(repeated)} is used more than once")
    returning = [query for query in queries if query["return_data"]]
    if len(queries) == 1 and queries[0]["return_data"] is False:
        problems.append("metrics[0].return_data cannot be false: the only query is the one the alarm watches")
    elif len(queries) > 1 and len(returning) != 1:
        problems.append(
            f"exactly one query of metrics must have return_data true, the one the alarm watches, not {len(returning)}"
        )
    return [problem for problem in problems if problem]


def single_metric_problems(alarm: Dict[str, Any]) -> List[str]:
    problems = []
    missing = [option for option in ("namespace", "metric_name") if not alarm[option]]
    if missing:
        problems.append(f"needs either namespace and metric_name, or metrics (metric math); {' and '.join(missing)} missing")
    statistic, extended = alarm["statistic"], alarm["extended_statistic"]
    if statistic and extended:
        problems.append("takes statistic or extended_statistic, not both")
    elif not statistic and not extended:
        problems.append("needs a statistic or an extended_statistic")
    if statistic and statistic not in STATISTICS:
        problems.append(
            f"statistic must be one of {', '.join(STATISTICS)}, not {statistic!r} (percentiles go in extended_statistic)"
        )
    if alarm["period"] is None:
        problems.append("needs a period")
    else:
        problems.append(period_problem("period", alarm["period"]))
    if alarm["unit"] is not None and alarm["unit"] not in UNITS:
        problems.append(f"unit {alarm['unit']!r} is not a CloudWatch unit, like Percent, Count or Seconds")
    if len(alarm["dimensions"] or {}) > MAX_DIMENSIONS:
        problems.append(f"dimensions can hold {MAX_DIMENSIONS} dimensions at most, not {len(alarm['dimensions'])}")
    return [problem for problem in problems if problem]


def metric_source_problems(alarm: Dict[str, Any]) -> List[str]:
    if not alarm["metrics"]:
        return single_metric_problems(alarm)
    mixed = [option for option in SINGLE_METRIC_OPTIONS if alarm[option] not in (None, {}, "")]
    problems = query_problems(alarm["metrics"])
    if mixed:
        problems.insert(0, f"metrics cannot go with {', '.join(mixed)}: a metric math alarm has them in its queries")
    return problems


def evaluation_problems(alarm: Dict[str, Any]) -> List[str]:
    problems = []
    operator = alarm["comparison_operator"]
    if operator is None:
        problems.append("needs a comparison_operator")
    elif operator in BAND_OPERATORS:
        problems.append(f"comparison_operator {operator} is for anomaly detection bands, which this module does not manage")
    elif operator not in COMPARISON_OPERATORS:
        problems.append(f"comparison_operator must be one of {', '.join(COMPARISON_OPERATORS)}, not {operator!r}")
    if alarm["threshold"] is None:
        problems.append("needs a threshold")
    periods, datapoints = alarm["evaluation_periods"], alarm["datapoints_to_alarm"]
    if periods is None:
        problems.append("needs evaluation_periods")
    elif periods < 1:
        problems.append(f"evaluation_periods must be at least 1, not {periods}")
    elif datapoints is not None and not 1 <= datapoints <= periods:
        problems.append(f"datapoints_to_alarm must be from 1 to evaluation_periods ({periods}), not {datapoints}")
    if alarm["treat_missing_data"] not in TREAT_MISSING_DATA:
        problems.append(
            f"treat_missing_data must be one of {', '.join(TREAT_MISSING_DATA)}, not {alarm['treat_missing_data']!r}"
        )
    return problems


def alarm_problems(alarm: Dict[str, Any]) -> List[str]:
    """What AWS would refuse, or what makes no sense, in one alarm of state=present, naming the option."""
    problems = metric_source_problems(alarm) + evaluation_problems(alarm)
    for option in ACTION_OPTIONS:
        if len(set(alarm[option] or [])) > MAX_ACTIONS:
            problems.append(f"{option} can hold {MAX_ACTIONS} actions at most, AWS's limit, not {len(set(alarm[option]))}")
    if len(alarm["description"] or "") > MAX_DESCRIPTION_LENGTH:
        problems.append(f"description must be {MAX_DESCRIPTION_LENGTH} characters at most, not {len(alarm['description'])}")
    return [f"alarm {alarm['name']!r}: {problem}" for problem in problems]


def validation_problems(params: Dict[str, Any]) -> List[str]:
    alarms = params["alarms"]
    names = [alarm["name"] for alarm in alarms]
    problems = [problem for problem in map(name_problem, names) if problem]
    repeated = duplicates(names)
    if repeated:
        problems.append(f"alarm names must be unique in alarms, {', '.join(map(repr, repeated))} is given more than once")
    prefix = params["purge_prefix"]
    if params["state"] == "absent":
        if prefix is not None:
            problems.append("purge_prefix is used only with state=present, to delete what alarms no longer lists")
        return problems
    if prefix == "":
        problems.append("purge_prefix cannot be empty: it would match every alarm of the region")
    if params["purge_match_tags"] and prefix is None:
        problems.append("purge_match_tags is used only with purge_prefix")
    for alarm in alarms:
        problems.extend(alarm_problems(alarm))
    return problems


def validate_params(module: AnsibleAWSModule) -> None:
    problems = validation_problems(module.params)
    if problems:
        module.fail_json(msg="; ".join(problems) + ".")


# --- the request --------------------------------------------------------------------------------


def unique(values: Optional[List[str]]) -> List[str]:
    return list(dict.fromkeys(values or []))


def query_request(query: Dict[str, Any], only: bool) -> Dict[str, Any]:
    """One MetricDataQuery; ``only`` when it is the single query, which then returns data unless told otherwise."""
    returns = query["return_data"] if query["return_data"] is not None else only
    request = dict(Id=query["id"], ReturnData=returns)
    for option, key in (("expression", "Expression"), ("label", "Label"), ("period", "Period")):
        if query[option] is not None:
            request[key] = query[option]
    stat = query["metric_stat"]
    if stat is not None:
        metric = dict(Namespace=stat["metric"]["namespace"], MetricName=stat["metric"]["metric_name"])
        if stat["metric"]["dimensions"]:
            metric["Dimensions"] = dimension_list(stat["metric"]["dimensions"])
        request["MetricStat"] = dict(Metric=metric, Period=stat["period"], Stat=stat["stat"])
        if stat["unit"] is not None:
            request["MetricStat"]["Unit"] = stat["unit"]
    return request


def alarm_request(alarm: Dict[str, Any]) -> Dict[str, Any]:
    """PutMetricAlarm's parameters for one alarm of the task, without the tags."""
    request = dict(
        AlarmName=alarm["name"],
        ActionsEnabled=alarm["actions_enabled"],
        OKActions=unique(alarm["ok_actions"]),
        AlarmActions=unique(alarm["alarm_actions"]),
        InsufficientDataActions=unique(alarm["insufficient_data_actions"]),
        EvaluationPeriods=alarm["evaluation_periods"],
        Threshold=float(alarm["threshold"]),
        ComparisonOperator=alarm["comparison_operator"],
        TreatMissingData=alarm["treat_missing_data"],
    )
    if alarm["description"]:
        request["AlarmDescription"] = alarm["description"]
    if alarm["datapoints_to_alarm"] is not None:
        request["DatapointsToAlarm"] = alarm["datapoints_to_alarm"]
    if alarm["metrics"]:
        only = len(alarm["metrics"]) == 1
        request["Metrics"] = [query_request(query, only) for query in alarm["metrics"]]
        return request
    request.update(Namespace=alarm["namespace"], MetricName=alarm["metric_name"], Period=alarm["period"])
    if alarm["dimensions"]:
        request["Dimensions"] = dimension_list(alarm["dimensions"])
    if alarm["statistic"]:
        request["Statistic"] = alarm["statistic"]
    else:
        request["ExtendedStatistic"] = alarm["extended_statistic"]
    if alarm["unit"] is not None:
        request["Unit"] = alarm["unit"]
    return request


# --- the plan -----------------------------------------------------------------------------------


@dataclass
class AlarmPlan:
    """What the task does to one alarm of ``alarms``."""

    name: str
    request: Dict[str, Any]
    current: Optional[Dict[str, Any]]  # As DescribeAlarms has it; None when the alarm is to be created.
    current_tags: Dict[str, str]
    put: bool
    to_set: Dict[str, str]
    to_unset: List[str]
    tags: Dict[str, str]  # After the task.

    @property
    def changed(self) -> bool:
        return self.put or bool(self.to_set or self.to_unset)

    def predicted(self) -> Dict[str, Any]:
        """The alarm as the task leaves it, for check mode: CloudWatch's state fields kept, the configuration replaced."""
        kept = {key: value for key, value in (self.current or {}).items() if key not in ALARM_CONFIGURATION_KEYS}
        return dict(kept, **self.request)


def plan_alarm(alarm: Dict[str, Any], current: Optional[Dict[str, Any]], tags: Dict[str, str], purge_tags: bool) -> AlarmPlan:
    request = alarm_request(alarm)
    if current is None:
        # PutMetricAlarm tags the alarm it creates.
        desired_tags = tag_map(alarm["tags"] or {})
        return AlarmPlan(alarm["name"], request, None, {}, True, {}, [], desired_tags)
    to_set, to_unset, after = plan_tags(tags, alarm["tags"], purge_tags)
    return AlarmPlan(alarm["name"], request, current, tags, alarm_differs(request, current), to_set, to_unset, after)


# --- AWS ----------------------------------------------------------------------------------------


# The retries wrap the whole pagination because a paginator bypasses the retrying client wrapper that
# ``AnsibleAWSModule.client`` returns.
@AWSRetry.jittered_backoff()
def describe_metric_alarms(client, **request) -> List[Dict[str, Any]]:
    paginator = client.get_paginator("describe_alarms")
    return paginator.paginate(AlarmTypes=["MetricAlarm"], **request).build_full_result().get("MetricAlarms", [])


def alarms_named(client, module: AnsibleAWSModule, names: List[str]) -> Dict[str, Dict[str, Any]]:
    """The metric alarms of those names that exist, by name."""
    found = {}
    try:
        for chunk in chunks(names):
            found.update((alarm["AlarmName"], alarm) for alarm in describe_metric_alarms(client, AlarmNames=chunk))
    except (botocore.exceptions.ClientError, botocore.exceptions.BotoCoreError) as e:
        module.fail_json_aws(e, msg="Failed to describe CloudWatch metric alarms")
    return found


def alarms_with_prefix(client, module: AnsibleAWSModule, prefix: str) -> List[Dict[str, Any]]:
    try:
        alarms = describe_metric_alarms(client, AlarmNamePrefix=prefix)
    except (botocore.exceptions.ClientError, botocore.exceptions.BotoCoreError) as e:
        module.fail_json_aws(e, msg=f"Failed to describe the CloudWatch metric alarms of prefix {prefix}")
    return [alarm for alarm in alarms if alarm["AlarmName"].startswith(prefix)]


def alarm_tags(client, module: AnsibleAWSModule, alarm: Dict[str, Any]) -> Dict[str, str]:
    return list_tags(client, module, alarm["AlarmArn"])


def purge_candidates(
    client, module: AnsibleAWSModule, kept: List[str]
) -> List[Tuple[Dict[str, Any], Optional[Dict[str, str]]]]:
    """(alarm, tags or None when not read) of each alarm of purge_prefix to delete."""
    prefix = module.params["purge_prefix"]
    if prefix is None:
        return []
    match = tag_map(module.params["purge_match_tags"])
    others = [alarm for alarm in alarms_with_prefix(client, module, prefix) if alarm["AlarmName"] not in kept]
    if not match:
        return [(alarm, None) for alarm in others]
    candidates = []
    for alarm in others:
        tags = alarm_tags(client, module, alarm)
        if all(tags.get(key) == value for key, value in match.items()):
            candidates.append((alarm, tags))
    return candidates


class Progress:
    """The names of the alarms changed so far, for the failure of a later call to report."""

    def __init__(self):
        self.created, self.updated, self.deleted = [], [], []

    def report(self) -> Dict[str, Any]:
        return dict(
            changed=bool(self.created or self.updated or self.deleted),
            created=self.created,
            updated=self.updated,
            deleted=self.deleted,
        )


def apply_plan(client, module: AnsibleAWSModule, plan: AlarmPlan, progress: Progress) -> None:
    if plan.put:
        request = dict(plan.request)
        if plan.current is None and plan.tags:
            request["Tags"] = ansible_dict_to_boto3_tag_list(plan.tags)
        try:
            client.put_metric_alarm(aws_retry=True, **request)
        except (botocore.exceptions.ClientError, botocore.exceptions.BotoCoreError) as e:
            verb = "create" if plan.current is None else "update"
            module.fail_json_aws(e, msg=f"Failed to {verb} CloudWatch alarm {plan.name}", **progress.report())
    if plan.current is not None and (plan.to_set or plan.to_unset):
        try:
            update_tags(client, plan.current["AlarmArn"], plan.to_set, plan.to_unset)
        except (botocore.exceptions.ClientError, botocore.exceptions.BotoCoreError) as e:
            module.fail_json_aws(e, msg=f"Failed to update the tags of CloudWatch alarm {plan.name}", **progress.report())
    (progress.created if plan.current is None else progress.updated).append(plan.name)


def delete_alarms(client, module: AnsibleAWSModule, names: List[str], progress: Progress) -> None:
    for chunk in chunks(names):
        try:
            client.delete_alarms(aws_retry=True, AlarmNames=chunk)
        except is_boto3_error_code(ALARM_NOT_FOUND):
            pass  # Deleted by someone else since we read them: that is the goal anyway.
        except (
            botocore.exceptions.ClientError,
            botocore.exceptions.BotoCoreError,
        ) as e:  # pylint: disable=duplicate-except
            module.fail_json_aws(e, msg=f"Failed to delete CloudWatch alarms {', '.join(chunk)}", **progress.report())
        progress.deleted.extend(chunk)


def read_back(client, module: AnsibleAWSModule, plans: List[AlarmPlan]) -> Dict[str, Dict[str, Any]]:
    """Each alarm as the task leaves it, by name: written ones are described again, in check mode predicted."""
    written = [plan.name for plan in plans if plan.put]
    fresh = alarms_named(client, module, written) if written and not module.check_mode else {}
    after = {}
    for plan in plans:
        if not plan.put:
            after[plan.name] = plan.current
        elif module.check_mode:
            after[plan.name] = plan.predicted()
        elif plan.name in fresh:
            after[plan.name] = fresh[plan.name]
        else:
            module.fail_json(
                msg=f"CloudWatch alarm {plan.name} cannot be found after the change: it was deleted meanwhile.",
                changed=True,
            )
    return after


# --- results ------------------------------------------------------------------------------------


def alarm_result(alarm: Dict[str, Any], tags: Dict[str, str]) -> Dict[str, Any]:
    """The snake_cased alarm the module returns, tags as a dict."""
    return dict(camel_dict_to_snake_dict(normalize_boto3_result(alarm)), tags=tags)


def alarm_view(alarm: Dict[str, Any], tags: Optional[Dict[str, str]]) -> Dict[str, Any]:
    """The configuration of an alarm, as it is compared, for the diff; tags when they were read."""
    view = camel_dict_to_snake_dict(comparable_alarm(alarm))
    if tags is not None:
        view["tags"] = tags
    return view


def ensure_present(client, module: AnsibleAWSModule) -> Dict[str, Any]:
    params = module.params
    names = [alarm["name"] for alarm in params["alarms"]]
    existing = alarms_named(client, module, names)
    tags = {name: alarm_tags(client, module, alarm) for name, alarm in existing.items()}
    plans = [plan_alarm(alarm, existing.get(alarm["name"]), tags.get(alarm["name"], {}), params["purge_tags"]) for alarm in params["alarms"]]
    purged = purge_candidates(client, module, names)

    progress = Progress()
    for plan in plans:
        if plan.changed and not module.check_mode:
            apply_plan(client, module, plan, progress)
    if purged and not module.check_mode:
        delete_alarms(client, module, [alarm["AlarmName"] for alarm, _tags in purged], progress)

    after = read_back(client, module, plans)
    changed_plans = [plan for plan in plans if plan.changed]
    result = dict(
        changed=bool(changed_plans or purged),
        alarms=[alarm_result(after[plan.name], plan.tags) for plan in plans],
        created=[plan.name for plan in changed_plans if plan.current is None],
        updated=[plan.name for plan in changed_plans if plan.current is not None],
        deleted=[alarm["AlarmName"] for alarm, _tags in purged],
    )
    if module._diff:
        before = {plan.name: alarm_view(plan.current, plan.current_tags) for plan in changed_plans if plan.current is not None}
        before.update((alarm["AlarmName"], alarm_view(alarm, alarm_tags_read)) for alarm, alarm_tags_read in purged)
        result["diff"] = dict(
            before=before,
            after={plan.name: alarm_view(after[plan.name], plan.tags) for plan in changed_plans},
        )
    return result


def ensure_absent(client, module: AnsibleAWSModule) -> Dict[str, Any]:
    names = [alarm["name"] for alarm in module.params["alarms"]]
    existing = alarms_named(client, module, names)
    deleted = [name for name in names if name in existing]
    if deleted and not module.check_mode:
        delete_alarms(client, module, deleted, Progress())
    result = dict(changed=bool(deleted), alarms=[], created=[], updated=[], deleted=deleted)
    if module._diff:
        result["diff"] = dict(before={name: alarm_view(existing[name], None) for name in deleted}, after={})
    return result


def main() -> None:
    metric_options = dict(
        namespace=dict(type="str"),
        metric_name=dict(type="str"),
        dimensions=dict(type="dict"),
    )
    metric_stat_options = dict(
        metric=dict(type="dict", options=metric_options),
        period=dict(type="int"),
        stat=dict(type="str"),
        unit=dict(type="str"),
    )
    query_options = dict(
        id=dict(type="str"),
        expression=dict(type="str"),
        label=dict(type="str"),
        return_data=dict(type="bool"),
        period=dict(type="int"),
        metric_stat=dict(type="dict", options=metric_stat_options),
    )
    alarm_options = dict(
        name=dict(type="str", required=True),
        description=dict(type="str"),
        namespace=dict(type="str"),
        metric_name=dict(type="str"),
        dimensions=dict(type="dict"),
        statistic=dict(type="str"),
        extended_statistic=dict(type="str"),
        period=dict(type="int"),
        unit=dict(type="str"),
        metrics=dict(type="list", elements="dict", options=query_options),
        comparison_operator=dict(type="str"),
        threshold=dict(type="float"),
        evaluation_periods=dict(type="int"),
        datapoints_to_alarm=dict(type="int"),
        treat_missing_data=dict(type="str", default="missing"),
        alarm_actions=dict(type="list", elements="str"),
        ok_actions=dict(type="list", elements="str"),
        insufficient_data_actions=dict(type="list", elements="str"),
        actions_enabled=dict(type="bool", default=True),
        tags=dict(type="dict"),
    )
    argument_spec = dict(
        alarms=dict(type="list", elements="dict", required=True, options=alarm_options),
        purge_prefix=dict(type="str"),
        purge_match_tags=dict(type="dict", default={}),
        purge_tags=dict(type="bool", default=True),
        state=dict(type="str", default="present", choices=["present", "absent"]),
    )

    module = AnsibleAWSModule(argument_spec=argument_spec, supports_check_mode=True)
    validate_params(module)

    client = cloudwatch_client(module)
    if module.params["state"] == "present":
        result = ensure_present(client, module)
    else:
        result = ensure_absent(client, module)
    module.exit_json(**result)


if __name__ == "__main__":
    main()
