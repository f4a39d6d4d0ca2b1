"""AWS Backup DeleteBackupVault: the vault's tags go with it.

moto 5.2.1 forgets the vault but keeps its tags, filed under the vault's ARN, and a vault made again under the
same name has the same ARN: it starts with the old vault's tags as well as those it was created with. After a
teardown, amazon.aws.backup_vault creates the vault, finds tags it never gave on its next run and removes them
(a change on the second run). On AWS a new vault has only the tags it was created with.
"""

import functools

from moto.backup.models import BackupBackend


def register() -> None:
    original_delete = BackupBackend.delete_backup_vault

    @functools.wraps(original_delete)
    def delete_backup_vault(self, backup_vault_name):
        vault = self.vaults.get(backup_vault_name)
        original_delete(self, backup_vault_name)
        if vault is not None:
            self.tagger.delete_all_tags_for_resource(vault.backup_vault_arn)

    BackupBackend.delete_backup_vault = delete_backup_vault
