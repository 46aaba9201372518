# Two commands do everything: `make run` (set up, start the bot) and `make test` (set up, run the tests).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: run test bench clean browser messages

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test,bench]'
	@rm -f $(VENV)/.installed-*
	@touch $@

run: $(STAMP)
	@$(BIN)/shoppulse run

test: $(STAMP) browser
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -n auto

# The web chat's browser test drives Debian's Chromium; as root (CI) install it when missing.
browser:
	@command -v chromium >/dev/null && command -v chromedriver >/dev/null || \
	  { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null && \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null; } || \
	  echo "make: chromium and chromium-driver are missing (apt-get install chromium chromium-driver); the browser test will fail"

# After adding or changing a text the bot sends: extract, then give every new message its Chinese
# in bot/locale/zh_Hans/LC_MESSAGES/messages.po (tests/bot/test_catalogues.py fails until then).
messages: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg --no-location --sort-output --add-comments=Translators: \
	  --project=ShopPulse -o bot/locale/messages.pot .
	$(BIN)/pybabel update --no-fuzzy-matching --ignore-obsolete -i bot/locale/messages.pot -d bot/locale -l zh_Hans

bench: $(STAMP)
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) .pytest_cache
