from django.apps import AppConfig


class OccupationsConfig(AppConfig):
    name = "occupations"
    verbose_name = "Occupations and labor-market data"

    def ready(self):
        from occupations.steps import register

        register()
