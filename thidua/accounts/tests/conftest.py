from thidua.core.tests.world import demo_world, shared_world  # noqa: F401
