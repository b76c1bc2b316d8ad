# Shortcuts for those who have make; ./run.sh is the entry point (a fresh Debian has no make).
.PHONY: demo test check setup
demo:  ; ./run.sh demo
test:  ; ./run.sh test
check: ; ./run.sh check
setup: ; ./run.sh setup
