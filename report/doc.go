// Package report writes orbitnet's outputs: CSV, JSON summaries, Parquet and plots. Every file is written atomically (a temporary file in the same directory, renamed into place on success).
package report
