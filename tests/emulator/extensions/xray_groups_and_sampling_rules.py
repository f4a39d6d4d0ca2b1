"""X-Ray groups, sampling rules and their tags.

moto 5.2.1 serves X-Ray's trace APIs only: CreateGroup, GetSamplingRules and the rest answer 404 (its responses
dispatch by URL path, and ``/CreateGroup`` is not one of its paths), so seed.aws_platform.xray_group and
xray_sampling_rule fail on their first call. Here each account and region keeps its groups, sampling rules and tags
on moto's X-Ray backend (a reset empties them), answered in the shapes of botocore's model:

- Groups: ``{GroupName, GroupARN, FilterExpression, InsightsConfiguration: {InsightsEnabled, NotificationsEnabled}}``,
  the ARN ``arn:aws:xray:REGION:ACCOUNT:group/NAME/ID`` with a 52-character ID as on AWS. Every region has the group
  ``Default`` (all traces, ARN ``.../group/Default``, no filter expression; listed first by GetGroups): it cannot be
  created, deleted or given a filter expression, only its insights configuration changes. GetGroup, UpdateGroup and
  DeleteGroup take the name or the ARN; a missing group is InvalidRequestException "Group not found", as on AWS.
  UpdateGroup changes only what it is given (an empty ``FilterExpression`` removes the filter).
- Sampling rules: ``SamplingRuleRecord`` ``{SamplingRule, CreatedAt, ModifiedAt}``, the ARN
  ``arn:aws:xray:REGION:ACCOUNT:sampling-rule/NAME``. Every region has AWS's rule ``Default`` (priority 10000, fixed
  rate 0.05, reservoir 1, ``*`` everywhere, ``CreatedAt`` at the epoch as AWS answers): it cannot be created or
  deleted, and UpdateSamplingRule may change only its ``FixedRate`` and ``ReservoirSize``. GetSamplingRules answers
  the rules by priority, then name, 10 to a page (``NextToken``). UpdateSamplingRule changes only the fields it is
  given. At most 25 custom rules per region (AWS's default quota), then RuleLimitExceededException.
- Tags: TagResource, UntagResource and ListTagsForResource on the ARN of a group or sampling rule that exists (else
  ResourceNotFoundException, 404); at most 50 per resource (TooManyTagsException), no ``aws:`` keys; they go with
  the resource.

The validations are botocore's limits (names 1 to 32 characters, priority 1 to 9999, fixed rate 0 to 1, reservoir
at least 0, lengths of the match fields, at most 5 attributes of 1 to 32 characters, version 1) and AWS's documented
rules (notifications only with insights), all answered as InvalidRequestException. The messages, the Default group's
ARN and the page size are the emulator's, not checked against AWS's. Filter expressions are kept, not parsed.
"""

import copy
import json
import threading
import time
from typing import Any
from typing import Optional

from moto.core.exceptions import JsonRESTError
from moto.moto_api._internal import mock_random
from moto.utilities.utils import get_partition
from moto.xray import urls
from moto.xray.models import XRayBackend
from moto.xray.responses import XRayResponse

DEFAULT = "Default"
MAX_NAME_LENGTH = 32
MAX_TAGS = 50
MAX_CUSTOM_RULES = 25
MAX_ATTRIBUTES = 5
PAGE_SIZE = 10
GROUP_ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
GROUP_ID_LENGTH = 52
# botocore's maximum lengths of the sampling rule's match fields.
FIELD_LENGTHS = {"ServiceName": 64, "ServiceType": 64, "Host": 64, "HTTPMethod": 10, "URLPath": 128, "ResourceARN": 500}
REQUIRED_RULE_FIELDS = ("Priority", "FixedRate", "ReservoirSize", "Version") + tuple(FIELD_LENGTHS)
DEFAULT_RULE_UPDATABLE = ("FixedRate", "ReservoirSize")
OPERATIONS = (
    "CreateGroup",
    "GetGroup",
    "Groups",
    "UpdateGroup",
    "DeleteGroup",
    "CreateSamplingRule",
    "GetSamplingRules",
    "UpdateSamplingRule",
    "DeleteSamplingRule",
    "TagResource",
    "UntagResource",
    "ListTagsForResource",
)
LOCK = threading.RLock()


