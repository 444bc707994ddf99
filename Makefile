# make demo: set up .venv and run thaidoc on the bundled samples (output in out/)
# make test: set up .venv with the test extras and run the whole suite
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test setup templates bench clean

$(STAMP): pyproject.toml
	@test -n "$(PYTHON)" || { echo "Python 3.11+ is needed (python3.11 or python3 on PATH)"; exit 2; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@# Thaidoc Sarabun: the free Sarabun at TH Sarabun's widths, for PDFs where TH Sarabun is missing
	$(BIN)/python -m thaidoc.render.fonts
	@touch $@

setup: $(STAMP)

demo: $(STAMP)
	$(BIN)/python scripts/demo.py

test: $(STAMP)
	$(BIN)/python -m pytest -n auto

templates: $(STAMP)
	$(BIN)/python scripts/build_templates.py
	$(BIN)/python scripts/build_form_templates.py
	$(BIN)/python scripts/build_attachment_templates.py

bench: $(STAMP)
	@for script in bench/*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

clean:
	rm -rf $(VENV) out build dist .pytest_cache .hypothesis
