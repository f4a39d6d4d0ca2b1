"""Extension backup_vault_not_found: DescribeBackupVault of a missing vault is AccessDeniedException, as on AWS."""

import pytest
from botocore.exceptions import ClientError


def test_a_missing_vault_is_access_denied(aws):
    backup = aws("backup")
    with pytest.raises(ClientError) as raised:
        backup.describe_backup_vault(BackupVaultName="missing")
    assert raised.value.response["Error"]["Code"] == "AccessDeniedException"
    assert raised.value.response["ResponseMetadata"]["HTTPStatusCode"] == 403


def test_an_existing_vault_is_described(aws):
    backup, kms = aws("backup"), aws("kms")
    key = kms.create_key()["KeyMetadata"]["Arn"]
    backup.create_backup_vault(BackupVaultName="primary", EncryptionKeyArn=key)

    described = backup.describe_backup_vault(BackupVaultName="primary")
    assert (described["BackupVaultName"], described["EncryptionKeyArn"]) == ("primary", key)
