from django.apps import AppConfig


class InventoryConfig(AppConfig):
    name = "inventory"
    verbose_name = "Program inventory (step 4)"

    def ready(self):
        from inventory.steps import register

        register()
