"""Extension cloudfront_distribution_arn: arn:aws:cloudfront::ACCOUNT:distribution/ID, tags on that ARN."""

import re

ARN = re.compile(r"arn:aws:cloudfront::123456789012:distribution/[A-Z0-9]+")


def test_a_distribution_has_the_global_arn_and_its_tags_live_there(aws):
    cloudfront = aws("cloudfront")
    config = {
        "CallerReference": "arn-test", "Comment": "arn-test", "Enabled": True,
        "Origins": {"Quantity": 1, "Items": [{"Id": "site", "DomainName": "site.example.com",
                                             "CustomOriginConfig": {"HTTPPort": 80, "HTTPSPort": 443,
                                                                    "OriginProtocolPolicy": "https-only"}}]},
        "DefaultCacheBehavior": {"TargetOriginId": "site", "ViewerProtocolPolicy": "redirect-to-https",
                                 "CachePolicyId": "658327ea-f89d-4fab-a63d-7e88639e58f6"},
    }
    created = cloudfront.create_distribution_with_tags(DistributionConfigWithTags={
        "DistributionConfig": config, "Tags": {"Items": [{"Key": "Name", "Value": "arn-test"}]}})["Distribution"]
    assert ARN.fullmatch(created["ARN"])
    assert cloudfront.get_distribution(Id=created["Id"])["Distribution"]["ARN"] == created["ARN"]
    assert cloudfront.list_tags_for_resource(Resource=created["ARN"])["Tags"]["Items"] == [{"Key": "Name", "Value": "arn-test"}]