class XRayError(JsonRESTError):
    code = 400

    def __init__(self, error_type: str, message: str, **extra: Any):
        super().__init__(error_type, message)
        self.description = json.dumps({"__type": error_type, "message": message, **extra})


class InvalidRequest(XRayError):
    def __init__(self, message: str):
        super().__init__("InvalidRequestException", message)


class RuleLimitExceeded(XRayError):
    def __init__(self, message: str):
        super().__init__("RuleLimitExceededException", message)


class TooManyTags(XRayError):
    def __init__(self, arn: str):
        super().__init__(
            "TooManyTagsException",
            f"A resource can have at most {MAX_TAGS} tags; {arn} would have more.",
            ResourceName=arn,
        )


class ResourceNotFound(XRayError):
    code = 404

    def __init__(self, arn: str):
        super().__init__("ResourceNotFoundException", f"Resource not found: {arn}", ResourceName=arn)


# --- state ---------------------------------------------------------------------------------------------------------


class State:
    """One account and region's groups (name -> Group), sampling rules (name -> record) and tags (ARN -> dict)."""

    def __init__(self, backend: XRayBackend):
        self.prefix = f"arn:{get_partition(backend.region_name)}:xray:{backend.region_name}:{backend.account_id}"
        self.groups: dict[str, dict[str, Any]] = {DEFAULT: self.default_group()}
        self.rules: dict[str, dict[str, Any]] = {DEFAULT: self.default_rule()}
        self.tags: dict[str, dict[str, str]] = {}

    def default_group(self) -> dict[str, Any]:
        return {
            "GroupName": DEFAULT,
            "GroupARN": f"{self.prefix}:group/{DEFAULT}",
            "InsightsConfiguration": {"InsightsEnabled": False, "NotificationsEnabled": False},
        }

    def default_rule(self) -> dict[str, Any]:
        rule = {field: "*" for field in FIELD_LENGTHS}
        rule.update(
            RuleName=DEFAULT,
            RuleARN=self.rule_arn(DEFAULT),
            Priority=10000,
            FixedRate=0.05,
            ReservoirSize=1,
            Version=1,
            Attributes={},
        )
        return {"SamplingRule": rule, "CreatedAt": 0.0, "ModifiedAt": 0.0}

    def group_arn(self, name: str) -> str:
        suffix = "".join(mock_random.choice(GROUP_ID_ALPHABET) for _position in range(GROUP_ID_LENGTH))
        return f"{self.prefix}:group/{name}/{suffix}"

    def rule_arn(self, name: str) -> str:
        return f"{self.prefix}:sampling-rule/{name}"

    def resource_arns(self) -> set[str]:
        return {group["GroupARN"] for group in self.groups.values()} | {
            record["SamplingRule"]["RuleARN"] for record in self.rules.values()
        }


def state(backend: XRayBackend) -> State:
    """The region's state, on the backend so that a reset (which re-creates the backend's attributes) empties it."""
    if "seed_xray" not in backend.__dict__:
        backend.__dict__["seed_xray"] = State(backend)
    return backend.__dict__["seed_xray"]


def answer(value: dict[str, Any]) -> str:
    return json.dumps(value)


def page(items: list[Any], token: Optional[str]) -> tuple[list[Any], Optional[str]]:
    try:
        start = int(token or 0)
    except ValueError:
        raise InvalidRequest(f"Invalid NextToken {token!r}.") from None
    if start < 0:
        raise InvalidRequest(f"Invalid NextToken {token!r}.")
    end = start + PAGE_SIZE
    return items[start:end], (str(end) if end < len(items) else None)


# --- validation ----------------------------------------------------------------------------------------------------


