# Bootstrap coverage: popmix fit --bootstrap beside fastmixture2 --bootstrap
# on genotypes simulated with known Q (pure, F1, backcross, admixed).
# Included by the main Makefile after bench/genotypes.mk (its venv).
#
#   make bench-bootstrap   4 sets of 160 x 10,000 SNPs, 100 replicates each
#                          (about 15 minutes on 2 cores); results in
#                          bench/bootstrap-results.md and .json, the table
#                          copied by hand into docs/bootstrap.md
#
# BOOTARGS passes more options to bench/bootstrap.py, e.g.
#   make bench-bootstrap BOOTARGS='--sets 1 --replicates 20'.

BOOTARGS ?=

.PHONY: bench-bootstrap

bench-bootstrap: build bench-genotypes-env
	$(GENOENV)/bin/python bench/bootstrap.py --popmix $(POPMIX) --fastmixture2 $(GENOENV)/bin/fastmixture2 $(BOOTARGS)
