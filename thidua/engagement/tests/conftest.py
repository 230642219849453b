from thidua.portal.tests.conftest import fake_feeds, site  # noqa: F401 - shared fixtures
