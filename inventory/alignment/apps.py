from django.apps import AppConfig


class AlignmentConfig(AppConfig):
    name = "inventory.alignment"
    label = "alignment"
    verbose_name = "Aligned programs (step 6)"

    def ready(self):
        from inventory.alignment.steps import register

        register()
