"""Unit tests of seed.aws_platform.ec2_managed_prefix_list_info: moto for its lists, Stubber for AWS's answers."""

import pytest

from ansible_collections.seed.aws_platform.plugins.modules.ec2_managed_prefix_list_info import main

CLOUDFRONT = "com.amazonaws.global.cloudfront.origin-facing"
S3 = "com.amazonaws.us-east-1.s3"
ACCOUNT = "123456789012"


@pytest.fixture
def office(ec2):
    """A prefix list of the account, tagged, with two entries."""
    return ec2.create_managed_prefix_list(
        PrefixListName="office",
        AddressFamily="IPv4",
        MaxEntries=5,
        Entries=[{"Cidr": "192.0.2.0/24", "Description": "Berlin"}, {"Cidr": "198.51.100.0/24"}],
        TagSpecifications=[{"ResourceType": "prefix-list", "Tags": [{"Key": "Environment", "Value": "test"}]}],
    )["PrefixList"]


def returned_names(result):
    return sorted(prefix_list["prefix_list_name"] for prefix_list in result["prefix_lists"])


def test_finds_cloudfront_origin_facing_list_by_name(run_module, ec2):
    result = run_module(main, dict(names=[CLOUDFRONT]), check_mode=True)

    assert not result.get("changed")
    (cloudfront,) = result["prefix_lists"]
    assert (cloudfront["prefix_list_name"], cloudfront["owner_id"], cloudfront["address_family"]) == (
        CLOUDFRONT,
        "AWS",
        "IPv4",
    )
    assert cloudfront["prefix_list_id"].startswith("pl-") and cloudfront["state"] == "create-complete"
    assert cloudfront["tags"] == {}
    assert "entries" not in cloudfront
    assert result["prefix_list_ids"] == {CLOUDFRONT: cloudfront["prefix_list_id"]}


def test_include_entries_returns_the_cidr_blocks(run_module, ec2):
    result = run_module(main, dict(names=[CLOUDFRONT], include_entries=True))

    (cloudfront,) = result["prefix_lists"]
    assert {"cidr": "130.176.0.0/18", "description": "default"} in cloudfront["entries"]
    assert len(cloudfront["entries"]) == 10


def test_returns_snake_cased_lists_with_tags_as_a_dict_by_id(run_module, office):
    result = run_module(main, dict(prefix_list_ids=[office["PrefixListId"]], include_entries=True))

    (returned,) = result["prefix_lists"]
    assert returned["tags"] == {"Environment": "test"}
    assert (returned["owner_id"], returned["max_entries"], returned["version"]) == (ACCOUNT, 5, 1)
    assert returned["prefix_list_arn"] == office["PrefixListArn"]
    assert returned["entries"] == [{"cidr": "192.0.2.0/24", "description": "Berlin"}, {"cidr": "198.51.100.0/24"}]
    assert result["prefix_list_ids"] == {"office": office["PrefixListId"]}


def test_without_options_returns_every_list_of_the_region(run_module, office):
    result = run_module(main, {})

    assert {CLOUDFRONT, S3, "office"} <= set(returned_names(result))
    assert set(result["prefix_list_ids"]) == set(returned_names(result))


def test_filters(run_module, office):
    assert returned_names(run_module(main, dict(filters={"owner-id": ACCOUNT}))) == ["office"]
    assert returned_names(run_module(main, dict(filters={"tag:Environment": "test"}))) == ["office"]


def test_names_replace_the_name_filter_and_combine_with_the_others(run_module, office):
    result = run_module(main, dict(names=[CLOUDFRONT, S3], filters={"prefix-list-name": "office", "owner-id": "AWS"}))

    assert returned_names(result) == sorted([CLOUDFRONT, S3])


def test_names_not_found_fail_naming_only_the_missing_ones(run_module, ec2):
    result = run_module(main, dict(names=[CLOUDFRONT, "no-such-list", "other-missing", "no-such-list"]))

    assert result["failed"] is True
    assert result["msg"] == "No managed prefix list matches these names: no-such-list, other-missing"


def test_an_unknown_id_returns_nothing(run_module, ec2):
    result = run_module(main, dict(prefix_list_ids=["pl-0123456789abcdef0"]))

    assert (result["prefix_lists"], result["prefix_list_ids"]) == ([], {})


# AWS's own answers, which moto does not give: its error for unknown ids, pages, throttling.

