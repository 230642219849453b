"""The forms of the dossier path's back-office screens."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone

from thidua.accounts.models import User
from thidua.commendations import law
from thidua.commendations.models import AwardType
from thidua.forwarding.models import Forwarding
from thidua.forwarding.selectors import nominees_awaiting_vote, sources_awaiting_vote
from thidua.lib import uploads, widgets
from thidua.organisation.selectors import signers_for
from thidua.people.models import Person
from thidua.units.access import editable_unit_ids
from thidua.units.models import OrgUnit

from .. import selectors
from ..access import nominee_people, nominee_units
from ..models import Decision, Dossier, DossierDocument, Nominee
from ._common import Role


class DossierForm(forms.Form):
    unit = forms.ModelChoiceField(
        label="Đơn vị đề nghị",
        queryset=OrgUnit.objects.none(),
        error_messages={
            "required": "Hãy chọn đơn vị đề nghị.",
            "invalid_choice": "Đơn vị này không thuộc quyền của bạn hoặc đã chấm dứt "
            "hoạt động: hãy chọn đơn vị đang hoạt động.",
        },
    )
    type = forms.ChoiceField(
        label="Loại hình khen thưởng", choices=Dossier.Type.choices
    )
    year = forms.IntegerField(label="Năm thành tích", min_value=1945, max_value=2100)
    title = forms.CharField(label="Trích yếu", max_length=255)
    movement = forms.CharField(
        label="Phong trào, chuyên đề (nếu có)", max_length=255, required=False
    )
    simplified = forms.BooleanField(
        label="Thủ tục đơn giản (chỉ khen thưởng đột xuất: tờ trình và báo cáo tóm tắt)",
        required=False,
    )
    decider = forms.ModelChoiceField(
        label="Cấp xét, quyết định",
        queryset=OrgUnit.objects.none(),
        required=False,
        empty_label="Trình cấp trên (Hội đồng, lãnh đạo tổ chức)",
        help_text="Chọn xã, phường khi Chủ tịch UBND xã quyết định (Giấy khen, Lao động "
        "tiên tiến, Chiến sĩ thi đua cơ sở, Tập thể lao động tiên tiến, thôn văn hóa).",
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        ids = editable_unit_ids(user)
        units = OrgUnit.objects.valid_on(timezone.localdate())
        if ids is not None:
            units = units.filter(id__in=ids)
        cast(forms.ModelChoiceField, self.fields["unit"]).queryset = units.order_by(
            "kind", "name"
        )
        cast(forms.ModelChoiceField, self.fields["decider"]).queryset = units.filter(
            kind__in=OrgUnit.COMMUNE_LEVEL
        ).order_by("name")


class NomineeForm(forms.Form):
    kind = forms.ChoiceField(
        label="Đối tượng",
        choices=[
            ("individual", "Cá nhân"),
            ("collective", "Tập thể"),
            ("household", "Hộ gia đình"),
        ],
        widget=widgets.Select,
    )
    person = forms.ModelChoiceField(
        label="Cá nhân",
        queryset=Person.objects.none(),
        required=False,
        widget=widgets.Select,
    )
    unit = forms.ModelChoiceField(
        label="Tập thể",
        queryset=OrgUnit.objects.none(),
        required=False,
        widget=widgets.Select,
    )
    household = forms.CharField(label="Hộ gia đình", max_length=200, required=False)
    award_type = forms.ModelChoiceField(
        label="Danh hiệu, hình thức",
        queryset=AwardType.objects.filter(active=True),
        widget=widgets.Select,
    )
    position = forms.CharField(
        label="Chức vụ, đơn vị công tác", max_length=255, required=False
    )
    achievement = forms.CharField(
        label="Tóm tắt thành tích",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    justification = forms.CharField(
        label="Giải trình (bắt buộc khi chưa đủ điều kiện)",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )

    def __init__(self, *args: Any, dossier: Dossier, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        people = cast(forms.ModelChoiceField, self.fields["person"])
        people.queryset = nominee_people(dossier).vn_ordered()
        units = cast(forms.ModelChoiceField, self.fields["unit"])
        units.queryset = nominee_units(dossier).order_by("name")


class UploadForm(forms.Form):
    file = forms.FileField(label="Tệp")

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        uploads.check_size(upload.size)
        return upload


class DocumentForm(UploadForm):
    kind = forms.ChoiceField(
        label="Loại tài liệu", choices=DossierDocument.Kind.choices
    )
    note = forms.CharField(label="Ghi chú", max_length=255, required=False)


def _plain(value: Decimal) -> str:
    """80.0000 → "80", 66.6700 → "66.67" (an input's value, not a display)."""
    return f"{value:f}".rstrip("0").rstrip(".") if "." in f"{value:f}" else f"{value:f}"


class SourceChoice(forms.ModelMultipleChoiceField):
    """Communes' tờ trình, each named with the nominees the province council votes on."""

    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj: Any) -> str:
        source = cast(Forwarding, obj)
        nominees = nominees_awaiting_vote().filter(forwardings=source)
        return (
            f"Tờ trình {source.reference or '(chưa có số)'} của "
            f"{source.dossier.decider}: "
            + "; ".join(
                f"{n.name} — {n.award_type.name}"
                for n in nominees.select_related("award_type").order_by("pk")
            )
        )


