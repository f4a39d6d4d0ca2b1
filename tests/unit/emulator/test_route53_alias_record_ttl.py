"""Extension route53_alias_record_ttl: alias records come back without a TTL; others keep theirs."""


def test_alias_records_have_no_ttl_and_plain_records_keep_theirs(aws):
    route53 = aws("route53")
    zone = route53.create_hosted_zone(Name="alias.example.com", CallerReference="alias-ttl")["HostedZone"]["Id"]
    route53.change_resource_record_sets(HostedZoneId=zone, ChangeBatch={"Changes": [
        {"Action": "UPSERT", "ResourceRecordSet": {
            "Name": "alias.example.com.", "Type": "A",
            "AliasTarget": {"HostedZoneId": "Z35SXDOTRQ7X7K", "DNSName": "my-alb-1.us-east-1.elb.amazonaws.com",
                            "EvaluateTargetHealth": True}}},
        {"Action": "UPSERT", "ResourceRecordSet": {
            "Name": "www.alias.example.com.", "Type": "CNAME", "TTL": 300,
            "ResourceRecords": [{"Value": "alias.example.com"}]}},
    ]})
    records = {(r["Name"], r["Type"]): r for r in route53.list_resource_record_sets(HostedZoneId=zone)["ResourceRecordSets"]}
    alias = records[("alias.example.com.", "A")]
    assert "TTL" not in alias and alias["AliasTarget"]["EvaluateTargetHealth"] is True
    assert records[("www.alias.example.com.", "CNAME")]["TTL"] == 300
