"""Tender set-up, bids and sealing (engineer A1). Mounted under /tenders/."""

from django.urls import path

from socialvalue.tendering import views

urlpatterns = [
    path("", views.TenderListView.as_view(), name="tender_list"),
    path("new/", views.TenderCreateView.as_view(), name="tender_create"),
    path("<int:pk>/", views.TenderDetailView.as_view(), name="tender_detail"),
    path("<int:pk>/edit/", views.TenderEditView.as_view(), name="tender_edit"),
    path("<int:pk>/criteria/new/", views.CriterionCreateView.as_view(), name="criterion_create"),
    path(
        "<int:pk>/criteria/<int:criterion>/",
        views.CriterionEditView.as_view(),
        name="criterion_edit",
    ),
    path(
        "<int:pk>/criteria/<int:criterion>/remove/",
        views.CriterionRemoveView.as_view(),
        name="criterion_remove",
    ),
    path(
        "<int:pk>/measures/new/",
        views.TargetMeasureCreateView.as_view(),
        name="target_measure_create",
    ),
    path(
        "<int:pk>/measures/<int:item>/remove/",
        views.TargetMeasureRemoveView.as_view(),
        name="target_measure_remove",
    ),
    path("<int:pk>/publish/", views.TenderPublishView.as_view(), name="tender_publish"),
    path("<int:pk>/bids/", views.TenderBidsView.as_view(), name="tender_bids"),
    path("<int:pk>/bids.csv", views.TenderBidsCsvView.as_view(), name="tender_bids_csv"),
    path("<int:pk>/paper-bid/", views.PaperBidCreateView.as_view(), name="paper_bid_create"),
    path("opportunities/", views.OpportunityListView.as_view(), name="opportunity_list"),
    path(
        "opportunities/<int:pk>/",
        views.OpportunityDetailView.as_view(),
        name="opportunity_detail",
    ),
    path("opportunities/<int:pk>/bid/", views.BidStartView.as_view(), name="bid_start"),
    path("bids/", views.YourBidsView.as_view(), name="your_bids"),
    path("bids/<int:pk>/", views.BidDetailView.as_view(), name="bid_detail"),
    path("bids/<int:pk>/edit/", views.BidEditView.as_view(), name="bid_edit"),
    path("bids/<int:pk>/submit/", views.BidSubmitView.as_view(), name="bid_submit"),
    path("bids/<int:pk>/withdraw/", views.BidWithdrawView.as_view(), name="bid_withdraw"),
    path(
        "bids/<int:pk>/files/new/",
        views.BidAttachmentCreateView.as_view(),
        name="attachment_create",
    ),
    path(
        "bids/<int:pk>/files/<int:item>/remove/",
        views.AttachmentRemoveView.as_view(),
        name="attachment_remove",
    ),
    path("bids/files/<int:pk>/", views.BidAttachmentDownloadView.as_view(), name="attachment"),
    path(
        "bids/<int:pk>/commitments/new/",
        views.CommitmentCreateView.as_view(),
        name="commitment_create",
    ),
    path(
        "bids/<int:pk>/commitments/<int:item>/remove/",
        views.CommitmentRemoveView.as_view(),
        name="commitment_remove",
    ),
    path(
        "bids/<int:pk>/proposals/new/",
        views.OwnProposalCreateView.as_view(),
        name="own_proposal_create",
    ),
    path(
        "bids/<int:pk>/proposals/<int:item>/remove/",
        views.OwnProposalRemoveView.as_view(),
        name="own_proposal_remove",
    ),
]