AWS_CLOUDFRONT = {
    "PrefixListId": "pl-3b927c52",
    "AddressFamily": "IPv4",
    "State": "create-complete",
    "PrefixListArn": "arn:aws:ec2:us-east-1:aws:prefix-list/pl-3b927c52",
    "PrefixListName": CLOUDFRONT,
    "MaxEntries": 55,
    "Version": 42,
    "Tags": [],
    "OwnerId": "AWS",
}
NAME_FILTER = [{"Name": "prefix-list-name", "Values": [CLOUDFRONT]}]


def test_aws_not_found_error_for_an_id_is_an_empty_result(run_module, stubbed_ec2):
    stubbed_ec2.add_client_error(
        "describe_managed_prefix_lists",
        service_error_code="InvalidPrefixListID.NotFound",
        expected_params={"Filters": [], "PrefixListIds": ["pl-0123456789abcdef0"]},
    )

    result = run_module(main, dict(prefix_list_ids=["pl-0123456789abcdef0"]))

    assert result["failed"] is False
    assert (result["prefix_lists"], result["prefix_list_ids"]) == ([], {})


def test_follows_every_page_of_lists_and_of_entries(run_module, stubbed_ec2):
    s3 = dict(AWS_CLOUDFRONT, PrefixListId="pl-63a5400a", PrefixListName=S3, MaxEntries=1)
    stubbed_ec2.add_response(
        "describe_managed_prefix_lists",
        {"PrefixLists": [AWS_CLOUDFRONT], "NextToken": "lists-2"},
        expected_params={"Filters": []},
    )
    stubbed_ec2.add_response(
        "describe_managed_prefix_lists", {"PrefixLists": [s3]}, expected_params={"Filters": [], "NextToken": "lists-2"}
    )
    stubbed_ec2.add_response(
        "get_managed_prefix_list_entries",
        {"Entries": [{"Cidr": "130.176.0.0/18"}], "NextToken": "entries-2"},
        expected_params={"PrefixListId": "pl-3b927c52"},
    )
    stubbed_ec2.add_response(
        "get_managed_prefix_list_entries",
        {"Entries": [{"Cidr": "15.158.0.0/16"}]},
        expected_params={"PrefixListId": "pl-3b927c52", "NextToken": "entries-2"},
    )
    stubbed_ec2.add_response(
        "get_managed_prefix_list_entries",
        {"Entries": [{"Cidr": "3.5.0.0/19"}]},
        expected_params={"PrefixListId": "pl-63a5400a"},
    )

    result = run_module(main, dict(include_entries=True))

    cloudfront, s3_list = result["prefix_lists"]
    assert (cloudfront["max_entries"], cloudfront["version"], s3_list["max_entries"]) == (55, 42, 1)
    assert cloudfront["entries"] == [{"cidr": "130.176.0.0/18"}, {"cidr": "15.158.0.0/16"}]
    assert s3_list["entries"] == [{"cidr": "3.5.0.0/19"}]
    assert result["prefix_list_ids"] == {CLOUDFRONT: "pl-3b927c52", S3: "pl-63a5400a"}


def test_throttling_is_retried(run_module, stubbed_ec2, sleeps):
    stubbed_ec2.add_client_error("describe_managed_prefix_lists", service_error_code="RequestLimitExceeded")
    stubbed_ec2.add_response(
        "describe_managed_prefix_lists", {"PrefixLists": [AWS_CLOUDFRONT]}, expected_params={"Filters": NAME_FILTER}
    )

    result = run_module(main, dict(names=[CLOUDFRONT]))

    assert result["prefix_list_ids"] == {CLOUDFRONT: "pl-3b927c52"}
    assert len(sleeps) == 1


def test_aws_errors_fail_the_task(run_module, stubbed_ec2):
    stubbed_ec2.add_client_error("describe_managed_prefix_lists", service_error_code="UnauthorizedOperation")

    result = run_module(main, dict(names=[CLOUDFRONT]))

    assert result["failed"] is True
    assert result["msg"].startswith("Failed to describe managed prefix lists")
    assert result["error"]["code"] == "UnauthorizedOperation"


def test_an_error_reading_entries_names_the_list(run_module, stubbed_ec2):
    stubbed_ec2.add_response("describe_managed_prefix_lists", {"PrefixLists": [AWS_CLOUDFRONT]})
    stubbed_ec2.add_client_error("get_managed_prefix_list_entries", service_error_code="UnauthorizedOperation")

    result = run_module(main, dict(names=[CLOUDFRONT], include_entries=True))

    assert result["failed"] is True
    assert result["msg"].startswith("Failed to get the entries of prefix list pl-3b927c52")