def check_name(kind: str, name: Any) -> str:
    if not isinstance(name, str) or not 1 <= len(name) <= MAX_NAME_LENGTH:
        raise InvalidRequest(f"{kind} must be 1 to {MAX_NAME_LENGTH} characters long.")
    return name


def check_insights(configuration: dict[str, Any]) -> None:
    if configuration.get("NotificationsEnabled") and not configuration.get("InsightsEnabled"):
        raise InvalidRequest("Notifications can only be enabled on a group with InsightsEnabled set to true.")


def check_tags(current: dict[str, str], given: Any, arn: str) -> dict[str, str]:
    """The tags after adding ``given`` (a Key/Value list) to ``current``."""
    after = dict(current)
    for tag in given or []:
        key, value = tag.get("Key"), tag.get("Value")
        if not isinstance(key, str) or not 1 <= len(key) <= 128 or not isinstance(value, str) or len(value) > 256:
            raise InvalidRequest("Tag keys must be 1 to 128 characters long and values at most 256.")
        if key.lower().startswith("aws:"):
            raise InvalidRequest(f"Tag keys starting with aws: are reserved for AWS use: {key}.")
        after[key] = value
    if len(after) > MAX_TAGS:
        raise TooManyTags(arn)
    return after


def check_rule_fields(rule: dict[str, Any]) -> None:
    """The fields of a SamplingRule or SamplingRuleUpdate that are given must be within botocore's limits."""
    if "Priority" in rule and not (isinstance(rule["Priority"], int) and 1 <= rule["Priority"] <= 9999):
        raise InvalidRequest("Priority must be from 1 to 9999.")
    if "FixedRate" in rule and not (isinstance(rule["FixedRate"], (int, float)) and 0 <= rule["FixedRate"] <= 1):
        raise InvalidRequest("FixedRate must be from 0 to 1.")
    if "ReservoirSize" in rule and not (isinstance(rule["ReservoirSize"], int) and rule["ReservoirSize"] >= 0):
        raise InvalidRequest("ReservoirSize must be at least 0.")
    if "Version" in rule and rule["Version"] != 1:
        raise InvalidRequest("Version must be 1, the only version of the sampling rule format.")
    for field, length in FIELD_LENGTHS.items():
        if field in rule and not (isinstance(rule[field], str) and len(rule[field]) <= length):
            raise InvalidRequest(f"{field} must be at most {length} characters long.")
    attributes = rule.get("Attributes") or {}
    if len(attributes) > MAX_ATTRIBUTES:
        raise InvalidRequest(f"A sampling rule can have at most {MAX_ATTRIBUTES} attributes.")
    for key, value in attributes.items():
        if not 1 <= len(key) <= MAX_NAME_LENGTH or not isinstance(value, str) or not 1 <= len(value) <= MAX_NAME_LENGTH:
            raise InvalidRequest(f"Attribute keys and values must be 1 to {MAX_NAME_LENGTH} characters long.")


# --- groups --------------------------------------------------------------------------------------------------------


def found_group(regional: State, response: XRayResponse) -> dict[str, Any]:
    arn, name = response._get_param("GroupARN"), response._get_param("GroupName")
    if not arn and not name:
        raise InvalidRequest("Either GroupName or GroupARN must be given.")
    for group in regional.groups.values():
        if (arn and group["GroupARN"] == arn) or (not arn and group["GroupName"] == name):
            return group
    raise InvalidRequest("Group not found")


def create_group(self: XRayResponse) -> str:
    with LOCK:
        regional = state(self.xray_backend)
        name = check_name("GroupName", self._get_param("GroupName"))
        if name == DEFAULT:
            raise InvalidRequest("Default is a reserved group name.")
        if name in regional.groups:
            raise InvalidRequest(f"Group {name} already exists.")
        given = self._get_param("InsightsConfiguration") or {}
        insights = {
            "InsightsEnabled": bool(given.get("InsightsEnabled")),
            "NotificationsEnabled": bool(given.get("NotificationsEnabled")),
        }
        check_insights(insights)
        group = {"GroupName": name, "GroupARN": regional.group_arn(name), "InsightsConfiguration": insights}
        if self._get_param("FilterExpression"):
            group["FilterExpression"] = self._get_param("FilterExpression")
        tags = check_tags({}, self._get_param("Tags"), group["GroupARN"])
        regional.groups[name] = group
        if tags:
            regional.tags[group["GroupARN"]] = tags
        return answer({"Group": group})


