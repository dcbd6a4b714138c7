from .models import RoleAssignment


def roles_for_dashboard(user) -> list[RoleAssignment]:
    """The user's roles with what each is held for (a query for the roles, one per kind of scope)."""
    return list(
        RoleAssignment.objects.filter(user=user)
        .select_related("content_type")
        .prefetch_related("scope")
        .order_by("role")
    )
