"""Unit tests of seed.aws_platform.acm_certificate_request.

moto (in-process) backs the normal paths: it keeps a requested certificate PENDING_VALIDATION for
``moto.settings.ACM_VALIDATION_WAIT`` seconds (read at every DescribeCertificate, 60 by default) and then reports
it ISSUED; its validation records have fixed names and values, the same for a name and its wildcard. botocore's
Stubber scripts what moto does not model: records published late, FAILED certificates, certificates in use,
stale idempotency tokens and the exact requests.
"""

import datetime

import boto3
import pytest
from botocore.stub import ANY
from moto import settings as moto_settings
from moto.acm.models import acm_backends

from ansible.module_utils import basic

from ansible_collections.seed.aws_platform.plugins.modules import acm_certificate_request
from ansible_collections.seed.aws_platform.plugins.modules.acm_certificate_request import main

REGION = "us-east-1"
ACCOUNT = "123456789012"
RECORD_PREFIX = "_d930b28be6c5927595552b219965053e."
RECORD_VALUE = "_c9edd76ee4a0e2a74388032f3861cc50.ykybfrwcxw.acm-validations.aws."
SITE = dict(domain_name="example.com", subject_alternative_names=["*.example.com", "www.example.com"])
MUTATIONS = {
    "RequestCertificate",
    "AddTagsToCertificate",
    "RemoveTagsFromCertificate",
    "DeleteCertificate",
    "ChangeResourceRecordSets",
}


@pytest.fixture
def acm(aws):
    return boto3.client("acm", region_name=REGION)


@pytest.fixture
def route53(aws):
    return boto3.client("route53", region_name=REGION)


@pytest.fixture
def zone_id(route53):
    zone = route53.create_hosted_zone(Name="example.com", CallerReference="unit-test")["HostedZone"]
    return zone["Id"].rsplit("/", 1)[-1]


@pytest.fixture
def sleeps(monkeypatch):
    """The waits of the module, recorded instead of slept."""
    recorded = []
    monkeypatch.setattr(acm_certificate_request.time, "sleep", recorded.append)
    return recorded


@pytest.fixture
def issue_at_once(monkeypatch):
    """moto reports requested certificates ISSUED from their first description on."""
    monkeypatch.setattr(moto_settings, "ACM_VALIDATION_WAIT", -1)


@pytest.fixture
def api_calls(aws, monkeypatch):
    """The names of the ACM and Route 53 operations the module calls, in order."""
    calls = []

    def connect(module, conn_type=None, resource=None, **kwargs):
        client = boto3.client(resource, region_name=REGION)
        client.meta.events.register("provide-client-params.*.*", lambda model, **kw: calls.append(model.name))
        return client

    monkeypatch.setattr("ansible_collections.amazon.aws.plugins.module_utils.modules.boto3_conn", connect)
    return calls


@pytest.fixture
def warnings(monkeypatch):
    recorded = []
    monkeypatch.setattr(basic.AnsibleModule, "warn", lambda self, warning: recorded.append(warning))
    return recorded


def certificates(acm):
    """Every certificate of the region, described, with its tags."""
    summaries = acm.list_certificates(Includes=dict(keyTypes=["RSA_2048", "EC_prime256v1", "EC_secp384r1"]))
    found = []
    for summary in summaries["CertificateSummaryList"]:
        certificate = acm.describe_certificate(CertificateArn=summary["CertificateArn"])["Certificate"]
        tags = acm.list_tags_for_certificate(CertificateArn=summary["CertificateArn"])["Tags"]
        found.append(dict(certificate, Tags={tag["Key"]: tag.get("Value") for tag in tags}))
    return found


def request(acm, domain="example.com", sans=("*.example.com", "www.example.com"), **tags):
    """A certificate requested as someone else would, outside the module."""
    params = dict(DomainName=domain, ValidationMethod="DNS", SubjectAlternativeNames=list(sans))
    if tags:
        params["Tags"] = [dict(Key=key, Value=value) for key, value in tags.items()]
    return acm.request_certificate(**params)["CertificateArn"]


def site_records():
    return [
        dict(name=RECORD_PREFIX + "example.com.", type="CNAME", value=RECORD_VALUE, domain_name="example.com"),
        dict(name=RECORD_PREFIX + "www.example.com.", type="CNAME", value=RECORD_VALUE, domain_name="www.example.com"),
    ]


