"""Stage 3, the summarize run: page files in, `summaries.jsonl` and `digest.md` out.

`inputs` lists the page files lazily with their identities (path relative to the input); `work` is
one file's work (read, segment, key, rows), in this process or a worker process; `run` streams files
through an `Engine` and appends each finished article as one line; `store` is the output folder (a
store keyed by page identity: exclusive lock, atomic compaction, resume after a kill); `digest`
renders the Markdown digest from the whole store; `batch_run` is the run through the endpoint's
Batch API (`--batch`: request lines out, batch results in, judged like synchronous replies).
"""