def get_group(self: XRayResponse) -> str:
    with LOCK:
        return answer({"Group": found_group(state(self.xray_backend), self)})


def groups(self: XRayResponse) -> str:
    """GetGroups, whose path is ``/Groups``."""
    with LOCK:
        everything = sorted(
            state(self.xray_backend).groups.values(),
            key=lambda group: (group["GroupName"] != DEFAULT, group["GroupName"]),
        )
        listed, token = page(copy.deepcopy(everything), self._get_param("NextToken"))
        return answer({"Groups": listed, **({"NextToken": token} if token else {})})


def update_group(self: XRayResponse) -> str:
    with LOCK:
        group = found_group(state(self.xray_backend), self)
        expression = self._get_param("FilterExpression")
        if expression is not None and group["GroupName"] == DEFAULT:
            raise InvalidRequest("The Default group has no filter expression: it groups all traces.")
        insights = dict(group["InsightsConfiguration"])
        for key, value in (self._get_param("InsightsConfiguration") or {}).items():
            if key in insights and value is not None:
                insights[key] = bool(value)
        check_insights(insights)
        group["InsightsConfiguration"] = insights
        if expression:
            group["FilterExpression"] = expression
        elif expression is not None:
            group.pop("FilterExpression", None)
        return answer({"Group": group})


def delete_group(self: XRayResponse) -> str:
    with LOCK:
        regional = state(self.xray_backend)
        group = found_group(regional, self)
        if group["GroupName"] == DEFAULT:
            raise InvalidRequest("The Default group cannot be deleted.")
        del regional.groups[group["GroupName"]]
        regional.tags.pop(group["GroupARN"], None)
        return answer({})


# --- sampling rules ------------------------------------------------------------------------------------------------


def found_rule(regional: State, given: dict[str, Any]) -> dict[str, Any]:
    arn, name = given.get("RuleARN"), given.get("RuleName")
    if not arn and not name:
        raise InvalidRequest("Either RuleName or RuleARN must be given.")
    for record in regional.rules.values():
        rule = record["SamplingRule"]
        if (arn and rule["RuleARN"] == arn) or (not arn and rule["RuleName"] == name):
            return record
    raise InvalidRequest(f"Sampling rule {arn or name} does not exist.")


def create_sampling_rule(self: XRayResponse) -> str:
    with LOCK:
        regional = state(self.xray_backend)
        given = copy.deepcopy(self._get_param("SamplingRule") or {})
        name = check_name("RuleName", given.get("RuleName"))
        missing = [field for field in REQUIRED_RULE_FIELDS if field not in given]
        if missing:
            raise InvalidRequest(f"The sampling rule lacks {', '.join(missing)}.")
        check_rule_fields(given)
        if name == DEFAULT:
            raise InvalidRequest("Default is a reserved sampling rule name: the Default rule always exists.")
        if name in regional.rules:
            raise InvalidRequest(f"Sampling rule {name} already exists.")
        if len(regional.rules) - 1 >= MAX_CUSTOM_RULES:
            raise RuleLimitExceeded(f"A region can have at most {MAX_CUSTOM_RULES} sampling rules besides Default.")
        rule = {key: value for key, value in given.items() if key != "RuleARN"}
        rule.update(RuleARN=regional.rule_arn(name), Attributes=rule.get("Attributes") or {})
        tags = check_tags({}, self._get_param("Tags"), rule["RuleARN"])
        now = time.time()
        record = {"SamplingRule": rule, "CreatedAt": now, "ModifiedAt": now}
        regional.rules[name] = record
        if tags:
            regional.tags[rule["RuleARN"]] = tags
        return answer({"SamplingRuleRecord": record})


