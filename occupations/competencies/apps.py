from django.apps import AppConfig


class CompetenciesConfig(AppConfig):
    name = "occupations.competencies"
    label = "competencies"
    verbose_name = "Step 5: critical competencies"
