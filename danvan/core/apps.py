from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "danvan.core"
    label = "core"
    verbose_name = "Danh mục và hệ thống"

    def ready(self) -> None:
        # Registers the audit labels of the task verbs.
        from danvan.core.services import tasks  # noqa: F401
