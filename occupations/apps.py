from django.apps import AppConfig


class OccupationsConfig(AppConfig):
    name = "occupations"
    verbose_name = "Occupations and labor-market data"
