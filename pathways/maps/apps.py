from django.apps import AppConfig


class MapsConfig(AppConfig):
    name = "pathways.maps"
    label = "maps"
    verbose_name = "Pathway maps (step 7)"

    def ready(self):
        from pathways.maps.steps import register

        register()
