"""Account changes, each audited."""

from __future__ import annotations

from django.contrib.auth.password_validation import validate_password
from django.db import transaction

from refwatch.accounts.models import User
from refwatch.audit.chain import record_event


@transaction.atomic
def create_user(username: str, *, role: str, password: str, acting_user: User | None) -> User:
    """Create an account with an Argon2-hashed password that passes the validators."""
    if User.objects.filter(username=username).exists():
        from django.core.exceptions import ValidationError

        raise ValidationError(f"user {username!r} already exists")
    user = User(username=username, role=role, is_staff=role == User.Role.ADMIN,
                is_superuser=role == User.Role.ADMIN)
    validate_password(password, user)
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    record_event(acting_user, "user.created", user, {"role": role})
    return user


@transaction.atomic
def set_role(user: User, role: str, *, acting_user: User | None) -> None:
    old = user.role
    user.role = role
    user.is_staff = user.is_superuser = role == User.Role.ADMIN
    user.full_clean(exclude=["password"])
    user.save(update_fields=["role", "is_staff", "is_superuser"])
    record_event(acting_user, "user.role_changed", user, {"from": old, "to": role})


@transaction.atomic
def disable_user(user: User, *, acting_user: User | None) -> None:
    user.is_active = False
    user.save(update_fields=["is_active"])
    record_event(acting_user, "user.disabled", user)
