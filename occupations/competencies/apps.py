from django.apps import AppConfig


class CompetenciesConfig(AppConfig):
    name = "occupations.competencies"
    label = "competencies"
    verbose_name = "Step 5: critical competencies"

    def ready(self):
        from occupations.competencies.steps import register

        register()
