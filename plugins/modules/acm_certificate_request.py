#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright: seed.aws_platform maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
---
module: acm_certificate_request
version_added: 0.1.0
short_description: Request DNS-validated public certificates from AWS Certificate Manager
description:
  - Requests a public certificate from AWS Certificate Manager (ACM), validated through DNS, returns the CNAME
    records that prove control of its names, optionally creates them in a Route 53 hosted zone and waits until
    ACM issues the certificate. Tags and deletes such certificates.
  - M(community.aws.acm_certificate) only imports certificates made elsewhere; this module has ACM make them.
  - A certificate is identified by its O(domain_name), the set of its names (O(domain_name) and
    O(subject_alternative_names)), its O(key_algorithm) and, when O(tags) has a C(Name) tag, that tag. ACM
    certificates have no name of their own, so the C(Name) tag tells apart several certificates for the same
    names. Without a C(Name) tag in O(tags), the most recently requested matching certificate is the one managed.
  - With O(state=present), only certificates that are V(PENDING_VALIDATION) or V(ISSUED) match; when none does,
    a new certificate is requested.
  - The names and key algorithm of a certificate cannot be changed. Changing O(subject_alternative_names) or
    O(key_algorithm) requests a new certificate; the old one is left in ACM, neither changed nor deleted
    (delete it with O(state=absent) and its former names once nothing uses it).
author: seed.aws_platform maintainers (!UNKNOWN)
options:
  domain_name:
    description:
      - Fully qualified domain name of the certificate, its subject. A leading C(*.) makes it a wildcard name,
        for example C(*.example.com).
      - Dot-separated labels of 1 to 63 letters, digits and hyphens, none starting or ending with a hyphen,
        253 characters at most.
      - DNS names are case-insensitive; the module requests and compares them in lower case.
    type: str
    required: true
  subject_alternative_names:
    description:
      - Further names the certificate is valid for, with the same syntax as O(domain_name).
      - O(domain_name) is always one of the names of the certificate and need not be listed.
      - Compared with the names of existing certificates as a set, O(domain_name) included; order and
        duplicates do not matter.
    type: list
    elements: str
    default: []
  key_algorithm:
    description:
      - Algorithm and size of the certificate's key pair.
    type: str
    default: RSA_2048
    choices: ['RSA_2048', 'EC_prime256v1', 'EC_secp384r1']
  state:
    description:
      - Whether the certificate should exist.
      - V(absent) deletes every matching certificate, whatever its status (including V(FAILED) and
        V(VALIDATION_TIMED_OUT) ones); with a C(Name) tag in O(tags), only those with that C(Name) tag. It fails,
        deleting nothing, when one of them is in use by another AWS resource.
    type: str
    default: present
    choices: ['present', 'absent']
  route53_zone_id:
    description:
      - ID of a public Route 53 hosted zone, for example C(Z0123456789ABCDEFGHIJ), in which to create the DNS
        validation records with one UPSERT change batch. Records that already exist with the right value are
        left alone.
      - Validation records of names outside the zone are not created; the module warns about them.
      - The records should stay as long as the certificate is in use, ACM renews it through them.
      - Without it, the module only returns the records in RV(validation_records), to create elsewhere.
    type: str
  wait:
    description:
      - Whether to wait, with O(state=present), until ACM has issued the certificate.
      - Defaults to V(true) when O(route53_zone_id) is set, V(false) otherwise.
      - Whatever O(wait) says, the module waits up to a minute after requesting a certificate until ACM has
        published its validation records, which takes a few seconds.
    type: bool
  wait_timeout:
    description:
      - How many seconds to wait at most for the certificate to be issued.
    type: int
    default: 600
notes:
  - Certificates for Amazon CloudFront must be requested in C(us-east-1).
  - ACM validates a name only through public DNS, so a private hosted zone is refused.
  - To find certificates, the module lists the certificates of the region (ListCertificates) and describes those
    for O(domain_name). It requests new certificates with an idempotency token derived from the names, key
    algorithm and C(Name) tag, so that two runs at once (for example for several hosts of a play) get one
    certificate.
  - Tags are read with ListTagsForCertificate and changed with AddTagsToCertificate and
    RemoveTagsFromCertificate.
  - O(state=absent) leaves the validation records in DNS; ACM gives later certificates for the same names the same
    records.
  - This module supports check mode.
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.tags
  - amazon.aws.boto3
