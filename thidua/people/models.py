from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from thidua.core.models import AuditedModel, AuditedQuerySet
from thidua.lib.text import fold, person_sort_string, split_name


class PersonQuerySet(AuditedQuerySet["Person"]):
    def search(self, query: str) -> PersonQuerySet:
        return self.filter(search_text__contains=fold(query))

    def vn_ordered(self) -> PersonQuerySet:
        """Vietnamese name order: given name, then family and middle names."""
        return self.order_by("sort_name", "pk")

    def in_units(self, unit_ids: object, on: dt.date | None = None) -> PersonQuerySet:
        """People holding a position in one of `unit_ids` on `on` (today by default)."""
        day = on or dt.date.today()
        return self.filter(
            Q(positions__end_date__isnull=True) | Q(positions__end_date__gte=day),
            positions__unit_id__in=unit_ids,
            positions__start_date__lte=day,
        ).distinct()


class Person(AuditedModel):
    class Gender(models.TextChoices):
        MALE = "male", _("Nam")
        FEMALE = "female", _("Nữ")

    class TargetGroup(models.TextChoices):
        CADRE = "can_bo", _("Cán bộ")
        CIVIL_SERVANT = "cong_chuc", _("Công chức")
        PUBLIC_EMPLOYEE = "vien_chuc", _("Viên chức")
        EMPLOYEE = "nguoi_lao_dong", _("Người lao động")
        WORKER = "cong_nhan", _("Công nhân")
        FARMER = "nong_dan", _("Nông dân")
        BUSINESS = "doanh_nhan", _("Doanh nhân")
        OTHER = "other", _("Khác")

    full_name = models.CharField(_("họ và tên"), max_length=120)
    gender = models.CharField(_("giới tính"), max_length=8, choices=Gender)
    birth_year = models.PositiveSmallIntegerField(_("năm sinh"), null=True, blank=True)
    ethnicity = models.CharField(_("dân tộc"), max_length=40, default="Kinh")
    target_group = models.CharField(
        _("đối tượng"),
        max_length=16,
        choices=TargetGroup,
        default=TargetGroup.CIVIL_SERVANT,
    )
    sort_name = models.CharField(max_length=255, editable=False, db_index=True)
    search_text = models.CharField(max_length=255, editable=False, db_index=True)

    objects = PersonQuerySet.as_manager()  # type: ignore[misc]

    class Meta:
        verbose_name = _("cá nhân")
        verbose_name_plural = _("cá nhân")
        constraints = [
            models.CheckConstraint(
                condition=Q(birth_year__isnull=True)
                | Q(birth_year__gte=1900, birth_year__lte=2100),
                name="people_person_birth_year_range",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args: object, **kwargs: object) -> None:
        self.full_name = " ".join(self.full_name.split())
        self.sort_name = person_sort_string(self.full_name)
        self.search_text = fold(self.full_name)
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    @property
    def given_name(self) -> str:
        return split_name(self.full_name)[0]

    @property
    def is_ethnic_minority(self) -> bool:
        return fold(self.ethnicity) != "kinh"

    def position_on(self, day: dt.date) -> Position | None:
        return (
            self.positions.filter(start_date__lte=day)
            .filter(Q(end_date__isnull=True) | Q(end_date__gte=day))
            .select_related("unit")
            .order_by("-start_date")
            .first()
        )


class Position(AuditedModel):
    """A person's post in a unit over a period; their record follows them across units."""

    person = models.ForeignKey(Person, models.CASCADE, related_name="positions")
    unit = models.ForeignKey("units.OrgUnit", models.PROTECT, related_name="positions")
    title = models.CharField(_("chức vụ"), max_length=120, blank=True)
    is_leader = models.BooleanField(_("lãnh đạo"), default=False)
    start_date = models.DateField(_("từ ngày"))
    end_date = models.DateField(_("đến ngày"), null=True, blank=True)

    class Meta:
        verbose_name = _("chức vụ, nơi công tác")
        verbose_name_plural = _("chức vụ, nơi công tác")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="people_position_date_range",
            ),
        ]
        indexes = [
            # people of a unit on a day (unit pages, eligibility batches); the
            # person in the index answers "who worked in these units" (registry
            # lists by unit) from the index alone
            models.Index(
                fields=["unit", "start_date"],
                include=["person"],
                name="people_position_unit_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.title} {self.unit}"

    def is_held_on(self, day: dt.date) -> bool:
        return self.start_date <= day and (
            self.end_date is None or day <= self.end_date
        )