def zone_cnames(route53, zone_id):
    sets = route53.list_resource_record_sets(HostedZoneId=zone_id)["ResourceRecordSets"]
    return {
        item["Name"]: [record["Value"] for record in item["ResourceRecords"]]
        for item in sets
        if item["Type"] == "CNAME"
    }


# --- request ------------------------------------------------------------------------------------


def test_requests_a_certificate_with_its_names_and_tags(run_module, acm, sleeps):
    result = run_module(
        main,
        dict(
            domain_name="Example.COM",
            subject_alternative_names=["www.example.com", "*.example.com", "EXAMPLE.com", "www.example.com"],
            tags={"Name": "site", "CostCenter": 1234},
        ),
    )

    assert result["changed"] is True
    [created] = certificates(acm)
    assert result["certificate_arn"] == created["CertificateArn"] != ""
    assert created["DomainName"] == "example.com"
    assert sorted(created["SubjectAlternativeNames"]) == ["*.example.com", "example.com", "www.example.com"]
    assert created["Tags"] == {"Name": "site", "CostCenter": "1234"}
    certificate = result["certificate"]
    assert certificate["arn"] == created["CertificateArn"]
    assert (certificate["domain_name"], certificate["status"], certificate["type"]) == (
        "example.com",
        "PENDING_VALIDATION",
        "AMAZON_ISSUED",
    )
    assert sorted(certificate["subject_alternative_names"]) == ["*.example.com", "example.com", "www.example.com"]
    assert (certificate["key_algorithm"], certificate["in_use_by"]) == ("RSA_2048", [])
    assert certificate["tags"] == {"Name": "site", "CostCenter": "1234"}
    assert datetime.datetime.fromisoformat(certificate["not_after"]) > datetime.datetime.now(datetime.timezone.utc)
    # Without a zone nor wait, the module neither waits for ISSUED nor for records moto has at once.
    assert sleeps == []


def test_validation_records_are_returned_once_per_record(run_module, acm):
    result = run_module(main, SITE)

    # moto gives example.com and *.example.com the same record, as ACM does.
    assert result["validation_records"] == site_records()


def test_the_request_is_dns_validated_with_a_stable_idempotency_token(run_module, stubbed):
    acm = stubbed("acm")
    tokens = []
    acm.client.meta.events.register(
        "provide-client-params.acm.RequestCertificate", lambda params, **kw: tokens.append(params["IdempotencyToken"])
    )
    for _run in range(2):
        list_response(acm)
        acm.add_response(
            "request_certificate",
            dict(CertificateArn=ARN),
            dict(
                DomainName="api.example.org",
                ValidationMethod="DNS",
                KeyAlgorithm="EC_prime256v1",
                IdempotencyToken=ANY,
            ),
        )
        describe_response(acm, pending("api.example.org", key="EC_prime256v1"))

    for _run in range(2):
        result = run_module(main, dict(domain_name="api.example.org", key_algorithm="EC_prime256v1"))
        assert result["changed"] is True
        assert result["certificate"]["key_algorithm"] == "EC_prime256v1"

    assert tokens[0] == tokens[1]
    assert len(tokens[0]) == 32 and tokens[0].isalnum()


def test_the_token_differs_with_the_name_tag_and_the_names():
    class Params:
        def __init__(self, **params):
            self.params = dict(dict(subject_alternative_names=[], key_algorithm="RSA_2048", tags=None), **params)

    base = acm_certificate_request.idempotency_token(Params(domain_name="example.com"))
    same = acm_certificate_request.idempotency_token(Params(domain_name="EXAMPLE.com"))
    other_name_tag = acm_certificate_request.idempotency_token(Params(domain_name="example.com", tags={"Name": "a"}))
    other_sans = acm_certificate_request.idempotency_token(
        Params(domain_name="example.com", subject_alternative_names=["www.example.com"])
    )
    assert base == same
    assert len({base, other_name_tag, other_sans}) == 3


# --- finding the certificate again --------------------------------------------------------------


def test_second_run_finds_the_certificate_by_names_and_name_tag(run_module, acm):
    args = dict(SITE, tags={"Name": "site", "Environment": "prod"})
    first = run_module(main, args)

    second = run_module(main, dict(args, subject_alternative_names=["www.example.com", "*.example.com", "example.com"]))

    assert second["changed"] is False
    assert second["certificate_arn"] == first["certificate_arn"]
    assert second["validation_records"] == first["validation_records"]
    assert len(certificates(acm)) == 1