"""

EXAMPLES = r"""
# Note: These examples do not set authentication details, see the AWS Guide for details.

- name: A certificate for a site and its subdomains, validated in its Route 53 zone, once issued
  seed.aws_platform.acm_certificate_request:
    domain_name: example.com
    subject_alternative_names:
      - "*.example.com"
    route53_zone_id: Z0123456789ABCDEFGHIJ
    tags:
      Name: example-site
      Environment: production
  register: site_certificate

- name: Use it
  ansible.builtin.debug:
    msg: "{{ site_certificate.certificate_arn }}"

- name: Request a certificate whose zone is managed elsewhere, and show the records to create
  seed.aws_platform.acm_certificate_request:
    domain_name: api.example.org
    key_algorithm: EC_prime256v1
    region: us-east-1
  register: api_certificate

- name: The records to create
  ansible.builtin.debug:
    msg: "{{ item.name }} CNAME {{ item.value }}"
  loop: "{{ api_certificate.validation_records }}"

- name: Add a tag without removing the others
  seed.aws_platform.acm_certificate_request:
    domain_name: example.com
    subject_alternative_names:
      - "*.example.com"
    tags:
      Name: example-site
      CostCenter: "1234"
    purge_tags: false

- name: Delete the certificate once nothing uses it
  seed.aws_platform.acm_certificate_request:
    domain_name: example.com
    subject_alternative_names:
      - "*.example.com"
    tags:
      Name: example-site
    state: absent
"""

RETURN = r"""
certificate:
  description:
    - The certificate.
    - Empty when O(state=absent).
    - In check mode, a certificate that would be requested has no RV(certificate.arn) nor RV(certificate.status).
  returned: always
  type: dict
  contains:
    arn:
      description: ARN of the certificate.
      returned: when the certificate exists
      type: str
      sample: arn:aws:acm:us-east-1:123456789012:certificate/12345678-1234-1234-1234-123456789012
    domain_name:
      description: The certificate's main name (O(domain_name)).
      returned: always
      type: str
      sample: example.com
    failure_reason:
      description: Why ACM could not issue the certificate, when it could not.
      returned: when ACM reports one
      type: str
      sample: CAA_ERROR
    in_use_by:
      description: ARNs of the AWS resources (load balancers, distributions...) that use the certificate.
      returned: when the certificate exists
      type: list
      elements: str
      sample: []
    key_algorithm:
      description: Algorithm of the certificate's key pair (O(key_algorithm)).
      returned: always
      type: str
      sample: RSA_2048
    not_after:
      description: When the certificate expires (ACM renews it before, as long as the validation records exist).
      returned: when the certificate is issued
      type: str
      sample: "2026-01-31T23:59:59+00:00"
    status:
      description:
        - V(PENDING_VALIDATION), V(ISSUED), V(INACTIVE), V(EXPIRED), V(VALIDATION_TIMED_OUT), V(REVOKED) or
          V(FAILED).
        - V(ISSUED) once the module has waited.
      returned: when the certificate exists
      type: str
      sample: ISSUED
    subject_alternative_names:
      description: Every name of the certificate, O(domain_name) included.
      returned: always
      type: list
      elements: str
      sample: ["example.com", "*.example.com"]
    tags:
      description: Tags of the certificate.
      returned: always
      type: dict
      sample: {"Name": "example-site", "Environment": "production"}
    type:
      description: V(AMAZON_ISSUED), as for every certificate ACM requests.
      returned: always
      type: str
      sample: AMAZON_ISSUED
certificate_arn:
  description:
    - ARN of the certificate, for load balancer listeners, CloudFront distributions and so on.
    - Empty when there is none, with O(state=absent) or in check mode for a certificate that would be requested.
  returned: always
  type: str
  sample: arn:aws:acm:us-east-1:123456789012:certificate/12345678-1234-1234-1234-123456789012
