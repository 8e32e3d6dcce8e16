from django.apps import AppConfig


class ActionPlanConfig(AppConfig):
    name = "pathways.actionplan"
    label = "actionplan"
    verbose_name = "Action plan (step 8)"

    def ready(self):
        from pathways.actionplan.steps import register

        register()
        from pathways.actionplan import signals  # noqa: F401  (connects the release watch)
