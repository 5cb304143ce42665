# The R peers of `make bench-lsq`, one fit per run:
#   Rscript bench/lsq_peers.R METHOD MATRIX.bin ROWS COLUMNS RANK SEED THREADS OUT.json W.tsv
# METHOD: lee (NMF package, least squares), brunet (NMF package,
# Kullback-Leibler, i.e. Poisson), rcppml (RcppML, least squares).
# MATRIX.bin holds ROWS x COLUMNS doubles, row-major, little-endian.
# Writes the fit's seconds (the fit alone, not the reading), its relative
# error ||V - WH||_F / ||V||_F, the Poisson log-likelihood (with -log V!)
# and its iterations to OUT.json, and W (rows x RANK) to W.tsv.
suppressMessages({ library(NMF); library(RcppML) })
args <- commandArgs(trailingOnly = TRUE)
method <- args[1]; path <- args[2]
n <- as.integer(args[3]); m <- as.integer(args[4]); r <- as.integer(args[5])
seed <- as.integer(args[6]); threads <- as.integer(args[7])
out <- args[8]; wout <- args[9]
con <- file(path, "rb")
V <- matrix(readBin(con, "double", n * m, size = 8, endian = "little"), nrow = n, byrow = TRUE)
close(con)
iterations <- NA
start <- proc.time()[["elapsed"]]
if (method == "rcppml") {
  setRcppMLthreads(threads)
  model <- RcppML::nmf(V, r, seed = seed, verbose = FALSE)
  W <- model$w %*% diag(model$d, nrow = r)
  H <- model$h
  iterations <- model$iter
} else {
  set.seed(seed)
  fit <- NMF::nmf(V, r, method = method, seed = "random", .options = "-p")
  W <- basis(fit); H <- coef(fit)
  iterations <- niter(fit)
}
seconds <- proc.time()[["elapsed"]] - start
L <- W %*% H
relative <- sqrt(sum((V - L)^2) / sum(V^2))
loglik <- sum(ifelse(V > 0, V * log(pmax(L, 1e-300)), 0) - L - lgamma(V + 1))
cat(sprintf('{"seconds": %.6f, "relative_error": %.10g, "loglik": %.6f, "iterations": %s}\n',
            seconds, relative, loglik, ifelse(is.na(iterations), "null", iterations)), file = out)
write.table(W, wout, sep = "\t", row.names = FALSE, col.names = FALSE)
# Small tables (seed 002's): W H itself, to set beside popmix's entry by entry.
if (n * m <= 100) write.table(L, sub("W.tsv$", "WH.tsv", wout), sep = "\t", row.names = FALSE, col.names = FALSE)