def test_a_certificate_requested_elsewhere_is_adopted(run_module, acm):
    arn = request(acm, Name="site")

    result = run_module(main, dict(SITE, tags={"Name": "site"}))

    assert (result["changed"], result["certificate_arn"]) == (False, arn)


def test_another_name_tag_requests_another_certificate(run_module, acm):
    first = run_module(main, dict(SITE, tags={"Name": "blue"}))

    second = run_module(main, dict(SITE, tags={"Name": "green"}))

    assert second["changed"] is True
    assert second["certificate_arn"] != first["certificate_arn"]
    tags = {item["CertificateArn"]: item["Tags"] for item in certificates(acm)}
    assert tags == {first["certificate_arn"]: {"Name": "blue"}, second["certificate_arn"]: {"Name": "green"}}


def test_other_names_request_a_new_certificate_and_leave_the_old_one(run_module, acm):
    first = run_module(main, SITE)

    second = run_module(main, dict(SITE, subject_alternative_names=["*.example.com"]))

    assert second["changed"] is True
    assert second["certificate_arn"] != first["certificate_arn"]
    names = {item["CertificateArn"]: sorted(item["SubjectAlternativeNames"]) for item in certificates(acm)}
    assert names == {
        first["certificate_arn"]: ["*.example.com", "example.com", "www.example.com"],
        second["certificate_arn"]: ["*.example.com", "example.com"],
    }


def test_imported_certificates_and_other_domains_are_not_adopted(run_module, acm):
    other = request(acm, domain="example.org", sans=["example.com"])

    result = run_module(main, dict(domain_name="example.com"))

    assert result["changed"] is True
    assert result["certificate_arn"] != other
    assert len(certificates(acm)) == 2


def test_without_a_name_tag_the_newest_match_is_managed(run_module, stubbed):
    acm = stubbed("acm")
    older, newer = ARN, ARN.replace("1234-1234", "9999-9999")
    list_response(acm, older, newer)
    describe_response(acm, pending(arn=older, created=datetime.datetime(2024, 1, 1, tzinfo=datetime.timezone.utc)))
    describe_response(acm, pending(arn=newer, created=datetime.datetime(2024, 6, 1, tzinfo=datetime.timezone.utc)))
    acm.add_response("list_tags_for_certificate", {}, dict(CertificateArn=newer))

    result = run_module(main, dict(domain_name="example.com"))

    assert (result["changed"], result["certificate_arn"]) == (False, newer)


def test_a_key_algorithm_spelt_with_a_hyphen_matches(run_module, stubbed):
    acm = stubbed("acm")
    list_response(acm, ARN)
    describe_response(acm, pending(key="EC-prime256v1"))
    acm.add_response("list_tags_for_certificate", {}, dict(CertificateArn=ARN))

    result = run_module(main, dict(domain_name="example.com", key_algorithm="EC_prime256v1"))

    assert (result["changed"], result["certificate"]["key_algorithm"]) == (False, "EC_prime256v1")


# --- validation records and Route 53 ------------------------------------------------------------


def test_records_are_created_in_the_zone_and_the_certificate_waited_for(
    run_module, acm, route53, zone_id, issue_at_once, sleeps
):
    result = run_module(main, dict(SITE, route53_zone_id=zone_id))

    assert result["changed"] is True
    assert result["certificate"]["status"] == "ISSUED"
    assert zone_cnames(route53, zone_id) == {record["name"]: [RECORD_VALUE] for record in site_records()}
    assert sleeps == []


def test_second_run_with_the_zone_changes_nothing(run_module, acm, route53, zone_id, issue_at_once, api_calls):
    first = run_module(main, dict(SITE, route53_zone_id=f"/hostedzone/{zone_id}"))
    del api_calls[:]

    second = run_module(main, dict(SITE, route53_zone_id=zone_id))

    assert second["changed"] is False
    assert second["certificate_arn"] == first["certificate_arn"]
    assert second["validation_records"] == site_records()
    assert MUTATIONS.isdisjoint(api_calls)
    assert api_calls.count("ListResourceRecordSets") == 2


