import pytest
from django.contrib.auth.models import Permission

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True)]

@pytest.fixture
def world(transactional_db):
    print("W", Permission.objects.count())

def test_b(world, live_server):
    print("B", Permission.objects.count())