validation_records:
  description:
    - The DNS records that prove control of the certificate's names, once each; a name and its wildcard (C(example.com)
      and C(*.example.com)) share one record.
    - Empty with O(state=absent), and in check mode for a certificate that would be requested.
  returned: always
  type: list
  elements: dict
  contains:
    domain_name:
      description: The name of the certificate the record validates (the name without wildcard when both share it).
      type: str
      sample: example.com
    name:
      description: Name of the record, fully qualified.
      type: str
      sample: _3639ac514e785e898d2646601fa951d5.example.com.
    type:
      description: Type of the record.
      type: str
      sample: CNAME
    value:
      description: Value of the record.
      type: str
      sample: _98d2646601fa951d53639ac514e785e8.mhbtsbpdnt.acm-validations.aws.
"""

import hashlib
import re
import time
from typing import Any
from typing import Dict
from typing import List
from typing import Optional
from typing import Set
from typing import Tuple

try:
    import botocore
except ImportError:
    pass  # Handled by AnsibleAWSModule

from ansible_collections.amazon.aws.plugins.module_utils.botocore import is_boto3_error_code
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.amazon.aws.plugins.module_utils.retries import AWSRetry
from ansible_collections.amazon.aws.plugins.module_utils.tagging import ansible_dict_to_boto3_tag_list

from ansible_collections.seed.aws_platform.plugins.module_utils.tag_map import converge_tags
from ansible_collections.seed.aws_platform.plugins.module_utils.tag_map import tag_map

# One DNS label: letters, digits and hyphens, 63 at most, no hyphen first or last.
DNS_LABEL = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?")
# Every key type ACM has: ListCertificates returns only RSA_2048 certificates unless told otherwise.
KEY_TYPES = ["RSA_1024", "RSA_2048", "RSA_3072", "RSA_4096", "EC_prime256v1", "EC_secp384r1", "EC_secp521r1"]
ALL_STATUSES = [
    "PENDING_VALIDATION",
    "ISSUED",
    "INACTIVE",
    "EXPIRED",
    "VALIDATION_TIMED_OUT",
    "REVOKED",
    "FAILED",
]
# The statuses of a certificate that is or may become usable: the only ones state=present adopts.
LIVE_STATUSES = ("PENDING_VALIDATION", "ISSUED")
NOT_FOUND_CODE = "ResourceNotFoundException"
# Seconds between two DescribeCertificate calls while waiting for ISSUED; validation takes minutes.
WAIT_DELAY = 10
# ACM publishes the validation records a few seconds after RequestCertificate: poll for a minute at most.
RECORDS_DELAY = 3
RECORDS_POLLS = 20
RECORD_TTL = 300
# A token that comes back with a stale certificate is salted and tried again, this many times in all.
REQUEST_ATTEMPTS = 3


# The retries wrap the whole pagination because a paginator bypasses the retrying client wrapper that
# ``AnsibleAWSModule.client`` returns. ACM throttles with ThrottlingException, which AWSRetry does not retry
# by default.
@AWSRetry.jittered_backoff(catch_extra_error_codes=["ThrottlingException"])
def list_certificate_summaries(client) -> List[Dict[str, Any]]:
    paginator = client.get_paginator("list_certificates")
    params = dict(CertificateStatuses=ALL_STATUSES, Includes=dict(keyTypes=KEY_TYPES))
    return paginator.paginate(**params).build_full_result()["CertificateSummaryList"]


def is_domain_name(name: str) -> bool:
    return 0 < len(name) <= 253 and all(DNS_LABEL.fullmatch(label) for label in plain(name).split("."))


def plain(name: str) -> str:
    """``name`` without its wildcard."""
    return name[2:] if name.startswith("*.") else name


def fqdn(name: str) -> str:
    """``name`` as Route 53 and ACM's records spell it: lower case, with the final dot."""
    return name.lower().rstrip(".") + "."


def key_algorithm(certificate: Dict[str, Any]) -> str:
    # DescribeCertificate has been seen to spell the algorithms with hyphens (RSA-2048) where the API takes
    # underscores (RSA_2048).
    return certificate.get("KeyAlgorithm", "").replace("-", "_")


