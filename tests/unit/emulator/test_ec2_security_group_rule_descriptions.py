"""Extension ec2_security_group_rule_descriptions: the updates answer Return=true and take effect."""

import pytest

ALL_OUT = {"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0", "Description": "Outbound from the tasks"}]}
HTTPS_IN = {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443,
            "IpRanges": [{"CidrIp": "10.0.0.0/16", "Description": "HTTPS from the VPC"}]}


@pytest.fixture
def group(aws):
    ec2 = aws("ec2")
    vpc_id = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    group_id = ec2.create_security_group(GroupName="probe", Description="probe", VpcId=vpc_id)["GroupId"]
    ec2.authorize_security_group_ingress(GroupId=group_id, IpPermissions=[dict(HTTPS_IN, IpRanges=[{"CidrIp": "10.0.0.0/16"}])])
    return ec2, group_id


def descriptions(ec2, group_id, key):
    [found] = ec2.describe_security_groups(GroupIds=[group_id])["SecurityGroups"]
    return [ip_range.get("Description") for permission in found[key] for ip_range in permission["IpRanges"]]


def test_egress_description_update_answers_true(group):
    ec2, group_id = group
    assert ec2.update_security_group_rule_descriptions_egress(GroupId=group_id, IpPermissions=[ALL_OUT])["Return"] is True
    assert descriptions(ec2, group_id, "IpPermissionsEgress") == ["Outbound from the tasks"]


def test_ingress_description_update_answers_true(group):
    ec2, group_id = group
    assert ec2.update_security_group_rule_descriptions_ingress(GroupId=group_id, IpPermissions=[HTTPS_IN])["Return"] is True
    assert descriptions(ec2, group_id, "IpPermissions") == ["HTTPS from the VPC"]


def cloudfront_list(ec2) -> str:
    [found] = ec2.describe_managed_prefix_lists(
        Filters=[{"Name": "prefix-list-name", "Values": ["com.amazonaws.global.cloudfront.origin-facing"]}])["PrefixLists"]
    return found["PrefixListId"]


def test_a_prefix_list_rule_keeps_its_description_and_can_change_it(group):
    ec2, group_id = group
    prefix_list = cloudfront_list(ec2)
    https = {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443,
             "PrefixListIds": [{"PrefixListId": prefix_list, "Description": "HTTPS from CloudFront"}]}
    ec2.authorize_security_group_ingress(GroupId=group_id, IpPermissions=[https])

    def prefix_entries():
        [found] = ec2.describe_security_groups(GroupIds=[group_id])["SecurityGroups"]
        return [entry for permission in found["IpPermissions"] for entry in permission["PrefixListIds"]]

    assert prefix_entries() == [{"PrefixListId": prefix_list, "Description": "HTTPS from CloudFront"}]
    https["PrefixListIds"][0]["Description"] = "HTTPS from CloudFront's edge"
    assert ec2.update_security_group_rule_descriptions_ingress(GroupId=group_id, IpPermissions=[https])["Return"] is True
    assert prefix_entries() == [{"PrefixListId": prefix_list, "Description": "HTTPS from CloudFront's edge"}]
