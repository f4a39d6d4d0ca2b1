# -*- coding: utf-8 -*-

# Copyright: seed.aws_platform maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""What the CloudWatch modules share: the client, tags on CloudWatch ARNs, dimensions and the comparable metric alarm.

CloudWatch's read APIs return the ARNs that tagging needs (DashboardArn, AlarmArn), so no ARN is built here. Its tag
API differs from the REST-JSON services' one that tag_map.ensure_tags serves: the parameter is ``ResourceARN`` and
``Tags`` is a Key/Value list.
"""

from typing import Any
from typing import Dict
from typing import Iterator
from typing import List
from typing import Optional
from typing import Tuple

try:
    import botocore
except ImportError:
    pass  # Handled by AnsibleAWSModule

from ansible.module_utils.common.text.converters import to_text

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.amazon.aws.plugins.module_utils.retries import AWSRetry
from ansible_collections.amazon.aws.plugins.module_utils.tagging import ansible_dict_to_boto3_tag_list
from ansible_collections.amazon.aws.plugins.module_utils.tagging import boto3_tag_list_to_ansible_dict
from ansible_collections.amazon.aws.plugins.module_utils.tagging import compare_aws_tags

from ansible_collections.seed.aws_platform.plugins.module_utils.tag_map import tag_map

# The CloudWatch API reference's limit for the names of DescribeAlarms and DeleteAlarms (and DeleteDashboards).
MAX_NAMES_PER_CALL = 100
# What PutMetricAlarm sets and DescribeAlarms returns, apart from the name: a metric alarm's whole configuration.
ALARM_CONFIGURATION_KEYS = (
    "AlarmDescription",
    "ActionsEnabled",
    "OKActions",
    "AlarmActions",
    "InsufficientDataActions",
    "MetricName",
    "Namespace",
    "Statistic",
    "ExtendedStatistic",
    "Dimensions",
    "Period",
    "Unit",
    "EvaluationPeriods",
    "DatapointsToAlarm",
    "Threshold",
    "ComparisonOperator",
    "TreatMissingData",
    "EvaluateLowSampleCountPercentile",
    "Metrics",
    "ThresholdMetricId",
    "EvaluationCriteria",
    "EvaluationInterval",
)
# Parts of an alarm this collection does not set; an alarm that has them differs from the one the task describes.
UNMANAGED_ALARM_KEYS = ("ThresholdMetricId", "EvaluationCriteria", "EvaluationInterval")


def cloudwatch_client(module: AnsibleAWSModule):
    return module.client("cloudwatch", retry_decorator=AWSRetry.jittered_backoff())


def chunks(items: List[Any], size: int = MAX_NAMES_PER_CALL) -> Iterator[List[Any]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


# --- tags -------------------------------------------------------------------------------------------------------


def list_tags(client, module: AnsibleAWSModule, arn: str) -> Dict[str, str]:
    """The tags of a CloudWatch resource; ListTagsForResource is not paginated."""
    try:
        tags = client.list_tags_for_resource(aws_retry=True, ResourceARN=arn).get("Tags", [])
    except (botocore.exceptions.ClientError, botocore.exceptions.BotoCoreError) as e:
        module.fail_json_aws(e, msg=f"Failed to list the tags of {arn}")
    return boto3_tag_list_to_ansible_dict(tags)


def plan_tags(
    current: Dict[str, str], desired: Optional[Dict[str, Any]], purge: bool
) -> Tuple[Dict[str, str], List[str], Dict[str, str]]:
    """(tags to set, keys to unset, tags after) to go from ``current`` to ``desired``; None leaves the tags alone.

    compare_aws_tags works with sets: sorted, the requests are the same from one run to the next.
    """
    if desired is None:
        return {}, [], dict(current)
    to_set, to_unset = compare_aws_tags(current, tag_map(desired), purge)
    to_set, to_unset = dict(sorted(to_set.items())), sorted(to_unset)
    kept = {key: value for key, value in current.items() if key not in to_unset}
    return to_set, to_unset, {**kept, **to_set}


def update_tags(client, arn: str, to_set: Dict[str, str], to_unset: List[str]) -> None:
    """Untag, then tag; the caller reports the botocore errors, naming the resource."""
    if to_unset:
        client.untag_resource(aws_retry=True, ResourceARN=arn, TagKeys=to_unset)
    if to_set:
        client.tag_resource(aws_retry=True, ResourceARN=arn, Tags=ansible_dict_to_boto3_tag_list(to_set))


# --- dimensions -------------------------------------------------------------------------------------------------


def dimension_list(dimensions: Optional[Dict[str, Any]]) -> List[Dict[str, str]]:
    """The Name/Value list AWS takes, sorted by name; YAML may give values as numbers, AWS wants strings."""
    return [dict(Name=name, Value=to_text(value)) for name, value in sorted((dimensions or {}).items())]


def dimension_dict(dimensions: Optional[List[Dict[str, str]]]) -> Dict[str, str]:
    return {dimension["Name"]: dimension.get("Value", "") for dimension in dimensions or []}


# --- the comparable metric alarm --------------------------------------------------------------------------------
# Each function reads a part of an alarm, as PutMetricAlarm takes it or DescribeAlarms returns it, an absent key being
# AWS's default, into a form that compares equal when CloudWatch would behave the same. Absent values are dropped,
# so that the form also reads well in a diff.


def without_none(values: Dict[str, Any]) -> Dict[str, Any]:
    return {key: value for key, value in values.items() if value is not None}


def comparable_dimensions(dimensions: Optional[List[Dict[str, str]]]) -> Optional[List[Dict[str, str]]]:
    # AWS keeps the order it was given, moto too; the order means nothing.
    return dimension_list(dimension_dict(dimensions)) or None


def comparable_actions(actions: Optional[List[str]]) -> List[str]:
    return sorted(set(actions or []))


def comparable_metric_stat(stat: Optional[Dict[str, Any]]) -> Optional[Dict[str, Any]]:
    if not stat:
        return None
    metric = stat.get("Metric") or {}
    return without_none(
        dict(
            Metric=without_none(
                dict(
                    Namespace=metric.get("Namespace"),
                    MetricName=metric.get("MetricName"),
                    Dimensions=comparable_dimensions(metric.get("Dimensions")),
                )
            ),
            Period=stat.get("Period"),
            Stat=stat.get("Stat"),
            Unit=stat.get("Unit"),
        )
    )


def comparable_query(query: Dict[str, Any]) -> Dict[str, Any]:
    return without_none(
        dict(
            Id=query.get("Id"),
            Expression=query.get("Expression") or None,
            Label=query.get("Label") or None,
            # AWS's default when ReturnData is omitted.
            ReturnData=query.get("ReturnData", True),
            Period=query.get("Period"),
            AccountId=query.get("AccountId") or None,
            MetricStat=comparable_metric_stat(query.get("MetricStat")),
        )
    )


def comparable_metrics(metrics: Optional[List[Dict[str, Any]]]) -> Optional[List[Dict[str, Any]]]:
    # Queries refer to each other by ID, so their order in the list means nothing.
    return sorted((comparable_query(query) for query in metrics or []), key=lambda query: query.get("Id") or "") or None


def comparable_threshold(threshold: Optional[Any]) -> Optional[float]:
    return None if threshold is None else float(threshold)


def comparable_alarm(alarm: Dict[str, Any]) -> Dict[str, Any]:
    """The configuration of a metric alarm (PutMetricAlarm's parameters or a DescribeAlarms MetricAlarms item)."""
    evaluation_periods = alarm.get("EvaluationPeriods")
    low_sample_count = alarm.get("EvaluateLowSampleCountPercentile") or None
    comparable = dict(
        AlarmDescription=alarm.get("AlarmDescription") or "",
        ActionsEnabled=alarm.get("ActionsEnabled", True),
        OKActions=comparable_actions(alarm.get("OKActions")),
        AlarmActions=comparable_actions(alarm.get("AlarmActions")),
        InsufficientDataActions=comparable_actions(alarm.get("InsufficientDataActions")),
        Namespace=alarm.get("Namespace") or None,
        MetricName=alarm.get("MetricName") or None,
        Statistic=alarm.get("Statistic") or None,
        ExtendedStatistic=alarm.get("ExtendedStatistic") or None,
        Dimensions=comparable_dimensions(alarm.get("Dimensions")),
        Period=alarm.get("Period"),
        Unit=alarm.get("Unit") or None,
        Metrics=comparable_metrics(alarm.get("Metrics")),
        EvaluationPeriods=evaluation_periods,
        # An alarm without DatapointsToAlarm alarms when all the evaluated periods breach.
        DatapointsToAlarm=alarm.get("DatapointsToAlarm") or evaluation_periods,
        Threshold=comparable_threshold(alarm.get("Threshold")),
        ComparisonOperator=alarm.get("ComparisonOperator"),
        TreatMissingData=alarm.get("TreatMissingData") or "missing",
        # ``evaluate`` is what CloudWatch does when it is omitted.
        EvaluateLowSampleCountPercentile=None if low_sample_count == "evaluate" else low_sample_count,
    )
    comparable.update({key: alarm.get(key) or None for key in UNMANAGED_ALARM_KEYS})
    return without_none(comparable)


def alarm_differs(desired: Dict[str, Any], current: Dict[str, Any]) -> bool:
    return comparable_alarm(desired) != comparable_alarm(current)
