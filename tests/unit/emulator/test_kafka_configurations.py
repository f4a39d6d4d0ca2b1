"""Extension kafka_configurations: MSK configurations and their revisions."""

import re

import pytest

PROPERTIES = b"auto.create.topics.enable=false\ndefault.replication.factor=3\nmin.insync.replicas=2"
ARN = re.compile(r"arn:aws:kafka:us-east-1:123456789012:configuration/test-kafka/[0-9a-f-]{36}-1")


@pytest.fixture
def kafka(aws):
    return aws("kafka")


def create(kafka, name: str = "test-kafka", **more) -> dict:
    given = {"Description": "first", "KafkaVersions": ["3.6.0"], "ServerProperties": PROPERTIES}
    return kafka.create_configuration(Name=name, **{**given, **more})


def without_metadata(answer: dict) -> dict:
    answer.pop("ResponseMetadata")
    return answer


def test_a_created_configuration_reads_back(kafka):
    created = without_metadata(create(kafka))
    assert ARN.fullmatch(created["Arn"])
    assert sorted(created) == ["Arn", "CreationTime", "LatestRevision", "Name", "State"]
    assert (created["Name"], created["State"]) == ("test-kafka", "ACTIVE")
    assert created["LatestRevision"] == {
        "Revision": 1,
        "Description": "first",
        "CreationTime": created["CreationTime"],
    }

    described = without_metadata(kafka.describe_configuration(Arn=created["Arn"]))
    assert described == {**created, "Description": "first", "KafkaVersions": ["3.6.0"]}

    revision = without_metadata(kafka.describe_configuration_revision(Arn=created["Arn"], Revision=1))
    assert revision == {
        "Arn": created["Arn"],
        "Revision": 1,
        "Description": "first",
        "CreationTime": created["CreationTime"],
        "ServerProperties": PROPERTIES,
    }


def test_updates_add_revisions(kafka):
    arn = create(kafka)["Arn"]

    updated = kafka.update_configuration(Arn=arn, Description="second", ServerProperties=b"min.insync.replicas=1")
    assert updated["Arn"] == arn
    assert (updated["LatestRevision"]["Revision"], updated["LatestRevision"]["Description"]) == (2, "second")
    third = kafka.update_configuration(Arn=arn, ServerProperties=b"num.partitions=6\n")["LatestRevision"]
    assert third["Revision"] == 3 and "Description" not in third

    described = kafka.describe_configuration(Arn=arn)
    assert described["LatestRevision"] == third
    assert (described["Description"], described["KafkaVersions"]) == ("first", ["3.6.0"])
    properties = [kafka.describe_configuration_revision(Arn=arn, Revision=n)["ServerProperties"] for n in (1, 2, 3)]
    assert properties == [PROPERTIES, b"min.insync.replicas=1", b"num.partitions=6\n"]
    revisions = kafka.get_paginator("list_configuration_revisions").paginate(Arn=arn, PaginationConfig={"PageSize": 2})
    listed = revisions.build_full_result()["Revisions"]
    assert [(item["Revision"], item.get("Description")) for item in listed] == [(1, "first"), (2, "second"), (3, None)]


def test_configurations_are_listed_page_by_page(kafka):
    arns = [create(kafka, name)["Arn"] for name in ("test-kafka", "audit", "events")]

    pages = list(kafka.get_paginator("list_configurations").paginate(PaginationConfig={"PageSize": 2}))
    assert [len(page["Configurations"]) for page in pages] == [2, 1]
    listed = [item for page in pages for item in page["Configurations"]]
    assert [item["Arn"] for item in listed] == arns
    assert listed[0] == without_metadata(kafka.describe_configuration(Arn=arns[0]))
    assert len(kafka.list_configurations()["Configurations"]) == 3


def test_names_are_unique_and_checked(kafka):
    create(kafka)
    with pytest.raises(kafka.exceptions.ConflictException) as raised:
        create(kafka)
    assert raised.value.response["ResponseMetadata"]["HTTPStatusCode"] == 409
    with pytest.raises(kafka.exceptions.BadRequestException):
        create(kafka, "not_valid")
    with pytest.raises(kafka.exceptions.BadRequestException):
        create(kafka, "other", ServerProperties=b"no equals sign here")
    assert len(kafka.list_configurations()["Configurations"]) == 1


def test_missing_configurations_and_revisions_are_not_found(kafka):
    arn = create(kafka)["Arn"]
    for call in (
        lambda: kafka.describe_configuration_revision(Arn=arn, Revision=2),
        lambda: kafka.describe_configuration(Arn=arn.replace("test-kafka", "none")),
        lambda: kafka.update_configuration(Arn=arn + "0", ServerProperties=PROPERTIES),
    ):
        with pytest.raises(kafka.exceptions.NotFoundException) as raised:
            call()
        assert raised.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404


def test_deletion(kafka):
    arn = create(kafka)["Arn"]
    deleted = kafka.delete_configuration(Arn=arn)
    assert (deleted["Arn"], deleted["State"]) == (arn, "DELETING")
    assert kafka.list_configurations()["Configurations"] == []
    with pytest.raises(kafka.exceptions.NotFoundException):
        kafka.describe_configuration(Arn=arn)
    with pytest.raises(kafka.exceptions.NotFoundException):
        kafka.delete_configuration(Arn=arn)
    assert create(kafka)["Arn"] != arn


def test_a_configuration_in_use_is_not_deleted(kafka):
    arn = create(kafka)["Arn"]
    cluster = kafka.create_cluster(
        ClusterName="events",
        KafkaVersion="3.6.0",
        NumberOfBrokerNodes=3,
        BrokerNodeGroupInfo={
            "ClientSubnets": ["subnet-0a", "subnet-0b", "subnet-0c"],
            "InstanceType": "kafka.m5.large",
        },
        ConfigurationInfo={"Arn": arn, "Revision": 1},
    )["ClusterArn"]
    with pytest.raises(kafka.exceptions.BadRequestException):
        kafka.delete_configuration(Arn=arn)

    kafka.delete_cluster(ClusterArn=cluster)
    assert kafka.delete_configuration(Arn=arn)["State"] == "DELETING"
