"""The base of pages that call a service: a refusal's problems go on their form field when
the form has it (through ``problem_fields`` when the names differ), else in the error
summary; never an error page. A button's refusal becomes error messages."""

from __future__ import annotations

import pytest
from django import forms
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.http import HttpResponse
from django.test import RequestFactory
from django.views.generic import View

from socialvalue.core.errors import DomainError, NotAllowed, Problem
from socialvalue.core.forms import GovukForm
from socialvalue.core.views import ServiceActionMixin, ServiceFormView, add_problems


class _NameForm(GovukForm):
    name = forms.CharField()
    conflict_details = forms.CharField(required=False)


def _refused(*problems: Problem) -> DomainError:
    return DomainError("Refused", problems=problems)


def test_a_problem_goes_on_its_field_and_an_unknown_field_to_the_summary():
    form = _NameForm(data={"name": "Ada"})
    assert form.is_valid()
    add_problems(
        form,
        _refused(
            Problem("x.name_taken", "That name is taken", "name"),
            Problem("x.odd", "Something about a field this form does not have", "not_here"),
            Problem("x.whole", "Something about the whole action"),
            Problem("x.details", "Say what the conflict is", "details"),
        ),
        {"details": "conflict_details"},
    )
    assert form.errors["name"] == ["That name is taken"]
    assert form.errors["conflict_details"] == ["Say what the conflict is"]
    assert form.non_field_errors() == [
        "Something about a field this form does not have",
        "Something about the whole action",
    ]


def test_one_problem_keeps_its_code_and_field():
    error = DomainError("Enter a name", code="x.name_missing", field="name")
    assert (error.code, error.field, error.message) == ("x.name_missing", "name", "Enter a name")
    assert error.problems == [Problem("x.name_missing", "Enter a name", "name")]
    assert NotAllowed("No").code == "not_allowed"
    assert DomainError("Two", problems=[Problem("a", "A", "f"), Problem("b", "B")]).field is None


class _Page(ServiceFormView):
    form_class = _NameForm
    permission_required = ()  # anyone: the page is built for the test alone
    success_url = "/done/"
    success_message = "Saved {result}"
    problem: Problem | None = None

    def has_permission(self) -> bool:
        return True

    def call_service(self, form):
        if self.problem is not None:
            raise _refused(self.problem)
        return form.cleaned_data["name"]


def _post(view, data: dict):
    request = RequestFactory().post("/page/", data)
    request.user = AnonymousUser()
    request.session = {}
    request._messages = FallbackStorage(request)
    return view(request), request


@pytest.mark.parametrize("field", ["name", "nowhere", None])
def test_a_refused_form_page_shows_the_form_again_whatever_the_field(field, db):
    view = _Page.as_view(problem=Problem("x.refused", "Not today", field))
    response, _request = _post(view, {"name": "Ada"})
    assert response.status_code == 200
    page = response.rendered_content
    assert "There is a problem" in page and "Not today" in page
    if field == "name":
        assert 'href="#id_name"' in page


def test_an_accepted_form_page_says_so_and_moves_on(db):
    response, request = _post(_Page.as_view(), {"name": "Ada"})
    assert (response.status_code, response["Location"]) == (302, "/done/")
    assert [str(m) for m in get_messages(request)] == ["Saved Ada"]


class _Button(ServiceActionMixin, View):
    def post(self, request):
        def service(*, actor, fail: bool) -> str:
            if fail:
                raise _refused(Problem("x.a", "First reason", "f"), Problem("x.b", "Second"))
            return "done"

        ok = self.run_service(service, success="It worked", fail=request.POST["fail"] == "1")
        return HttpResponse(status=204 if ok else 409)


@pytest.mark.parametrize(
    ("fail", "status", "shown"),
    [("1", 409, ["First reason", "Second"]), ("0", 204, ["It worked"])],
)
def test_a_button_shows_its_outcome_as_messages(fail, status, shown):
    response, request = _post(_Button.as_view(), {"fail": fail})
    assert response.status_code == status
    assert [str(m) for m in get_messages(request)] == shown