def test_a_record_with_a_wrong_value_is_upserted(run_module, acm, route53, zone_id, issue_at_once):
    route53.change_resource_record_sets(
        HostedZoneId=zone_id,
        ChangeBatch=dict(
            Changes=[
                dict(
                    Action="CREATE",
                    ResourceRecordSet=dict(
                        Name=RECORD_PREFIX + "www.example.com.",
                        Type="CNAME",
                        TTL=60,
                        ResourceRecords=[dict(Value="stale.acm-validations.aws.")],
                    ),
                )
            ]
        ),
    )
    run_module(main, dict(SITE, route53_zone_id=zone_id, wait=False))
    # The records are right; break one of them.
    route53.change_resource_record_sets(
        HostedZoneId=zone_id,
        ChangeBatch=dict(
            Changes=[
                dict(
                    Action="UPSERT",
                    ResourceRecordSet=dict(
                        Name=RECORD_PREFIX + "example.com.",
                        Type="CNAME",
                        TTL=60,
                        ResourceRecords=[dict(Value="stale.acm-validations.aws.")],
                    ),
                )
            ]
        ),
    )

    result = run_module(main, dict(SITE, route53_zone_id=zone_id))

    assert result["changed"] is True
    assert zone_cnames(route53, zone_id) == {record["name"]: [RECORD_VALUE] for record in site_records()}


def test_records_outside_the_zone_are_left_out_with_a_warning(
    run_module, acm, route53, zone_id, issue_at_once, warnings
):
    result = run_module(main, dict(SITE, subject_alternative_names=["www.example.org"], route53_zone_id=zone_id))

    assert result["changed"] is True
    assert zone_cnames(route53, zone_id) == {RECORD_PREFIX + "example.com.": [RECORD_VALUE]}
    assert len(warnings) == 1 and RECORD_PREFIX + "www.example.org." in warnings[0]


def test_a_missing_zone_fails_clearly(run_module, acm, route53):
    result = run_module(main, dict(SITE, route53_zone_id="Z0000000000000000000"))

    assert result["failed"] is True
    assert result["msg"] == "Route 53 hosted zone Z0000000000000000000 does not exist."


def test_a_private_zone_is_refused(run_module, acm, route53, aws):
    ec2 = boto3.client("ec2", region_name=REGION)
    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    zone = route53.create_hosted_zone(
        Name="example.com",
        CallerReference="private",
        HostedZoneConfig=dict(PrivateZone=True),
        VPC=dict(VPCRegion=REGION, VPCId=vpc),
    )["HostedZone"]["Id"]

    result = run_module(main, dict(SITE, route53_zone_id=zone))

    assert result["failed"] is True
    assert "is private; ACM validates names through public DNS only" in result["msg"]


def test_the_module_waits_until_acm_publishes_the_records(run_module, stubbed, sleeps):
    acm = stubbed("acm")
    list_response(acm)
    acm.add_response("request_certificate", dict(CertificateArn=ARN), request_params())
    describe_response(acm, pending(sans=["*.example.com"], records=False))
    describe_response(acm, pending(sans=["*.example.com"], records=False))
    describe_response(acm, pending(sans=["*.example.com"]))

    result = run_module(main, dict(domain_name="example.com", subject_alternative_names=["*.example.com"]))

    assert result["changed"] is True
    assert sleeps == [acm_certificate_request.RECORDS_DELAY] * 2
    assert result["validation_records"] == [
        dict(name=RECORD_PREFIX + "example.com.", type="CNAME", value=RECORD_VALUE, domain_name="example.com")
    ]


def test_records_still_missing_after_a_minute_are_a_warning(run_module, stubbed, sleeps, warnings):
    acm = stubbed("acm")
    list_response(acm)
    acm.add_response("request_certificate", dict(CertificateArn=ARN), request_params())
    for _poll in range(acm_certificate_request.RECORDS_POLLS + 1):
        describe_response(acm, pending(sans=["*.example.com"], records=False))

    result = run_module(main, dict(domain_name="example.com", subject_alternative_names=["*.example.com"]))

    assert (result["failed"], result["changed"], result["validation_records"]) == (False, True, [])
    assert len(sleeps) == acm_certificate_request.RECORDS_POLLS
    assert len(warnings) == 1 and "has not published the DNS validation records" in warnings[0]


# --- waiting ------------------------------------------------------------------------------------


def test_wait_polls_until_moto_issues_the_certificate(run_module, acm, monkeypatch):
    polls = []

    def validate_meanwhile(seconds):
        polls.append(seconds)
        monkeypatch.setattr(moto_settings, "ACM_VALIDATION_WAIT", -1)

    monkeypatch.setattr(acm_certificate_request.time, "sleep", validate_meanwhile)

    result = run_module(main, dict(SITE, wait=True))

    assert result["certificate"]["status"] == "ISSUED"
    assert polls == [acm_certificate_request.WAIT_DELAY]
    assert certificates(acm)[0]["Status"] == "ISSUED"


