#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright: seed.aws_platform maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
---
module: cloudfront_distribution
version_added: 0.1.0
short_description: Manage a CloudFront web distribution
description:
  - Creates, updates in place, tags, disables and deletes one CloudFront web distribution, converging its whole
    configuration to the task, with cache policies and origin access controls (OAC) instead of the legacy
    cache settings and origin access identities that community.aws.cloudfront_distribution manages.
  - A distribution is identified by O(caller_reference), which CloudFront keeps unique in the account and
    never changes.
  - The module is opinionated. Each option with a default is converged to it when the task leaves it out,
    so that the task describes the whole distribution; only O(comment) and O(tags) are left as they are
    when omitted. Settings the module has no option for (origin groups, custom error responses, function and
    Lambda@Edge associations, Origin Shield, continuous deployment) are kept as they are.
author: seed.aws_platform maintainers (!UNKNOWN)
options:
  caller_reference:
    description:
      - The distribution's identity, the unique reference CloudFront records when it creates the distribution.
      - The module finds the distribution by reading the configuration of the account's distributions one by
        one (GetDistributionConfig), those whose comment or aliases match the task first, and stops at the
        first one created with this reference.
      - Changing it makes a new distribution; the old one is left alone.
    type: str
    required: true
  comment:
    description:
      - Comment of the distribution, at most 128 characters; CloudFront shows it in its console.
      - When omitted, a distribution is created with an empty comment and the comment of an existing one is
        left as it is.
    type: str
  enabled:
    description:
      - Whether the distribution answers viewers.
    type: bool
    default: true
  aliases:
    description:
      - Alternate domain names (CNAMEs) of the distribution. Their order does not matter.
      - A custom domain needs a certificate for it, O(viewer_certificate.acm_certificate_arn).
    type: list
    elements: str
    default: []
  default_root_object:
    description:
      - The object CloudFront answers for the root URL, such as V(index.html); V("") for none.
    type: str
    default: ""
  price_class:
    description:
      - The edge locations that serve the distribution, and so its price.
    type: str
    default: PriceClass_100
    choices: ['PriceClass_100', 'PriceClass_200', 'PriceClass_All']
  http_version:
    description:
      - The highest HTTP version viewers may use.
    type: str
    default: http2and3
    choices: ['http1.1', 'http2', 'http3', 'http2and3']
  ipv6_enabled:
    description:
      - Whether CloudFront answers viewers over IPv6 too.
    type: bool
    default: true
  web_acl_id:
    description:
      - ARN of the AWS WAF (WAFv2) web ACL that protects the distribution, one of scope C(CLOUDFRONT), whose
        ARNs look like C(arn:aws:wafv2:us-east-1:ACCOUNT:global/webacl/NAME/ID).
      - V("") for none.
    type: str
    default: ""
  viewer_certificate:
    description:
      - The certificate the distribution shows its viewers.
      - When omitted, or without O(viewer_certificate.acm_certificate_arn), the distribution uses CloudFront's own
        certificate for C(*.cloudfront.net), with which CloudFront allows TLSv1 and neither of the other
        suboptions applies.
    type: dict
    suboptions:
      acm_certificate_arn:
        description:
          - ARN of an ACM certificate in V(us-east-1) (the only region CloudFront takes certificates from) that
            covers the O(aliases).
        type: str
      minimum_protocol_version:
        description:
          - The security policy, the oldest TLS version and ciphers viewers may use.
        type: str
        default: TLSv1.2_2021
        choices: ['SSLv3', 'TLSv1', 'TLSv1_2016', 'TLSv1.1_2016', 'TLSv1.2_2018', 'TLSv1.2_2019', 'TLSv1.2_2021',
                  'TLSv1.2_2025', 'TLSv1.3_2025']
      ssl_support_method:
        description:
          - V(sni-only) serves HTTPS to viewers that support Server Name Indication (all current browsers);
            V(vip) uses dedicated IP addresses, for a monthly charge.
        type: str
        default: sni-only
        choices: ['sni-only', 'vip', 'static-ip']
  origins:
    description:
      - The origins the distribution fetches from. Their order does not matter.
      - Required when O(state=present).
    type: list
    elements: dict
    suboptions:
      id:
        description:
          - Unique name of the origin in the distribution, which cache behaviors target.
        type: str
        required: true
      domain_name:
        description:
          - Domain name of the origin, such as C(BUCKET.s3.us-east-1.amazonaws.com) for an S3 bucket or the DNS
            name of a load balancer.
        type: str
        required: true
      origin_path:
        description:
          - A directory of the origin that CloudFront prepends to the path of its requests, starting with C(/)
            and not ending with one; V("") for none.
        type: str
        default: ""
      s3:
        description:
          - Whether the origin is an S3 bucket (REST endpoint), which CloudFront reads with the bucket's API
            (C(S3OriginConfig)). Give it an O(origins[].origin_access_control_id) to keep the bucket private.
          - When V(false), the origin is a web server such as a load balancer, reached as
            O(origins[].custom_origin) says.
          - Legacy origin access identities are never set; an existing one is removed.
        type: bool
        default: false
      custom_origin:
        description:
          - How CloudFront reaches a web server origin (O(origins[].s3=false)); every suboption has a default.
        type: dict
        suboptions:
          http_port:
            description: The HTTP port of the origin.
            type: int
            default: 80
          https_port:
            description: The HTTPS port of the origin.
            type: int
            default: 443
          protocol_policy:
            description:
              - The protocol CloudFront uses with the origin; V(match-viewer) uses the viewer's.
            type: str
            default: https-only
            choices: ['http-only', 'match-viewer', 'https-only']
          ssl_protocols:
            description:
              - The TLS versions CloudFront may use with the origin over HTTPS. Their order does not matter.
            type: list
            elements: str
            default: ['TLSv1.2']
            choices: ['SSLv3', 'TLSv1', 'TLSv1.1', 'TLSv1.2']
          read_timeout:
            description: Seconds CloudFront waits for an answer of the origin, 1 to 120 (more with a quota increase).
            type: int
            default: 30
          keepalive_timeout:
            description: Seconds CloudFront keeps an idle connection to the origin open, 1 to 120.
            type: int
            default: 5
      origin_access_control_id:
        description:
          - ID of the origin access control with which CloudFront signs its requests to the origin (see
            M(seed.aws_platform.cloudfront_origin_access_control)); V("") or omitted for none.
        type: str
      custom_headers:
        description:
          - Headers CloudFront adds to every request to the origin, as a dictionary of names and values, such
            as a secret C(X-Origin-Verify) that the origin checks to refuse requests that bypass CloudFront.
          - The values are treated as secrets. They are compared with the distribution's, but never returned
            (RV(distribution.origins[].custom_headers) has C(VALUE_SPECIFIED_IN_NO_LOG_PARAMETER) instead) nor
            logged.
        type: dict
        default: {}
      connection_attempts:
        description: How many times CloudFront tries to connect to the origin, 1 to 3.
        type: int
        default: 3
      connection_timeout:
        description: Seconds CloudFront waits for a connection to the origin, 1 to 10.
        type: int
        default: 10
  default_cache_behavior:
    description:
      - How CloudFront serves the requests that no O(cache_behaviors) path pattern matches.
      - Required when O(state=present).
      - The module uses cache policies only. Legacy cache settings (C(ForwardedValues) and TTLs) of an
        existing behavior are replaced by O(default_cache_behavior.cache_policy_id).
    type: dict
    suboptions:
      target_origin_id:
        description:
          - The O(origins[].id) of the origin CloudFront forwards the requests to.
        type: str
        required: true
      viewer_protocol_policy:
        description:
          - What CloudFront does with viewers' plain HTTP requests.
        type: str
        default: redirect-to-https
        choices: ['allow-all', 'https-only', 'redirect-to-https']
      allowed_methods:
        description:
          - The HTTP methods CloudFront accepts and forwards to the origin. Their order does not matter.
          - CloudFront accepts three sets only, V([GET, HEAD]), V([GET, HEAD, OPTIONS]) and all seven.
        type: list
        elements: str
        default: ['GET', 'HEAD']
        choices: ['GET', 'HEAD', 'OPTIONS', 'PUT', 'POST', 'PATCH', 'DELETE']
      cached_methods:
        description:
          - The HTTP methods whose answers CloudFront caches, V([GET, HEAD]) or V([GET, HEAD, OPTIONS]), among
            the allowed ones.
        type: list
        elements: str
        default: ['GET', 'HEAD']
        choices: ['GET', 'HEAD', 'OPTIONS']
      compress:
        description:
          - Whether CloudFront compresses the objects it serves when the viewer accepts it.
        type: bool
        default: true
      cache_policy_id:
        description:
          - ID of the cache policy, such as the managed C(CachingOptimized) V(658327ea-f89d-4fab-a63d-7e88639e58f6)
            or C(CachingDisabled) V(4135ea2d-6df8-44a3-9df3-4b5a84be39ad).
        type: str
        required: true
      origin_request_policy_id:
        description:
          - ID of the origin request policy, such as the managed C(AllViewerExceptHostHeader)
            V(b689b0a8-53d0-40ab-baf2-68738e2966ac); omitted for none.
        type: str
      response_headers_policy_id:
        description:
          - ID of the response headers policy; omitted for none.
        type: str
  cache_behaviors:
    description:
      - How CloudFront serves the requests whose path matches a pattern, in order of precedence; CloudFront
        uses the first behavior that matches, so their order matters and is kept.
      - Each has the suboptions of O(default_cache_behavior), and a O(cache_behaviors[].path_pattern).
    type: list
    elements: dict
    default: []
    suboptions:
      path_pattern:
        description:
          - The pattern of request paths the behavior applies to, such as V(/api/*); unique in the distribution.
        type: str
        required: true
      target_origin_id:
        description:
          - The O(origins[].id) of the origin CloudFront forwards the requests to.
        type: str
        required: true
      viewer_protocol_policy:
        description:
          - What CloudFront does with viewers' plain HTTP requests.
        type: str
        default: redirect-to-https
        choices: ['allow-all', 'https-only', 'redirect-to-https']
      allowed_methods:
        description:
          - The HTTP methods CloudFront accepts and forwards to the origin. Their order does not matter.
          - CloudFront accepts three sets only, V([GET, HEAD]), V([GET, HEAD, OPTIONS]) and all seven.
        type: list
        elements: str
        default: ['GET', 'HEAD']
        choices: ['GET', 'HEAD', 'OPTIONS', 'PUT', 'POST', 'PATCH', 'DELETE']
      cached_methods:
        description:
          - The HTTP methods whose answers CloudFront caches, V([GET, HEAD]) or V([GET, HEAD, OPTIONS]), among
            the allowed ones.
        type: list
        elements: str
        default: ['GET', 'HEAD']
        choices: ['GET', 'HEAD', 'OPTIONS']
      compress:
        description:
          - Whether CloudFront compresses the objects it serves when the viewer accepts it.
        type: bool
        default: true
      cache_policy_id:
        description:
          - ID of the cache policy, such as the managed C(CachingOptimized) V(658327ea-f89d-4fab-a63d-7e88639e58f6)
            or C(CachingDisabled) V(4135ea2d-6df8-44a3-9df3-4b5a84be39ad).
        type: str
        required: true
      origin_request_policy_id:
        description:
          - ID of the origin request policy, such as the managed C(AllViewerExceptHostHeader)
            V(b689b0a8-53d0-40ab-baf2-68738e2966ac); omitted for none.
        type: str
      response_headers_policy_id:
        description:
          - ID of the response headers policy; omitted for none.
        type: str
  logging:
    description:
      - Where CloudFront writes its standard (legacy) access logs.
      - When omitted, logging is disabled.
    type: dict
    suboptions:
      bucket:
        description:
          - Domain name of the S3 bucket, such as V(my-logs.s3.amazonaws.com). The bucket must have ACLs
            enabled for CloudFront to write to it.
        type: str
        required: true
      prefix:
        description:
          - Prefix of the log file names, such as V(cloudfront/); V("") for none.
        type: str
        default: ""
      include_cookies:
        description:
          - Whether the logs include the cookies of the requests.
        type: bool
        default: false
  geo_restriction:
    description:
      - Which countries the distribution serves.
      - When omitted, every country.
    type: dict
    suboptions:
      restriction_type:
        description:
          - V(whitelist) serves only O(geo_restriction.locations), V(blacklist) every country but them,
            V(none) every country.
        type: str
        default: none
        choices: ['none', 'whitelist', 'blacklist']
      locations:
        description:
          - ISO 3166-1 alpha-2 country codes, such as V(FR); needed with V(whitelist) and V(blacklist), none
            with V(none). Their order does not matter.
        type: list
        elements: str
        default: []
  state:
    description:
      - Whether the distribution should exist.
      - CloudFront deletes only a disabled distribution whose last change is deployed. With O(state=absent)
        the module disables the distribution, waits until it is V(Deployed) and deletes it, which takes
        minutes; it does so only with O(wait=true). With O(wait=false) it deletes a distribution that is
        disabled and deployed already, and otherwise fails and changes nothing.
    type: str
    default: present
    choices: ['present', 'absent']
  wait:
    description:
      - Whether to wait until the distribution's status is V(Deployed) after creating or changing it, or before
        deleting it.
    type: bool
    default: false
  wait_timeout:
    description:
      - How many seconds to wait at most, for each wait.
    type: int
    default: 1800
notes:
  - The module builds the whole DistributionConfig from its options and compares it with the distribution's,
    ignoring the order of what CloudFront does not order (aliases, methods, origins, SSL protocols,
    countries) but not that of cache behaviors. When they differ, it sends the whole configuration with one
    UpdateDistribution call, with the ETag of its read (C(IfMatch)), so a change made meanwhile by someone
    else is refused rather than overwritten.
  - A distribution is created with CreateDistributionWithTags when O(tags) are given, so that it never exists
    untagged; tags are changed with TagResource and UntagResource.
  - Finding the distribution costs one GetDistributionConfig per distribution of the account in the worst
    case. Give a O(comment) or O(aliases) that no other distribution has to make it one.
  - CloudFront is a global service; its API answers in V(us-east-1), whatever region the task gives.
  - This module supports check mode and diff mode. The diff shows the configuration as the module returns
    it, without the values of custom headers.
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.tags
  - amazon.aws.boto3
"""

EXAMPLES = r"""
# Note: These examples do not set authentication details, see the AWS Guide for details.

- name: An origin access control for the site's bucket
  seed.aws_platform.cloudfront_origin_access_control:
    name: shop-assets
  register: oac

- name: The shop, static files from S3 and the API from a load balancer behind WAF
  seed.aws_platform.cloudfront_distribution:
    caller_reference: shop-production
    comment: shop production
    aliases:
      - shop.example.com
    default_root_object: index.html
    web_acl_id: arn:aws:wafv2:us-east-1:123456789012:global/webacl/shop/a1b2c3d4-5678-90ab-cdef-EXAMPLE11111
    viewer_certificate:
      acm_certificate_arn: arn:aws:acm:us-east-1:123456789012:certificate/12345678-1234-1234-1234-123456789012
    origins:
      - id: assets
        domain_name: shop-assets.s3.us-east-1.amazonaws.com
        s3: true
        origin_access_control_id: "{{ oac.origin_access_control.id }}"
      - id: api
        domain_name: shop-alb-1234567890.us-east-1.elb.amazonaws.com
        custom_headers:
          X-Origin-Verify: "{{ origin_verify_secret }}"
    default_cache_behavior:
      target_origin_id: assets
      cache_policy_id: 658327ea-f89d-4fab-a63d-7e88639e58f6  # CachingOptimized
    cache_behaviors:
      - path_pattern: /api/*
        target_origin_id: api
        viewer_protocol_policy: https-only
        allowed_methods: [GET, HEAD, OPTIONS, PUT, POST, PATCH, DELETE]
        cache_policy_id: 4135ea2d-6df8-44a3-9df3-4b5a84be39ad  # CachingDisabled
        origin_request_policy_id: b689b0a8-53d0-40ab-baf2-68738e2966ac  # AllViewerExceptHostHeader
    logging:
      bucket: shop-logs.s3.amazonaws.com
      prefix: cloudfront/
    tags:
      Environment: production
    wait: true
  register: shop

- name: Europe and North America only
  seed.aws_platform.cloudfront_distribution:
    caller_reference: shop-staging
    price_class: PriceClass_100
    geo_restriction:
      restriction_type: whitelist
      locations: [FR, DE, US, CA]
    origins:
      - id: site
        domain_name: staging.example.com
        custom_origin:
          protocol_policy: match-viewer
    default_cache_behavior:
      target_origin_id: site
      cache_policy_id: 658327ea-f89d-4fab-a63d-7e88639e58f6

- name: Delete it (disable, wait until deployed, delete)
  seed.aws_platform.cloudfront_distribution:
    caller_reference: shop-staging
    state: absent
    wait: true
"""

RETURN = r"""
distribution:
  description:
    - The distribution, its configuration in the shape of the module's options.
    - Empty when O(state=absent).
    - In check mode, a distribution that would be created has neither RV(distribution.id) nor the other
      attributes CloudFront gives it.
  returned: always
  type: dict
  contains:
    id:
      description: ID of the distribution.
      returned: when it exists
      type: str
      sample: E2QWRUHAPOMQZL
    arn:
      description: ARN of the distribution.
      returned: when it exists
      type: str
      sample: arn:aws:cloudfront::123456789012:distribution/E2QWRUHAPOMQZL
    domain_name:
      description: The distribution's own domain name, which the aliases' DNS records point to.
      returned: when it exists
      type: str
      sample: d111111abcdef8.cloudfront.net
    status:
      description: V(InProgress) while a change deploys, then V(Deployed).
      returned: when it exists
      type: str
      sample: Deployed
    etag:
      description: The version of the configuration, which a change must give (C(IfMatch)).
      returned: when it exists
      type: str
      sample: E2QWRUHEXAMPLE
    caller_reference:
      description: The distribution's identity (O(caller_reference)).
      returned: always
      type: str
      sample: shop-production
    comment:
      description: The comment.
      returned: always
      type: str
      sample: shop production
    enabled:
      description: Whether the distribution answers viewers.
      returned: always
      type: bool
      sample: true
    aliases:
      description: The alternate domain names, sorted.
      returned: always
      type: list
      elements: str
      sample: ["shop.example.com"]
    default_root_object:
      description: The object answered for the root URL.
      returned: always
      type: str
      sample: index.html
    price_class:
      description: The price class.
      returned: always
      type: str
      sample: PriceClass_100
    http_version:
      description: The highest HTTP version.
      returned: always
      type: str
      sample: http2and3
    ipv6_enabled:
      description: Whether IPv6 is enabled.
      returned: always
      type: bool
      sample: true
    web_acl_id:
      description: ARN of the web ACL, V("") for none.
      returned: always
      type: str
      sample: arn:aws:wafv2:us-east-1:123456789012:global/webacl/shop/a1b2c3d4-5678-90ab-cdef-EXAMPLE11111
    viewer_certificate:
      description:
        - The viewer certificate; for CloudFront's own, only C(cloudfront_default_certificate=true).
        - With an ACM certificate, C(cloudfront_default_certificate), C(acm_certificate_arn),
          C(minimum_protocol_version) and C(ssl_support_method); C(iam_certificate_id) for an IAM certificate
          set outside the module.
      returned: always
      type: dict
      sample: {"cloudfront_default_certificate": true}
    origins:
      description:
        - The origins, sorted by ID, with the keys of O(origins).
      returned: always
      type: list
      elements: dict
      contains:
        id:
          description: ID of the origin.
          returned: always
          type: str
        domain_name:
          description: Domain name of the origin.
          returned: always
          type: str
        origin_path:
          description: The directory prepended to request paths, V("") for none.
          returned: always
          type: str
        s3:
          description: Whether the origin is an S3 bucket.
          returned: always
          type: bool
        custom_origin:
          description:
            - How CloudFront reaches a web server origin, with the keys of O(origins[].custom_origin); null for an
              S3 origin.
          returned: always
          type: dict
        origin_access_control_id:
          description: ID of the origin access control, V("") for none.
          returned: always
          type: str
        origin_access_identity:
          description: The legacy origin access identity of an S3 origin, which the module removes.
          returned: when the origin has one
          type: str
        custom_headers:
          description:
            - The names of the custom headers, each mapped to C(VALUE_SPECIFIED_IN_NO_LOG_PARAMETER), never to
              its value.
          returned: always
          type: dict
        connection_attempts:
          description: How many times CloudFront tries to connect.
          returned: always
          type: int
        connection_timeout:
          description: Seconds CloudFront waits for a connection.
          returned: always
          type: int
      sample:
        - id: api
          domain_name: shop-alb-1234567890.us-east-1.elb.amazonaws.com
          origin_path: ""
          s3: false
          custom_origin:
            http_port: 80
            https_port: 443
            protocol_policy: https-only
            ssl_protocols: ["TLSv1.2"]
            read_timeout: 30
            keepalive_timeout: 5
          origin_access_control_id: ""
          custom_headers:
            X-Origin-Verify: VALUE_SPECIFIED_IN_NO_LOG_PARAMETER
          connection_attempts: 3
          connection_timeout: 10
    default_cache_behavior:
      description: The default cache behavior, with the keys of O(default_cache_behavior); methods sorted.
      returned: always
      type: dict
      sample:
        target_origin_id: assets
        viewer_protocol_policy: redirect-to-https
        allowed_methods: ["GET", "HEAD"]
        cached_methods: ["GET", "HEAD"]
        compress: true
        cache_policy_id: 658327ea-f89d-4fab-a63d-7e88639e58f6
        origin_request_policy_id: ""
        response_headers_policy_id: ""
    cache_behaviors:
      description: The cache behaviors in order of precedence, each with C(path_pattern) and the keys of RV(distribution.default_cache_behavior).
      returned: always
      type: list
      elements: dict
    logging:
      description: The logging settings, C(bucket), C(prefix) and C(include_cookies); null when logging is disabled.
      returned: always
      type: dict
      sample: {"bucket": "shop-logs.s3.amazonaws.com", "prefix": "cloudfront/", "include_cookies": false}
    geo_restriction:
      description: The geographic restriction, C(restriction_type) and sorted C(locations).
      returned: always
      type: dict
      sample: {"restriction_type": "none", "locations": []}
    tags:
      description: Tags of the distribution.
      returned: always
      type: dict
      sample: {"Environment": "production"}
"""

import re
from typing import Any
from typing import Dict
from typing import List
from typing import Optional
from typing import Tuple

try:
    import botocore
except ImportError:
    pass  # Handled by AnsibleAWSModule

from ansible.module_utils.common.text.converters import to_text

from ansible_collections.amazon.aws.plugins.module_utils.botocore import is_boto3_error_code
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.amazon.aws.plugins.module_utils.tagging import ansible_dict_to_boto3_tag_list
from ansible_collections.amazon.aws.plugins.module_utils.tagging import boto3_tag_list_to_ansible_dict

from ansible_collections.seed.aws_platform.plugins.module_utils.cloudfront_distributions import cloudfront_client
from ansible_collections.seed.aws_platform.plugins.module_utils.cloudfront_distributions import find_distribution
from ansible_collections.seed.aws_platform.plugins.module_utils.cloudfront_distributions import items
from ansible_collections.seed.aws_platform.plugins.module_utils.cloudfront_distributions import quantity_items
from ansible_collections.seed.aws_platform.plugins.module_utils.cloudfront_distributions import wait_until_deployed
from ansible_collections.seed.aws_platform.plugins.module_utils.tag_map import converge_tags
from ansible_collections.seed.aws_platform.plugins.module_utils.tag_map import tag_map

NOT_FOUND_CODE = "NoSuchDistribution"
# What the module returns instead of a custom header's value, as Ansible masks no_log values.
MASK = "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER"
# The order in which the module sends methods; CloudFront accepts three sets of them only.
METHODS = ("GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE")
ALLOWED_METHOD_SETS = ({"GET", "HEAD"}, {"GET", "HEAD", "OPTIONS"}, set(METHODS))
CACHED_METHOD_SETS = ({"GET", "HEAD"}, {"GET", "HEAD", "OPTIONS"})
# Origin and cache behavior keys the module sets; the others of an existing origin or behavior are kept.
ORIGIN_KEYS = {
    "Id",
    "DomainName",
    "OriginPath",
    "CustomHeaders",
    "S3OriginConfig",
    "CustomOriginConfig",
    "VpcOriginConfig",
    "ConnectionAttempts",
    "ConnectionTimeout",
    "OriginAccessControlId",
}
# The legacy cache settings (ForwardedValues and TTLs) go too: CloudFront refuses them beside a cache policy.
BEHAVIOR_KEYS = {
    "PathPattern",
    "TargetOriginId",
    "ViewerProtocolPolicy",
    "AllowedMethods",
    "Compress",
    "CachePolicyId",
    "OriginRequestPolicyId",
    "ResponseHeadersPolicyId",
    "ForwardedValues",
    "MinTTL",
    "DefaultTTL",
    "MaxTTL",
}
POLICY_OPTIONS = (
    ("OriginRequestPolicyId", "origin_request_policy_id"),
    ("ResponseHeadersPolicyId", "response_headers_policy_id"),
)
# CloudFront takes WAFv2 web ACLs of scope CLOUDFRONT only, which live in us-east-1 under "global".
WEB_ACL_ARN = re.compile(r"^arn:aws[a-z-]*:wafv2:us-east-1:\d{12}:global/webacl/[^/]+/[^/]+$")
# CloudFront takes certificates from ACM in us-east-1 only.
ACM_ARN = re.compile(r"^arn:aws[a-z-]*:acm:us-east-1:\d{12}:certificate/.+$")
LOG_BUCKET = re.compile(r"^[a-z0-9][a-z0-9.-]*\.s3(\.[a-z0-9-]+)?\.amazonaws\.com(\.cn)?$")
COUNTRY = re.compile(r"^[A-Z]{2}$")

CUSTOM_ORIGIN_SPEC = dict(
    http_port=dict(type="int", default=80),
    https_port=dict(type="int", default=443),
    protocol_policy=dict(type="str", default="https-only", choices=["http-only", "match-viewer", "https-only"]),
    ssl_protocols=dict(
        type="list", elements="str", default=["TLSv1.2"], choices=["SSLv3", "TLSv1", "TLSv1.1", "TLSv1.2"]
    ),
    read_timeout=dict(type="int", default=30),
    keepalive_timeout=dict(type="int", default=5),
)
# What an origin without custom_origin gets: the defaults of its suboptions.
CUSTOM_ORIGIN_DEFAULTS = {name: spec["default"] for name, spec in CUSTOM_ORIGIN_SPEC.items()}


def methods(names: List[str]) -> List[str]:
    """HTTP methods without duplicates, in the module's order, for sending and for comparing."""
    return [method for method in METHODS if method in set(names)]


# --- validation ---------------------------------------------------------------------------------


def validate_behavior(module: AnsibleAWSModule, behavior: Dict[str, Any], where: str, origin_ids: List[str]) -> None:
    if behavior["target_origin_id"] not in origin_ids:
        module.fail_json(
            msg=f"{where} targets origin {behavior['target_origin_id']!r}, which is not among the origins"
            f" ({', '.join(origin_ids) or 'none'})."
        )
    allowed, cached = set(behavior["allowed_methods"]), set(behavior["cached_methods"])
    if allowed not in ALLOWED_METHOD_SETS:
        module.fail_json(
            msg=f"{where} allows {', '.join(methods(list(allowed)))}: CloudFront accepts GET and HEAD; GET, HEAD"
            " and OPTIONS; or all of GET, HEAD, OPTIONS, PUT, POST, PATCH and DELETE."
        )
    if cached not in CACHED_METHOD_SETS or not cached <= allowed:
        module.fail_json(
            msg=f"{where} caches {', '.join(methods(list(cached)))}: CloudFront caches GET and HEAD, or GET, HEAD"
            " and OPTIONS, and only methods it allows."
        )


def validate_origins(module: AnsibleAWSModule) -> List[str]:
    """Check the origins and return their IDs."""
    origin_ids = []
    for origin in module.params["origins"] or []:
        if not origin["id"]:
            module.fail_json(msg="Every origin needs a non-empty id.")
        if origin["id"] in origin_ids:
            module.fail_json(msg=f"Two origins have the id {origin['id']!r}: origin ids must be unique.")
        origin_ids.append(origin["id"])
        path = origin["origin_path"]
        if path and (not path.startswith("/") or path.endswith("/")):
            module.fail_json(
                msg=f"origin_path {path!r} of origin {origin['id']} must start with a slash and not end with one."
            )
        if origin["s3"] and origin["custom_origin"] is not None:
            module.fail_json(msg=f"Origin {origin['id']} cannot be both an S3 origin (s3) and a custom_origin.")
    return origin_ids


def validate_params(module: AnsibleAWSModule) -> None:
    params = module.params
    if not params["caller_reference"]:
        module.fail_json(msg="caller_reference cannot be empty.")
    if params["wait_timeout"] < 1:
        module.fail_json(msg=f"wait_timeout must be at least 1 second, not {params['wait_timeout']}.")
    if params["state"] == "absent":
        return
    origin_ids = validate_origins(module)
    validate_behavior(module, params["default_cache_behavior"], "default_cache_behavior", origin_ids)
    patterns = []
    for behavior in params["cache_behaviors"]:
        if behavior["path_pattern"] in patterns:
            module.fail_json(msg=f"Two cache behaviors have the path_pattern {behavior['path_pattern']!r}.")
        patterns.append(behavior["path_pattern"])
        validate_behavior(module, behavior, f"The cache behavior of {behavior['path_pattern']!r}", origin_ids)
    if params["default_root_object"].startswith("/"):
        module.fail_json(msg="default_root_object is an object name such as index.html, without a leading slash.")
    if params["web_acl_id"] and not WEB_ACL_ARN.match(params["web_acl_id"]):
        module.fail_json(
            msg=f"web_acl_id {params['web_acl_id']!r} is not the ARN of a WAFv2 web ACL of scope CLOUDFRONT"
            " (arn:aws:wafv2:us-east-1:ACCOUNT:global/webacl/NAME/ID)."
        )
    certificate = (params["viewer_certificate"] or {}).get("acm_certificate_arn")
    if certificate and not ACM_ARN.match(certificate):
        module.fail_json(
            msg=f"acm_certificate_arn {certificate!r} is not the ARN of an ACM certificate in us-east-1, the only"
            " region CloudFront takes certificates from."
        )
    if params["logging"] and not LOG_BUCKET.match(params["logging"]["bucket"]):
        module.fail_json(
            msg=f"logging bucket {params['logging']['bucket']!r} must be the domain name of an S3 bucket, such as"
            " my-logs.s3.amazonaws.com."
        )
    geo = params["geo_restriction"] or {}
    if geo:
        if (geo["restriction_type"] == "none") != (not geo["locations"]):
            module.fail_json(
                msg="geo_restriction needs locations with restriction_type whitelist or blacklist, and none with none."
            )
        wrong = [location for location in geo["locations"] if not COUNTRY.match(location)]
        if wrong:
            module.fail_json(
                msg=f"geo_restriction locations must be ISO 3166-1 alpha-2 codes such as FR, not {', '.join(wrong)}."
            )


# --- the configuration the task asks for --------------------------------------------------------------


def build_origin(origin: Dict[str, Any], existing: Optional[Dict[str, Any]]) -> Dict[str, Any]:
    """The Origin the task asks for, with the settings the module has no option for kept from ``existing``."""
    existing = existing or {}
    built = {key: value for key, value in existing.items() if key not in ORIGIN_KEYS}
    headers = [
        dict(HeaderName=name, HeaderValue=to_text(value)) for name, value in sorted(origin["custom_headers"].items())
    ]
    built.update(
        Id=origin["id"],
        DomainName=origin["domain_name"],
        OriginPath=origin["origin_path"],
        CustomHeaders=quantity_items(headers),
        ConnectionAttempts=origin["connection_attempts"],
        ConnectionTimeout=origin["connection_timeout"],
        OriginAccessControlId=origin["origin_access_control_id"] or "",
    )
    if origin["s3"]:
        # An empty identity: the bucket is read with the origin access control, or is public.
        built["S3OriginConfig"] = dict(existing.get("S3OriginConfig") or {}, OriginAccessIdentity="")
    else:
        custom = origin["custom_origin"] or CUSTOM_ORIGIN_DEFAULTS
        built["CustomOriginConfig"] = dict(
            existing.get("CustomOriginConfig") or {},
            HTTPPort=custom["http_port"],
            HTTPSPort=custom["https_port"],
            OriginProtocolPolicy=custom["protocol_policy"],
            OriginSslProtocols=quantity_items(sorted(set(custom["ssl_protocols"]))),
            OriginReadTimeout=custom["read_timeout"],
            OriginKeepaliveTimeout=custom["keepalive_timeout"],
        )
    return built


def build_behavior(behavior: Dict[str, Any], existing: Optional[Dict[str, Any]]) -> Dict[str, Any]:
    """The (Default)CacheBehavior the task asks for, keeping the settings of ``existing`` the module has no option for."""
    built = {key: value for key, value in (existing or {}).items() if key not in BEHAVIOR_KEYS}
    if behavior.get("path_pattern") is not None:
        built["PathPattern"] = behavior["path_pattern"]
    built.update(
        TargetOriginId=behavior["target_origin_id"],
        ViewerProtocolPolicy=behavior["viewer_protocol_policy"],
        AllowedMethods=dict(
            quantity_items(methods(behavior["allowed_methods"])),
            CachedMethods=quantity_items(methods(behavior["cached_methods"])),
        ),
        Compress=behavior["compress"],
        CachePolicyId=behavior["cache_policy_id"],
    )
    for key, option in POLICY_OPTIONS:
        if behavior[option]:
            built[key] = behavior[option]
    return built


def build_viewer_certificate(certificate: Optional[Dict[str, Any]]) -> Dict[str, Any]:
    if not (certificate or {}).get("acm_certificate_arn"):
        # CloudFront sets TLSv1 itself for its own certificate, whatever a request says.
        return dict(CloudFrontDefaultCertificate=True)
    return dict(
        CloudFrontDefaultCertificate=False,
        ACMCertificateArn=certificate["acm_certificate_arn"],
        SSLSupportMethod=certificate["ssl_support_method"],
        MinimumProtocolVersion=certificate["minimum_protocol_version"],
    )


def build_config(module: AnsibleAWSModule, existing: Optional[Dict[str, Any]]) -> Dict[str, Any]:
    """The whole DistributionConfig the task asks for; UpdateDistribution replaces all of it.

    The top-level settings the module has no option for (origin groups, custom error responses...) are kept
    from ``existing``, as are those of the origins and behaviors it matches by id and path pattern.
    """
    params = module.params
    existing = existing or {}
    origins = {origin["Id"]: origin for origin in items(existing.get("Origins"))}
    behaviors = {behavior["PathPattern"]: behavior for behavior in items(existing.get("CacheBehaviors"))}
    logging = params["logging"]
    geo = params["geo_restriction"] or dict(restriction_type="none", locations=[])
    config = dict(existing)
    config.update(
        CallerReference=params["caller_reference"],
        Comment=params["comment"] if params["comment"] is not None else existing.get("Comment", ""),
        Enabled=params["enabled"],
        Aliases=quantity_items(sorted(set(params["aliases"]))),
        DefaultRootObject=params["default_root_object"],
        PriceClass=params["price_class"],
        HttpVersion=params["http_version"],
        IsIPV6Enabled=params["ipv6_enabled"],
        WebACLId=params["web_acl_id"],
        ViewerCertificate=build_viewer_certificate(params["viewer_certificate"]),
        Origins=quantity_items(build_origin(origin, origins.get(origin["id"])) for origin in params["origins"]),
        DefaultCacheBehavior=build_behavior(params["default_cache_behavior"], existing.get("DefaultCacheBehavior")),
        CacheBehaviors=quantity_items(
            build_behavior(behavior, behaviors.get(behavior["path_pattern"])) for behavior in params["cache_behaviors"]
        ),
        Logging=(
            dict(
                Enabled=True,
                IncludeCookies=logging["include_cookies"],
                Bucket=logging["bucket"],
                Prefix=logging["prefix"],
            )
            if logging
            else dict(Enabled=False, IncludeCookies=False, Bucket="", Prefix="")
        ),
        Restrictions=dict(
            GeoRestriction=dict(quantity_items(sorted(set(geo["locations"]))), RestrictionType=geo["restriction_type"])
        ),
    )
    return config


# --- the configuration as the module compares and returns it ----------------------------------------


def origin_view(origin: Dict[str, Any], reveal: bool) -> Dict[str, Any]:
    custom = origin.get("CustomOriginConfig")
    view = dict(
        id=origin["Id"],
        domain_name=origin["DomainName"],
        origin_path=origin.get("OriginPath") or "",
        s3="S3OriginConfig" in origin,
        custom_origin=None,
        origin_access_control_id=origin.get("OriginAccessControlId") or "",
        custom_headers={
            header["HeaderName"]: header["HeaderValue"] if reveal else MASK
            for header in items(origin.get("CustomHeaders"))
        },
        connection_attempts=origin.get("ConnectionAttempts"),
        connection_timeout=origin.get("ConnectionTimeout"),
    )
    if custom is not None:
        view["custom_origin"] = dict(
            http_port=custom.get("HTTPPort"),
            https_port=custom.get("HTTPSPort"),
            protocol_policy=custom.get("OriginProtocolPolicy"),
            ssl_protocols=sorted(items(custom.get("OriginSslProtocols"))),
            read_timeout=custom.get("OriginReadTimeout"),
            keepalive_timeout=custom.get("OriginKeepaliveTimeout"),
        )
    identity = (origin.get("S3OriginConfig") or {}).get("OriginAccessIdentity")
    if identity:
        # Only shown when set, which the module undoes: it makes the difference visible.
        view["origin_access_identity"] = identity
    return view


def behavior_view(behavior: Dict[str, Any]) -> Dict[str, Any]:
    allowed = behavior.get("AllowedMethods") or {}
    view = {"path_pattern": behavior["PathPattern"]} if "PathPattern" in behavior else {}
    view.update(
        target_origin_id=behavior.get("TargetOriginId"),
        viewer_protocol_policy=behavior.get("ViewerProtocolPolicy"),
        allowed_methods=methods(items(allowed)),
        cached_methods=methods(items(allowed.get("CachedMethods"))),
        compress=bool(behavior.get("Compress")),
        cache_policy_id=behavior.get("CachePolicyId") or "",
    )
    for key, option in POLICY_OPTIONS:
        view[option] = behavior.get(key) or ""
    return view


def certificate_view(certificate: Dict[str, Any]) -> Dict[str, Any]:
    if certificate.get("ACMCertificateArn"):
        return dict(
            cloudfront_default_certificate=False,
            acm_certificate_arn=certificate["ACMCertificateArn"],
            minimum_protocol_version=certificate.get("MinimumProtocolVersion"),
            ssl_support_method=certificate.get("SSLSupportMethod"),
        )
    if certificate.get("IAMCertificateId"):
        return dict(cloudfront_default_certificate=False, iam_certificate_id=certificate["IAMCertificateId"])
    return dict(cloudfront_default_certificate=True)


def config_view(config: Dict[str, Any], reveal: bool = False) -> Dict[str, Any]:
    """The settings the module manages, snake_cased in the shape of its options, what AWS does not order sorted.

    Two configurations that CloudFront treats the same have the same view with ``reveal`` (the values of
    custom headers); without it, the values are masked, for returning.
    """
    logging = config.get("Logging") or {}
    geo = (config.get("Restrictions") or {}).get("GeoRestriction") or {}
    return dict(
        comment=config.get("Comment", ""),
        enabled=config.get("Enabled"),
        aliases=sorted(items(config.get("Aliases"))),
        default_root_object=config.get("DefaultRootObject") or "",
        price_class=config.get("PriceClass"),
        http_version=config.get("HttpVersion"),
        ipv6_enabled=config.get("IsIPV6Enabled"),
        web_acl_id=config.get("WebACLId") or "",
        viewer_certificate=certificate_view(config.get("ViewerCertificate") or {}),
        origins=sorted((origin_view(origin, reveal) for origin in items(config.get("Origins"))), key=lambda o: o["id"]),
        default_cache_behavior=behavior_view(config.get("DefaultCacheBehavior") or {}),
        cache_behaviors=[behavior_view(behavior) for behavior in items(config.get("CacheBehaviors"))],
        logging=(
            dict(
                bucket=logging.get("Bucket"),
                prefix=logging.get("Prefix") or "",
                include_cookies=bool(logging.get("IncludeCookies")),
            )
            if logging.get("Enabled")
            else None
        ),
        geo_restriction=dict(restriction_type=geo.get("RestrictionType", "none"), locations=sorted(items(geo))),
    )


def normalize_distribution(distribution: Optional[Dict[str, Any]]) -> Dict[str, Any]:
    """The distribution as the module returns it, or an empty dict."""
    if not distribution:
        return {}
    config = distribution["DistributionConfig"]
    result = {}
    for key, name in (
        ("Id", "id"),
        ("ARN", "arn"),
        ("DomainName", "domain_name"),
        ("Status", "status"),
        ("ETag", "etag"),
    ):
        if key in distribution:
            result[name] = distribution[key]
    result["caller_reference"] = config["CallerReference"]
    result.update(config_view(config))
    result["tags"] = distribution.get("Tags", {})
    return result


def diff_view(distribution: Optional[Dict[str, Any]]) -> Dict[str, Any]:
    """The returned distribution without what changes by itself (status, ETag)."""
    return {key: value for key, value in normalize_distribution(distribution).items() if key not in ("status", "etag")}


# --- AWS ------------------------------------------------------------------------------------------


def list_tags(client, module: AnsibleAWSModule, arn: str) -> Dict[str, str]:
    try:
        tags = client.list_tags_for_resource(aws_retry=True, Resource=arn)["Tags"]
    except (botocore.exceptions.ClientError, botocore.exceptions.BotoCoreError) as e:
        module.fail_json_aws(e, msg=f"Failed to list the tags of {arn}")
    return boto3_tag_list_to_ansible_dict(items(tags))


def find(client, module: AnsibleAWSModule) -> Optional[Dict[str, Any]]:
    """The distribution with its DistributionConfig, ETag and tags, or None."""
    params = module.params
    try:
        found = find_distribution(client, params["caller_reference"], params["comment"], params["aliases"] or [])
    except (botocore.exceptions.ClientError, botocore.exceptions.BotoCoreError) as e:
        module.fail_json_aws(
            e, msg=f"Failed to look up the distribution of caller reference {params['caller_reference']}"
        )
    if found is None:
        return None
    return dict(found, Tags=list_tags(client, module, found["ARN"]))


def wait(client, module: AnsibleAWSModule, distribution: Dict[str, Any]) -> Dict[str, Any]:
    """The distribution once Deployed, with the tags known."""
    try:
        deployed = wait_until_deployed(client, module, distribution["Id"])
    except (botocore.exceptions.ClientError, botocore.exceptions.BotoCoreError) as e:
        module.fail_json_aws(e, msg=f"Failed to wait for distribution {distribution['Id']}")
    return dict(deployed, Tags=distribution["Tags"])


def create(client, module: AnsibleAWSModule) -> Dict[str, Any]:
    config = build_config(module, None)
    tags = tag_map(module.params["tags"] or {})
    if module.check_mode:
        return dict(DistributionConfig=config, Tags=tags)
    try:
        if tags:
            answer = client.create_distribution_with_tags(
                aws_retry=True,
                DistributionConfigWithTags=dict(
                    DistributionConfig=config, Tags=dict(Items=ansible_dict_to_boto3_tag_list(tags))
                ),
            )
        else:
            answer = client.create_distribution(aws_retry=True, DistributionConfig=config)
    except (botocore.exceptions.ClientError, botocore.exceptions.BotoCoreError) as e:
        module.fail_json_aws(
            e, msg=f"Failed to create the distribution of caller reference {config['CallerReference']}"
        )
    return dict(answer["Distribution"], ETag=answer["ETag"], Tags=tags)


def update(client, module: AnsibleAWSModule, distribution: Dict[str, Any], config: Dict[str, Any]) -> Dict[str, Any]:
    """UpdateDistribution with the ETag of the module's read; the updated distribution with its new ETag."""
    distribution_id = distribution["Id"]
    try:
        answer = client.update_distribution(
            aws_retry=True, Id=distribution_id, IfMatch=distribution["ETag"], DistributionConfig=config
        )
    except is_boto3_error_code("PreconditionFailed"):
        module.fail_json(
            msg=f"Distribution {distribution_id} was changed by someone else while the module was updating it;"
            " run the task again."
        )
    except is_boto3_error_code(NOT_FOUND_CODE):  # pylint: disable=duplicate-except
        module.fail_json(msg=f"Distribution {distribution_id} was deleted while the module was updating it.")
    except (
        botocore.exceptions.ClientError,
        botocore.exceptions.BotoCoreError,
    ) as e:  # pylint: disable=duplicate-except
        module.fail_json_aws(e, msg=f"Failed to update distribution {distribution_id}")
    return dict(answer["Distribution"], ETag=answer["ETag"], Tags=distribution["Tags"])


def update_tags(client, module: AnsibleAWSModule, distribution: Dict[str, Any]) -> Tuple[bool, Dict[str, str]]:
    """Converge the distribution's tags to ``tags`` and ``purge_tags``; return whether they change and the tags after."""
    arn = distribution.get("ARN", "")

    def apply(to_set: Dict[str, str], to_unset: List[str]) -> None:
        if to_unset:
            client.untag_resource(aws_retry=True, Resource=arn, TagKeys=dict(Items=to_unset))
        if to_set:
            client.tag_resource(aws_retry=True, Resource=arn, Tags=dict(Items=ansible_dict_to_boto3_tag_list(to_set)))

    return converge_tags(module, distribution["Tags"], apply, lambda: arn)


def ensure_present(client, module: AnsibleAWSModule, existing: Optional[Dict[str, Any]]) -> Tuple[bool, Dict[str, Any]]:
    if existing is None:
        distribution = create(client, module)
        if module.params["wait"] and not module.check_mode:
            distribution = wait(client, module, distribution)
        return True, distribution

    current = existing["DistributionConfig"]
    config = build_config(module, current)
    config_changed = config_view(config, reveal=True) != config_view(current, reveal=True)
    tags_changed, tags = update_tags(client, module, existing)
    distribution = dict(existing, Tags=tags)
    if config_changed:
        if module.check_mode:
            distribution["DistributionConfig"] = config
        else:
            distribution = update(client, module, distribution, config)
    if module.params["wait"] and not module.check_mode and distribution["Status"] != "Deployed":
        distribution = wait(client, module, distribution)
    return config_changed or tags_changed, distribution


def ensure_absent(client, module: AnsibleAWSModule, existing: Optional[Dict[str, Any]]) -> bool:
    if existing is None:
        return False
    distribution_id = existing["Id"]
    config = existing["DistributionConfig"]
    ready = not config["Enabled"] and existing["Status"] == "Deployed"
    if not (ready or module.params["wait"]):
        state = "enabled" if config["Enabled"] else f"disabled but {existing['Status']}"
        module.fail_json(
            msg=f"Distribution {distribution_id} is {state}: CloudFront deletes only a disabled distribution whose"
            " last change is deployed, which takes minutes. Set wait to true to have the module disable it, wait"
            " and delete it; or disable it (enabled: false) and delete it once its status is Deployed.",
            distribution=normalize_distribution(existing),
        )
    if module.check_mode:
        return True
    distribution = existing
    if config["Enabled"]:
        distribution = update(client, module, existing, dict(config, Enabled=False))
    if distribution["Status"] != "Deployed":
        distribution = wait(client, module, distribution)
    try:
        client.delete_distribution(aws_retry=True, Id=distribution_id, IfMatch=distribution["ETag"])
    except is_boto3_error_code(NOT_FOUND_CODE):
        # Deleted by someone else since we read it: that is the goal anyway.
        return False
    except is_boto3_error_code(
        ["DistributionNotDisabled", "PreconditionFailed"]
    ) as e:  # pylint: disable=duplicate-except
        module.fail_json_aws(
            e,
            msg=f"Distribution {distribution_id} was changed by someone else while the module was deleting it; run the task again",
        )
    except (
        botocore.exceptions.ClientError,
        botocore.exceptions.BotoCoreError,
    ) as e:  # pylint: disable=duplicate-except
        module.fail_json_aws(e, msg=f"Failed to delete distribution {distribution_id}")
    return True


def main() -> None:
    behavior_options = dict(
        target_origin_id=dict(type="str", required=True),
        viewer_protocol_policy=dict(
            type="str", default="redirect-to-https", choices=["allow-all", "https-only", "redirect-to-https"]
        ),
        allowed_methods=dict(type="list", elements="str", default=["GET", "HEAD"], choices=list(METHODS)),
        cached_methods=dict(type="list", elements="str", default=["GET", "HEAD"], choices=["GET", "HEAD", "OPTIONS"]),
        compress=dict(type="bool", default=True),
        cache_policy_id=dict(type="str", required=True),
        origin_request_policy_id=dict(type="str"),
        response_headers_policy_id=dict(type="str"),
    )
    argument_spec = dict(
        caller_reference=dict(type="str", required=True),
        comment=dict(type="str"),
        enabled=dict(type="bool", default=True),
        aliases=dict(type="list", elements="str", default=[]),
        default_root_object=dict(type="str", default=""),
        price_class=dict(
            type="str", default="PriceClass_100", choices=["PriceClass_100", "PriceClass_200", "PriceClass_All"]
        ),
        http_version=dict(type="str", default="http2and3", choices=["http1.1", "http2", "http3", "http2and3"]),
        ipv6_enabled=dict(type="bool", default=True),
        web_acl_id=dict(type="str", default=""),
        viewer_certificate=dict(
            type="dict",
            options=dict(
                acm_certificate_arn=dict(type="str"),
                minimum_protocol_version=dict(
                    type="str",
                    default="TLSv1.2_2021",
                    choices=[
                        "SSLv3",
                        "TLSv1",
                        "TLSv1_2016",
                        "TLSv1.1_2016",
                        "TLSv1.2_2018",
                        "TLSv1.2_2019",
                        "TLSv1.2_2021",
                        "TLSv1.2_2025",
                        "TLSv1.3_2025",
                    ],
                ),
                ssl_support_method=dict(type="str", default="sni-only", choices=["sni-only", "vip", "static-ip"]),
            ),
        ),
        origins=dict(
            type="list",
            elements="dict",
            options=dict(
                id=dict(type="str", required=True),
                domain_name=dict(type="str", required=True),
                origin_path=dict(type="str", default=""),
                s3=dict(type="bool", default=False),
                custom_origin=dict(type="dict", options=CUSTOM_ORIGIN_SPEC),
                origin_access_control_id=dict(type="str"),
                # The values are secrets, such as the one an origin checks to refuse requests bypassing CloudFront.
                custom_headers=dict(type="dict", default={}, no_log=True),
                connection_attempts=dict(type="int", default=3),
                connection_timeout=dict(type="int", default=10),
            ),
        ),
        default_cache_behavior=dict(type="dict", options=behavior_options),
        cache_behaviors=dict(
            type="list",
            elements="dict",
            default=[],
            options=dict(behavior_options, path_pattern=dict(type="str", required=True)),
        ),
        logging=dict(
            type="dict",
            options=dict(
                bucket=dict(type="str", required=True),
                prefix=dict(type="str", default=""),
                include_cookies=dict(type="bool", default=False),
            ),
        ),
        geo_restriction=dict(
            type="dict",
            options=dict(
                restriction_type=dict(type="str", default="none", choices=["none", "whitelist", "blacklist"]),
                locations=dict(type="list", elements="str", default=[]),
            ),
        ),
        state=dict(type="str", default="present", choices=["present", "absent"]),
        wait=dict(type="bool", default=False),
        wait_timeout=dict(type="int", default=1800),
        tags=dict(type="dict", aliases=["resource_tags"]),
        purge_tags=dict(type="bool", default=True),
    )

    module = AnsibleAWSModule(
        argument_spec=argument_spec,
        supports_check_mode=True,
        required_if=[("state", "present", ["origins", "default_cache_behavior"])],
    )
    validate_params(module)

    client = cloudfront_client(module)
    existing = find(client, module)

    if module.params["state"] == "present":
        changed, distribution = ensure_present(client, module, existing)
    else:
        changed, distribution = ensure_absent(client, module, existing), None

    result = dict(changed=changed, distribution=normalize_distribution(distribution))
    if module._diff:
        result["diff"] = dict(
            before=dict(distribution=diff_view(existing)), after=dict(distribution=diff_view(distribution))
        )
    module.exit_json(**result)


if __name__ == "__main__":
    main()
