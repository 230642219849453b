# Two commands on a fresh machine with Python 3.11 and make: `make demo`, `make test`.
PYTHON ?= python3.11
UV_VERSION := 0.13.9
PORT ?= 8000
export PORT
VENV := .venv
UV := .uv/bin/uv
PY := $(VENV)/bin/python
export UV_PROJECT_ENVIRONMENT := $(VENV)
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: demo test test-only lint format migrations-check bench worker clean

$(UV):
	$(PYTHON) -m venv .uv
	.uv/bin/pip install --quiet "uv==$(UV_VERSION)"

$(VENV)/.synced: $(UV) pyproject.toml uv.lock
	$(UV) sync --locked --python $(PYTHON) --quiet
	touch $@

demo: $(VENV)/.synced
	mkdir -p var
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	@echo ""
	@echo "Thi đua chạy tại http://127.0.0.1:$(PORT)/  (trang quản trị: /admin/)"
	@echo "Tài khoản demo (mật khẩu chung: thidua2026):"
	@$(PY) manage.py demo_logins
	@echo "Việc chạy nền (chứng nhận, chỉ mục): var/worker.log"
	@echo ""
	$(PY) manage.py db_worker --interval 1 >var/worker.log 2>&1 & \
	  trap 'kill $$!' EXIT INT TERM; \
	  $(PY) manage.py runserver 127.0.0.1:$(PORT)

test: $(VENV)/.synced lint migrations-check test-only

test-only: $(VENV)/.synced
	$(VENV)/bin/pytest $(PYTEST_ARGS)

lint: $(VENV)/.synced
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

format: $(VENV)/.synced
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

migrations-check: $(VENV)/.synced
	DATABASE_URL=sqlite://:memory: DJANGO_SETTINGS_MODULE=thidua.settings.test $(PY) manage.py makemigrations --check --dry-run

worker: $(VENV)/.synced
	$(PY) manage.py db_worker

bench: $(VENV)/.synced
	$(PY) bench/run.py

clean:
	rm -rf .venv .uv var test-output
