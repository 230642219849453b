from django.apps import AppConfig


class EngagementConfig(AppConfig):
    name = "thidua.engagement"
    label = "engagement"
    verbose_name = "Tương tác bạn đọc"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from thidua.portal.cache import bump_path, bump_site

        from .models import Comment, Poll, PollChoice

        # receivers are local functions: connected with weak=False so they live on

        def poll_changed(**kwargs: object) -> None:
            bump_site()

        def comment_changed(instance: Comment, **kwargs: object) -> None:
            # a moderated comment appears on (or leaves) its article's cached copies
            if instance.status != Comment.Status.PENDING:
                bump_path(instance.page.url or "/")

        for model in (Poll, PollChoice):
            post_save.connect(
                poll_changed,
                sender=model,
                weak=False,
                dispatch_uid=f"eng_{model.__name__}",
            )
            post_delete.connect(
                poll_changed,
                sender=model,
                weak=False,
                dispatch_uid=f"eng_d_{model.__name__}",
            )
        post_save.connect(
            comment_changed, sender=Comment, weak=False, dispatch_uid="eng_comment"
        )
