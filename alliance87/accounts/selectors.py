from .models import RoleAssignment


def roles_for_dashboard(user) -> list[RoleAssignment]:
    """The user's roles with what each is held for (a query for the roles, one per kind of scope)."""
    return list(
        RoleAssignment.objects.filter(user=user)
        .select_related("content_type")
        .prefetch_related("scope")
        .order_by("role")
    )


def users_with_role(role: str, scope=None):
    """Active users holding ``role`` (for ``scope`` where given): whom to tell about a change."""
    from django.contrib.contenttypes.models import ContentType  # noqa: PLC0415 -- keep module import light

    from .models import User  # noqa: PLC0415

    qs = User.objects.filter(is_active=True, roles__role=role)
    if scope is not None:
        qs = qs.filter(roles__content_type=ContentType.objects.get_for_model(scope), roles__object_id=scope.pk)
    return qs.distinct()
