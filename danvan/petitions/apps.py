from django.apps import AppConfig


class PetitionsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "danvan.petitions"
    label = "petitions"
    verbose_name = "Đơn thư"