def wanted_names(module: AnsibleAWSModule) -> Tuple[str, Set[str]]:
    """The domain name and the set of every name of the certificate, in lower case."""
    domain = module.params["domain_name"].lower()
    return domain, {domain} | {name.lower() for name in module.params["subject_alternative_names"]}


def wanted_name_tag(module: AnsibleAWSModule) -> Optional[str]:
    tags = tag_map(module.params["tags"] or {})
    return tags.get("Name")


def validate_params(module: AnsibleAWSModule) -> None:
    params = module.params
    for name in [params["domain_name"]] + params["subject_alternative_names"]:
        if not is_domain_name(name):
            module.fail_json(
                msg=f"{name!r} is not a valid domain name: it must be dot-separated labels of 1 to 63 letters, digits"
                " and hyphens, none starting or ending with a hyphen, 253 characters at most, optionally after a"
                " leading '*.' wildcard."
            )
    if params["wait_timeout"] < 1:
        module.fail_json(msg=f"wait_timeout must be at least 1 second, not {params['wait_timeout']}.")
    if params["route53_zone_id"] is not None and not params["route53_zone_id"].strip("/"):
        module.fail_json(msg="route53_zone_id cannot be empty.")


def describe_certificate(client, module: AnsibleAWSModule, arn: str) -> Optional[Dict[str, Any]]:
    try:
        return client.describe_certificate(aws_retry=True, CertificateArn=arn)["Certificate"]
    except is_boto3_error_code(NOT_FOUND_CODE):
        return None
    except (
        botocore.exceptions.ClientError,
        botocore.exceptions.BotoCoreError,
    ) as e:  # pylint: disable=duplicate-except
        module.fail_json_aws(e, msg=f"Failed to describe certificate {arn}")


def list_tags(client, module: AnsibleAWSModule, arn: str) -> Dict[str, str]:
    try:
        tags = client.list_tags_for_certificate(aws_retry=True, CertificateArn=arn).get("Tags", [])
    except (botocore.exceptions.ClientError, botocore.exceptions.BotoCoreError) as e:
        module.fail_json_aws(e, msg=f"Failed to list the tags of certificate {arn}")
    # ACM tags may have no value, which boto3_tag_list_to_ansible_dict does not expect.
    return {tag["Key"]: tag.get("Value", "") for tag in tags}


def created_at(certificate: Dict[str, Any]) -> float:
    created = certificate.get("CreatedAt")
    return created.timestamp() if created else 0.0


def find_certificates(
    client, module: AnsibleAWSModule, statuses: Tuple[str, ...]
) -> Tuple[Set[str], List[Dict[str, Any]]]:
    """The ARNs of every certificate for domain_name, and those matching the task in ``statuses``, newest first.

    The matching certificates carry their Tags when the task has a Name tag, which they were filtered on.
    """
    domain, names = wanted_names(module)
    try:
        summaries = list_certificate_summaries(client)
    except (botocore.exceptions.ClientError, botocore.exceptions.BotoCoreError) as e:
        module.fail_json_aws(e, msg="Failed to list the ACM certificates")
    known = {item["CertificateArn"] for item in summaries if item.get("DomainName", "").lower() == domain}

    matches = []
    for arn in sorted(known):
        certificate = describe_certificate(client, module, arn)
        if (
            certificate is None  # deleted since it was listed
            or certificate.get("Type") != "AMAZON_ISSUED"
            or certificate.get("Status") not in statuses
            or key_algorithm(certificate) != module.params["key_algorithm"]
            or {name.lower() for name in certificate.get("SubjectAlternativeNames", [domain])} != names
        ):
            continue
        matches.append(certificate)

    name_tag = wanted_name_tag(module)
    if name_tag is not None:
        tagged = [dict(item, Tags=list_tags(client, module, item["CertificateArn"])) for item in matches]
        matches = [item for item in tagged if item["Tags"].get("Name") == name_tag]
    return known, sorted(matches, key=created_at, reverse=True)


