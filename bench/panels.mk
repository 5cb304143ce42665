# Supervised mode and projection against fastmixture2 (issue 20's proof).
# Included by the main Makefile, which defines `build` and POPMIX; uses the
# genotype venv of bench/genotypes.mk.
#
#   make bench-panels   msprime 800 x 10,000 (K = 4), half the individuals
#                       labelled: supervised and projection Q RMSE and CPU
#                       time, popmix and fastmixture2 back to back; results in
#                       bench/panels-results.md (docs/panels.md quotes them)

PANELTHREADS ?= 1

.PHONY: bench-panels

bench-panels: build bench-genotypes-env
	$(GENOENV)/bin/python bench/panels.py --popmix $(POPMIX) --threads $(PANELTHREADS) \
	  --fastmixture2 $(GENOENV)/bin/fastmixture2 --data-dir bench/data/panels --out bench/panels-results.md
