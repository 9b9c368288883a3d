"""A tender's documents, bidders' questions and deadline extensions (``clarification_views``).
Mounted under /tenders/."""

from django.urls import path

from socialvalue.tendering import clarification_views as views

urlpatterns = [
    path("<int:pk>/documents/new/", views.DocumentAddView.as_view(), name="document_add"),
    path(
        "<int:pk>/documents/<int:document>/versions/new/",
        views.DocumentVersionAddView.as_view(),
        name="document_version_add",
    ),
    path("documents/<int:pk>/", views.DocumentDownloadView.as_view(), name="document_file"),
    path("<int:pk>/questions/", views.QuestionListView.as_view(), name="tender_questions"),
    path(
        "<int:pk>/questions/<int:question>/answer/",
        views.QuestionAnswerView.as_view(),
        name="question_answer",
    ),
    path(
        "opportunities/<int:pk>/questions/new/",
        views.QuestionAskView.as_view(),
        name="question_ask",
    ),
    path("<int:pk>/deadline/", views.DeadlineExtendView.as_view(), name="deadline_extend"),
]
