"""Administrators edit the vocabulary in the admin: a phrase for a registered figure (or a
rate's part) is kept and used by the checker; an unknown key is refused with its message."""

from django.test import Client
from django.urls import reverse

from banshi.workreports import services
from banshi.workreports.models import SubjectPhrase, Verdict

ADD = "admin:workreports_subjectphrase_add"


def _admin(django_user_model):
    user = django_user_model.objects.create_superuser("root", password="Banshi-test-1")
    client = Client()
    client.force_login(user)
    return client, user


def test_a_phrase_added_in_the_admin_is_used_by_the_checker(world, django_user_model):
    client, user = _admin(django_user_model)
    answer = client.post(reverse(ADD), {"phrase": "楼院", "unit": "个", "figure_key": "grids"})
    assert answer.status_code == 302
    phrase = SubjectPhrase.objects.get(phrase="楼院")
    assert (phrase.figure_key, phrase.added_by) == ("grids", user)
    report = services.report_check(region=world.street, text="大学东路街道：街道共有楼院3个。")
    assert report.figures.get().verdict == Verdict.MATCH


def test_an_unknown_figure_key_is_refused(world, django_user_model):
    client, _user = _admin(django_user_model)
    for key in ("no_such_figure", "grids:numerator", "response_rate:nothing"):
        answer = client.post(reverse(ADD), {"phrase": "楼院", "unit": "", "figure_key": key})
        assert answer.status_code == 200  # the form again, with its error
        assert "没有这个指标" in answer.content.decode()
    assert not SubjectPhrase.objects.exists()
    answer = client.post(
        reverse(ADD), {"phrase": "派件", "unit": "件", "figure_key": "response_rate:denominator"}
    )
    assert answer.status_code == 302
