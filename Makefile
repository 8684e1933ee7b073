# Two commands on a fresh Debian/Ubuntu machine: `make run` and `make test`.
# Both set up what they need (system libraries, a CJK font, .venv, packages),
# idempotently: apt is called only when something is missing, pip only when
# pyproject.toml changed since the last install.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

# Offscreen Qt on a bare system; a real window also needs the xcb set;
# a TrueType Song face for the PDFs and Chinese glyphs on screen;
# poppler-utils for the PDF tests; xvfb and xauth for xvfb-run.
APT_PACKAGES := libegl1 libgl1 libx11-6 libdbus-1-3 libfontconfig1 libfreetype6 \
	libglib2.0-0 libxkbcommon0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 \
	libxcb-image0 libxcb-render-util0 libxcb-shape0 libxkbcommon-x11-0 \
	fonts-arphic-uming fonts-wqy-zenhei poppler-utils xvfb xauth python3-venv

.PHONY: run test setup system-deps venv ui clean

setup: system-deps venv

system-deps:
	@missing=$$(for p in $(APT_PACKAGES); do \
		dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'install ok installed' || echo $$p; \
	done); \
	if [ -n "$$missing" ]; then \
		echo "Installing system packages: $$missing"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing; \
	fi

venv: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	@touch $(STAMP)

run: setup
	@if [ -z "$$DISPLAY" ] && [ -z "$$WAYLAND_DISPLAY" ] && [ "$$(uname)" = Linux ]; then \
		echo "没有图形显示 (DISPLAY 未设置)。请在桌面环境中运行，或用虚拟显示："; \
		echo "  xvfb-run -a $(VENV)/bin/xxh-desktop"; \
		exit 1; \
	fi
	$(VENV)/bin/xxh-desktop

test: setup
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q -p no:cacheprovider -n auto

# Recompile ui/*.ui into xxh_desktop/gui/forms/ (generated files are committed).
ui: venv
	$(PY) scripts/compile_ui.py

clean:
	rm -rf $(VENV) build dist *.egg-info