def test_wait_polls_pending_validation_until_issued(run_module, stubbed, sleeps):
    acm = stubbed("acm")
    list_response(acm, ARN)
    describe_response(acm, pending())
    acm.add_response("list_tags_for_certificate", {}, dict(CertificateArn=ARN))
    describe_response(acm, pending())
    describe_response(acm, pending(status="ISSUED"))

    result = run_module(main, dict(domain_name="example.com", wait=True))

    assert (result["changed"], result["certificate"]["status"]) == (False, "ISSUED")
    assert sleeps == [acm_certificate_request.WAIT_DELAY] * 2


def test_a_timeout_names_the_status_and_the_records_to_create(run_module, acm, sleeps):
    result = run_module(main, dict(SITE, wait=True, wait_timeout=25))

    assert result["failed"] is True
    assert "Timed out after 25 seconds" in result["msg"]
    assert "its status is PENDING_VALIDATION" in result["msg"]
    for record in site_records():
        assert f"{record['name']} CNAME {RECORD_VALUE}" in result["msg"]
    assert result["certificate_arn"] == certificates(acm)[0]["CertificateArn"]
    assert sleeps == [acm_certificate_request.WAIT_DELAY] * 3


def test_a_failed_certificate_reports_why(run_module, stubbed, sleeps):
    acm = stubbed("acm")
    list_response(acm, ARN)
    describe_response(acm, pending())
    acm.add_response("list_tags_for_certificate", {}, dict(CertificateArn=ARN))
    describe_response(acm, pending(status="FAILED", records=False, FailureReason="CAA_ERROR"))

    result = run_module(main, dict(domain_name="example.com", wait=True))

    assert result["failed"] is True
    assert f"Certificate {ARN} for example.com is FAILED (CAA_ERROR)" in result["msg"]
    assert result["certificate"]["failure_reason"] == "CAA_ERROR"
    assert sleeps == [acm_certificate_request.WAIT_DELAY]


def test_a_request_that_fails_at_once_is_reported(run_module, stubbed):
    acm = stubbed("acm")
    list_response(acm)
    acm.add_response("request_certificate", dict(CertificateArn=ARN), request_params())
    describe_response(
        acm, pending(sans=["*.example.com"], status="FAILED", records=False, FailureReason="DOMAIN_NOT_ALLOWED")
    )

    result = run_module(main, dict(domain_name="example.com", subject_alternative_names=["*.example.com"]))

    assert result["failed"] is True
    assert "is FAILED (DOMAIN_NOT_ALLOWED)" in result["msg"]


# --- stale idempotency tokens -------------------------------------------------------------------


def test_a_token_answered_with_a_deleted_certificate_is_salted(run_module, stubbed):
    acm = stubbed("acm")
    tokens = []
    acm.client.meta.events.register(
        "provide-client-params.acm.RequestCertificate", lambda params, **kw: tokens.append(params["IdempotencyToken"])
    )
    deleted, fresh = ARN.replace("1234-1234", "dead-dead"), ARN
    failed = ARN.replace("1234-1234", "fail-fail")
    list_response(acm, failed)
    describe_response(acm, pending(arn=failed, status="FAILED"))
    acm.add_response("request_certificate", dict(CertificateArn=failed), request_params())
    acm.add_response("request_certificate", dict(CertificateArn=deleted), request_params())
    acm.add_client_error(
        "describe_certificate",
        service_error_code="ResourceNotFoundException",
        expected_params=dict(CertificateArn=deleted),
    )
    acm.add_response("request_certificate", dict(CertificateArn=fresh), request_params())
    describe_response(acm, pending(sans=["*.example.com"], arn=fresh))

    result = run_module(main, dict(domain_name="example.com", subject_alternative_names=["*.example.com"]))

    assert (result["changed"], result["certificate_arn"]) == (True, fresh)
    assert len(set(tokens)) == 3


# --- tags ---------------------------------------------------------------------------------------


