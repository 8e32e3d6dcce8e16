from django.apps import AppConfig


class PartnershipsConfig(AppConfig):
    name = "partnerships"
    verbose_name = "Partnerships (steps 1-2)"

    def ready(self):
        from partnerships.steps import register

        register()