def get_sampling_rules(self: XRayResponse) -> str:
    with LOCK:
        records = sorted(
            state(self.xray_backend).rules.values(),
            key=lambda record: (record["SamplingRule"]["Priority"], record["SamplingRule"]["RuleName"]),
        )
        listed, token = page(copy.deepcopy(records), self._get_param("NextToken"))
        return answer({"SamplingRuleRecords": listed, **({"NextToken": token} if token else {})})


def update_sampling_rule(self: XRayResponse) -> str:
    with LOCK:
        given = copy.deepcopy(self._get_param("SamplingRuleUpdate") or {})
        record = found_rule(state(self.xray_backend), given)
        rule = record["SamplingRule"]
        changes = {
            key: value for key, value in given.items() if key not in ("RuleName", "RuleARN") and value is not None
        }
        if rule["RuleName"] == DEFAULT:
            refused = sorted(set(changes) - set(DEFAULT_RULE_UPDATABLE))
            if refused:
                raise InvalidRequest(
                    "Only FixedRate and ReservoirSize of the Default sampling rule can be changed,"
                    f" not {', '.join(refused)}."
                )
        check_rule_fields(changes)
        rule.update(changes)
        record["ModifiedAt"] = time.time()
        return answer({"SamplingRuleRecord": record})


def delete_sampling_rule(self: XRayResponse) -> str:
    with LOCK:
        regional = state(self.xray_backend)
        record = found_rule(regional, {"RuleName": self._get_param("RuleName"), "RuleARN": self._get_param("RuleARN")})
        rule = record["SamplingRule"]
        if rule["RuleName"] == DEFAULT:
            raise InvalidRequest("The Default sampling rule cannot be deleted.")
        del regional.rules[rule["RuleName"]]
        regional.tags.pop(rule["RuleARN"], None)
        return answer({"SamplingRuleRecord": record})


# --- tags ----------------------------------------------------------------------------------------------------------


def tagged_arn(regional: State, response: XRayResponse) -> str:
    arn = response._get_param("ResourceARN")
    if arn not in regional.resource_arns():
        raise ResourceNotFound(str(arn))
    return arn


def tag_resource(self: XRayResponse) -> str:
    with LOCK:
        regional = state(self.xray_backend)
        arn = tagged_arn(regional, self)
        regional.tags[arn] = check_tags(regional.tags.get(arn, {}), self._get_param("Tags"), arn)
        return answer({})


def untag_resource(self: XRayResponse) -> str:
    with LOCK:
        regional = state(self.xray_backend)
        arn = tagged_arn(regional, self)
        tags = regional.tags.get(arn, {})
        for key in self._get_param("TagKeys") or []:
            tags.pop(key, None)
        return answer({})


def list_tags_for_resource(self: XRayResponse) -> str:
    with LOCK:
        regional = state(self.xray_backend)
        arn = tagged_arn(regional, self)
        tags = [{"Key": key, "Value": value} for key, value in regional.tags.get(arn, {}).items()]
        return answer({"Tags": tags})


def register() -> None:
    XRayResponse.create_group = create_group
    XRayResponse.get_group = get_group
    XRayResponse.groups = groups
    XRayResponse.update_group = update_group
    XRayResponse.delete_group = delete_group
    XRayResponse.create_sampling_rule = create_sampling_rule
    XRayResponse.get_sampling_rules = get_sampling_rules
    XRayResponse.update_sampling_rule = update_sampling_rule
    XRayResponse.delete_sampling_rule = delete_sampling_rule
    XRayResponse.tag_resource = tag_resource
    XRayResponse.untag_resource = untag_resource
    XRayResponse.list_tags_for_resource = list_tags_for_resource
    for operation in OPERATIONS:
        urls.url_paths["{0}/" + operation + "$"] = XRayResponse.dispatch
