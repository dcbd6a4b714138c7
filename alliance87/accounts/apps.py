from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "alliance87.accounts"
    label = "accounts"
    verbose_name = "Accounts and roles"
