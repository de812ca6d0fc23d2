from __future__ import annotations

from django.apps import AppConfig


class PetitionsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "danvan.petitions"
    label = "petitions"
    verbose_name = "Đơn thư"

    def danvan_install(self) -> list[str]:
        """Called by `danvan install`: create the demo vault key file when none is configured."""
        from danvan.petitions.vault import vault_key_file_ensure

        created = vault_key_file_ensure()
        if created is None:
            return []
        return [f"Đã tạo tệp khóa kho bảo mật danh tính người tố cáo: {created} (hãy sao lưu)."]
