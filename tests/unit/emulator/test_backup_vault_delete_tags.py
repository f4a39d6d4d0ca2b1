"""Extension backup_vault_delete_tags: a deleted vault's tags do not come back with a new vault of its name."""


def test_a_vault_made_again_has_only_its_own_tags(aws):
    backup = aws("backup")
    arn = backup.create_backup_vault(BackupVaultName="primary", BackupVaultTags={"Project": "seed", "Owner": "data"})[
        "BackupVaultArn"
    ]
    backup.delete_backup_vault(BackupVaultName="primary")

    again = backup.create_backup_vault(BackupVaultName="primary", BackupVaultTags={"Project": "seed"})
    assert again["BackupVaultArn"] == arn
    assert backup.list_tags(ResourceArn=arn)["Tags"] == {"Project": "seed"}


def test_deleting_a_missing_vault_is_still_answered_as_moto_does(aws):
    backup = aws("backup")
    backup.delete_backup_vault(BackupVaultName="missing")
