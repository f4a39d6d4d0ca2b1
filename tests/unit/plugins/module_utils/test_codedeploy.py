"""Unit tests of the shared CodeDeploy helpers, with scripted CodeDeploy and STS answers."""

import boto3
import pytest
from botocore.stub import Stubber

from ansible_collections.amazon.aws.plugins.module_utils.retries import AWSRetry
from ansible_collections.amazon.aws.plugins.module_utils.retries import RetryingBotoClientWrapper

from ansible_collections.seed.aws_platform.plugins.module_utils.codedeploy import ArnBuilder
from ansible_collections.seed.aws_platform.plugins.module_utils.codedeploy import application_name_problem
from ansible_collections.seed.aws_platform.plugins.module_utils.codedeploy import deployment_group_name_problem
from ansible_collections.seed.aws_platform.plugins.module_utils.codedeploy import ensure_tags
from ansible_collections.seed.aws_platform.plugins.module_utils.codedeploy import get_application
from ansible_collections.seed.aws_platform.plugins.module_utils.codedeploy import list_tags

REGION = "eu-west-1"
ARN = f"arn:aws:codedeploy:{REGION}:123456789012:application:orders"


class Failed(Exception):
    pass


class FakeModule:
    """What the helpers use of AnsibleAWSModule: params, check mode, clients and fail_json_aws."""

    def __init__(self, clients, check_mode=False, **params):
        self.clients = clients
        self.check_mode = check_mode
        self.params = params

    def client(self, service, retry_decorator=None):
        return RetryingBotoClientWrapper(self.clients[service], retry_decorator)

    def fail_json_aws(self, exception, msg):
        raise Failed(msg, exception)


@pytest.fixture
def stubbers():
    stubbers = {service: Stubber(boto3.client(service, region_name=REGION)) for service in ("codedeploy", "sts")}
    for stubber in stubbers.values():
        stubber.activate()
    yield stubbers
    for stubber in stubbers.values():
        stubber.deactivate()
        stubber.assert_no_pending_responses()


def module(stubbers, **kwargs):
    return FakeModule({service: stubber.client for service, stubber in stubbers.items()}, **kwargs)


def codedeploy(stubbers):
    return RetryingBotoClientWrapper(stubbers["codedeploy"].client, AWSRetry.jittered_backoff())


@pytest.mark.parametrize("name", ["orders", "Orders.v2_blue+green=1,team@example-com", "x" * 100])
def test_valid_application_names(name):
    assert application_name_problem("name", name) is None


@pytest.mark.parametrize("name", ["", "x" * 101, "orders/blue", "orders blue", "orders:blue", "orders#1"])
def test_invalid_application_names(name):
    assert application_name_problem("application_name", name) == (
        f"application_name {name!r} is not a valid CodeDeploy application name: it must be 1 to 100 letters, digits"
        " and characters among . _ + = , @ -"
    )


@pytest.mark.parametrize("name, problem", [
    ("orders production/1", None),
    ("x" * 100, None),
    ("", "name must be 1 to 100 characters long, not 0"),
    ("x" * 101, "name must be 1 to 100 characters long, not 101"),
])
def test_deployment_group_names(name, problem):
    assert deployment_group_name_problem("name", name) == problem


def test_arns_ask_sts_once_for_the_account_and_partition(stubbers):
    stubbers["sts"].add_response(
        "get_caller_identity",
        dict(UserId="AIDAEXAMPLE", Account="210987654321", Arn="arn:aws-us-gov:iam::210987654321:user/ansible"),
    )
    arns = ArnBuilder(module(stubbers), stubbers["codedeploy"].client)

    assert arns.application("orders") == f"arn:aws-us-gov:codedeploy:{REGION}:210987654321:application:orders"
    assert arns.deployment_group("orders", "orders-production") == (
        f"arn:aws-us-gov:codedeploy:{REGION}:210987654321:deploymentgroup:orders/orders-production"
    )


