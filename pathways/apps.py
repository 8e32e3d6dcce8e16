from django.apps import AppConfig


class PathwaysConfig(AppConfig):
    """The project package as an app: it holds `load_demo`, which composes every app's demo."""

    name = "pathways"
    verbose_name = "Sector Pathways"
