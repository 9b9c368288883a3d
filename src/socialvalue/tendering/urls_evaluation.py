"""Evaluation pages under /tenders/ (see ``evaluation_views``)."""

from django.urls import path

from socialvalue.tendering import evaluation_views as views

urlpatterns = [
    path("evaluations/", views.MyEvaluationsView.as_view(), name="evaluation_list"),
    path("assessment-summaries/", views.MySummariesView.as_view(), name="my_summaries"),
    # The feedback letters' addresses, replaced by the assessment summaries: kept, redirecting.
    path(
        "feedback/", views.OldAddressView.as_view(to="tendering:my_summaries"), name="my_feedback"
    ),
    path("<int:pk>/evaluation/", views.EvaluationView.as_view(), name="evaluation"),
    path("<int:pk>/evaluation/panel/add/", views.PanelAddView.as_view(), name="panel_add"),
    path(
        "<int:pk>/evaluation/panel/<int:assignment>/remove/",
        views.PanelRemoveView.as_view(),
        name="panel_remove",
    ),
    path("<int:pk>/declaration/", views.DeclarationView.as_view(), name="declaration"),
    path("<int:pk>/scoring/", views.ScoringView.as_view(), name="scoring"),
    path("<int:pk>/scoring/submit/", views.ScoresSubmitView.as_view(), name="scores_submit"),
    path("<int:pk>/scoring/bids/<int:bid>/", views.BidScoresView.as_view(), name="bid_scores"),
    path("<int:pk>/moderation/", views.ModerationView.as_view(), name="moderation"),
    path(
        "<int:pk>/moderation/complete/",
        views.ModerationCompleteView.as_view(),
        name="moderation_complete",
    ),
    path(
        "<int:pk>/moderation/criteria/<int:criterion>/",
        views.ModerationCriterionView.as_view(),
        name="moderation_criterion",
    ),
    path(
        "<int:pk>/moderation/criteria/<int:criterion>/accept-agreed/",
        views.AgreedScoresAcceptView.as_view(),
        name="agreed_scores_accept",
    ),
    # The old page of one bid and criterion, kept so that links to it still work.
    path(
        "<int:pk>/moderation/bids/<int:bid>/criteria/<int:criterion>/",
        views.ConsensusRedirectView.as_view(),
        name="consensus",
    ),
    path(
        "<int:pk>/proposals/<int:proposal>/value/",
        views.ProposalValueView.as_view(),
        name="proposal_value",
    ),
    path("<int:pk>/prices/open/", views.PricesOpenView.as_view(), name="prices_open"),
    path("<int:pk>/results/", views.ResultsView.as_view(), name="results"),
    path(
        "<int:pk>/results/flags/<int:bid>/<slug:kind>/",
        views.FlagAnswerView.as_view(),
        name="flag_answer",
    ),
    path("<int:pk>/recommendation/", views.RecommendView.as_view(), name="recommend"),
    path("<int:pk>/report/", views.ReportView.as_view(), name="report"),
    path(
        "<int:pk>/report.<str:fmt>",
        views.ReportDownloadView.as_view(),
        name="report_download",
    ),
    path("<int:pk>/assessment-summary/<int:bid>/", views.SummaryView.as_view(), name="summary"),
    path(
        "<int:pk>/assessment-summary/<int:bid>.pdf",
        views.SummaryPdfView.as_view(),
        name="summary_pdf",
    ),
    path(
        "<int:pk>/feedback/<int:bid>/",
        views.OldAddressView.as_view(to="tendering:summary"),
        name="feedback",
    ),
    path(
        "<int:pk>/feedback/<int:bid>.pdf",
        views.OldAddressView.as_view(to="tendering:summary_pdf"),
        name="feedback_pdf",
    ),
]
