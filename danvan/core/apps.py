from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "danvan.core"
    label = "core"
    verbose_name = "Danh mục và hệ thống"

    def ready(self) -> None:
        from django.urls import reverse

        # Registers the audit labels of the task verbs.
        from danvan.core.services import tasks  # noqa: F401
        from danvan.core.services.obligations import obligation_target_url_register

        # A task's row on the overdue board links to the task's page.
        obligation_target_url_register("core.task", lambda pk: reverse("core:task", args=[pk]))
