from __future__ import annotations

from django.test import Client

from thidua.core.models import AuditEntry
from thidua.engagement.models import Comment
from thidua.engagement.services import comment_moderate


def post(client: Client, page, **data):
    return client.post(
        f"/tuong-tac/binh-luan/{page.pk}/", data, HTTP_ACCEPT="application/json"
    )


def test_comments_wait_for_moderation_and_render_escaped(
    site, client: Client, django_user_model
):
    page = site["review"]
    body = '<script>alert("x")</script> <b>đậm</b>'
    assert post(client, page, name="Lò Thị Mai", body=body).status_code == 201
    comment = Comment.objects.get()
    assert comment.body == body and comment.status == Comment.Status.PENDING
    assert "alert" not in client.get(page.url).content.decode()
    editor = django_user_model.objects.create_user("ed")
    comment_moderate(comment=comment, status=Comment.Status.APPROVED, by=editor)
    html = client.get(page.url).content.decode()
    assert (
        "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &lt;b&gt;đậm&lt;/b&gt;"
        in html
    )
    assert "<script>alert" not in html
    assert AuditEntry.objects.filter(model="comment", actor=editor).exists()


def test_bad_comments_are_refused(site, client: Client):
    page = site["review"]
    assert post(client, page, name="", body="x").status_code == 422
    assert post(client, page, name="A", body="x" * 2001).status_code == 422
    assert post(client, page, name="A", body="x" * 20000).status_code == 413
    assert not Comment.objects.exists()


def test_comments_only_where_enabled(site, client: Client):
    assert post(client, site["unrelated"], name="A", body="B").status_code == 403
    assert (
        client.post(
            "/tuong-tac/binh-luan/99999/", {"name": "A", "body": "B"}
        ).status_code
        == 404
    )