def test_arns_ask_nothing_until_needed(stubbers):
    ArnBuilder(module(stubbers), stubbers["codedeploy"].client)


def test_get_application_answers_none_for_a_missing_application(stubbers):
    stubbers["codedeploy"].add_client_error(
        "get_application", service_error_code="ApplicationDoesNotExistException", expected_params=dict(applicationName="orders")
    )

    assert get_application(codedeploy(stubbers), module(stubbers), "orders") is None


def test_get_application_fails_on_other_errors(stubbers):
    stubbers["codedeploy"].add_client_error("get_application", service_error_code="InvalidApplicationNameException")

    with pytest.raises(Failed) as failed:
        get_application(codedeploy(stubbers), module(stubbers), "orders")
    assert failed.value.args[0] == "Failed to describe CodeDeploy application orders"


def test_list_tags_follows_every_page(stubbers):
    stubbers["codedeploy"].add_response(
        "list_tags_for_resource", dict(Tags=[dict(Key="a", Value="1")], NextToken="page-2"), dict(ResourceArn=ARN)
    )
    stubbers["codedeploy"].add_response(
        "list_tags_for_resource", dict(Tags=[dict(Key="b", Value="2")]), dict(ResourceArn=ARN, NextToken="page-2")
    )

    assert list_tags(codedeploy(stubbers), module(stubbers), ARN) == {"a": "1", "b": "2"}


def test_list_tags_failures_name_the_resource(stubbers):
    stubbers["codedeploy"].add_client_error("list_tags_for_resource", service_error_code="InvalidArnException")

    with pytest.raises(Failed) as failed:
        list_tags(codedeploy(stubbers), module(stubbers), ARN)
    assert failed.value.args[0] == f"Failed to list the tags of {ARN}"


def test_ensure_tags_untags_then_tags_with_a_key_value_list(stubbers):
    stubbers["codedeploy"].add_response("untag_resource", {}, dict(ResourceArn=ARN, TagKeys=["drop", "old"]))
    stubbers["codedeploy"].add_response(
        "tag_resource", {}, dict(ResourceArn=ARN, Tags=[dict(Key="add", Value="3"), dict(Key="change", Value="new")])
    )
    current = {"keep": "1", "drop": "2", "old": "x", "change": "old"}

    changed, after = ensure_tags(
        codedeploy(stubbers),
        module(stubbers, tags={"keep": "1", "change": "new", "add": 3}, purge_tags=True),
        current,
        lambda: ARN,
    )

    assert (changed, after) == (True, {"keep": "1", "change": "new", "add": "3"})


def test_ensure_tags_in_check_mode_makes_no_call(stubbers):
    changed, after = ensure_tags(
        codedeploy(stubbers), module(stubbers, check_mode=True, tags={"a": "1"}, purge_tags=True), {"b": "2"}, lambda: ARN
    )

    assert (changed, after) == (True, {"a": "1"})


@pytest.mark.parametrize("tags, purge_tags", [(None, True), ({"a": "1"}, False), ({"a": "1", "b": "2"}, True)])
def test_ensure_tags_without_changes_makes_no_call(stubbers, tags, purge_tags):
    changed, after = ensure_tags(
        codedeploy(stubbers), module(stubbers, tags=tags, purge_tags=purge_tags), {"a": "1", "b": "2"}, lambda: ARN
    )

    assert (changed, after) == (False, {"a": "1", "b": "2"})


def test_ensure_tags_failures_name_the_resource(stubbers):
    stubbers["codedeploy"].add_client_error("tag_resource", service_error_code="InvalidTagsToAddException")

    with pytest.raises(Failed) as failed:
        ensure_tags(codedeploy(stubbers), module(stubbers, tags={"a": "1"}, purge_tags=False), {}, lambda: ARN)
    assert failed.value.args[0] == f"Failed to update the tags of {ARN}"
