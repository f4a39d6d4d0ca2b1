"""Extension ec2_cloudfront_prefix_list: CloudFront's origin-facing list has AWS's MaxEntries, 55, in every region."""

import boto3
import pytest
from botocore.config import Config

NAME = "com.amazonaws.global.cloudfront.origin-facing"


@pytest.mark.parametrize("region", ["us-east-1", "eu-west-1"])
def test_the_aws_owned_list_has_55_max_entries(aws, emulator, region):
    # ``aws`` has just reset the emulator: the list survives a reset too.
    ec2 = boto3.client(
        "ec2", endpoint_url=emulator.endpoint(), region_name=region, config=Config(retries={"max_attempts": 1})
    )
    [cloudfront] = ec2.describe_managed_prefix_lists(Filters=[{"Name": "prefix-list-name", "Values": [NAME]}])[
        "PrefixLists"
    ]
    assert (cloudfront["OwnerId"], cloudfront["AddressFamily"], cloudfront["MaxEntries"]) == ("AWS", "IPv4", 55)

    entries = ec2.get_managed_prefix_list_entries(PrefixListId=cloudfront["PrefixListId"])["Entries"]
    assert "130.176.0.0/18" in [entry["Cidr"] for entry in entries]


def test_lists_of_the_account_keep_their_own_max_entries(aws):
    ec2 = aws("ec2")
    created = ec2.create_managed_prefix_list(PrefixListName=NAME, AddressFamily="IPv4", MaxEntries=3)["PrefixList"]

    [mine] = ec2.describe_managed_prefix_lists(PrefixListIds=[created["PrefixListId"]])["PrefixLists"]
    assert (mine["OwnerId"], mine["MaxEntries"]) == ("123456789012", 3)
