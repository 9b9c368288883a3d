from django.urls import path

from socialvalue.suppliers import views

app_name = "suppliers"
urlpatterns = [
    path("", views.SupplierListView.as_view(), name="supplier_list"),
    path("import/", views.SupplierImportView.as_view(), name="supplier_import"),
    path(
        "import/<int:pk>/",
        views.SupplierImportDetailView.as_view(),
        name="supplier_import_detail",
    ),
]