class SessionForm(forms.Form):
    """A session of `council`'s council (None: the organisation's, which also votes
    on communes' nominees only the State decides before the province sends them on)."""

    title = forms.CharField(label="Tên phiên họp", max_length=255)
    held_on = forms.DateField(
        label="Ngày họp", widget=forms.DateInput(attrs={"type": "date"})
    )
    dossiers = forms.ModelMultipleChoiceField(
        label="Hồ sơ đưa ra xét",
        queryset=Dossier.objects.filter(status=Dossier.Status.AWAITING_COUNCIL),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    relays = SourceChoice(
        label="Tờ trình của cấp xã đề nghị khen thưởng cấp Nhà nước",
        help_text="Hội đồng tỉnh bỏ phiếu trước; tỉnh chỉ trình tiếp lên Trung ương "
        "những trường hợp đạt.",
        queryset=Forwarding.objects.none(),
        required=False,
    )
    members = forms.ModelMultipleChoiceField(
        label="Thành viên Hội đồng",
        queryset=User.objects.filter(roles__role=Role.COUNCIL_MEMBER).distinct(),
        widget=forms.CheckboxSelectMultiple,
    )
    quorum_percent = forms.DecimalField(
        label="Tỷ lệ có mặt tối thiểu (%)", min_value=0, max_value=100
    )
    default_threshold = forms.DecimalField(
        label="Tỷ lệ đồng ý mặc định (%)", min_value=0, max_value=100
    )

    def __init__(self, *args: Any, council: OrgUnit | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        dossiers = cast(forms.ModelMultipleChoiceField, self.fields["dossiers"])
        dossiers.queryset = Dossier.objects.filter(
            status=Dossier.Status.AWAITING_COUNCIL, decider=council
        )
        sources = sources_awaiting_vote()
        if council is None and sources.exists():
            cast(SourceChoice, self.fields["relays"]).queryset = sources
        else:
            del self.fields["relays"]
        if not dossiers.queryset.exists():
            dossiers.help_text = "Không có hồ sơ nào chờ Hội đồng xét."
        members = cast(forms.ModelMultipleChoiceField, self.fields["members"])
        if council is not None:
            members.queryset = User.objects.filter(
                roles__role=Role.COUNCIL_MEMBER, roles__unit=council
            ).distinct()
        else:  # not the communes' own council members
            members.queryset = User.objects.filter(
                Q(roles__unit__isnull=True) | Q(roles__unit__parent__isnull=True),
                roles__role=Role.COUNCIL_MEMBER,
            ).distinct()
        # quorum and thresholds: the rule set in force today, for this council's forms
        try:
            rules = law.council_rules(timezone.localdate())
        except ValidationError:  # no rule set yet: the office types every value
            return
        self.fields["quorum_percent"].initial = _plain(rules.quorum)
        self.fields["default_threshold"].initial = _plain(rules.default_threshold)
        self.fields["default_threshold"].help_text = f"Căn cứ: {rules.basis}"
        for award in selectors.council_forms(council, rules.thresholds):
            self.fields[f"threshold_{award.code}"] = forms.DecimalField(
                label=f"Tỷ lệ đồng ý: {award.name} (%)",
                initial=_plain(
                    rules.thresholds.get(award.code, rules.default_threshold)
                ),
                min_value=0,
                max_value=100,
            )

    def relayed(self) -> list[Nominee]:
        """The nominees of the chosen communes' tờ trình the council votes on."""
        sources = self.cleaned_data.get("relays")
        if not sources:
            return []
        return list(
            nominees_awaiting_vote().filter(forwardings__in=sources).order_by("pk")
        )

    def thresholds(self) -> dict[str, float]:
        """{award code: % of all members} as shown and edited on the form."""
        return {
            name.removeprefix("threshold_"): float(value)
            for name, value in self.cleaned_data.items()
            if name.startswith("threshold_")
        }


class DecisionForm(forms.Form):
    dossiers = forms.ModelMultipleChoiceField(
        label="Hồ sơ đã được Hội đồng thông qua",
        queryset=Dossier.objects.filter(status=Dossier.Status.APPROVED),
        widget=forms.CheckboxSelectMultiple,
    )
    issuer = forms.ModelChoiceField(
        label="Cơ quan ban hành",
        queryset=OrgUnit.objects.filter(
            # the office drafts its organisation's and its agencies' decisions
            kind__in=[
                OrgUnit.Kind.PROVINCE,
                OrgUnit.Kind.MINISTRY,
                OrgUnit.Kind.AGENCY,
            ],
            valid_to__isnull=True,
        ).order_by("kind", "name"),
    )
    summary = forms.CharField(label="Trích yếu", max_length=255)
    reason = forms.CharField(
        label="Thành tích được khen", max_length=500, required=False
    )
    signature_capacity = forms.CharField(
        label="Thẩm quyền ký",
        max_length=200,
        # pre-filled from the signer in force (decision_create); none is guessed
        help_text="Ví dụ: KT. CHỦ TỊCH / PHÓ CHỦ TỊCH. Khai báo người ký trong mục "
        "Người ký để điền sẵn.",
    )

    def __init__(self, *args: Any, council: OrgUnit | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        dossiers = cast(forms.ModelMultipleChoiceField, self.fields["dossiers"])
        dossiers.queryset = Dossier.objects.filter(
            status=Dossier.Status.APPROVED, decider=council
        )
        if council is not None:  # a commune's own decisions: the commune issues
            issuer = cast(forms.ModelChoiceField, self.fields["issuer"])
            issuer.queryset = OrgUnit.objects.filter(pk=council.pk)


class IssueForm(forms.Form):
    number = forms.IntegerField(label="Số quyết định", min_value=1)
    date = forms.DateField(
        label="Ngày ký", widget=forms.DateInput(attrs={"type": "date"})
    )
    signer_name = forms.CharField(label="Họ tên người ký", max_length=120)

    def __init__(self, *args: Any, decision: Decision, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # the issuer's signers in the settings (Danh mục → Người ký): chosen, not typed
        signers = signers_for(decision.issuer)
        if signers:
            self.fields["signer_name"] = forms.ChoiceField(
                label="Người ký",
                choices=[(s.full_name, f"{s.full_name} — {s.title}") for s in signers],
            )
