from django.apps import AppConfig


class PathwaysConfig(AppConfig):
    """The project package as an app: it holds `load_demo`, which composes every app's demo."""

    name = "pathways"
    verbose_name = "Sector Pathways"

    def ready(self) -> None:
        from pathways import throttle  # noqa: F401 - connects the sign-in signal receivers