def test_tags_are_added_and_purged(run_module, acm):
    arn = request(acm, Name="site", Old="x", Environment="dev")

    result = run_module(main, dict(SITE, tags={"Name": "site", "Environment": "prod", "New": 1}))

    assert result["changed"] is True
    assert result["certificate"]["tags"] == {"Name": "site", "Environment": "prod", "New": "1"}
    assert certificates(acm)[0]["Tags"] == {"Name": "site", "Environment": "prod", "New": "1"}
    assert result["certificate_arn"] == arn


def test_tags_are_kept_without_purge_tags(run_module, acm):
    request(acm, Name="site", Old="x")

    result = run_module(main, dict(SITE, tags={"Name": "site", "New": "y"}, purge_tags=False))

    assert result["changed"] is True
    assert certificates(acm)[0]["Tags"] == {"Name": "site", "Old": "x", "New": "y"}


def test_tags_left_out_are_left_alone(run_module, acm):
    request(acm, Old="x")

    result = run_module(main, SITE)

    assert result["changed"] is False
    assert result["certificate"]["tags"] == {"Old": "x"}


# --- check mode ---------------------------------------------------------------------------------


def test_check_mode_reports_a_request_and_requests_nothing(run_module, acm, zone_id, api_calls):
    result = run_module(main, dict(SITE, route53_zone_id=zone_id, tags={"Name": "site"}), check_mode=True)

    assert result["changed"] is True
    assert (result["certificate_arn"], result["validation_records"]) == ("", [])
    assert result["certificate"] == dict(
        domain_name="example.com",
        subject_alternative_names=["example.com", "*.example.com", "www.example.com"],
        key_algorithm="RSA_2048",
        type="AMAZON_ISSUED",
        tags={"Name": "site"},
    )
    assert certificates(acm) == []
    assert MUTATIONS.isdisjoint(api_calls)


def test_check_mode_reports_tag_and_record_changes_and_makes_none(run_module, acm, route53, zone_id, api_calls):
    request(acm, Name="site", Old="x")
    del api_calls[:]

    result = run_module(main, dict(SITE, route53_zone_id=zone_id, tags={"Name": "site"}), check_mode=True)

    assert result["changed"] is True
    assert result["certificate"]["tags"] == {"Name": "site"}
    assert result["validation_records"] == site_records()
    assert certificates(acm)[0]["Tags"] == {"Name": "site", "Old": "x"}
    assert zone_cnames(route53, zone_id) == {}
    assert MUTATIONS.isdisjoint(api_calls)


# --- delete -------------------------------------------------------------------------------------


def test_absent_deletes_the_certificate_and_is_idempotent(run_module, acm):
    created = run_module(main, dict(SITE, tags={"Name": "site"}))

    first = run_module(main, dict(SITE, tags={"Name": "site"}, state="absent"))
    second = run_module(main, dict(SITE, tags={"Name": "site"}, state="absent"))

    assert created["changed"] is True
    assert (first["changed"], first["certificate"], first["certificate_arn"]) == (True, {}, "")
    assert (second["changed"], second["validation_records"]) == (False, [])
    assert certificates(acm) == []


def test_absent_with_a_name_tag_deletes_only_that_certificate(run_module, acm):
    kept = request(acm, Name="blue")
    request(acm, Name="green")

    result = run_module(main, dict(SITE, tags={"Name": "green"}, state="absent"))

    assert result["changed"] is True
    assert [item["CertificateArn"] for item in certificates(acm)] == [kept]


def test_check_mode_reports_a_deletion_and_deletes_nothing(run_module, acm):
    arn = request(acm)

    result = run_module(main, dict(SITE, state="absent"), check_mode=True)

    assert result["changed"] is True
    assert [item["CertificateArn"] for item in certificates(acm)] == [arn]


def test_a_certificate_in_use_is_not_deleted(run_module, acm):
    arn = request(acm)
    acm_backends[ACCOUNT][REGION].set_certificate_in_use_by(arn, "arn:aws:elasticloadbalancing:us-east-1:lb")

    result = run_module(main, dict(SITE, state="absent"))

    assert result["failed"] is True
    assert f"{arn} is used by arn:aws:elasticloadbalancing:us-east-1:lb" in result["msg"]
    assert [item["CertificateArn"] for item in certificates(acm)] == [arn]


def test_a_certificate_acm_refuses_to_delete_as_in_use_fails_clearly(run_module, stubbed):
    acm = stubbed("acm")
    list_response(acm, ARN)
    describe_response(acm, pending(status="ISSUED"))
    acm.add_client_error(
        "delete_certificate", service_error_code="ResourceInUseException", expected_params=dict(CertificateArn=ARN)
    )

    result = run_module(main, dict(domain_name="example.com", state="absent"))

    assert result["failed"] is True
    assert f"Certificate {ARN} is in use and cannot be deleted" in result["msg"]