def idempotency_token(module: AnsibleAWSModule, salt: str = "") -> str:
    """A token (32 word characters at most) that is the same for every run of the same task.

    Two runs at once (a task of a play on several hosts) then get one certificate; the salt replaces a token
    that ACM answers with a certificate that no longer fits, for the hour ACM remembers tokens.
    """
    domain, names = wanted_names(module)
    parts = [domain] + sorted(names) + [module.params["key_algorithm"], wanted_name_tag(module) or "", salt]
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()[:32]


def request_certificate(client, module: AnsibleAWSModule, known: Set[str]) -> Dict[str, Any]:
    """Request the certificate and return it, described."""
    domain, names = wanted_names(module)
    request = dict(DomainName=domain, ValidationMethod="DNS", KeyAlgorithm=module.params["key_algorithm"])
    if names != {domain}:
        # ACM adds the domain name itself to the subject alternative names.
        request["SubjectAlternativeNames"] = sorted(names - {domain})
    tags = tag_map(module.params["tags"] or {})
    if tags:
        request["Tags"] = ansible_dict_to_boto3_tag_list(tags)

    salt = ""
    for attempt in range(REQUEST_ATTEMPTS):
        try:
            arn = client.request_certificate(
                aws_retry=True, IdempotencyToken=idempotency_token(module, salt), **request
            )["CertificateArn"]
        except (botocore.exceptions.ClientError, botocore.exceptions.BotoCoreError) as e:
            module.fail_json_aws(e, msg=f"Failed to request a certificate for {domain}")
        certificate = None if arn in known else describe_certificate(client, module, arn)
        if certificate is not None:
            return certificate
        # Within an hour, ACM answers a token with the certificate it first made for it, even when that one has
        # been deleted since or was not adopted (failed, or its Name tag changed): ask again with another token.
        salt = arn
        module.debug(f"Idempotency token attempt {attempt + 1} returned stale certificate {arn}")
    module.fail_json(
        msg=f"ACM answered {REQUEST_ATTEMPTS} requests for {domain} with certificates that were deleted or that"
        f" do not fit the task, last {salt}. Delete the stale certificates or try again in an hour."
    )


def validation_records(certificate: Dict[str, Any]) -> List[Dict[str, str]]:
    """The DNS validation records of the certificate, once each, non-wildcard names first."""
    options = [item for item in certificate.get("DomainValidationOptions", []) if item.get("ResourceRecord")]
    # A name and its wildcard share a record: keep the one of the plain name.
    options.sort(key=lambda item: (item["DomainName"].startswith("*."), plain(item["DomainName"])))
    records, seen = [], set()
    for item in options:
        record = item["ResourceRecord"]
        identity = (fqdn(record["Name"]), record["Type"], record["Value"])
        if identity in seen:
            continue
        seen.add(identity)
        records.append(
            dict(name=record["Name"], type=record["Type"], value=record["Value"], domain_name=item["DomainName"])
        )
    return sorted(records, key=lambda record: (plain(record["domain_name"]), record["name"]))


def records_published(certificate: Dict[str, Any]) -> bool:
    options = certificate.get("DomainValidationOptions") or []
    return bool(options) and all(item.get("ResourceRecord") for item in options)


def describe_again(client, module: AnsibleAWSModule, certificate: Dict[str, Any]) -> Dict[str, Any]:
    arn = certificate["CertificateArn"]
    described = describe_certificate(client, module, arn)
    if described is None:
        module.fail_json(msg=f"Certificate {arn} was deleted while the module was waiting for it.")
    return described


def wait_for_records(
    client, module: AnsibleAWSModule, certificate: Dict[str, Any], tags: Dict[str, str]
) -> Dict[str, Any]:
    """Poll until ACM has published the validation records of a pending certificate (a minute at most)."""
    for attempt in range(RECORDS_POLLS + 1):
        if certificate.get("Status") != "PENDING_VALIDATION" or records_published(certificate):
            return certificate
        if attempt < RECORDS_POLLS:
            time.sleep(RECORDS_DELAY)
            certificate = describe_again(client, module, certificate)
    message = (
        f"ACM has not published the DNS validation records of certificate {certificate['CertificateArn']} after"
        f" {RECORDS_POLLS * RECORDS_DELAY} seconds; run the task again later to get them."
    )
    if module.params["route53_zone_id"]:
        module.fail_json(msg=message, **results(certificate, tags))
    module.warn(message)
    return certificate


