from django.urls import path

from socialvalue.suppliers import views

app_name = "suppliers"
urlpatterns = [
    path("", views.SupplierListView.as_view(), name="supplier_list"),
    path("new/", views.SupplierCreateView.as_view(), name="supplier_create"),
    path("<int:pk>/edit/", views.SupplierEditView.as_view(), name="supplier_edit"),
    path("aliases/new/", views.PayeeAliasView.as_view(), name="alias_add"),
    path(
        "aliases/<int:pk>/remove/",
        views.SupplierAliasRemoveView.as_view(),
        name="alias_remove",
    ),
    path("suggestions/", views.AcceptSuggestionsView.as_view(), name="suggestions_accept"),
    path("import/", views.SupplierImportView.as_view(), name="supplier_import"),
    path(
        "import/<int:pk>/",
        views.SupplierImportDetailView.as_view(),
        name="supplier_import_detail",
    ),
]
