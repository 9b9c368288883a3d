import django_filters

from socialvalue.policy.models import Measure, Priority, Theme
from socialvalue.policy.selectors import priorities_current


class MeasureFilter(django_filters.FilterSet):
    theme = django_filters.ModelChoiceFilter(
        field_name="outcome__theme",
        queryset=Theme.objects.all(),
        label="Theme",
        empty_label="All themes",
    )
    priority = django_filters.ModelChoiceFilter(
        field_name="priorities",
        queryset=Priority.objects.none(),
        label="Police and Crime Plan priority",
        empty_label="All priorities",
    )
    active = django_filters.BooleanFilter(field_name="active", label="Active")
    q = django_filters.CharFilter(method="search", label="Search code or title")

    class Meta:
        model = Measure
        fields = ["theme", "priority", "active", "q"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["priority"].queryset = priorities_current()

    def search(self, queryset, name, value):
        from django.db.models import Q

        return queryset.filter(Q(code__icontains=value) | Q(title__icontains=value))