def records_text(records: List[Dict[str, str]]) -> str:
    if not records:
        return "ACM has not published its DNS validation records yet."
    return (
        "ACM issues it once these DNS records exist: "
        + "; ".join(f"{record['name']} {record['type']} {record['value']}" for record in records)
        + "."
    )


def refuse_failed(module: AnsibleAWSModule, certificate: Dict[str, Any], tags: Dict[str, str]) -> None:
    """Fail when ACM will never issue the certificate."""
    status = certificate.get("Status")
    if status in LIVE_STATUSES or status is None:
        return
    reason = f" ({certificate['FailureReason']})" if certificate.get("FailureReason") else ""
    module.fail_json(
        msg=f"Certificate {certificate['CertificateArn']} for {certificate['DomainName']} is {status}{reason}: ACM"
        " will not issue it. Once the cause is fixed, run the task again to request a new certificate; this one"
        " stays in ACM until deleted.",
        **results(certificate, tags),
    )


def wait_until_issued(
    client, module: AnsibleAWSModule, certificate: Dict[str, Any], tags: Dict[str, str]
) -> Dict[str, Any]:
    timeout = module.params["wait_timeout"]
    polls = max(1, -(-timeout // WAIT_DELAY))
    for attempt in range(polls + 1):
        refuse_failed(module, certificate, tags)
        if certificate["Status"] == "ISSUED":
            return certificate
        if attempt < polls:
            time.sleep(WAIT_DELAY)
            certificate = describe_again(client, module, certificate)
    module.fail_json(
        msg=f"Timed out after {timeout} seconds waiting for certificate {certificate['CertificateArn']} to be"
        f" ISSUED; its status is {certificate['Status']}. {records_text(validation_records(certificate))}"
        " Validation goes on in ACM: run the task again later, or raise wait_timeout.",
        **results(certificate, tags),
    )


def hosted_zone_name(route53, module: AnsibleAWSModule, zone_id: str) -> str:
    try:
        zone = route53.get_hosted_zone(aws_retry=True, Id=zone_id)["HostedZone"]
    except is_boto3_error_code("NoSuchHostedZone"):
        module.fail_json(msg=f"Route 53 hosted zone {zone_id} does not exist.")
    except (
        botocore.exceptions.ClientError,
        botocore.exceptions.BotoCoreError,
    ) as e:  # pylint: disable=duplicate-except
        module.fail_json_aws(e, msg=f"Failed to get Route 53 hosted zone {zone_id}")
    if zone.get("Config", {}).get("PrivateZone"):
        module.fail_json(
            msg=f"Route 53 hosted zone {zone_id} ({zone['Name']}) is private; ACM validates names through public"
            " DNS only."
        )
    return fqdn(zone["Name"])


def record_is_current(route53, module: AnsibleAWSModule, zone_id: str, record: Dict[str, str]) -> bool:
    """Whether the zone has the record with exactly this value."""
    try:
        found = route53.list_resource_record_sets(
            aws_retry=True,
            HostedZoneId=zone_id,
            StartRecordName=record["name"],
            StartRecordType=record["type"],
            MaxItems="1",
        )["ResourceRecordSets"]
    except (botocore.exceptions.ClientError, botocore.exceptions.BotoCoreError) as e:
        module.fail_json_aws(e, msg=f"Failed to list the records of Route 53 hosted zone {zone_id}")
    # The listing starts at the name and type asked for, or at the next record when there is none such.
    if not found or fqdn(found[0]["Name"]) != fqdn(record["name"]) or found[0]["Type"] != record["type"]:
        return False
    return [fqdn(item["Value"]) for item in found[0].get("ResourceRecords", [])] == [fqdn(record["value"])]


def ensure_dns_records(module: AnsibleAWSModule, arn: str, records: List[Dict[str, str]]) -> bool:
    """UPSERT the validation records that are missing or wrong in route53_zone_id; return whether any was."""
    # Route 53 answers PriorRequestNotComplete while an earlier change of the zone is being applied.
    route53 = module.client(
        "route53", retry_decorator=AWSRetry.jittered_backoff(catch_extra_error_codes=["PriorRequestNotComplete"])
    )
    zone_id = module.params["route53_zone_id"].rstrip("/").rsplit("/", 1)[-1]
    zone = hosted_zone_name(route53, module, zone_id)

    outside = [record["name"] for record in records if not ("." + fqdn(record["name"])).endswith("." + zone)]
    if outside:
        module.warn(
            f"Validation records {', '.join(outside)} are not in Route 53 hosted zone {zone_id} ({zone}); create"
            " them in the zone of their names, or ACM will not issue the certificate."
        )
    wanted = [record for record in records if record["name"] not in outside]
    missing = [record for record in wanted if not record_is_current(route53, module, zone_id, record)]
    if not missing or module.check_mode:
        return bool(missing)
    changes = [
        dict(
            Action="UPSERT",
            ResourceRecordSet=dict(
                Name=record["name"], Type=record["type"], TTL=RECORD_TTL, ResourceRecords=[dict(Value=record["value"])]
            ),
        )
        for record in missing
    ]
    try:
        route53.change_resource_record_sets(
            aws_retry=True,
            HostedZoneId=zone_id,
            ChangeBatch=dict(Comment=f"DNS validation of ACM certificate {arn}", Changes=changes),
        )
    except (botocore.exceptions.ClientError, botocore.exceptions.BotoCoreError) as e:
        module.fail_json_aws(e, msg=f"Failed to create the validation records in Route 53 hosted zone {zone_id}")
    return True


def update_tags(client, module: AnsibleAWSModule, certificate: Dict[str, Any]) -> Tuple[bool, Dict[str, str]]:
    """Converge the certificate's tags to ``tags`` and ``purge_tags``; return whether they change and the tags after."""
    arn = certificate["CertificateArn"]
    current = certificate["Tags"] if "Tags" in certificate else list_tags(client, module, arn)

    def apply(to_set: Dict[str, str], to_unset: List[str]) -> None:
        if to_unset:
            client.remove_tags_from_certificate(aws_retry=True, CertificateArn=arn, Tags=[dict(Key=key) for key in to_unset])
        if to_set:
            client.add_tags_to_certificate(aws_retry=True, CertificateArn=arn, Tags=ansible_dict_to_boto3_tag_list(to_set))

    return converge_tags(module, current, apply, lambda: f"certificate {arn}")


def planned_certificate(module: AnsibleAWSModule) -> Dict[str, Any]:
    """What check mode reports for a certificate that would be requested."""
    domain, names = wanted_names(module)
    return dict(
        DomainName=domain,
        SubjectAlternativeNames=[domain] + sorted(names - {domain}),
        KeyAlgorithm=module.params["key_algorithm"],
        Type="AMAZON_ISSUED",
    )


def ensure_present(
    client, module: AnsibleAWSModule, known: Set[str], existing: Optional[Dict[str, Any]]
) -> Tuple[bool, Dict[str, Any], Dict[str, str]]:
    """Return whether anything changed, the certificate and its tags."""
    if existing is None:
        tags = tag_map(module.params["tags"] or {})
        if module.check_mode:
            return True, planned_certificate(module), tags
        changed, certificate = True, request_certificate(client, module, known)
    else:
        certificate = existing
        changed, tags = update_tags(client, module, existing)

    certificate = wait_for_records(client, module, certificate, tags)
    refuse_failed(module, certificate, tags)
    if module.params["route53_zone_id"]:
        changed |= ensure_dns_records(module, certificate["CertificateArn"], validation_records(certificate))
    wait = module.params["wait"]
    if wait is None:
        wait = bool(module.params["route53_zone_id"])
    # Nothing is created in check mode, so waiting there could only time out.
    if wait and not module.check_mode:
        certificate = wait_until_issued(client, module, certificate, tags)
    return changed, certificate, tags


def ensure_absent(client, module: AnsibleAWSModule, certificates: List[Dict[str, Any]]) -> bool:
    in_use = [item for item in certificates if item.get("InUseBy")]
    if in_use:
        # Checked for all before deleting any, so that a failure leaves things as they were.
        module.fail_json(
            msg="Certificates in use cannot be deleted, and nothing was: "
            + "; ".join(f"{item['CertificateArn']} is used by {', '.join(item['InUseBy'])}" for item in in_use)
            + ". Remove the certificate from these resources first."
        )
    if module.check_mode:
        return bool(certificates)
    changed = False
    for certificate in certificates:
        arn = certificate["CertificateArn"]
        try:
            client.delete_certificate(aws_retry=True, CertificateArn=arn)
        except is_boto3_error_code(NOT_FOUND_CODE):
            # Deleted by someone else since we described it: that is the goal anyway.
            continue
        except is_boto3_error_code("ResourceInUseException") as e:  # pylint: disable=duplicate-except
            module.fail_json_aws(
                e,
                msg=f"Certificate {arn} is in use and cannot be deleted. Remove it from the resources that use it"
                " first; AWS may take a few minutes to notice that it is no longer used.",
            )
        except (
            botocore.exceptions.ClientError,
            botocore.exceptions.BotoCoreError,
        ) as e:  # pylint: disable=duplicate-except
            module.fail_json_aws(e, msg=f"Failed to delete certificate {arn}")
        changed = True
    return changed


def normalize_certificate(certificate: Optional[Dict[str, Any]], tags: Dict[str, str]) -> Dict[str, Any]:
    """The certificate the module returns, or an empty dict."""
    if not certificate:
        return {}
    result = dict(
        domain_name=certificate["DomainName"],
        subject_alternative_names=certificate.get("SubjectAlternativeNames", [certificate["DomainName"]]),
        key_algorithm=key_algorithm(certificate),
        type=certificate.get("Type"),
        tags=tags,
    )
    if "CertificateArn" in certificate:
        result.update(arn=certificate["CertificateArn"], in_use_by=certificate.get("InUseBy", []))
    for key, name in (("Status", "status"), ("FailureReason", "failure_reason")):
        if certificate.get(key):
            result[name] = certificate[key]
    if certificate.get("NotAfter"):
        result["not_after"] = certificate["NotAfter"].isoformat()
    return result


def results(certificate: Optional[Dict[str, Any]], tags: Dict[str, str]) -> Dict[str, Any]:
    """The module's return values for ``certificate`` (None: there is none), but ``changed``."""
    return dict(
        certificate=normalize_certificate(certificate, tags),
        certificate_arn=(certificate or {}).get("CertificateArn", ""),
        validation_records=validation_records(certificate or {}),
    )


def main() -> None:
    argument_spec = dict(
        domain_name=dict(type="str", required=True),
        subject_alternative_names=dict(type="list", elements="str", default=[]),
        key_algorithm=dict(type="str", default="RSA_2048", choices=["RSA_2048", "EC_prime256v1", "EC_secp384r1"]),
        state=dict(type="str", default="present", choices=["present", "absent"]),
        route53_zone_id=dict(type="str"),
        wait=dict(type="bool"),
        wait_timeout=dict(type="int", default=600),
        tags=dict(type="dict", aliases=["resource_tags"]),
        purge_tags=dict(type="bool", default=True),
    )

    module = AnsibleAWSModule(argument_spec=argument_spec, supports_check_mode=True)
    validate_params(module)

    # ACM throttles with ThrottlingException, which AWSRetry does not retry by default.
    client = module.client(
        "acm", retry_decorator=AWSRetry.jittered_backoff(catch_extra_error_codes=["ThrottlingException"])
    )

    if module.params["state"] == "present":
        known, matches = find_certificates(client, module, LIVE_STATUSES)
        changed, certificate, tags = ensure_present(client, module, known, matches[0] if matches else None)
    else:
        known, matches = find_certificates(client, module, tuple(ALL_STATUSES))
        changed, certificate, tags = ensure_absent(client, module, matches), None, {}

    module.exit_json(changed=changed, **results(certificate, tags))


if __name__ == "__main__":
    main()
