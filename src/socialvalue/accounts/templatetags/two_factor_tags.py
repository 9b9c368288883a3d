from django import template

from socialvalue.accounts.two_factor import has_two_factor

register = template.Library()


@register.filter
def two_factor_on(user) -> bool:
    """Whether the user has two-factor sign-in set up (for lists of users)."""
    return has_two_factor(user)
