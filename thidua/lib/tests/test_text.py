import random

from thidua.lib.text import (
    fold,
    person_sort_key,
    person_sort_string,
    split_name,
    vn_key,
)


def test_fold_strips_diacritics_case_and_spaces():
    assert fold("Tân Uyên") == "tan uyen"
    assert fold("  ĐIỆN   Biên  ") == "dien bien"
    assert fold("Nậm Nhùn") == "nam nhun"
    assert fold("Lò Văn Hùng") == fold("LO VAN HUNG")
    # decomposed input (as typed on some keyboards) folds the same as composed
    assert fold("Tra\u0300 Vinh") == fold("Trà Vinh") == "tra vinh"
    assert fold("") == "" and fold(None) == ""  # type: ignore[arg-type]


def test_vietnamese_alphabet_order_of_letters():
    letters = "a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y".split()
    shuffled = letters[:]
    random.Random(1).shuffle(shuffled)
    assert sorted(shuffled, key=vn_key) == letters


def test_tones_break_ties_after_letters():
    words = ["Anh", "Ánh", "Ảnh", "An", "Ân", "Ăn", "Bình", "Chi", "Dung", "Đức"]
    assert sorted(words, key=vn_key) == [
        "An", "Anh", "Ảnh", "Ánh", "Ăn", "Ân", "Bình", "Chi", "Dung", "Đức",
    ]  # fmt: skip


def test_people_sort_by_given_name_then_the_rest():
    names = ["Nguyễn Văn Đức", "Trần Thị Anh", "Lò Văn Dũng", "Bùi Thị Anh", "Lê Ánh"]
    expected = [
        "Bùi Thị Anh",
        "Trần Thị Anh",
        "Lê Ánh",
        "Lò Văn Dũng",
        "Nguyễn Văn Đức",
    ]
    assert sorted(names, key=person_sort_key) == expected
    # the stored column sorts the same way in SQL (plain string order)
    assert sorted(names, key=person_sort_string) == expected


def test_split_name():
    assert split_name("Nguyễn Văn An") == ("An", "Nguyễn Văn")
    assert split_name("An") == ("An", "")
    assert split_name("") == ("", "")


def test_person_vn_ordered_on_the_database(db):
    from thidua.people.models import Person

    for name in [
        "Đỗ Thị Ân",
        "Vàng A Anh",
        "Lò Văn Ăn",
        "Giàng Seo Đức",
        "Hà Thị Dung",
    ]:
        Person.objects.create(full_name=name, gender="male")
    ordered = list(Person.objects.vn_ordered().values_list("full_name", flat=True))
    assert ordered == [
        "Vàng A Anh",
        "Lò Văn Ăn",
        "Đỗ Thị Ân",
        "Hà Thị Dung",
        "Giàng Seo Đức",
    ]
    assert list(
        Person.objects.search("do thi an").values_list("full_name", flat=True)
    ) == ["Đỗ Thị Ân"]