# --- validation ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (dict(domain_name="-example.com"), "'-example.com' is not a valid domain name"),
        (dict(domain_name="example-.com"), "'example-.com' is not a valid domain name"),
        (dict(domain_name="exa mple.com"), "is not a valid domain name"),
        (dict(domain_name="example..com"), "is not a valid domain name"),
        (dict(domain_name="www.*.example.com"), "is not a valid domain name"),
        (dict(domain_name="example.com\n"), "is not a valid domain name"),
        (dict(domain_name=("a" * 63 + ".") * 4 + "com"), "is not a valid domain name"),
        (dict(domain_name="x" * 64 + ".com"), "is not a valid domain name"),
        (dict(subject_alternative_names=["ok.example.com", "under_score.example.com"]), "'under_score.example.com'"),
        (dict(wait_timeout=0), "wait_timeout must be at least 1 second"),
        (dict(key_algorithm="RSA_4096"), "value of key_algorithm must be one of"),
    ],
)
def test_invalid_parameters_fail_before_any_call(run_module, api_calls, args, message):
    result = run_module(main, dict(dict(domain_name="example.com"), **args))

    assert result["failed"] is True
    assert message in result["msg"]
    assert api_calls == []


def test_the_longest_names_are_valid(run_module, api_calls):
    longest = ("a" * 63 + ".") * 3 + "b" * 61

    result = run_module(main, dict(domain_name=longest, subject_alternative_names=["*.example.com"], state="absent"))

    assert (result["failed"], result["changed"]) == (False, False)
    assert api_calls == ["ListCertificates"]


def test_throttling_is_retried(run_module, stubbed, monkeypatch):
    recorded = []
    monkeypatch.setattr("ansible_collections.amazon.aws.plugins.module_utils.cloud.time.sleep", recorded.append)
    acm = stubbed("acm")
    acm.add_client_error("list_certificates", service_error_code="ThrottlingException", http_status_code=400)
    list_response(acm)

    result = run_module(main, dict(domain_name="example.com", state="absent"))

    assert (result["failed"], result["changed"]) == (False, False)
    assert len(recorded) == 1


# --- Stubber answers ----------------------------------------------------------------------------

ARN = "arn:aws:acm:us-east-1:123456789012:certificate/12345678-1234-1234-1234-123456789012"


def list_response(acm, *arns, domain="example.com"):
    acm.add_response(
        "list_certificates",
        dict(CertificateSummaryList=[dict(CertificateArn=arn, DomainName=domain) for arn in arns]),
        dict(
            CertificateStatuses=acm_certificate_request.ALL_STATUSES,
            Includes=dict(keyTypes=acm_certificate_request.KEY_TYPES),
        ),
    )


def describe_response(acm, certificate):
    acm.add_response(
        "describe_certificate", dict(Certificate=certificate), dict(CertificateArn=certificate["CertificateArn"])
    )


def request_params():
    return dict(
        DomainName="example.com",
        ValidationMethod="DNS",
        KeyAlgorithm="RSA_2048",
        SubjectAlternativeNames=["*.example.com"],
        IdempotencyToken=ANY,
    )


def pending(
    domain="example.com",
    sans=(),
    arn=ARN,
    status="PENDING_VALIDATION",
    key="RSA_2048",
    records=True,
    created=None,
    **extra,
):
    """A certificate for ``domain`` and ``sans`` as DescribeCertificate answers it."""
    names = [domain, *sans]
    options = []
    for name in names:
        option = dict(DomainName=name, ValidationDomain=name, ValidationStatus=status, ValidationMethod="DNS")
        if records:
            plain = name[2:] if name.startswith("*.") else name
            option["ResourceRecord"] = dict(Name=RECORD_PREFIX + plain + ".", Type="CNAME", Value=RECORD_VALUE)
        options.append(option)
    return dict(
        CertificateArn=arn,
        DomainName=domain,
        SubjectAlternativeNames=names,
        DomainValidationOptions=options,
        Status=status,
        Type="AMAZON_ISSUED",
        KeyAlgorithm=key,
        InUseBy=[],
        CreatedAt=created or datetime.datetime(2024, 1, 1, tzinfo=datetime.timezone.utc),
        **extra,
    )
